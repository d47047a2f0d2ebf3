## Rechnungen: die Rechnungsliste, die Rechnungsseite mit Gutschriften, der Rechnungsbereich der Bestellseite, die Rechnungseinstellungen.

invoicing-title = Rechnungen
invoicing-search-placeholder = Nummer, Käufer, E-Mail
invoicing-filter-type = Art
invoicing-filter-regime = MwSt.-Regelung
invoicing-filter-from = Von
invoicing-filter-to = Bis
invoicing-col-number = Nummer
invoicing-col-date = Datum
invoicing-col-buyer = Käufer
invoicing-col-regime = Regelung
invoicing-col-status = Status
invoicing-col-net = Netto
invoicing-col-vat = MwSt.
invoicing-col-total = Brutto
invoicing-none = Noch keine Rechnungen. Erstellen Sie eine auf der Seite einer bestätigten Bestellung.
invoicing-list-count =
    { $count ->
        [one] { $n } Beleg
       *[other] { $n } Belege
    }

invoicing-status-draft = Entwurf
invoicing-status-issued = Ausgestellt
invoicing-status-paid = Bezahlt
invoicing-status-cancelled = Storniert
invoicing-type-invoice = Rechnung
invoicing-type-credit-note = Gutschrift

invoicing-regime-domestic = Inlandslieferung
invoicing-regime-domestic-other-ms = Inlandslieferung in einem anderen EU-Land
invoicing-regime-distance-sale-origin = Fernverkauf, im Land des Verkäufers besteuert
invoicing-regime-distance-sale-oss = Fernverkauf über den One-Stop-Shop (OSS)
invoicing-regime-distance-sale-destination-registered = Fernverkauf, im Bestimmungsland besteuert
invoicing-regime-intra-community-supply = Innergemeinschaftliche Lieferung
invoicing-regime-export = Ausfuhr
invoicing-regime-help-domestic = Lieferung innerhalb des Landes des Verkäufers ({ $country }): Es gilt die Mehrwertsteuer dieses Landes.
invoicing-regime-help-domestic-other-ms = Lieferung innerhalb des Landes, in dem die Ware lagert ({ $country }): Es gilt die Mehrwertsteuer dieses Landes, erklärt über eine dortige Registrierung.
invoicing-regime-help-distance-sale-origin = Verkauf an Verbraucher in einem anderen EU-Land, solange die Fernverkäufe in der EU unter 10 000 € pro Jahr bleiben: Es gilt die Mehrwertsteuer des Landes des Verkäufers ({ $country }).
invoicing-regime-help-distance-sale-oss = Verkauf an Verbraucher in einem anderen EU-Land: Es gilt die Mehrwertsteuer des Bestimmungslandes ({ $country }), erklärt über den One-Stop-Shop (OSS).
invoicing-regime-help-distance-sale-destination-registered = Verkauf an Verbraucher in einem anderen EU-Land: Es gilt die Mehrwertsteuer des Bestimmungslandes ({ $country }), erklärt über eine dortige Registrierung.
invoicing-regime-help-intra-community-supply = Verkauf an ein Unternehmen mit gültiger USt-IdNr. in einem anderen EU-Land: steuerfrei im Abgangsland ({ $country }); der Käufer schuldet die Steuer.
invoicing-regime-help-export = Die Ware verlässt das Mehrwertsteuergebiet der EU: steuerfreie Ausfuhr aus dem Abgangsland ({ $country }).

invoicing-vat-category-s = Normaler oder ermäßigter Steuersatz
invoicing-vat-category-z = Nullsatz
invoicing-vat-category-k = Steuerfreie innergemeinschaftliche Lieferung
invoicing-vat-category-g = Steuerfreie Ausfuhr
invoicing-vat-category-ae = Umkehr der Steuerschuld

invoicing-invoice-title = Rechnung { $number }
invoicing-credit-note-title = Gutschrift { $number }
invoicing-download-pdf = PDF herunterladen
invoicing-detail-seller = Verkäufer
invoicing-detail-buyer = Käufer
invoicing-detail-document = Beleg
invoicing-vat-id = USt-IdNr. { $id }
invoicing-detail-dates = Ausgestellt am { $issued } · Lieferung am { $supply }
invoicing-detail-due = Fällig am { $date }
invoicing-detail-language = Sprache: { $language }
invoicing-detail-order = Bestellung
invoicing-detail-corrects = Korrigiert
invoicing-detail-reason = Grund: { $reason }
invoicing-detail-vat = MwSt.
invoicing-detail-decision = Wie die Regelung bestimmt wurde
invoicing-detail-lines = Positionen
invoicing-line-description = Beschreibung
invoicing-line-quantity = Menge
invoicing-line-unit-price = Einzelpreis
invoicing-line-vat = MwSt.
invoicing-line-amount = Betrag
invoicing-detail-breakdown = MwSt.-Aufschlüsselung
invoicing-breakdown-category = Kategorie
invoicing-breakdown-rate = Satz
invoicing-breakdown-taxable = Bemessungsgrundlage
invoicing-breakdown-vat = MwSt.
invoicing-breakdown-totals = Summen
invoicing-breakdown-total = Gesamt
invoicing-detail-credit-notes = Gutschriften
invoicing-detail-actions = Aktionen
invoicing-mark-paid = Als bezahlt markieren
invoicing-credit-reason = Grund der Gutschrift
invoicing-credit-reason-placeholder = Rücksendung, Preiskorrektur…
invoicing-credit-units = Gutzuschreibende Einheiten (alle leer lassen, um alles Verbleibende gutzuschreiben)
invoicing-credit-line = { $position }. { $description } (von { $quantity })
invoicing-credit-issue = Gutschrift ausstellen
invoicing-credit-quantity-error = Position { $position }: Die Menge { $message }.
invoicing-marked-paid = Die Rechnung ist als bezahlt markiert.
invoicing-credit-note-issued = Gutschrift { $number } ausgestellt.
invoicing-invoice-issued = Rechnung { $number } ausgestellt.
invoicing-invoice-exists = Die Bestellung hat bereits die Rechnung { $number }.
invoicing-unknown-action = unbekannte Aktion

invoicing-panel-title = Rechnung
invoicing-panel-invoice = Rechnung
invoicing-panel-download = Rechnung herunterladen
invoicing-panel-not-configured = Für Rechnungen werden zuerst die Angaben des Verkäufers benötigt.
invoicing-panel-fill-settings = Rechnungseinstellungen ausfüllen
invoicing-panel-generate = Rechnung erstellen
invoicing-panel-after-confirmation = Eine Rechnung kann erstellt werden, sobald die Bestellung bestätigt ist.

invoicing-settings-title = Rechnungseinstellungen
invoicing-settings-correct = Bitte korrigieren Sie:
invoicing-settings-intro = Rechnungen benötigen den rechtlichen Namen, die Adresse und die USt-IdNr. des Verkäufers. Ausgestellte Rechnungen behalten die Einstellungen, mit denen sie ausgestellt wurden.
invoicing-settings-seller = Verkäufer
invoicing-settings-legal-name = Rechtlicher Name
invoicing-settings-street = Straße
invoicing-settings-postal-code = Postleitzahl
invoicing-settings-city = Ort
invoicing-settings-country = Land (ISO-Code)
invoicing-settings-vat-number = USt-IdNr.
invoicing-settings-vat-number-hint = z. B. LU15027442
invoicing-settings-rcs-number = RCS-Nummer
invoicing-settings-rcs-number-hint = Handelsregister, z. B. B123456
invoicing-settings-business-permit = Niederlassungsgenehmigung
invoicing-settings-numbering = Nummerierung und Zahlung
invoicing-settings-invoice-prefix = Präfix für Rechnungen
invoicing-settings-credit-note-prefix = Präfix für Gutschriften
invoicing-settings-numbering-scheme = Nummernschema
invoicing-settings-numbering-scheme-hint = Platzhalter { "{prefix}" }, { "{year}" }, { "{seq}" } oder { "{seq:05}" }; mit { "{year}" } beginnt die Zählung jedes Jahr neu.
invoicing-settings-payment-terms = Zahlungsbedingungen
invoicing-settings-due-days = Zahlungsziel in Tagen
invoicing-settings-footer-text = Fußzeile
invoicing-settings-logo = Logo (PNG, höchstens 256 KiB)
invoicing-settings-logo-set = Ein Logo ist hinterlegt.
invoicing-settings-logo-remove = Entfernen
invoicing-settings-default-language = Standardsprache
invoicing-settings-eu-vat = EU-Mehrwertsteuer
invoicing-settings-oss-registered = Für den One-Stop-Shop (OSS) registriert
invoicing-settings-oss-country = OSS-Registrierungsland
invoicing-settings-oss-date = OSS-Registrierungsdatum
invoicing-settings-destination-taxation = Für die Besteuerung im Bestimmungsland unterhalb der EU-Schwelle optiert (bindet für zwei Jahre)
invoicing-settings-ship-from = Versandland
invoicing-settings-ship-from-hint = Standard: das Land des Firmensitzes
invoicing-settings-save = Rechnungseinstellungen speichern
invoicing-settings-saved = Rechnungseinstellungen gespeichert.
invoicing-settings-unreadable = Das Formular konnte nicht gelesen werden. Laden Sie die Seite neu und versuchen Sie es erneut.
invoicing-ask-issue = Rechnung jetzt ausstellen? Sie erhält die nächste Nummer und kann nicht mehr geändert oder gelöscht werden; Korrekturen erfordern eine Gutschrift.
invoicing-ask-credit-note = Gutschrift zu { $number } ausstellen? Sie erhält die nächste Gutschriftnummer und kann weder geändert noch gelöscht werden.
invoicing-setup-settings = Rechnungseinstellungen ausfüllen
invoicing-setup-settings-hint = Firmenname, Adresse, USt-IdNr. und Bankverbindung: vorher kann keine Bestellung in Rechnung gestellt werden.

invoicing-zip-not-invoiced = Diese Bestellungen haben noch keine Rechnung:

# Ein Dokument per E-Mail an den Käufer senden.
invoicing-send-title = Per E-Mail senden
invoicing-send-to = Empfänger (optional)
invoicing-send-to-hint = Leer lassen, um es an die E-Mail-Adresse des Käufers auf dem Dokument zu senden. Das PDF wird angehängt.
invoicing-send-submit = Per E-Mail senden
invoicing-send-queued = Die E-Mail ist unterwegs; verfolgen Sie sie im E-Mail-Protokoll.

# E-invoices
invoicing-download-ubl = UBL herunterladen
invoicing-download-facturx = Factur-X herunterladen
invoicing-settings-einvoices = E-Rechnungen
invoicing-settings-einvoice-pdf = Rechnungs-PDFs sind Factur-X-E-Rechnungen
invoicing-settings-einvoice-pdf-hint = PDF/A-3 mit den Rechnungsdaten nach EN 16931, die die Buchhaltung französischer und deutscher Käufer direkt einliest. Gilt für ab jetzt ausgestellte Dokumente.
invoicing-settings-peppol-id = Peppol-ID
invoicing-settings-peppol-id-hint = Ihre Peppol-Teilnehmerkennung (Schema:Kennung) auf UBL-E-Rechnungen. Leer: { $default }, aus Ihrer USt-IdNr.
invoicing-buyer-not-on-peppol = Keine Peppol-Adresse (keine Peppol-ID beim Kunden, keine USt-IdNr.): Die E-Rechnung nennt stattdessen die E-Mail-Adresse des Käufers. Sie ist eine gültige EN-16931-Rechnung, kann aber nicht über Peppol versandt werden.
invoicing-settings-send-on-issue = Rechnungen und Gutschriften bei Ausstellung per E-Mail an den Käufer senden
invoicing-settings-send-on-issue-hint = PDF und UBL-E-Rechnung werden angehängt; Dokumente ohne E-Mail-Adresse des Käufers werden trotzdem ausgestellt.
