// Small progressive enhancements; every page works without JavaScript.
document.querySelectorAll("[data-autosubmit]").forEach((el) => {
  el.addEventListener("change", () => el.form.submit());
});

// Formsets: "add a row" clones the empty form template and bumps TOTAL_FORMS.
document.querySelectorAll("[data-add-form]").forEach((button) => {
  const prefix = button.dataset.addForm;
  const template = document.querySelector(`template[data-empty-form="${prefix}"]`);
  const container = document.querySelector(`[data-formset="${prefix}"]`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  button.addEventListener("click", () => {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    container.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  });
});
