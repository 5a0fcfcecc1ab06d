// Scoring forms: the total (base + bonus - deductions) follows the points as they are typed.
document.querySelectorAll("form[data-score-form]").forEach((form) => {
  const comma = form.dataset.decimalSeparator === ",";
  const output = form.querySelector("[data-live-total]");
  if (!output) return;
  const parse = (text) => {
    const value = parseFloat(String(text).trim().replace(/\s/g, "").replace(",", "."));
    return Number.isFinite(value) ? value : 0;
  };
  const show = (value) => {
    const text = String(Math.round(value * 100) / 100);
    return comma ? text.replace(".", ",") : text;
  };
  const update = () => {
    let total = 0;
    form.querySelectorAll("tr[data-kind]").forEach((row) => {
      const input = row.querySelector("input[data-points]");
      if (!input) return;
      const points = input.value.trim() === "" && input.placeholder ? parse(input.placeholder) : parse(input.value);
      total += row.dataset.kind === "deduction" ? -points : points;
    });
    output.textContent = show(total);
  };
  form.addEventListener("input", update);
});
