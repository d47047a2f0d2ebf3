## Bestellungen: die Liste, die Bestellseite mit Aktionen und Verlauf, das Formular für neue Bestellungen.

orders-title = Bestellungen
orders-new = Neue Bestellung
orders-search-placeholder = Nummer, E-Mail, Name
orders-col-number = Nummer
orders-col-date = Datum
orders-col-customer = Kunde
orders-col-channel = Kanal
orders-col-status = Status
orders-col-total = Gesamt
orders-filter-from = Von
orders-filter-to = Bis
orders-none-match = Keine passenden Bestellungen.
orders-list-count =
    { $count ->
        [one] { $n } Bestellung
       *[other] { $n } Bestellungen
    }
orders-settings-allow-backorders = Bestätigung ohne Lagerbestand erlauben (ohne Bestand bestätigte Artikel werden beim Versand der Bestellung reserviert)
orders-settings-save = Bestellungseinstellungen speichern
orders-settings-backorders-on = Bestätigungen ohne Lagerbestand sind erlaubt.
orders-settings-backorders-off = Bestätigungen ohne Lagerbestand sind ausgeschaltet.
orders-created = Bestellung angelegt
orders-now-status = Bestellstatus: { $status }.
orders-choose-product = wählen Sie ein Produkt
orders-unknown-action = unbekannte Aktion

orders-status-held = Zurückgehalten
orders-status-pending = Offen
orders-status-processing = In Bearbeitung
orders-status-partially-shipped = Teilweise versendet
orders-status-shipped = Versendet
orders-status-delivered = Zugestellt
orders-status-cancelled = Storniert
orders-status-refunded = Erstattet

orders-channel-direct = direkt
orders-channel-letzshop = Letzshop

orders-item-status-pending = Offen
orders-item-status-confirmed = Bestätigt
orders-item-status-declined = Abgelehnt

orders-detail-title = Bestellung { $number }
orders-detail-held = Zurückgehalten: Beim Eingang war das monatliche Bestelllimit Ihres Tarifs erreicht. Sie wird automatisch freigegeben, sobald das Kontingent es erlaubt (Tarifwechsel oder nächster Monat).
orders-detail-customer = Kunde
orders-detail-vat-id = USt-IdNr. { $id }
orders-detail-customer-record = Kundenseite
orders-detail-ship-to = Lieferadresse
orders-detail-summary = Übersicht
orders-detail-channel = Kanal: { $channel }
orders-detail-ordered = Bestellt am { $at }
orders-detail-language = Sprache: { $language }
orders-detail-tracking = Sendungsnummer
orders-detail-items = Artikel
orders-item-col-item = Artikel
orders-item-col-quantity = Menge
orders-item-col-unit-price = Einzelpreis
orders-item-col-total = Gesamt
orders-item-col-status = Status
orders-item-col-decide = Entscheidung
orders-item-unmatched = kein Produkt
orders-item-backordered = ohne Bestand
orders-item-backordered-hint = Ohne Bestand bestätigt: wird beim Versand der Bestellung reserviert
orders-item-stock = Bestand
orders-item-confirm = Bestätigen
orders-item-decline = Ablehnen
orders-detail-subtotal = Zwischensumme
orders-detail-shipping = Versand
orders-detail-total = Gesamt
orders-detail-incl-vat = (inkl. MwSt. { $amount })
orders-detail-actions = Aktionen
orders-action-confirm = Bestellung bestätigen (Bestand reservieren)
orders-action-tracking-number = Sendungsnummer
orders-action-carrier = Versanddienstleister
orders-action-carrier-placeholder = Post Luxembourg
orders-action-ship = Versenden
orders-action-deliver = Als zugestellt markieren
orders-action-cancel = Bestellung stornieren
orders-action-refund = Als erstattet markieren
orders-action-none = Diese Bestellung ist { $status }; keine weitere Aktion möglich.
orders-history-title = Verlauf
orders-history-when = Zeitpunkt
orders-history-from = Von
orders-history-to = Nach
orders-history-note = Notiz
orders-history-by = (von { $name })

orders-new-intro = Für telefonisch oder per E-Mail erhaltene Bestellungen. Die Preise stammen aus dem Katalog; die Summen erscheinen beim Ausfüllen der Zeilen und werden beim Speichern der Bestellung neu berechnet.
orders-new-customer = Kunde
orders-new-shipping-address = Lieferadresse
orders-new-ship-name = Name
orders-new-country = Land
orders-new-items = Artikel
orders-new-quantity = Menge
orders-new-shipping-amount = Versandkosten (€)
orders-new-language = Sprache
orders-new-notes = Interne Notizen
orders-new-create = Bestellung anlegen
orders-new-customer-hint = Geben Sie eine E-Mail-Adresse oder einen Namen ein, um einen Kunden zu finden; die Auswahl füllt seine Daten und Adresse aus.
orders-new-items-hint = Suchen Sie ein Produkt nach SKU oder Titel; ohne Treffer geben Sie die SKU ein.
orders-new-product = Produkt (SKU)
orders-new-add-line = Zeile hinzufügen
orders-new-remove-line = Entfernen
orders-new-totals = Summen
orders-new-subtotal = Zwischensumme
orders-new-shipping = Versand
orders-new-vat-included = Enthaltene MwSt.
orders-new-total = Gesamt
orders-country-at = Österreich
orders-country-be = Belgien
orders-country-bg = Bulgarien
orders-country-ch = Schweiz
orders-country-cy = Zypern
orders-country-cz = Tschechien
orders-country-de = Deutschland
orders-country-dk = Dänemark
orders-country-ee = Estland
orders-country-es = Spanien
orders-country-fi = Finnland
orders-country-fr = Frankreich
orders-country-gb = Vereinigtes Königreich
orders-country-gr = Griechenland
orders-country-hr = Kroatien
orders-country-hu = Ungarn
orders-country-ie = Irland
orders-country-is = Island
orders-country-it = Italien
orders-country-li = Liechtenstein
orders-country-lt = Litauen
orders-country-lu = Luxemburg
orders-country-lv = Lettland
orders-country-mc = Monaco
orders-country-mt = Malta
orders-country-nl = Niederlande
orders-country-no = Norwegen
orders-country-pl = Polen
orders-country-pt = Portugal
orders-country-ro = Rumänien
orders-country-se = Schweden
orders-country-si = Slowenien
orders-country-sk = Slowakei
orders-country-us = Vereinigte Staaten
orders-exceptions-title = Artikel ohne Produkt
orders-exceptions-intro = Marktplatz-Artikel, die keinem Produkt Ihres Katalogs entsprechen. Bestellungen mit solchen Artikeln können nicht bestätigt werden: Ordnen Sie jeden Artikel einmal einem Ihrer Produkte zu, und alle wartenden Bestellungen werden freigegeben.
orders-exceptions-untitled = (ohne Namen)
orders-exceptions-gtin = GTIN
orders-exceptions-sku = SKU
orders-exceptions-waiting = { $items ->
    [one] 1 Position
   *[other] { $items } Positionen
    } in { $orders ->
    [one] 1 Bestellung:
   *[other] { $orders } Bestellungen:
    }
orders-exceptions-more = und { $n } weitere
orders-exceptions-product = Ihr Produkt (SKU oder GTIN)
orders-exceptions-product-hint = Tippen Sie, um aus Ihren Produkten zu wählen.
orders-exceptions-map = { $orders ->
    [one] Für 1 Bestellung zuordnen
   *[other] Für { $orders } Bestellungen zuordnen
    }
orders-exceptions-create = Produkt aus diesem Artikel anlegen
orders-exceptions-none = Kein Artikel wartet auf ein Produkt.
orders-exceptions-no-such-product = Kein Produkt mit der SKU oder GTIN „{ $product }“ in diesem Shop.
orders-exceptions-resolved = { $items ->
    [one] 1 Position
   *[other] { $items } Positionen
    } { $product } zugeordnet; { $orders ->
    [0] noch keine Bestellung freigegeben (andere Positionen warten noch).
    [one] 1 Bestellung kann jetzt bestätigt werden.
   *[other] { $orders } Bestellungen können jetzt bestätigt werden.
    }
orders-exceptions-link = { $groups ->
    [one] 1 Artikel ohne Produkt
   *[other] { $groups } Artikel ohne Produkt
    }
orders-exceptions-link-hint = ihre Bestellungen können erst nach der Zuordnung bestätigt werden.
orders-item-map = Einem Produkt zuordnen
orders-item-map-here = Für alle Bestellungen mit diesem Artikel zuordnen
orders-ask-cancel = Bestellung { $number } stornieren? Der reservierte Bestand wird freigegeben. Das kann nicht rückgängig gemacht werden.
orders-ask-cancel-letzshop = Bestellung { $number } stornieren? Der reservierte Bestand wird freigegeben. Letzshop wird nicht informiert: Um den Kunden zu benachrichtigen, lehnen Sie stattdessen die Positionen ab. Das kann nicht rückgängig gemacht werden.
orders-ask-refund = Bestellung { $number } als erstattet markieren? Das kann nicht rückgängig gemacht werden.
orders-ask-decline = „{ $item }“ ablehnen? Das kann nicht rückgängig gemacht werden.
orders-ask-decline-letzshop = „{ $item }“ ablehnen? Letzshop wird informiert und der Kunde benachrichtigt. Das kann nicht rückgängig gemacht werden.
orders-filter-attention = Zu erledigen
orders-attention-to-confirm = Zu bestätigen
orders-attention-blocked = Blockiert: Positionen ohne Produkt
orders-attention-short = Bestand reicht nicht
orders-attention-overdue = Nach 3 Tagen nicht versendet
orders-attention-not-invoiced = Versendet, nicht in Rechnung gestellt
orders-sort = Sortieren
orders-sort-newest = Neueste zuerst
orders-sort-oldest = Älteste zuerst
orders-sort-total-desc = Höchster Betrag zuerst
orders-sort-total-asc = Niedrigster Betrag zuerst
orders-sort-status = Nach Status (Offenes zuerst)
orders-col-items = Stück

## Bulk work
orders-bulk-legend = Mehrere Bestellungen auf einmal bearbeiten
orders-bulk-select-all = Alle Bestellungen dieser Seite auswählen
orders-bulk-select = Bestellung { $number } auswählen
orders-bulk-scope-selected = Die unten angekreuzten Bestellungen
orders-bulk-scope-filter = Alle { $n } Bestellungen, die dem Filter entsprechen
orders-bulk-action = Aktion
orders-bulk-action-confirm = Bestätigen
orders-bulk-action-ship = Versenden
orders-bulk-action-invoice = Rechnungen ausstellen
orders-bulk-action-email = Rechnungen per E-Mail an die Käufer senden
orders-bulk-action-cancel = Bestellungen stornieren
orders-bulk-run = Auf die Bestellungen anwenden
orders-bulk-cancel-confirm = Die gewählten Bestellungen stornieren? Der reservierte Bestand wird freigegeben, Letzshop wird informiert und die Kunden werden benachrichtigt. Dies kann nicht rückgängig gemacht werden.
orders-bulk-ship-options = Versanddetails
orders-bulk-carrier = Versanddienst (für Bestellungen ohne Zeile unten)
orders-bulk-tracking = Sendungsnummern: eine Bestellung pro Zeile — Bestellnummer, Versanddienst, Sendungsnummer
orders-bulk-tracking-placeholder = ORD-2026-00012, Post, LU123456789
orders-bulk-tracking-file = Oder die Zeilen aus einer CSV-Datei lesen
orders-bulk-download-invoices = Rechnungen herunterladen (zip)
orders-bulk-none-selected = Kreuzen Sie mindestens eine Bestellung an oder wählen Sie alle Bestellungen, die dem Filter entsprechen.
orders-bulk-tracking-line = Sendungsnummern, Zeile { $line }: { $message }
orders-bulk-tracking-unknown = in diesem Shop gibt es keine Bestellung { $number }
orders-bulk-tracking-columns = geben Sie Bestellnummer, Versanddienst und Sendungsnummer an
orders-job-title-confirm = Bestellungen werden bestätigt
orders-job-title-ship = Bestellungen werden versendet
orders-job-title-invoice = Rechnungen werden ausgestellt
orders-job-title-email = Rechnungen werden per E-Mail gesendet
orders-job-title-cancel = Bestellungen werden storniert
orders-job-status-queued = Wartet auf den Start
orders-job-status-running = Läuft
orders-job-status-done = Abgeschlossen
orders-job-progress = { $done } von { $total } Bestellungen
orders-job-summary = { $ok } erledigt, { $refused } abgelehnt.
orders-job-refresh = Aktualisieren, um den Fortschritt zu sehen
orders-job-results = Bestellung für Bestellung
orders-job-col-order = Bestellung
orders-job-col-result = Ergebnis
orders-job-ok = Erledigt
orders-job-refused = Abgelehnt
orders-job-unknown-order = Keine Bestellung dieses Shops
orders-job-back = Zurück zu den Bestellungen
orders-packing-slip = Lieferschein
orders-packing-slip-hint = PDF für das Paket: Artikel, Lagerplätze und die Bestellnummer als Barcode
orders-packing-slips = Lieferscheine
orders-pick-list = Kommissionierliste
