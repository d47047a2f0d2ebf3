## Catalog: the product list, the product form and the CSV import.

catalog-title = Products
catalog-new = New product
catalog-import-link = Import CSV
catalog-export-link = Export products:
catalog-feed-link = Letzshop feed (fr)
catalog-search-placeholder = SKU, GTIN or title
catalog-filter-status = Status
catalog-filter-active = Active
catalog-filter-inactive = Inactive
catalog-filter-type = Type
catalog-filter-stock = Stock
catalog-col-title = Title
catalog-col-price = Price
catalog-col-type = Type
catalog-col-available = Available
catalog-col-status = Status
catalog-status-active = Active
catalog-status-inactive = Inactive
catalog-empty = No products match.
catalog-count = { $count ->
    [one] { $n } product
   *[other] { $n } products
    }

catalog-type-physical = physical
catalog-type-digital = digital
catalog-type-service = service

catalog-vat-standard = standard
catalog-vat-reduced = reduced
catalog-vat-super-reduced = super-reduced
catalog-vat-parking = parking
catalog-vat-zero = zero

catalog-condition-new = new
catalog-condition-used = used
catalog-condition-refurbished = refurbished

catalog-availability-in-stock = In stock
catalog-availability-out-of-stock = Out of stock
catalog-availability-preorder = Pre-order

catalog-gtin-gtin8 = GTIN-8
catalog-gtin-gtin12 = GTIN-12 (UPC)
catalog-gtin-gtin13 = GTIN-13 (EAN)
catalog-gtin-gtin14 = GTIN-14
catalog-gtin-isbn10 = ISBN-10
catalog-gtin-isbn13 = ISBN-13

## The product form.

catalog-form-new = New product
catalog-form-edit = Edit product
catalog-form-gtin-type = GTIN type
catalog-form-gtin-type-auto = from length
catalog-form-price = Price (gross, €)
catalog-form-sale-price = Sale price (€)
catalog-form-vat-rate-class = VAT rate class
catalog-form-type = Type
catalog-form-condition = Condition
catalog-form-brand = Brand
catalog-form-title = Title ({ $lang })
catalog-form-description = Description ({ $lang })
catalog-form-image-link = Main image URL
catalog-form-more-images = More image URLs (one per line)
catalog-form-active = Active
catalog-form-create = Create product
catalog-form-stock = Stock
catalog-form-errors = { $count ->
    [one] { $count } field needs attention.
   *[other] { $count } fields need attention.
    }
catalog-created = Product created
catalog-saved = Saved

## The CSV import.

catalog-import-title = Import products
catalog-import-intro = Upload a CSV (UTF-8; comma, semicolon or tab separated) with a header line. Rows are matched by SKU: new SKUs are created, existing ones updated. Valid rows are applied together; invalid rows are listed below and change nothing.
catalog-import-columns = Columns:
catalog-import-file = CSV file
catalog-import-dry-run = Dry run (check only, write nothing)
catalog-import-submit = Import
catalog-import-result = Result
catalog-import-result-dry-run = Result (dry run — nothing written)
catalog-import-created = Created
catalog-import-updated = Updated
catalog-import-unchanged = Unchanged
catalog-import-stock-set = Stock levels set
catalog-import-stock-hint = The optional columns stock, warehouse and bin set the quantity on hand (a whole number) at that place; without warehouse, in the default warehouse.
catalog-import-rejected = Rejected rows
catalog-import-problems = Problems by row (the header is row 1)
catalog-import-row = Row
catalog-import-column = Column
catalog-import-problem = Problem
catalog-import-more = …and { $count } more.
catalog-import-no-file = Choose a CSV file.
catalog-setup-products = Import your products
catalog-setup-products-hint = Upload a CSV (or add them one by one) so that orders find their products.
