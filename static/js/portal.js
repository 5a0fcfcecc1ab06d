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

// Registration editor: the rule checks run on the server as the user fills the form.
const ruleForm = document.querySelector("form[data-rule-check-url]");
if (ruleForm) {
  let timer = null;
  let controller = null;
  const showFindings = () => {
    const panel = document.getElementById("rule-findings");
    if (!panel) return;
    const withErrors = new Set((panel.dataset.peopleWithErrors || "").split(",").filter(Boolean));
    document.querySelectorAll("tr[data-person-id]").forEach((row) => {
      row.classList.toggle("table-danger", withErrors.has(row.dataset.personId));
    });
    const summary = document.querySelector("[data-testid=findings-summary]");
    if (summary) {
      summary.querySelector("[data-summary=errors]").textContent = panel.dataset.errorCount;
      summary.querySelector("[data-summary=warnings]").textContent = panel.dataset.warningCount;
    }
  };
  const check = async () => {
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const response = await fetch(ruleForm.dataset.ruleCheckUrl, {
        method: "POST",
        body: new FormData(ruleForm),
        signal: controller.signal,
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const panel = document.getElementById("rule-findings");
      panel.outerHTML = await response.text();
      showFindings();
    } catch (error) {
      if (error.name !== "AbortError") throw error;
    }
  };
  ruleForm.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  });
}

// Lists with row checkboxes: one box ticks them all.
document.querySelectorAll("[data-check-all]").forEach((box) => {
  const name = box.dataset.checkAll;
  box.addEventListener("change", () => {
    box.closest("form").querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((item) => {
      item.checked = box.checked;
    });
  });
});

// Error pages: "Go back" returns to the previous page; without history (or JavaScript) it leads home.
document.querySelectorAll("[data-history-back]").forEach((link) => {
  link.addEventListener("click", (event) => {
    if (window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
});

// An irreversible step (launching, closing) asks first: <form data-confirm="…">.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
