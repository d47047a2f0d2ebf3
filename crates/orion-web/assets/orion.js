// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // The store and language switchers submit on change; their buttons stay for keyboard and
  // no-JS users.
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    const select = form.querySelector("select");
    if (select) select.addEventListener("change", () => form.requestSubmit());
  }
  // Irreversible actions ask first, saying their consequence: on submit (so pressing Enter
  // in a field of the form asks too), and on links.
  document.addEventListener("submit", (e) => {
    // The button that submitted decides (a form may hold a harmless and an irreversible
    // one); a form submitted without a button asks what its confirming button would.
    const ask = e.submitter
      ? e.submitter.dataset.confirm ?? e.target.dataset.confirm
      : e.target.dataset.confirm ?? e.target.querySelector("[type=submit][data-confirm]")?.dataset.confirm;
    if (ask && !confirm(ask)) e.preventDefault();
  });
  for (const el of document.querySelectorAll("a[data-confirm]")) {
    el.addEventListener("click", (e) => { if (!confirm(el.dataset.confirm)) e.preventDefault(); });
  }
  // "Select all" ticks every checkbox of its name in the same form.
  for (const all of document.querySelectorAll("input[data-select-all]")) {
    all.addEventListener("change", () => {
      for (const box of document.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`)) {
        if (box.form === all.form) box.checked = all.checked;
      }
    });
  }
  // A file input can fill a text area with the file's text (a CSV to paste, read locally).
  for (const input of document.querySelectorAll("input[type=file][data-fill]")) {
    input.addEventListener("change", async () => {
      const target = document.getElementById(input.dataset.fill);
      if (target && input.files[0]) target.value = await input.files[0].text();
    });
  }
  // On narrow screens the menu folds behind a button (CSS shows it below 768 px).
  const toggle = document.querySelector(".nav-toggle");
  const bar = document.querySelector(".topbar");
  if (toggle && bar) {
    toggle.addEventListener("click", () => {
      const open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", String(open));
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && bar.classList.contains("nav-open")) {
        bar.classList.remove("nav-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }
  // A running job (a Letzshop sync) shows its progress until it ends, then the page reloads.
  const job = document.querySelector("[data-poll]");
  if (job && !["done", "failed"].includes(job.dataset.status)) {
    const poll = () => {
      fetch(job.dataset.poll, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : null))
        .then((j) => {
          if (!j) return;
          document.getElementById("job-status").textContent = j.status_label;
          document.getElementById("job-progress").textContent = j.progress;
          const bar = document.getElementById("job-bar");
          if (bar && j.total) { bar.max = j.total; bar.value = j.done; }
          if (j.status === "done" || j.status === "failed") window.location.reload();
          else setTimeout(poll, 1000);
        })
        .catch(() => setTimeout(poll, 3000));
    };
    setTimeout(poll, 1000);
  }
  // After a failed form post, screen readers and keyboards land on the error summary.
  const summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();
});
