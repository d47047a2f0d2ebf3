## Orders: the list, the order page with its actions and history, the new-order form.

orders-title = Orders
orders-new = New order
orders-search-placeholder = number, e-mail, name
orders-col-number = Number
orders-col-date = Date
orders-col-customer = Customer
orders-col-channel = Channel
orders-col-status = Status
orders-col-total = Total
orders-filter-from = From
orders-filter-to = To
orders-none-match = No orders match.
orders-list-count =
    { $count ->
        [one] { $n } order
       *[other] { $n } orders
    }
orders-settings-allow-backorders = Allow backorders (confirm items without stock; they are reserved when the order ships)
orders-settings-save = Save order settings
orders-settings-backorders-on = Backorders are allowed.
orders-settings-backorders-off = Backorders are off.
orders-created = Order created
orders-now-status = Order status: { $status }.
orders-choose-product = choose a product
orders-unknown-action = unknown action

orders-status-held = Held
orders-status-pending = Pending
orders-status-processing = Processing
orders-status-partially-shipped = Partially shipped
orders-status-shipped = Shipped
orders-status-delivered = Delivered
orders-status-cancelled = Cancelled
orders-status-refunded = Refunded

orders-channel-direct = direct
orders-channel-letzshop = Letzshop

orders-item-status-pending = Pending
orders-item-status-confirmed = Confirmed
orders-item-status-declined = Declined

orders-detail-title = Order { $number }
orders-detail-held = Held: the plan's monthly order limit was reached when it arrived. It is released automatically when the quota allows (upgrade or next month).
orders-detail-customer = Customer
orders-detail-vat-id = VAT { $id }
orders-detail-customer-record = Customer record
orders-detail-ship-to = Ship to
orders-detail-summary = Summary
orders-detail-channel = Channel { $channel }
orders-detail-ordered = Ordered { $at }
orders-detail-language = Language { $language }
orders-detail-tracking = Tracking
orders-detail-items = Items
orders-item-col-item = Item
orders-item-col-quantity = Qty
orders-item-col-unit-price = Unit
orders-item-col-total = Total
orders-item-col-status = Status
orders-item-col-decide = Decide
orders-item-unmatched = no product
orders-item-backordered = backordered
orders-item-backordered-hint = Confirmed without stock: reserved when the order ships
orders-item-stock = stock
orders-item-confirm = Confirm
orders-item-decline = Decline
orders-detail-subtotal = Subtotal
orders-detail-shipping = Shipping
orders-detail-total = Total
orders-detail-incl-vat = (incl. VAT { $amount })
orders-detail-actions = Actions
orders-action-confirm = Confirm order (reserve stock)
orders-action-tracking-number = Tracking number
orders-action-carrier = Carrier
orders-action-carrier-placeholder = Post Luxembourg
orders-action-ship = Ship
orders-action-deliver = Mark delivered
orders-action-cancel = Cancel order
orders-action-refund = Mark refunded
orders-action-none = This order is { $status }; no further action.
orders-history-title = History
orders-history-when = When
orders-history-from = From
orders-history-to = To
orders-history-note = Note
orders-history-by = (by { $name })

orders-new-intro = For orders taken by phone or e-mail. Prices come from the catalog; the totals show as you fill in the lines and are computed again when the order is saved.
orders-new-customer = Customer
orders-new-shipping-address = Shipping address
orders-new-ship-name = Name
orders-new-country = Country
orders-new-items = Items
orders-new-quantity = Quantity
orders-new-shipping-amount = Shipping (€)
orders-new-language = Language
orders-new-notes = Internal notes
orders-new-create = Create order
orders-new-customer-hint = Type an e-mail address or a name to find an existing customer; choosing one fills in their details and address.
orders-new-items-hint = Search a product by SKU or title; without a match, type its SKU.
orders-new-product = Product (SKU)
orders-new-add-line = Add a line
orders-new-remove-line = Remove
orders-new-totals = Totals
orders-new-subtotal = Subtotal
orders-new-shipping = Shipping
orders-new-vat-included = Including VAT
orders-new-total = Total
orders-country-at = Austria
orders-country-be = Belgium
orders-country-bg = Bulgaria
orders-country-ch = Switzerland
orders-country-cy = Cyprus
orders-country-cz = Czechia
orders-country-de = Germany
orders-country-dk = Denmark
orders-country-ee = Estonia
orders-country-es = Spain
orders-country-fi = Finland
orders-country-fr = France
orders-country-gb = United Kingdom
orders-country-gr = Greece
orders-country-hr = Croatia
orders-country-hu = Hungary
orders-country-ie = Ireland
orders-country-is = Iceland
orders-country-it = Italy
orders-country-li = Liechtenstein
orders-country-lt = Lithuania
orders-country-lu = Luxembourg
orders-country-lv = Latvia
orders-country-mc = Monaco
orders-country-mt = Malta
orders-country-nl = Netherlands
orders-country-no = Norway
orders-country-pl = Poland
orders-country-pt = Portugal
orders-country-ro = Romania
orders-country-se = Sweden
orders-country-si = Slovenia
orders-country-sk = Slovakia
orders-country-us = United States
orders-exceptions-title = Items without a product
orders-exceptions-intro = Marketplace items that match no product of your catalog. Orders with such items cannot be confirmed: map each article to one of your products once, and every order waiting for it is unblocked.
orders-exceptions-untitled = (no name)
orders-exceptions-gtin = GTIN
orders-exceptions-sku = SKU
orders-exceptions-waiting = { $items ->
    [one] 1 item
   *[other] { $items } items
    } in { $orders ->
    [one] 1 order:
   *[other] { $orders } orders:
    }
orders-exceptions-more = and { $n } more
orders-exceptions-product = Your product (SKU or GTIN)
orders-exceptions-product-hint = Start typing to pick from your products.
orders-exceptions-map = { $orders ->
    [one] Map for 1 order
   *[other] Map for { $orders } orders
    }
orders-exceptions-create = Create a product from this item
orders-exceptions-none = No item is waiting for a product.
orders-exceptions-no-such-product = No product with the SKU or GTIN “{ $product }” in this store.
orders-exceptions-resolved = { $items ->
    [one] 1 item
   *[other] { $items } items
    } mapped to { $product }; { $orders ->
    [0] no order is unblocked yet (other items still wait).
    [one] 1 order can now be confirmed.
   *[other] { $orders } orders can now be confirmed.
    }
orders-exceptions-link = { $groups ->
    [one] 1 article without a product
   *[other] { $groups } articles without a product
    }
orders-exceptions-link-hint = their orders cannot be confirmed until they are mapped.
orders-item-map = Map to a product
orders-item-map-here = Map for every order with this article
orders-ask-cancel = Cancel order { $number }? Its reserved stock is released. This cannot be undone.
orders-ask-cancel-letzshop = Cancel order { $number }? Its reserved stock is released. Letzshop is not told: to tell the customer, decline the items instead. This cannot be undone.
orders-ask-refund = Mark order { $number } as refunded? This cannot be undone.
orders-ask-decline = Decline “{ $item }”? This cannot be undone.
orders-ask-decline-letzshop = Decline “{ $item }”? Letzshop is told and the customer is notified. This cannot be undone.
orders-filter-attention = Needs attention
orders-attention-to-confirm = To confirm
orders-attention-blocked = Blocked: items without a product
orders-attention-short = Short of stock
orders-attention-overdue = Not shipped after 3 days
orders-attention-not-invoiced = Shipped, not invoiced
orders-sort = Sort
orders-sort-newest = Newest first
orders-sort-oldest = Oldest first
orders-sort-total-desc = Highest total first
orders-sort-total-asc = Lowest total first
orders-sort-status = By status (to do first)
orders-col-items = Units

## Bulk work
orders-bulk-legend = Work on several orders at once
orders-bulk-select-all = Select all orders on this page
orders-bulk-select = Select order { $number }
orders-bulk-scope-selected = The orders ticked below
orders-bulk-scope-filter = All { $n } orders matching the filter
orders-bulk-action = Action
orders-bulk-action-confirm = Confirm
orders-bulk-action-ship = Ship
orders-bulk-action-invoice = Issue invoices
orders-bulk-action-email = E-mail the invoices to the buyers
orders-bulk-action-cancel = Cancel orders
orders-bulk-run = Apply to the orders
orders-bulk-cancel-confirm = Cancel the chosen orders? Their reserved stock is released, Letzshop is told and the customers are notified. This cannot be undone.
orders-bulk-ship-options = Shipping details
orders-bulk-carrier = Carrier (for orders without a line below)
orders-bulk-tracking = Tracking numbers: one order per line — order number, carrier, tracking number
orders-bulk-tracking-placeholder = ORD-2026-00012, Post, LU123456789
orders-bulk-tracking-file = Or read the lines from a CSV file
orders-bulk-download-invoices = Download invoices (zip)
orders-bulk-none-selected = Tick at least one order, or choose all orders matching the filter.
orders-bulk-tracking-line = Tracking numbers, line { $line }: { $message }
orders-bulk-tracking-unknown = there is no order { $number } in this store
orders-bulk-tracking-columns = write the order number, the carrier and the tracking number
orders-job-title-confirm = Confirming orders
orders-job-title-ship = Shipping orders
orders-job-title-invoice = Issuing invoices
orders-job-title-email = E-mailing invoices
orders-job-title-cancel = Cancelling orders
orders-job-status-queued = Waiting to start
orders-job-status-running = In progress
orders-job-status-done = Finished
orders-job-progress = { $done } of { $total } orders
orders-job-summary = { $ok } done, { $refused } refused.
orders-job-refresh = Refresh to see the progress
orders-job-results = Order by order
orders-job-col-order = Order
orders-job-col-result = Result
orders-job-ok = Done
orders-job-refused = Refused
orders-job-unknown-order = Not an order of this store
orders-job-back = Back to the orders
orders-packing-slip = Packing slip
orders-packing-slip-hint = PDF to put in the parcel: items, bins and the order number as a barcode
orders-packing-slips = Packing slips
orders-pick-list = Pick list
