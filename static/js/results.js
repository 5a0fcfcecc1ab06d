// Results page: completion shown live while actual values are typed; a reminder to save
// before submitting. The page works without it (the server computes completion on save).
(() => {
  const table = document.querySelector("[data-results-table]");
  if (table) {
    const separator = table.dataset.decimalSeparator || ",";
    // Mirrors Django's parsing: the first decimal separator becomes a point, nothing else moves.
    const parse = (text) => {
      const value = text.trim().replace(/\s/g, "");
      if (!value) return null;
      const index = value.indexOf(separator);
      const plain = index < 0 ? value : `${value.slice(0, index)}.${value.slice(index + 1)}`;
      const number = Number(plain);
      return Number.isFinite(number) ? number : null;
    };
    table.querySelectorAll("tr[data-planned]").forEach((row) => {
      const input = row.querySelector("input[data-actual]");
      const cell = row.querySelector("[data-completion]");
      const planned = Number(row.dataset.planned);
      if (!input || !cell) return;
      input.addEventListener("input", () => {
        const actual = parse(input.value);
        if (actual === null || !row.dataset.planned || !planned) {
          cell.textContent = "—";
          return;
        }
        const percent = ((actual / planned) * 100).toFixed(1).replace(".", separator);
        cell.textContent = `${percent} %`;
      });
    });
  }

  const form = document.querySelector("[data-results-form]");
  const submit = document.querySelector("[data-submit-report]");
  const hint = document.querySelector("[data-unsaved-hint]");
  if (form && submit) {
    form.addEventListener("input", () => {
      submit.disabled = true;
      if (hint) hint.classList.remove("d-none");
    }, { once: true });
  }
})();
