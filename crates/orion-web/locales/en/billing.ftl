## Billing: the store's plan and usage, tiers, the admin overview and the merchant's subscription.

billing-title = Billing
billing-plan = Plan
billing-status = Status:
billing-trial-ends = trial ends { $date }
billing-current-period = Current period
billing-period = { $start } – { $end }
billing-usage = Usage
billing-usage-of = { $used } / { $limit }
billing-over-80 = Over 80 % used.
billing-included-features = Included features
billing-next-adds = What { $tier } adds
billing-per-month = { $price } per month
billing-limit-line = { $metric }: { $limit }
billing-ask-operator = Ask your platform operator to change your plan.
billing-admin-only = Platform administrators only.

billing-status-trialing = Trialing
billing-status-active = Active
billing-status-past-due = Past due
billing-status-cancelled = Cancelled

billing-metric-orders-per-month = Orders this month
billing-metric-products = Products
billing-metric-team-members = Team members
billing-metric-api-requests-per-day = API requests today

billing-feature-letzshop-sync = Letzshop order sync
billing-feature-order-confirm-decline = Confirm and decline items
billing-feature-tracking = Tracking upload
billing-feature-invoice-lu = Luxembourg VAT invoices
billing-feature-customer-list = Customer list
billing-feature-invoice-eu-vat = EU VAT invoices (OSS, intra-Community, export)
billing-feature-warehouses = Warehouses and bins
billing-feature-purchase-orders = Purchase orders and incoming stock
billing-feature-customer-csv-export = Customer CSV export
billing-feature-multi-store-dashboard = Multi-store dashboard
billing-feature-accounting-export = Accounting export
billing-feature-api-keys = API keys

billing-upgrade-not-included = { $what } is not included in your plan.
billing-upgrade-to = { $what } is not included in your plan — upgrade to { $tier } to use it.
billing-upgrade-see-plans = See plans and usage

## Tiers (platform administrators).

billing-tiers-title = Tiers
billing-tiers-intro = Changes apply immediately to every merchant on the tier. Leave a limit empty for unlimited.
billing-tiers-name = Name
billing-tiers-price = Monthly price (€, empty = custom)
billing-tiers-features = Features
billing-tiers-save = Save { $tier }
billing-tiers-saved = Tier { $tier } saved; it applies to its merchants now.
billing-tiers-field-error = { $field }: { $problem }
billing-tiers-not-saved = Not saved — { $problems }

## Billing overview (platform administrators).

billing-overview-title = Billing overview
billing-overview-mrr = Estimated MRR
billing-overview-mrr-hint = active and past-due subscriptions
billing-overview-merchants = { $count ->
    [one] merchant
   *[other] merchants
    }
billing-overview-trials-ending = Trials ending in the next 7 days
billing-overview-merchant = Merchant
billing-overview-trial-ends = Trial ends
billing-overview-merchant-number = Merchant #{ $id }
billing-overview-no-trials = None.

## The subscription section of the admin's merchant page.

billing-panel-title = Subscription
billing-panel-status = status
billing-panel-tier = Tier
billing-panel-status-label = Status
billing-panel-trial-ends = Trial ends (for trialing)
billing-panel-change = Change subscription
billing-panel-history = History ({ $count })
billing-panel-when = When
billing-panel-from = From
billing-panel-to = To
billing-panel-note = Note
billing-panel-plan-status = { $tier } ({ $status })
billing-panel-by-user = by { $name }
billing-subscription-changed = Subscription is now { $tier } ({ $status }).
billing-tiers-api-burst = API key burst (requests at once)
billing-tiers-api-rate = API key rate (requests per minute)
