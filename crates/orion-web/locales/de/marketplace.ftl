## Letzshop: die Verbindung, Synchronisierungen und ihr Fortschritt, der Postausgang, das Protokoll, der Letzshop-Bereich der Bestellseite.

marketplace-title = Letzshop
marketplace-no-sandbox = Es gibt keine Letzshop-Testumgebung.
marketplace-no-sandbox-detail = Ein echter API-Schlüssel funktioniert in der Produktion: Jede Bestätigung, Ablehnung und Sendungsnummer, die Orion sendet, erreicht echte Kunden.
marketplace-simulator-first = Testen Sie zuerst mit dem Simulator:
marketplace-connection = Verbindung
marketplace-key = Schlüssel
marketplace-endpoint = Endpunkt
marketplace-production = Produktion
marketplace-auto-sync-on = Automatische Synchronisierung an, alle { $minutes } Min.
marketplace-auto-sync-off = Automatische Synchronisierung aus
marketplace-last-sync = letzte Synchronisierung am { $at }
marketplace-never-synced = noch nie synchronisiert
marketplace-next-sync = nächste am { $at }
marketplace-syncing-now = Synchronisierung läuft
marketplace-not-connected = Noch nicht verbunden.
marketplace-api-key = API-Schlüssel
marketplace-api-key-keep = API-Schlüssel (leer lassen, um ••••{ $last4 } zu behalten)
marketplace-endpoint-label = Endpunkt
marketplace-sync-interval = Synchronisieren alle (Minuten, ≥ 5)
marketplace-default-carrier = Standard-Versanddienstleister
marketplace-carrier-placeholder = Post Luxembourg
marketplace-auto-sync = Automatisch synchronisieren
marketplace-save-connection = Verbindung speichern
marketplace-test-connection = Verbindung testen
marketplace-sync-now = Jetzt synchronisieren
marketplace-import-history = Bestellhistorie importieren
marketplace-disconnect = Trennen

marketplace-job-title-sync = Synchronisierung Nr. { $id }:
marketplace-job-title-history = Historischer Import Nr. { $id }:
marketplace-job-progress =
    Phase: { $phase } · { $pages ->
        [one] { $pages } Seite
       *[other] { $pages } Seiten
    } · { $imported } importiert · { $updated } aktualisiert · { $held } zurückgehalten · { $exceptions ->
        [one] { $exceptions } Ausnahme
       *[other] { $exceptions } Ausnahmen
    } · { $unchanged } unverändert · { $errors } Fehler
marketplace-job-errors = Fehler
marketplace-job-refresh = Fortschritt aktualisieren
marketplace-job-kind-sync = Synchronisierung
marketplace-job-kind-history = historischer Import
marketplace-job-status-queued = Wartend
marketplace-job-status-running = Läuft
marketplace-job-status-done = Fertig
marketplace-job-status-failed = Fehlgeschlagen
marketplace-phase-unconfirmed = unbestätigte Sendungen
marketplace-phase-confirmed = bestätigte Sendungen
marketplace-phase-done = fertig

marketplace-runs-title = Letzte Läufe
marketplace-runs-kind = Art
marketplace-runs-status = Status
marketplace-runs-imported = Importiert
marketplace-runs-updated = Aktualisiert
marketplace-runs-held = Zurückgehalten
marketplace-runs-exceptions = Ausnahmen
marketplace-runs-errors = Fehler
marketplace-runs-started = Gestartet
marketplace-runs-none = Noch keine Synchronisierung.

marketplace-outbox-title = Postausgang ({ $n })
marketplace-outbox-show = Anzeigen:
marketplace-outbox-all = alle
marketplace-outbox-order = Bestellung
marketplace-outbox-operation = Vorgang
marketplace-outbox-status = Status
marketplace-outbox-attempts = Versuche
marketplace-outbox-when = Nächster Versuch / gesendet
marketplace-outbox-last-error = Letzter Fehler
marketplace-outbox-retry = Erneut versuchen
marketplace-outbox-none = Nichts zu senden.
marketplace-outbox-status-pending = Wartend
marketplace-outbox-status-sending = Wird gesendet
marketplace-outbox-status-sent = Gesendet
marketplace-outbox-status-failed = Fehlgeschlagen
marketplace-operation-sync = Synchronisierung
marketplace-operation-history = historischer Import
marketplace-operation-confirm = Bestätigung
marketplace-operation-decline = Ablehnung
marketplace-operation-tracking = Sendungsnummer
marketplace-operation-test = Verbindungstest

marketplace-log-title = Synchronisierungsprotokoll
marketplace-log-when = Zeitpunkt
marketplace-log-operation = Vorgang
marketplace-log-result = Ergebnis
marketplace-log-duration = Dauer
marketplace-log-error = Fehler
marketplace-log-none = Noch nichts protokolliert.
marketplace-duration-ms = { $ms } ms
marketplace-log-run =
    { $imported } importiert, { $updated } aktualisiert, { $unchanged } unverändert, { $held } zurückgehalten, { $exceptions ->
        [one] { $exceptions } Ausnahme
       *[other] { $exceptions } Ausnahmen
    }, { $errors } Fehler ({ $pages ->
        [one] { $pages } Seite
       *[other] { $pages } Seiten
    }).
marketplace-log-sent = Bestellung { $order }: an Letzshop übermittelt (Versuch { $attempt }).
marketplace-log-not-sent = Bestellung { $order }: nicht übermittelt (Versuch { $attempt }).
marketplace-log-test-ok = Der Verbindungstest war erfolgreich.
marketplace-log-test-failed = Der Verbindungstest ist fehlgeschlagen.

marketplace-panel-intro = Entscheidungen und Sendungsnummern werden über den Postausgang an Letzshop übermittelt; maßgeblich ist die hier gespeicherte Sendungsnummer.
marketplace-panel-sent = Gesendet
marketplace-panel-units =
    ({ $count ->
        [one] { $count } Einheit
       *[other] { $count } Einheiten
    })
marketplace-panel-outbox-link = Letzshop-Postausgang
marketplace-carrier-other = anderer Versanddienstleister

marketplace-connection-saved = Letzshop-Verbindung gespeichert.
marketplace-connection-removed = Letzshop-Verbindung entfernt.
marketplace-test-ok = Verbindung OK: { $endpoint } hat den Schlüssel akzeptiert ({ $ms } ms).
marketplace-test-failed = Verbindungstest fehlgeschlagen: { $reason }
marketplace-connect-first = Speichern Sie zuerst die Letzshop-Verbindung.
marketplace-sync-started = Synchronisierung gestartet.
marketplace-history-started = Historischer Import gestartet.
marketplace-retry-queued = Der Vorgang wird jetzt erneut gesendet.
marketplace-sync-interval-error = Das Synchronisierungsintervall { $message }.
marketplace-ask-disconnect = Letzshop trennen? Der gespeicherte API-Schlüssel wird gelöscht; Bestellungen werden nicht mehr synchronisiert und nichts wird mehr an Letzshop gesendet, bis wieder ein Schlüssel gespeichert ist.
marketplace-setup-connect = Letzshop verbinden
marketplace-setup-connect-hint = Speichern Sie Ihren Letzshop-API-Schlüssel: Bestellungen werden dann von selbst importiert.
marketplace-health-title = Letzshop
marketplace-health-last = Letzte Synchronisierung:
marketplace-health-ok = { $count ->
    [one] 1 Bestellung importiert
   *[other] { $count } Bestellungen importiert
    }
marketplace-health-problem = { $count ->
    [one] 1 Fehler, siehe Protokoll
   *[other] { $count } Fehler oder ein Abbruch, siehe Protokoll
    }
marketplace-health-never = Noch nicht synchronisiert.
marketplace-health-next = Nächste Synchronisierung:
marketplace-health-open = Letzshop öffnen
