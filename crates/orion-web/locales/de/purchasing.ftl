purchasing-title = Bestellungen beim Lieferanten
purchasing-new = Neue Bestellung
purchasing-edit = Entwurf bearbeiten
purchasing-draft-title = Bestellentwurf
purchasing-suppliers = Lieferanten
purchasing-reorder = Nachbestellen
purchasing-search-placeholder = Bestellnummer oder Lieferant
purchasing-col-number = Nummer
purchasing-col-supplier = Lieferant
purchasing-col-status = Status
purchasing-col-order-date = Bestelldatum
purchasing-col-expected = Erwartet
purchasing-col-total = Summe
purchasing-col-quantity = Menge
purchasing-col-received = Erhalten
purchasing-col-open = Offen
purchasing-col-unit-cost = Einzelpreis netto
purchasing-col-line-total = Positionssumme
purchasing-status-draft = Entwurf
purchasing-status-ordered = Bestellt
purchasing-status-partially-received = Teilweise erhalten
purchasing-status-received = Erhalten
purchasing-status-closed = Mit Restmenge abgeschlossen
purchasing-status-cancelled = Storniert
purchasing-status-open = Offen (bestellt, teilweise erhalten)
purchasing-empty = Noch keine Bestellungen.
purchasing-count = { $count ->
    [one] { $n } Bestellung
   *[other] { $n } Bestellungen
    }
purchasing-export = Herunterladen
purchasing-form-errors = { $count ->
    [one] 1 Feld muss korrigiert werden.
   *[other] { $count } Felder müssen korrigiert werden.
    }
purchasing-no-suppliers = Legen Sie zuerst einen Lieferanten an.
purchasing-choose-supplier = Lieferant wählen
purchasing-lines = Positionen
purchasing-lines-hint = Geben Sie SKU oder GTIN, Menge und Einzelpreis netto ein. Leere Zeilen werden ignoriert.
purchasing-line-product = Produkt
purchasing-notes = Bemerkungen
purchasing-create-draft = Entwurf anlegen
purchasing-created = Bestellentwurf angelegt.
purchasing-saved = Gespeichert.
purchasing-excl-vat = netto
purchasing-closed-short = { $n } kommen nicht
purchasing-no-lines = Noch keine Positionen: bearbeiten Sie den Entwurf, um Produkte hinzuzufügen.
purchasing-place-order = Bestellen
purchasing-confirm-order = Diese Bestellung aufgeben? Sie erhält ihre Nummer und die Positionen können nicht mehr geändert werden.
purchasing-delete-draft = Entwurf löschen
purchasing-confirm-delete = Diesen Entwurf löschen? Das kann nicht rückgängig gemacht werden.
purchasing-ordered = Bestellt: die Nummer ist vergeben. Laden Sie das PDF für den Lieferanten herunter.
purchasing-deleted = Entwurf gelöscht.
purchasing-cancel = Bestellung stornieren
purchasing-confirm-cancel = Diese Bestellung stornieren? Danach wird daraus nichts mehr erwartet.
purchasing-cancelled = Bestellung storniert.
purchasing-close = Mit Restmenge abschließen
purchasing-confirm-close = Diese Bestellung abschließen? Nicht Erhaltenes wird nicht mehr erwartet.
purchasing-closed = Abgeschlossen: der Rest wird nicht mehr erwartet.
purchasing-download-pdf = PDF herunterladen
purchasing-receive = Wareneingang
purchasing-receive-hint = GTIN oder SKU scannen oder eingeben und Enter drücken, um eine Einheit zu zählen, oder die Mengen eingeben. Der Wareneingang bucht die Einheiten sofort in den Bestand.
purchasing-scan = GTIN oder SKU scannen
purchasing-scan-unknown = Nicht in dieser Bestellung:
purchasing-receive-now = Jetzt erhalten
purchasing-receipt-note = Bemerkung (Lieferscheinnummer …)
purchasing-receive-submit = Einbuchen
purchasing-received = Ware eingebucht.
purchasing-receipts = Wareneingänge
purchasing-receipt-units = { $count ->
    [one] { $n } Einheit erhalten
   *[other] { $n } Einheiten erhalten
    }
purchasing-supplier-new = Neuer Lieferant
purchasing-supplier-create = Lieferant anlegen
purchasing-supplier-created = Lieferant angelegt.
purchasing-supplier-name = Name
purchasing-supplier-contact = Ansprechpartner
purchasing-supplier-language = Sprache der Dokumente
purchasing-supplier-lead-time = Lieferzeit (Tage)
purchasing-supplier-payment-terms = Zahlungsbedingungen
purchasing-supplier-active = Aktiv
purchasing-supplier-inactive = deaktiviert
purchasing-supplier-products = Gelieferte Produkte
purchasing-supplier-sku = Artikelnummer des Lieferanten
purchasing-supplier-no-products = Noch keine Produkte; sie kommen beim Wareneingang oder hier hinzu.
purchasing-suppliers-empty = Noch keine Lieferanten.
purchasing-days = { $count ->
    [one] 1 Tag
   *[other] { $count } Tage
    }
purchasing-last-cost = Letzter Preis
purchasing-min-order = Mindestbestellmenge
purchasing-reorder-intro = Produkte, deren verfügbarer Bestand plus bestellte Menge auf den Meldebestand gefallen ist, mit der Menge, die sie wieder auf den Zielbestand bringt.
purchasing-reorder-empty = Nichts nachzubestellen: jedes Produkt mit Meldebestand hat genug verfügbar oder bestellt.
purchasing-no-supplier = Ohne Lieferant
purchasing-no-supplier-hint = Wählen Sie in der Nachbestellregel dieser Produkte einen Lieferanten, um sie hier zu bestellen.
purchasing-select-all = Alle auswählen
purchasing-reorder-point = Meldebestand
purchasing-target-level = Zielbestand
purchasing-create-drafts = Bestellentwürfe anlegen
purchasing-drafts-created = { $count ->
    [one] 1 Bestellentwurf angelegt.
   *[other] { $count } Bestellentwürfe angelegt.
    }
purchasing-rules = Nachbestellregeln
purchasing-supplier-last = Letzter Lieferant
purchasing-rules-file = CSV-Datei (sku, reorder_point, target_level, supplier)
purchasing-rules-import = Regeln importieren
purchasing-rules-imported = { $count ->
    [one] 1 Regel gesetzt.
   *[other] { $count } Regeln gesetzt.
    }
purchasing-rules-refused = { $count ->
    [one] 1 Zeile abgelehnt; nichts wurde geändert.
   *[other] { $count } Zeilen abgelehnt; nichts wurde geändert.
    }
purchasing-import-row = Zeile { $row }
purchasing-panel-title = Einkauf
purchasing-average-cost = Durchschnittlicher Einstandspreis
purchasing-low-stock-title = Niedriger Bestand
purchasing-low-stock = { $count ->
    [one] 1 Produkt auf oder unter dem Meldebestand
   *[other] { $count } Produkte auf oder unter dem Meldebestand
    }
