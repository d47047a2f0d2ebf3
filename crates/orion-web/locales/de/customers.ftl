## Kunden: die Liste, der Export, die Kundenseite und die Formulare.

customers-title = Kunden
customers-new = Neuer Kunde
customers-export = Kunden exportieren:
customers-export-feature = Der CSV-Export der Kunden
customers-search-placeholder = E-Mail, Name, Firma oder Nummer
customers-consent = Werbeeinwilligung
customers-consent-given = Erteilt
customers-consent-not-given = Nicht erteilt
customers-consent-yes = ja
customers-consent-no = nein
customers-tag = Schlagwort
customers-export-filtered = Mit Filtern exportieren
customers-export-created-from = Angelegt ab
customers-export-created-to = Angelegt bis
customers-export-ordered-from = Letzte Bestellung ab
customers-export-ordered-to = Letzte Bestellung bis
customers-export-download = CSV herunterladen
customers-col-number = Nummer
customers-col-name = Name
customers-col-email = E-Mail
customers-col-company = Firma
customers-col-orders = Bestellungen
customers-col-spent = Umsatz
customers-col-last-order = Letzte Bestellung
customers-col-consent = Einwilligung
customers-col-tags = Schlagwörter
customers-none-match = Keine passenden Kunden.
customers-list-count =
    { $count ->
        [one] { $n } Kunde
       *[other] { $n } Kunden
    }

customers-detail-vat-id = USt-IdNr. { $id }
customers-detail-peppol-id = Peppol-ID { $id }
customers-detail-since = Kunde seit { $date }
customers-detail-statistics = Statistik
customers-detail-orders = Bestellungen
customers-detail-total-spent = Gesamtumsatz
customers-detail-average-order = Durchschnittlicher Bestellwert
customers-detail-first-order = Erste Bestellung
customers-detail-last-order = Letzte Bestellung
customers-detail-addresses = Adressen
customers-detail-no-address = Noch keine Adresse.
customers-detail-orders-counted =
    { $count ->
        [one] { $n } Bestellung zählt für die Statistik (stornierte und erstattete Bestellungen zählen nicht).
       *[other] { $n } Bestellungen zählen für die Statistik (stornierte und erstattete Bestellungen zählen nicht).
    }
customers-detail-orders-link = Bestellungen dieses Kunden anzeigen.
customers-detail-edit = Bearbeiten

customers-field-email = E-Mail
customers-field-first-name = Vorname
customers-field-last-name = Nachname
customers-field-phone = Telefon
customers-field-company = Firma
customers-field-vat-id = USt-IdNr.
customers-field-peppol-id = Peppol-ID
customers-field-peppol-id-hint = Für E-Rechnungen über Peppol, z. B. 9930:DE136695976 (optional)
customers-field-language = Sprache
customers-field-tags = Schlagwörter (durch Kommas getrennt)
customers-field-street = Straße
customers-field-postal-code = Postleitzahl
customers-field-city = Ort
customers-field-country = Land (ISO-Code)
customers-field-marketing-consent = Ist mit Werbung einverstanden
customers-form-address = Adresse (optional)
customers-form-create = Kunden anlegen
customers-form-errors =
    { $count ->
        [one] { $count } Feld muss korrigiert werden.
       *[other] { $count } Felder müssen korrigiert werden.
    }
customers-created = Kunde angelegt
customers-saved = Gespeichert

customers-language-en = Englisch
customers-language-fr = Französisch
customers-language-de = Deutsch
