// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  // The store and language switchers submit on change; their buttons stay for keyboard and
  // no-JS users.
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    const select = form.querySelector("select");
    if (select) select.addEventListener("change", () => form.requestSubmit());
  }
  // Destructive buttons ask first.
  for (const el of document.querySelectorAll("[data-confirm]")) {
    el.addEventListener("click", (e) => { if (!confirm(el.dataset.confirm)) e.preventDefault(); });
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
  // After a failed form post, screen readers and keyboards land on the error summary.
  const summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();
});
