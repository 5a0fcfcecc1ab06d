// Polls the status of the report jobs shown on the page until each is done or failed.
(function () {
  "use strict";
  const FINISHED = ["done", "failed"];
  const BADGE = { queued: "text-bg-secondary", running: "text-bg-info", done: "text-bg-success", failed: "text-bg-danger" };

  function show(row, data) {
    row.dataset.status = data.status;
    const badge = row.querySelector("[data-job-status]");
    badge.textContent = data.status === "running" ? data.status_label + " " + data.progress + "%" : data.status_label;
    badge.className = "badge " + (BADGE[data.status] || "text-bg-secondary");
    const bar = row.querySelector("[data-job-progress]");
    bar.hidden = FINISHED.includes(data.status);
    bar.setAttribute("aria-valuenow", data.progress);
    bar.firstElementChild.style.width = data.progress + "%";
    row.querySelector("[data-job-error]").textContent = data.error || "";
    const waiting = row.querySelector("[data-job-waiting]");
    if (waiting) { waiting.hidden = data.status !== "queued"; }
    const open = row.querySelector("[data-job-open]");
    if (data.file_url) { open.href = data.file_url; }
    open.hidden = data.status !== "done";
    if (data.status === "failed" && !row.querySelector("[data-testid=retry-report]")) {
      window.location.reload();  // the retry button comes with the page
    }
  }

  function poll(row) {
    fetch(row.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        show(row, data);
        if (!FINISHED.includes(data.status)) { window.setTimeout(() => poll(row), 1500); }
      })
      .catch(() => window.setTimeout(() => poll(row), 5000));
  }

  document.querySelectorAll("[data-report-job]").forEach((row) => {
    if (!FINISHED.includes(row.dataset.status)) { poll(row); }
  });
})();
