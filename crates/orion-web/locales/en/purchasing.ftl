purchasing-title = Purchase orders
purchasing-new = New purchase order
purchasing-edit = Edit draft
purchasing-draft-title = Draft purchase order
purchasing-suppliers = Suppliers
purchasing-reorder = Reorder
purchasing-search-placeholder = PO number or supplier
purchasing-col-number = Number
purchasing-col-supplier = Supplier
purchasing-col-status = Status
purchasing-col-order-date = Order date
purchasing-col-expected = Expected
purchasing-col-total = Total
purchasing-col-quantity = Quantity
purchasing-col-received = Received
purchasing-col-open = Open
purchasing-col-unit-cost = Unit cost (excl. VAT)
purchasing-col-line-total = Line total
purchasing-status-draft = Draft
purchasing-status-ordered = Ordered
purchasing-status-partially-received = Partially received
purchasing-status-received = Received
purchasing-status-closed = Closed short
purchasing-status-cancelled = Cancelled
purchasing-status-open = Open (ordered, partly received)
purchasing-empty = No purchase orders yet.
purchasing-count = { $count ->
    [one] { $n } purchase order
   *[other] { $n } purchase orders
    }
purchasing-export = Download
purchasing-form-errors = { $count ->
    [one] 1 field needs attention.
   *[other] { $count } fields need attention.
    }
purchasing-no-suppliers = Add a supplier first.
purchasing-choose-supplier = Choose a supplier
purchasing-lines = Lines
purchasing-lines-hint = Type a SKU or GTIN, the quantity and the unit cost excluding VAT. Empty rows are ignored.
purchasing-line-product = Product
purchasing-notes = Notes
purchasing-create-draft = Create draft
purchasing-created = Draft purchase order created.
purchasing-saved = Saved.
purchasing-excl-vat = excl. VAT
purchasing-closed-short = { $n } will not come
purchasing-no-lines = No lines yet: edit the draft to add products.
purchasing-place-order = Place order
purchasing-confirm-order = Place this order? It gets its number and its lines can no longer change.
purchasing-delete-draft = Delete draft
purchasing-confirm-delete = Delete this draft? This cannot be undone.
purchasing-ordered = Ordered: the number is assigned. Download the PDF to send it to the supplier.
purchasing-deleted = Draft deleted.
purchasing-cancel = Cancel order
purchasing-confirm-cancel = Cancel this purchase order? Nothing will be on order from it any more.
purchasing-cancelled = Purchase order cancelled.
purchasing-close = Close short
purchasing-confirm-close = Close this order short? What was not received will no longer be expected.
purchasing-closed = Closed short: the rest is no longer expected.
purchasing-download-pdf = Download PDF
purchasing-receive = Receive goods
purchasing-receive-hint = Scan or type a GTIN or SKU and press Enter to count one unit, or type the quantities. Receiving adds the units to stock at once.
purchasing-scan = Scan a GTIN or SKU
purchasing-scan-unknown = Not on this order:
purchasing-receive-now = Receive now
purchasing-receipt-note = Note (delivery note number…)
purchasing-receive-submit = Receive into stock
purchasing-received = Goods received into stock.
purchasing-receipts = Receipts
purchasing-receipt-units = { $count ->
    [one] { $n } unit received
   *[other] { $n } units received
    }
purchasing-supplier-new = New supplier
purchasing-supplier-create = Create supplier
purchasing-supplier-created = Supplier created.
purchasing-supplier-name = Name
purchasing-supplier-contact = Contact person
purchasing-supplier-language = Language of documents
purchasing-supplier-lead-time = Lead time (days)
purchasing-supplier-payment-terms = Payment terms
purchasing-supplier-active = Active
purchasing-supplier-inactive = inactive
purchasing-supplier-products = Products supplied
purchasing-supplier-sku = Supplier's reference
purchasing-supplier-no-products = No products recorded yet; they are added on receipt or here.
purchasing-suppliers-empty = No suppliers yet.
purchasing-days = { $count ->
    [one] 1 day
   *[other] { $count } days
    }
purchasing-last-cost = Last cost
purchasing-min-order = Minimum order
purchasing-reorder-intro = Products whose available stock plus what is on order has fallen to their reorder point, with the quantity that brings them back to the target level.
purchasing-reorder-empty = Nothing to reorder: every product with a reorder point has enough available or on order.
purchasing-no-supplier = No supplier
purchasing-no-supplier-hint = Choose a supplier in these products' reorder rules to order them here.
purchasing-select-all = Select all
purchasing-reorder-point = Reorder point
purchasing-target-level = Target level
purchasing-create-drafts = Create draft purchase orders
purchasing-drafts-created = { $count ->
    [one] 1 draft purchase order created.
   *[other] { $count } draft purchase orders created.
    }
purchasing-rules = Reorder rules
purchasing-supplier-last = Last supplier
purchasing-rules-file = CSV file (sku, reorder_point, target_level, supplier)
purchasing-rules-import = Import rules
purchasing-rules-imported = { $count ->
    [one] 1 rule set.
   *[other] { $count } rules set.
    }
purchasing-rules-refused = { $count ->
    [one] 1 row refused; nothing was changed.
   *[other] { $count } rows refused; nothing was changed.
    }
purchasing-import-row = Row { $row }
purchasing-panel-title = Purchasing
purchasing-average-cost = Average cost
purchasing-low-stock-title = Low stock
purchasing-low-stock = { $count ->
    [one] 1 product at or below its reorder point
   *[other] { $count } products at or below their reorder point
    }
