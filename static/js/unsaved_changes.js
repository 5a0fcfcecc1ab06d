// Forms marked data-warn-unsaved: once something is typed or chosen in one, leaving the page
// makes the browser ask first (its own "leave site?" prompt; the text cannot be set). Sending
// the form is not leaving it. Fields placed outside the form with form="…" count too: the
// listeners sit on the document and ask each field for its form.
(() => {
  const watched = (target) => {
    const form = target && target.form;
    return form && form.matches("[data-warn-unsaved]") ? form : null;
  };
  const changed = new Set();
  const mark = (event) => {
    const form = watched(event.target);
    if (form) changed.add(form);
  };
  document.addEventListener("input", mark);
  document.addEventListener("change", mark);
  // Bubbling phase: a form's own handler that cancels the submission runs first.
  document.addEventListener("submit", (event) => {
    if (!event.defaultPrevented) changed.delete(event.target);
  });
  window.addEventListener("beforeunload", (event) => {
    if (!changed.size) return;
    event.preventDefault();
    event.returnValue = ""; // Chrome before 119 and Safari still need it set
  });
})();
