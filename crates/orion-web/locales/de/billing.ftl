## Abonnement: Tarif und Verbrauch des Shops, Tarife, Übersicht und Abonnement eines Händlers.

billing-title = Abonnement
billing-plan = Tarif
billing-status = Status:
billing-trial-ends = endet am { $date }
billing-current-period = Aktueller Zeitraum
billing-period = { $start } – { $end }
billing-usage = Verbrauch
billing-usage-of = { $used } / { $limit }
billing-over-80 = Über 80 % genutzt.
billing-included-features = Enthaltene Funktionen
billing-next-adds = Was { $tier } zusätzlich bietet
billing-per-month = { $price } pro Monat
billing-limit-line = { $metric }: { $limit }
billing-ask-operator = Bitten Sie den Betreiber der Plattform, Ihren Tarif zu ändern.
billing-admin-only = Nur für Plattform-Administratoren.

billing-status-trialing = Testphase
billing-status-active = Aktiv
billing-status-past-due = Zahlung überfällig
billing-status-cancelled = Gekündigt

billing-metric-orders-per-month = Bestellungen in diesem Monat
billing-metric-products = Produkte
billing-metric-team-members = Teammitglieder
billing-metric-api-requests-per-day = API-Anfragen heute

billing-feature-letzshop-sync = Abgleich der Letzshop-Bestellungen
billing-feature-order-confirm-decline = Artikel bestätigen und ablehnen
billing-feature-tracking = Hochladen der Sendungsverfolgung
billing-feature-invoice-lu = Rechnungen mit luxemburgischer MwSt.
billing-feature-customer-list = Kundenliste
billing-feature-invoice-eu-vat = Rechnungen mit EU-MwSt. (OSS, innergemeinschaftlich, Ausfuhr)
billing-feature-warehouses = Lager und Lagerplätze
billing-feature-purchase-orders = Bestellungen bei Lieferanten und Wareneingang
billing-feature-customer-csv-export = CSV-Export der Kunden
billing-feature-multi-store-dashboard = Übersicht über mehrere Shops
billing-feature-accounting-export = Export für die Buchhaltung
billing-feature-api-keys = API-Schlüssel

billing-upgrade-not-included = { $what } ist in Ihrem Tarif nicht enthalten.
billing-upgrade-to = { $what } ist in Ihrem Tarif nicht enthalten — wechseln Sie zu { $tier }, um es zu nutzen.
billing-upgrade-see-plans = Tarife und Verbrauch ansehen

## Tarife (Plattform-Administratoren).

billing-tiers-title = Tarife
billing-tiers-intro = Änderungen gelten sofort für alle Händler des Tarifs. Lassen Sie ein Limit leer für unbegrenzt.
billing-tiers-name = Name
billing-tiers-price = Monatspreis (€, leer = auf Anfrage)
billing-tiers-features = Funktionen
billing-tiers-save = { $tier } speichern
billing-tiers-saved = Tarif { $tier } gespeichert; er gilt ab sofort für seine Händler.
billing-tiers-field-error = { $field }: { $problem }
billing-tiers-not-saved = Nicht gespeichert — { $problems }

## Abonnements im Überblick (Plattform-Administratoren).

billing-overview-title = Abonnements im Überblick
billing-overview-mrr = Geschätzter monatlich wiederkehrender Umsatz
billing-overview-mrr-hint = aktive und überfällige Abonnements
billing-overview-merchants = { $count ->
    [one] Händler
   *[other] Händler
    }
billing-overview-trials-ending = Testphasen, die in den nächsten 7 Tagen enden
billing-overview-merchant = Händler
billing-overview-trial-ends = Ende der Testphase
billing-overview-merchant-number = Händler Nr. { $id }
billing-overview-no-trials = Keine.

## Der Abschnitt Abonnement auf der Seite eines Händlers (Verwaltung).

billing-panel-title = Abonnement
billing-panel-status = Status
billing-panel-tier = Tarif
billing-panel-status-label = Status
billing-panel-trial-ends = Ende der Testphase (bei Testphase)
billing-panel-change = Abonnement ändern
billing-panel-history = Verlauf ({ $count })
billing-panel-when = Wann
billing-panel-from = Von
billing-panel-to = Zu
billing-panel-note = Notiz
billing-panel-plan-status = { $tier } ({ $status })
billing-panel-by-user = von { $name }
billing-subscription-changed = Das Abonnement ist jetzt { $tier } ({ $status }).
billing-tiers-api-burst = Spitze je API-Schlüssel (Anfragen auf einmal)
billing-tiers-api-rate = Rate je API-Schlüssel (Anfragen pro Minute)
