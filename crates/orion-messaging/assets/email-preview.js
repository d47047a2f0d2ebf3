// Live preview of a store's e-mail template (progressive enhancement: without this file the
// "Preview" button renders it on the server). A form with data-preview posts its subject and
// body there 300 ms after the last keystroke and shows the rendered subject and text, or the
// template's errors.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-preview]")) {
    const box = document.querySelector("[data-preview-box]");
    if (!box) continue;
    const subject = box.querySelector("[data-preview-subject]");
    const text = box.querySelector("[data-preview-text]");
    const error = box.querySelector("[data-preview-error]");
    const status = box.querySelector("[data-preview-status]");
    let timer;
    let asked = 0;
    const preview = () => {
      const n = ++asked;
      const body = new URLSearchParams(new FormData(form));
      body.set("action", "preview");
      fetch(form.dataset.preview, { method: "POST", body, credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : null))
        .then((j) => {
          if (!j || n !== asked) return;
          const errors = j.errors ?? [];
          error.textContent = errors.map((e) => e.message).join(" ");
          error.hidden = errors.length === 0;
          if (errors.length === 0) {
            subject.textContent = j.subject;
            text.textContent = j.text;
          }
          if (status) status.textContent = errors.length ? status.dataset.invalid : status.dataset.updated;
        })
        .catch(() => {});
    };
    form.addEventListener("input", (e) => {
      if (!e.target.matches("[name=subject], [name=body]")) return;
      clearTimeout(timer);
      timer = setTimeout(preview, 300);
    });
  }
});
