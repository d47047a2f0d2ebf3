## Katalog: die Produktliste, das Produktformular und der CSV-Import.

catalog-title = Produkte
catalog-new = Neues Produkt
catalog-import-link = CSV importieren
catalog-export-link = Produkte exportieren:
catalog-feed-link = Letzshop-Feed (fr)
catalog-search-placeholder = SKU, GTIN oder Titel
catalog-filter-status = Status
catalog-filter-active = Aktiv
catalog-filter-inactive = Inaktiv
catalog-filter-type = Art
catalog-filter-stock = Bestand
catalog-col-title = Titel
catalog-col-price = Preis
catalog-col-type = Art
catalog-col-available = Verfügbar
catalog-col-status = Status
catalog-status-active = Aktiv
catalog-status-inactive = Inaktiv
catalog-empty = Keine passenden Produkte.
catalog-count = { $count ->
    [one] { $n } Produkt
   *[other] { $n } Produkte
    }

catalog-type-physical = physisch
catalog-type-digital = digital
catalog-type-service = Dienstleistung

catalog-vat-standard = Normalsatz
catalog-vat-reduced = ermäßigt
catalog-vat-super-reduced = stark ermäßigt
catalog-vat-parking = Zwischensatz
catalog-vat-zero = Nullsatz

catalog-condition-new = neu
catalog-condition-used = gebraucht
catalog-condition-refurbished = generalüberholt

catalog-availability-in-stock = Auf Lager
catalog-availability-out-of-stock = Nicht auf Lager
catalog-availability-preorder = Vorbestellung

catalog-gtin-gtin8 = GTIN-8
catalog-gtin-gtin12 = GTIN-12 (UPC)
catalog-gtin-gtin13 = GTIN-13 (EAN)
catalog-gtin-gtin14 = GTIN-14
catalog-gtin-isbn10 = ISBN-10
catalog-gtin-isbn13 = ISBN-13

## Das Produktformular.

catalog-form-new = Neues Produkt
catalog-form-edit = Produkt bearbeiten
catalog-form-gtin-type = GTIN-Art
catalog-form-gtin-type-auto = nach Länge
catalog-form-price = Preis (brutto, €)
catalog-form-sale-price = Angebotspreis (€)
catalog-form-vat-rate-class = MwSt.-Satz
catalog-form-type = Art
catalog-form-condition = Zustand
catalog-form-brand = Marke
catalog-form-title = Titel ({ $lang })
catalog-form-description = Beschreibung ({ $lang })
catalog-form-image-link = URL des Hauptbilds
catalog-form-more-images = Weitere Bild-URLs (eine pro Zeile)
catalog-form-active = Aktiv
catalog-form-create = Produkt anlegen
catalog-form-stock = Bestand
catalog-form-errors = { $count ->
    [one] { $count } Feld muss korrigiert werden.
   *[other] { $count } Felder müssen korrigiert werden.
    }
catalog-created = Produkt angelegt
catalog-saved = Gespeichert

## Der CSV-Import.

catalog-import-title = Produkte importieren
catalog-import-intro = Laden Sie eine CSV-Datei (UTF-8; durch Komma, Semikolon oder Tabulator getrennt) mit einer Kopfzeile hoch. Zeilen werden über die SKU zugeordnet: neue SKUs werden angelegt, vorhandene aktualisiert. Gültige Zeilen werden gemeinsam übernommen; ungültige Zeilen werden unten aufgeführt und ändern nichts.
catalog-import-columns = Spalten:
catalog-import-file = CSV-Datei
catalog-import-dry-run = Probelauf (nur prüfen, nichts speichern)
catalog-import-submit = Importieren
catalog-import-result = Ergebnis
catalog-import-result-dry-run = Ergebnis (Probelauf — nichts gespeichert)
catalog-import-created = Angelegt
catalog-import-updated = Aktualisiert
catalog-import-unchanged = Unverändert
catalog-import-stock-set = Bestände gesetzt
catalog-import-stock-hint = Die optionalen Spalten stock, warehouse und bin setzen den Bestand (eine ganze Zahl) an diesem Ort; ohne warehouse im Standardlager.
catalog-import-rejected = Abgelehnte Zeilen
catalog-import-problems = Probleme nach Zeile (die Kopfzeile ist Zeile 1)
catalog-import-row = Zeile
catalog-import-column = Spalte
catalog-import-problem = Problem
catalog-import-more = …und { $count } weitere.
catalog-import-no-file = Wählen Sie eine CSV-Datei.
catalog-setup-products = Ihre Produkte importieren
catalog-setup-products-hint = Laden Sie eine CSV-Datei hoch (oder legen Sie sie einzeln an), damit Bestellungen ihre Produkte finden.
