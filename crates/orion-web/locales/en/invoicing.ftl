## Invoicing: the invoice list, the invoice page with credit notes, the order page's invoice panel, the invoice settings.

invoicing-title = Invoices
invoicing-search-placeholder = number, buyer, e-mail
invoicing-filter-type = Type
invoicing-filter-regime = VAT regime
invoicing-filter-from = From
invoicing-filter-to = To
invoicing-col-number = Number
invoicing-col-date = Date
invoicing-col-buyer = Buyer
invoicing-col-regime = Regime
invoicing-col-status = Status
invoicing-col-net = Net
invoicing-col-vat = VAT
invoicing-col-total = Total
invoicing-none = No invoices yet. Generate one from a confirmed order's page.
invoicing-list-count =
    { $count ->
        [one] { $n } document
       *[other] { $n } documents
    }

invoicing-status-draft = Draft
invoicing-status-issued = Issued
invoicing-status-paid = Paid
invoicing-status-cancelled = Cancelled
invoicing-type-invoice = invoice
invoicing-type-credit-note = credit note

invoicing-regime-domestic = Domestic supply
invoicing-regime-domestic-other-ms = Domestic supply in another EU country
invoicing-regime-distance-sale-origin = Distance sale taxed in the seller's country
invoicing-regime-distance-sale-oss = Distance sale through the OSS
invoicing-regime-distance-sale-destination-registered = Distance sale taxed at destination
invoicing-regime-intra-community-supply = Intra-Community supply
invoicing-regime-export = Export
invoicing-regime-help-domestic = Goods delivered within the seller's country ({ $country }): its VAT is charged.
invoicing-regime-help-domestic-other-ms = Goods delivered within the country where they are stocked ({ $country }): that country's VAT is charged, under a VAT registration there.
invoicing-regime-help-distance-sale-origin = Sale to a consumer in another EU country while EU distance sales stay below €10,000 a year: the VAT of the seller's country ({ $country }) is charged.
invoicing-regime-help-distance-sale-oss = Sale to a consumer in another EU country: the VAT of the destination ({ $country }) is charged and declared through the One-Stop-Shop (OSS).
invoicing-regime-help-distance-sale-destination-registered = Sale to a consumer in another EU country: the VAT of the destination ({ $country }) is charged and declared under a VAT registration there.
invoicing-regime-help-intra-community-supply = Sale to a business with a valid VAT number in another EU country: exempt in the country of departure ({ $country }); the buyer accounts for the VAT.
invoicing-regime-help-export = The goods leave the EU VAT area: an exempt export from the country of departure ({ $country }).

invoicing-vat-category-s = Standard or reduced rate
invoicing-vat-category-z = Zero rate
invoicing-vat-category-k = Exempt intra-Community supply
invoicing-vat-category-g = Exempt export
invoicing-vat-category-ae = Reverse charge

invoicing-invoice-title = Invoice { $number }
invoicing-credit-note-title = Credit note { $number }
invoicing-download-pdf = Download PDF
invoicing-detail-seller = Seller
invoicing-detail-buyer = Buyer
invoicing-detail-document = Document
invoicing-vat-id = VAT { $id }
invoicing-detail-dates = Issued { $issued } · supply { $supply }
invoicing-detail-due = Due { $date }
invoicing-detail-language = Language { $language }
invoicing-detail-order = Order
invoicing-detail-corrects = Corrects
invoicing-detail-reason = Reason: { $reason }
invoicing-detail-vat = VAT
invoicing-detail-decision = How the regime was decided
invoicing-detail-lines = Lines
invoicing-line-description = Description
invoicing-line-quantity = Qty
invoicing-line-unit-price = Unit price
invoicing-line-vat = VAT
invoicing-line-amount = Amount
invoicing-detail-breakdown = VAT breakdown
invoicing-breakdown-category = Category
invoicing-breakdown-rate = Rate
invoicing-breakdown-taxable = Taxable
invoicing-breakdown-vat = VAT
invoicing-breakdown-totals = Totals
invoicing-breakdown-total = Total
invoicing-detail-credit-notes = Credit notes
invoicing-detail-actions = Actions
invoicing-mark-paid = Mark paid
invoicing-credit-reason = Credit note reason
invoicing-credit-reason-placeholder = Return, price correction…
invoicing-credit-units = Units to credit (leave all empty to credit everything left)
invoicing-credit-line = { $position }. { $description } (of { $quantity })
invoicing-credit-issue = Issue credit note
invoicing-credit-quantity-error = Line { $position }: the quantity { $message }.
invoicing-marked-paid = The invoice is marked paid.
invoicing-credit-note-issued = Credit note { $number } issued.
invoicing-invoice-issued = Invoice { $number } issued.
invoicing-invoice-exists = The order already has invoice { $number }.
invoicing-unknown-action = unknown action

invoicing-panel-title = Invoice
invoicing-panel-invoice = Invoice
invoicing-panel-download = Download invoice
invoicing-panel-not-configured = Invoices need the seller's details first.
invoicing-panel-fill-settings = Fill in the invoice settings
invoicing-panel-generate = Generate invoice
invoicing-panel-after-confirmation = An invoice can be generated once the order is confirmed.

invoicing-settings-title = Invoice settings
invoicing-settings-correct = Please correct:
invoicing-settings-intro = Invoices need the seller's legal name, address and VAT number. Issued invoices keep the settings they were issued with.
invoicing-settings-seller = Seller
invoicing-settings-legal-name = Legal name
invoicing-settings-street = Street
invoicing-settings-postal-code = Postal code
invoicing-settings-city = City
invoicing-settings-country = Country (ISO code)
invoicing-settings-vat-number = VAT number
invoicing-settings-vat-number-hint = e.g. LU15027442
invoicing-settings-rcs-number = RCS number
invoicing-settings-rcs-number-hint = Trade register, e.g. B123456
invoicing-settings-business-permit = Business permit
invoicing-settings-numbering = Numbering and payment
invoicing-settings-invoice-prefix = Invoice prefix
invoicing-settings-credit-note-prefix = Credit note prefix
invoicing-settings-numbering-scheme = Numbering scheme
invoicing-settings-numbering-scheme-hint = Placeholders { "{prefix}" }, { "{year}" }, { "{seq}" } or { "{seq:05}" }; with { "{year}" } the sequence restarts every year.
invoicing-settings-payment-terms = Payment terms
invoicing-settings-due-days = Due in days
invoicing-settings-footer-text = Footer text
invoicing-settings-logo = Logo (PNG, at most 256 KiB)
invoicing-settings-logo-set = A logo is set.
invoicing-settings-logo-remove = Remove it
invoicing-settings-default-language = Default language
invoicing-settings-eu-vat = EU VAT
invoicing-settings-oss-registered = Registered for the One-Stop-Shop (OSS)
invoicing-settings-oss-country = OSS registration country
invoicing-settings-oss-date = OSS registration date
invoicing-settings-destination-taxation = Opted for destination taxation below the EU threshold (binds for two years)
invoicing-settings-ship-from = Ship-from country
invoicing-settings-ship-from-hint = Default: the legal country
invoicing-settings-save = Save invoice settings
invoicing-settings-saved = Invoice settings saved.
invoicing-settings-unreadable = The form could not be read. Reload the page and try again.
invoicing-ask-issue = Issue the invoice now? It gets the next number and can no longer be changed or deleted; corrections need a credit note.
invoicing-ask-credit-note = Issue a credit note for { $number }? It gets the next credit-note number and cannot be changed or deleted.
invoicing-setup-settings = Fill in your invoice settings
invoicing-setup-settings-hint = Legal name, address, VAT number and bank details: orders cannot be invoiced before.

invoicing-zip-not-invoiced = These orders have no invoice yet:

# Sending a document to the buyer by e-mail.
invoicing-send-title = Send by e-mail
invoicing-send-to = Recipient (optional)
invoicing-send-to-hint = Leave empty to send it to the buyer's e-mail on the document. The PDF is attached.
invoicing-send-submit = Send by e-mail
invoicing-send-queued = The e-mail is on its way; follow it in the E-mails log.

# E-invoices
invoicing-download-ubl = Download UBL
invoicing-download-facturx = Download Factur-X
invoicing-settings-einvoices = E-invoices
invoicing-settings-einvoice-pdf = Invoice PDFs are Factur-X e-invoices
invoicing-settings-einvoice-pdf-hint = PDF/A-3 with the EN 16931 invoice data attached, which French and German buyers' accounting reads directly. Applies to documents issued from now on.
invoicing-settings-peppol-id = Peppol ID
invoicing-settings-peppol-id-hint = Your Peppol participant id (scheme:identifier) on UBL e-invoices. Empty: { $default }, from your VAT number.
invoicing-buyer-not-on-peppol = No Peppol address (no Peppol ID on the customer, no VAT number): the e-invoice names the buyer's e-mail instead. It is a valid EN 16931 invoice, but it cannot be sent over Peppol.
invoicing-settings-send-on-issue = E-mail invoices and credit notes to the buyer when they are issued
invoicing-settings-send-on-issue-hint = The PDF and the UBL e-invoice are attached; documents without a buyer e-mail are issued all the same.
