## Customers: the list, the export, the customer page and the forms.

customers-title = Customers
customers-new = New customer
customers-export = Export customers:
customers-export-feature = Customer CSV export
customers-search-placeholder = E-mail, name, company or number
customers-consent = Marketing consent
customers-consent-given = Given
customers-consent-not-given = Not given
customers-consent-yes = yes
customers-consent-no = no
customers-tag = Tag
customers-export-filtered = Export with filters
customers-export-created-from = Created from
customers-export-created-to = Created to
customers-export-ordered-from = Last order from
customers-export-ordered-to = Last order to
customers-export-download = Download CSV
customers-col-number = Number
customers-col-name = Name
customers-col-email = E-mail
customers-col-company = Company
customers-col-orders = Orders
customers-col-spent = Spent
customers-col-last-order = Last order
customers-col-consent = Consent
customers-col-tags = Tags
customers-none-match = No customers match.
customers-list-count =
    { $count ->
        [one] { $n } customer
       *[other] { $n } customers
    }

customers-detail-vat-id = VAT { $id }
customers-detail-peppol-id = Peppol ID { $id }
customers-detail-since = customer since { $date }
customers-detail-statistics = Statistics
customers-detail-orders = Orders
customers-detail-total-spent = Total spent
customers-detail-average-order = Average order
customers-detail-first-order = First order
customers-detail-last-order = Last order
customers-detail-addresses = Addresses
customers-detail-no-address = No address yet.
customers-detail-orders-counted =
    { $count ->
        [one] { $n } order counts towards the statistics (cancelled and refunded ones do not).
       *[other] { $n } orders count towards the statistics (cancelled and refunded ones do not).
    }
customers-detail-orders-link = See this customer's orders.
customers-detail-edit = Edit

customers-field-email = E-mail
customers-field-first-name = First name
customers-field-last-name = Last name
customers-field-phone = Phone
customers-field-company = Company
customers-field-vat-id = VAT id
customers-field-peppol-id = Peppol ID
customers-field-peppol-id-hint = For e-invoices over Peppol, e.g. 9930:DE136695976 (optional)
customers-field-language = Language
customers-field-tags = Tags (comma-separated)
customers-field-street = Street
customers-field-postal-code = Postal code
customers-field-city = City
customers-field-country = Country (ISO)
customers-field-marketing-consent = Agreed to receive marketing
customers-form-address = Address (optional)
customers-form-create = Create customer
customers-form-errors =
    { $count ->
        [one] { $count } field needs attention.
       *[other] { $count } fields need attention.
    }
customers-created = Customer created
customers-saved = Saved

customers-language-en = English
customers-language-fr = French
customers-language-de = German
