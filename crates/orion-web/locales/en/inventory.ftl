## Inventory: stock per product, per warehouse and bin, adjustments and the history.

inventory-title = Inventory
inventory-search-placeholder = SKU, GTIN or title
inventory-col-title = Title
inventory-col-on-hand = On hand
inventory-col-reserved = Reserved
inventory-col-available = Available
inventory-col-on-order = On order
inventory-col-expected = Expected
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
inventory-import-title = Set stock from a file
inventory-import-intro = A CSV file with the columns sku and quantity, and optionally warehouse (its code) and bin. All or nothing: if one row is wrong, no quantity is changed.
inventory-import-file = Stock file (CSV)
inventory-import-check = Check the file
inventory-import-apply = Set the stock
inventory-import-confirm = The on-hand quantities of the listed products are replaced; each change is recorded as a stock movement.
inventory-import-done = { $count ->
    [one] { $n } stock level set from the file.
   *[other] { $n } stock levels set from the file.
    }
inventory-import-unchanged = { $count ->
    [one] { $n } row already had its quantity.
   *[other] { $n } rows already had their quantity.
    }
inventory-import-refused = { $count ->
    [one] The file was refused: { $n } row has a problem. Nothing was changed.
   *[other] The file was refused: { $n } rows have problems. Nothing was changed.
    }
inventory-import-problems = Problems in the file
inventory-import-row-problem = Row { $row }, { $column }: { $message }
inventory-import-line-problem = Row { $row }: { $message }
inventory-import-more-problems = { $count ->
    [one] … and { $n } more problem.
   *[other] … and { $n } more problems.
    }
inventory-import-checked = File checked
inventory-import-would = { $count ->
    [one] The file is fine: { $n } stock level would change
   *[other] The file is fine: { $n } stock levels would change
    }, { $unchanged ->
    [one] { $u } row already has its quantity.
   *[other] { $u } rows already have their quantity.
    } Nothing has been changed yet: choose the file again and press "Set the stock".
inventory-import-changes-caption = What would change
inventory-import-col-row = Row
inventory-import-col-from = On hand now
inventory-import-col-to = On hand after
inventory-import-more-changes = { $count ->
    [one] … and { $n } more stock level.
   *[other] … and { $n } more stock levels.
    }
