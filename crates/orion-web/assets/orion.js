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
  // A scan field (a barcode scanner types the code and Enter) adds one to the quantity of
  // the line whose codes (GTIN, SKU) match, and says so; without JS the codes are posted.
  for (const scan of document.querySelectorAll("input[data-scan]")) {
    const status = document.getElementById(scan.dataset.scanStatus);
    scan.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") return;
      e.preventDefault();
      const code = scan.value.trim();
      if (!code) return;
      const row = [...scan.form.querySelectorAll("[data-scan-codes]")]
        .find((r) => r.dataset.scanCodes.split(" ").includes(code));
      const qty = row?.querySelector("input[data-scan-qty]");
      if (qty) {
        const max = Number(qty.max || Infinity);
        const next = (parseInt(qty.value, 10) || 0) + 1;
        qty.value = String(Math.min(next, max));
        if (status) status.textContent = `${row.dataset.scanLabel}: ${qty.value}`;
      } else if (status) {
        status.textContent = `${scan.dataset.scanUnknown} ${code}`;
      }
      scan.value = "";
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
  // Hints about what only the script does.
  for (const el of document.querySelectorAll("[data-js-only]")) el.hidden = false;
  // Order lines: "Add a line" copies the last line empty, "Remove" drops its line, and a
  // product input shows the chosen product's title and price (from its datalist option).
  for (const list of document.querySelectorAll("[data-lines]")) {
    const form = list.closest("form");
    const add = form.querySelector("[data-add-line]");
    const lines = () => [...list.querySelectorAll("[data-line]")];
    const changed = () => form.dispatchEvent(new Event("lines-changed"));
    for (const extra of list.querySelectorAll("[data-extra]")) extra.remove();
    let next = lines().length;
    const info = (li) => {
      const input = li.querySelector("input[list]");
      const opt = [...input.list.options].find((o) => o.value === input.value.trim());
      li.querySelector("[data-line-info]").textContent = opt ? `${opt.dataset.title} · ${opt.dataset.price}` : "";
    };
    const arm = (li) => {
      const remove = li.querySelector("[data-remove-line]");
      remove.hidden = false;
      remove.addEventListener("click", () => {
        if (lines().length > 1) li.remove();
        else for (const input of li.querySelectorAll("input")) input.value = input.defaultValue = "";
        add.focus();
        changed();
      });
      li.querySelector("input[list]").addEventListener("input", () => info(li));
      info(li);
    };
    lines().forEach(arm);
    add.hidden = false;
    add.addEventListener("click", () => {
      const li = lines().at(-1).cloneNode(true);
      const n = next++;
      for (const el of li.querySelectorAll("[id], [name], [for]")) {
        for (const attr of ["id", "name", "for"]) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(/_\d+$/, `_${n}`));
        }
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
      }
      for (const err of li.querySelectorAll(".field-error")) err.remove();
      li.querySelector("input[list]").value = "";
      li.querySelector("input[inputmode=numeric]").value = "1";
      list.append(li);
      arm(li);
      li.querySelector("input[list]").focus();
      changed();
    });
  }
  // A form with data-quote posts itself there (after 300 ms of quiet) when a line, a
  // quantity, the shipping amount or the country changes, and shows the totals answered.
  for (const form of document.querySelectorAll("form[data-quote]")) {
    const box = form.querySelector("[data-quote-totals]");
    if (!box) continue;
    box.hidden = false;
    let timer;
    let asked = 0;
    const quote = () => {
      const n = ++asked;
      fetch(form.dataset.quote, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
        .then((r) => r.json())
        .then((j) => {
          if (n !== asked) return;
          for (const dd of box.querySelectorAll("[data-quote-field]")) dd.textContent = j[dd.dataset.quoteField] ?? "—";
          box.querySelector("[data-quote-error]").textContent = (j.errors ?? []).map((e) => e.message).join(" ");
        })
        .catch(() => {});
    };
    const later = (e) => {
      if (e.type === "lines-changed" || e.target.matches("[name^=sku_], [name^=qty_], [name=shipping_amount], [name=country], [name=locale]")) {
        clearTimeout(timer);
        timer = setTimeout(quote, 300);
      }
    };
    for (const type of ["input", "change", "lines-changed"]) form.addEventListener(type, later);
    quote();
  }
  // An input with data-customer-search suggests the store's customers as one types (in its
  // datalist); choosing one fills the form's fields the answer names.
  for (const input of document.querySelectorAll("input[data-customer-search]")) {
    const found = new Map();
    let timer;
    const fill = (fields) => {
      for (const [name, value] of Object.entries(fields)) {
        const el = input.form.elements[name];
        if (!el || value == null || value === "") continue;
        if (el.tagName === "SELECT" && ![...el.options].some((o) => o.value === value)) el.add(new Option(value, value));
        el.value = value;
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    };
    input.addEventListener("input", () => {
      const chosen = found.get(input.value.trim().toLowerCase());
      if (chosen) return fill(chosen.fields);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const q = input.value.trim();
        if (q.length < 2) return;
        fetch(`${input.dataset.customerSearch}?q=${encodeURIComponent(q)}`, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : []))
          .then((list) => {
            input.list.replaceChildren(...list.map((c) => {
              found.set(c.email.toLowerCase(), c);
              return new Option(c.label || c.email, c.email);
            }));
          })
          .catch(() => {});
      }, 250);
    });
  }
  // After a failed form post, screen readers and keyboards land on the error summary.
  const summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();
});
