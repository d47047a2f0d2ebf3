## Inventory: stock per product, per warehouse and bin, adjustments and the history.

inventory-title = Inventory
inventory-search-placeholder = SKU, GTIN or title
inventory-col-title = Title
inventory-col-on-hand = On hand
inventory-col-reserved = Reserved
inventory-col-available = Available
inventory-empty = No physical products yet.
inventory-empty-create = Create one
inventory-count = { $count ->
    [one] { $n } product
   *[other] { $n } products
    }

inventory-product-link = Product
inventory-stock-of = Stock of { $product }
inventory-levels = By warehouse and bin
inventory-col-warehouse = Warehouse
inventory-col-bin = Bin
inventory-no-stock = No stock recorded yet.
inventory-adjust-title = Adjust stock
inventory-adjust-delta = Change (+/−)
inventory-adjust-delta-placeholder = 10 or -2
inventory-adjust-warehouse = Warehouse
inventory-adjust-bin = Bin
inventory-adjust-bin-placeholder = optional, e.g. A-01
inventory-adjust-reason = Reason
inventory-adjust-reason-placeholder = delivery, breakage, count…
inventory-adjust-submit = Apply
inventory-adjust-invalid = The change { $problem }.
inventory-adjusted = Stock adjusted: { $on_hand } on hand, { $available } available.

inventory-history = History
inventory-col-when = When
inventory-col-kind = Kind
inventory-col-where = Where
inventory-col-on-hand-change = On hand ±
inventory-col-reserved-change = Reserved ±
inventory-col-after = After (on hand / reserved)
inventory-col-reason = Reason
inventory-order-ref = order #{ $id }
inventory-no-movements = No movements yet.
inventory-movements-count = { $count ->
    [one] { $n } movement
   *[other] { $n } movements
    }
inventory-newer = Newer
inventory-older = Older

inventory-kind-reserve = reserve
inventory-kind-release = release
inventory-kind-fulfil = fulfil
inventory-kind-adjust = adjust
inventory-kind-set = set
inventory-kind-import = import
inventory-kind-receive = receive
inventory-kind-return = return
inventory-kind-move-out = move out
inventory-kind-move-in = move in
inventory-setup-stock = Set your stock
inventory-setup-stock-hint = Record what you have on hand: orders reserve it when they are confirmed.

inventory-set-stock-link = Set stock for many products
inventory-table-title = Set stock
inventory-table-intro = Type what you have on hand and save: only the rows you changed are recorded, each as a stock count in the product's history.
inventory-table-caption = On hand in { $warehouse }
inventory-col-product = Product
inventory-table-col-all = On hand (all places)
inventory-table-col-here = On hand in { $warehouse }
inventory-table-input-label = On hand of { $sku } in { $warehouse }
inventory-table-save = Save
inventory-table-saved = { $count ->
    [one] { $n } stock level saved.
   *[other] { $n } stock levels saved.
    }
inventory-table-refused = { $count ->
    [one] { $count } row cannot be saved; nothing was changed.
   *[other] { $count } rows cannot be saved; nothing was changed.
    }
inventory-table-csv-hint = Many products at once: send a CSV with the columns sku, quantity and optionally warehouse and bin to
