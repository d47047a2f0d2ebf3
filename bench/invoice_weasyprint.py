"""The orion-pdf invoice rendered with WeasyPrint, for comparison (bench/invoice_pdf.sh).

Builds the same page as crates/orion-pdf/src/layout.rs (A4, seller and buyer blocks,
facts, line table with a repeated header, VAT breakdown and totals, mentions, payment terms and
bank details, footer with company-law mentions and "Page n / N") from the same InvoiceView
JSON, with the same fonts, then renders it N times in one process after a warm-up, each time
with its own invoice number, and prints the throughput.

Usage: python invoice_weasyprint.py VIEW.json N [OUT.pdf]
"""

import json
import sys
import time
from html import escape
from pathlib import Path

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

FONTS = Path(__file__).resolve().parent.parent / "crates/orion-pdf/fonts"

LABELS = {
    "en": dict(invoice="Invoice", credit_note="Credit note", number="Number", issue_date="Issue date",
               supply_date="Supply date", due_date="Due date", order_reference="Order reference",
               corrects="Corrects invoice", reason="Reason", bill_to="Bill to", ship_to="Ship to",
               vat_id="VAT no.", position="#", description="Description", sku="SKU", quantity="Qty",
               unit_price="Unit price", vat_rate="VAT", amount="Amount", breakdown="VAT breakdown",
               taxable="Taxable amount", vat="VAT", net_total="Total excl. VAT", vat_total="Total VAT",
               gross_total="Total incl. VAT", payment_terms="Payment terms", bank="Bank details",
               page="Page"),
    "fr": dict(invoice="Facture", credit_note="Note de crédit", number="Numéro",
               issue_date="Date de facture", supply_date="Date de livraison", due_date="Date d'échéance",
               order_reference="Référence de commande", corrects="Rectifie la facture", reason="Motif",
               bill_to="Facturé à", ship_to="Livré à", vat_id="N° TVA", position="N°",
               description="Désignation", sku="Réf.", quantity="Qté", unit_price="Prix unitaire",
               vat_rate="TVA", amount="Montant", breakdown="Détail de la TVA", taxable="Base imposable",
               vat="TVA", net_total="Total HT", vat_total="Total TVA", gross_total="Total TTC",
               payment_terms="Conditions de paiement", bank="Coordonnées bancaires", page="Page"),
    "de": dict(invoice="Rechnung", credit_note="Gutschrift", number="Nummer", issue_date="Rechnungsdatum",
               supply_date="Lieferdatum", due_date="Fälligkeitsdatum", order_reference="Bestellnummer",
               corrects="Korrigiert Rechnung", reason="Grund", bill_to="Rechnungsempfänger",
               ship_to="Lieferadresse", vat_id="USt-IdNr.", position="Pos.", description="Beschreibung",
               sku="Art.-Nr.", quantity="Menge", unit_price="Einzelpreis", vat_rate="USt.", amount="Betrag",
               breakdown="Umsatzsteuer nach Sätzen", taxable="Nettobetrag", vat="USt.",
               net_total="Summe netto", vat_total="Summe USt.", gross_total="Gesamtbetrag",
               payment_terms="Zahlungsbedingungen", bank="Bankverbindung", page="Seite"),
}

CSS = f"""
@font-face {{ font-family: Inv; src: url("file://{FONTS}/LiberationSans-Regular.ttf"); }}
@font-face {{ font-family: Inv; font-weight: bold; src: url("file://{FONTS}/LiberationSans-Bold.ttf"); }}
@page {{ size: A4; margin: 16mm 18mm 27.2mm 18mm;
  @bottom-left {{ content: element(footer); vertical-align: top; }}
  @bottom-right {{ content: var(--page) " " counter(page) " / " counter(pages);
                   font: 7pt Inv; color: #5a5a5a; vertical-align: bottom; padding-bottom: 8mm;
                   width: 25mm; text-align: right; white-space: nowrap; }} }}
body {{ font: 9pt/1.25 Inv; margin: 0; }}
.footer {{ position: running(footer); font-size: 7pt; color: #5a5a5a; border-top: 0.5pt solid #aaa;
           padding-top: 1mm; width: 174mm; }}
.cols {{ display: flex; gap: 12mm; }} .cols > div {{ flex: 1; }}
.cap {{ font-size: 7.5pt; color: #5a5a5a; font-weight: bold; text-transform: uppercase; }}
.name {{ font-weight: bold; font-size: 10pt; }} .muted {{ color: #5a5a5a; }}
h1 {{ font-size: 18pt; margin: 9mm 0 2mm; }}
.facts td {{ padding: 0.8mm 4mm 0.8mm 0; }} .facts td:first-child {{ color: #5a5a5a; }}
table.lines {{ width: 100%; border-collapse: collapse; margin-top: 6mm; }}
table.lines th {{ text-align: right; border-bottom: 0.8pt solid #3c3c3c; padding: 5pt 4pt; }}
table.lines td {{ text-align: right; border-bottom: 0.5pt solid #aaa; padding: 5pt 4pt; vertical-align: top; }}
table.lines th:nth-child(-n+2), table.lines td:nth-child(-n+2) {{ text-align: left; }}
table.lines th, table.lines td {{ white-space: nowrap; }}
table.lines td:nth-child(2) {{ width: 100%; white-space: normal; }} table.lines tr {{ page-break-inside: avoid; }}
.sku {{ font-size: 7.5pt; color: #5a5a5a; }}
.totals {{ display: flex; justify-content: space-between; margin-top: 4mm; page-break-inside: avoid; }}
.totals table td {{ padding: 3.5pt 4pt; text-align: right; }} .totals table td:first-child {{ text-align: left; }}
.gross td {{ font-weight: bold; font-size: 11pt; border-top: 0.8pt solid #3c3c3c; }}
.mentions {{ margin-top: 5mm; border-left: 2pt solid #3c3c3c; padding: 2mm 0 2mm 3mm; font-weight: bold; }}
.pay {{ margin-top: 5mm; page-break-inside: avoid; }}
"""


def lines(items):
    return "<br>".join(escape(i) for i in items)


def party(p, l, heading=None):
    out = []
    if heading:
        out.append(f'<div class="cap">{escape(heading)}</div>')
    out.append(f'<div class="name">{escape(p["name"])}</div>')
    rows = []
    if p.get("company") and p["company"] != p["name"]:
        rows.append(p["company"])
    rows += p.get("address_lines", [])
    if p.get("vat_id"):
        rows.append(f'{l["vat_id"]} {p["vat_id"]}')
    out.append(lines(rows))
    extra = p.get("extra_lines", [])
    if extra:
        out.append(f'<div class="muted">{lines(extra)}</div>')
    return "".join(out)


def html(d):
    l = LABELS.get(d["lang"], LABELS["en"])
    title = l["credit_note"] if d["document_type"] == "credit_note" else l["invoice"]
    facts = [(l["number"], d["number"]), (l["issue_date"], d["issue_date"])]
    for key, label in [("supply_date", "supply_date"), ("due_date", "due_date"),
                       ("order_reference", "order_reference"), ("corrects_number", "corrects"),
                       ("reason", "reason")]:
        if d.get(key):
            facts.append((l[label], d[key]))
    buyer = party(d["buyer"], l, l["bill_to"])
    if d.get("ship_to"):
        buyer += f'<div class="cap" style="margin-top:3mm">{escape(l["ship_to"])}</div>{lines(d["ship_to"])}'
    head = "".join(f"<th>{escape(l[k])}</th>" for k in
                   ["position", "description", "quantity", "unit_price", "vat_rate", "amount"])
    rows = []
    for ln in d["lines"]:
        sku = f'<div class="sku">{escape(l["sku"])} {escape(ln["sku"])}</div>' if ln.get("sku") else ""
        rows.append(f'<tr><td>{ln["position"]}</td><td>{escape(ln["description"])}{sku}</td>'
                    f'<td>{escape(ln["quantity"])}</td><td>{escape(ln["unit_price"])}</td>'
                    f'<td>{escape(ln["vat_rate"])}</td><td>{escape(ln["amount"])}</td></tr>')
    breakdown = "".join(f'<tr><td>{escape(b["label"])}</td><td>{escape(b["taxable"])}</td>'
                        f'<td>{escape(b["vat"])}</td></tr>' for b in d.get("breakdown", []))
    mentions = f'<div class="mentions">{lines(d["mentions"])}</div>' if d.get("mentions") else ""
    terms = (f'<div class="cap">{escape(l["payment_terms"])}</div>{escape(d["payment_terms"])}'
             if d.get("payment_terms") else "")
    bank = f'<div class="cap">{escape(l["bank"])}</div>{lines(d["bank_lines"])}' if d.get("bank_lines") else ""
    logo = ""  # the sample has no logo
    return f"""<!doctype html><html lang="{escape(d['lang'])}"><head><meta charset="utf-8">
<title>{escape(title)} {escape(d['number'])}</title><style>{CSS} :root {{ --page: "{l['page']}"; }}</style></head><body>
<div class="footer">{lines(d.get("footer_lines", []))}</div>
<div class="cols"><div>{logo}{party(d["seller"], l)}</div><div>{buyer}</div></div>
<h1>{escape(title)} {escape(d["number"])}</h1>
<table class="facts">{"".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in facts)}</table>
<table class="lines"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
<div class="totals"><div><div class="cap">{escape(l["breakdown"])}</div><table>
<tr class="muted"><td></td><td>{escape(l["taxable"])}</td><td>{escape(l["vat"])}</td></tr>{breakdown}</table></div>
<table><tr><td>{escape(l["net_total"])}</td><td>{escape(d["net_total"])}</td></tr>
<tr><td>{escape(l["vat_total"])}</td><td>{escape(d["vat_total"])}</td></tr>
<tr class="gross"><td>{escape(l["gross_total"])}</td><td>{escape(d["gross_total"])}</td></tr></table></div>
{mentions}<div class="cols pay"><div>{terms}</div><div>{bank}</div></div>
</body></html>"""


def render(d, fonts):
    return HTML(string=html(d)).write_pdf(font_config=fonts)


def main():
    view = json.loads(Path(sys.argv[1]).read_text())
    n = int(sys.argv[2])
    fonts = FontConfiguration()

    def numbered(i):
        return dict(view, number=f"INV-2026-{i:05d}")

    for i in range(max(3, min(20, n // 10))):
        pdf = render(numbered(90_000 + i), fonts)
    if len(sys.argv) > 3:
        Path(sys.argv[3]).write_bytes(render(view, fonts))
    views = [numbered(i) for i in range(n)]
    start, cpu_start = time.perf_counter(), time.process_time()
    for v in views:
        pdf = render(v, fonts)
    secs = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(f"weasyprint: {n} invoices in {secs:.3f} s: {n / secs:.1f} invoices/s, "
          f"{secs * 1000 / n:.2f} ms/invoice, cpu {cpu * 1000 / n:.2f} ms/invoice ({len(pdf)} bytes each)")


if __name__ == "__main__":
    main()
