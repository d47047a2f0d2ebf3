## Tenancy: Anmeldung, Übersicht, Team, Einladungen, Profil, Shop-Einstellungen, Verwaltung.

profile-title = Profil
profile-email = Angemeldet als
profile-language = Sprache der Oberfläche
profile-language-browser = Wie mein Browser es bevorzugt
profile-language-hint = Seiten, Meldungen und Datumsangaben folgen dieser Sprache auf jedem Gerät, auf dem Sie sich anmelden.
profile-saved = Profil gespeichert.
profile-password-title = Passwort ändern
profile-password-current = Aktuelles Passwort
profile-password-new = Neues Passwort
profile-password-hint = Mindestens { $min } Zeichen. Ihre anderen Sitzungen und API-Tokens werden abgemeldet.
profile-password-submit = Passwort ändern
profile-password-changed = Passwort geändert. Ihre anderen Sitzungen wurden abgemeldet.
profile-password-wrong = Das aktuelle Passwort ist falsch.
profile-password-rules = Das neue Passwort muss mindestens { $min } Zeichen lang sein.

store-settings-title = Shop-Einstellungen
store-settings-code = Shop-Code { $code }
store-settings-name = Name des Shops
store-settings-default-language = Standardsprache der Dokumente
store-settings-default-language-hint = Rechnungen und E-Mails verwenden die Sprache des Kunden; diese, wenn sie unbekannt ist.
store-settings-timezone = Zeitzone
store-settings-timezone-hint = Datums- und Zeitangaben der Oberfläche werden in dieser Zeitzone angezeigt.
store-settings-saved = Shop-Einstellungen gespeichert.

## Rollen und Berechtigungen, wie man sie liest.

tenancy-role-owner = Inhaber
tenancy-role-manager = Manager
tenancy-role-staff = Mitarbeiter
tenancy-role-accountant = Buchhaltung

tenancy-permission-store-view = Shop ansehen
tenancy-permission-orders-view = Bestellungen ansehen
tenancy-permission-orders-edit = Bestellungen bearbeiten
tenancy-permission-products-view = Produkte ansehen
tenancy-permission-products-edit = Produkte bearbeiten
tenancy-permission-inventory-view = Lagerbestand ansehen
tenancy-permission-inventory-adjust = Lagerbestand korrigieren
tenancy-permission-customers-view = Kunden ansehen
tenancy-permission-customers-edit = Kunden bearbeiten
tenancy-permission-customers-export = Kunden exportieren
tenancy-permission-invoices-view = Rechnungen ansehen
tenancy-permission-invoices-issue = Rechnungen ausstellen
tenancy-permission-purchasing-manage = Einkauf verwalten
tenancy-permission-reports-view = Berichte ansehen
tenancy-permission-marketplace-manage = Marktplätze verwalten
tenancy-permission-settings-manage = Einstellungen verwalten
tenancy-permission-team-view = Team ansehen
tenancy-permission-team-manage = Team verwalten
tenancy-permission-roles-manage = Rollen verwalten
tenancy-permission-billing-view = Abonnement ansehen

tenancy-no-store = Sie arbeiten noch in keinem Shop. Bitten Sie den Inhaber eines Shops um eine Einladung.
tenancy-admin-only = Nur für Plattform-Administratoren.

## Anmeldung und Einladungen.

tenancy-login-page-title = Anmelden
tenancy-login-title = Bei Orion anmelden
tenancy-login-email = E-Mail
tenancy-login-password = Passwort
tenancy-login-store-code = Shop-Code
tenancy-login-store-code-placeholder = z. B. ACME-LU
tenancy-login-submit = Anmelden
tenancy-login-demo-hint = Die Demo-Zugangsdaten gibt { $command } aus.
tenancy-login-languages = Sprache
tenancy-logged-out = Sie sind abgemeldet

tenancy-invitation-page-title = Dem Team beitreten
tenancy-invitation-title = { $store } beitreten
tenancy-invitation-text = Sie wurden als { $role } von { $store } ({ $code }) mit der E-Mail-Adresse { $email } eingeladen.
tenancy-invitation-existing-account = Sie haben bereits ein Orion-Konto: Nehmen Sie an und melden Sie sich dann mit Ihrem Passwort an.
tenancy-invitation-password = Wählen Sie ein Passwort
tenancy-invitation-password-hint = mindestens 10 Zeichen
tenancy-invitation-accept = Einladung annehmen
tenancy-invitation-joined = Sie sind { $store } beigetreten. Melden Sie sich an, um fortzufahren.

## Übersicht.

tenancy-dashboard-title = Übersicht
tenancy-dashboard-store-code = Shop-Code
tenancy-dashboard-role = Ihre Rolle
tenancy-dashboard-stores = Ihre Shops
tenancy-dashboard-getting-started = Erste Schritte
tenancy-dashboard-permissions = Ihre Berechtigungen in diesem Shop
tenancy-dashboard-welcome = Willkommen
tenancy-dashboard-no-store = Sie sind noch in keinem Shop Mitglied.
tenancy-dashboard-admin-hint = Legen Sie Händler und ihre Shops im Verwaltungsbereich an.
tenancy-dashboard-admin-link = Zum Verwaltungsbereich

## Team.

tenancy-team-page-title = Team
tenancy-team-title = Team von { $store }
tenancy-team-members-count = { $count ->
    [one] { $n } Mitglied
   *[other] { $n } Mitglieder
    }
tenancy-team-email = E-Mail
tenancy-team-role = Rolle
tenancy-team-joined = Dabei seit
tenancy-team-you = Sie
tenancy-team-role-of = Rolle von { $email }
tenancy-team-change-role = Rolle ändern
tenancy-team-remove = Entfernen
tenancy-team-remove-confirm = { $email } aus diesem Shop entfernen?
tenancy-team-pending = Offene Einladungen
tenancy-team-expires = Gültig bis
tenancy-team-invite-title = Teammitglied einladen
tenancy-team-seats = { $used } von { $limit } Plätzen im Tarif { $plan } belegt (offene Einladungen belegen einen Platz).
tenancy-team-seats-unlimited = { $used } von unbegrenzt vielen Plätzen im Tarif { $plan } belegt (offene Einladungen belegen einen Platz).
tenancy-team-another-member = Ein weiteres Teammitglied
tenancy-team-invite = Einladen
tenancy-team-invited = Einladung für { $email } erstellt. Senden Sie diesen Link:
tenancy-team-role-changed = { $email } ist jetzt { $role }.
tenancy-team-own-role = Sie können Ihre eigene Rolle nicht ändern; bitten Sie ein anderes Mitglied, das das Team verwaltet.
tenancy-team-permission-not-held = Sie können die Berechtigung „{ $permission }“ nicht vergeben, da Sie sie selbst nicht besitzen.
tenancy-team-member-removed = Mitglied entfernt.
tenancy-grants-title = Wer darf was
tenancy-grants-intro = Jede Berechtigung, die Rollen dieses Shops, die sie haben, und die API-Operationen, die sie erlaubt. Einer Rolle ohne die Berechtigung werden diese Operationen verweigert (403).
tenancy-grants-permission = Berechtigung
tenancy-grants-roles = Rollen
tenancy-grants-operations = API-Operationen
tenancy-grants-no-role = Keine Rolle
tenancy-grants-no-operation = Noch keine
tenancy-grants-any-member = Keine Berechtigung nötig
tenancy-grants-every-role = Alle Rollen

## Verwaltung: Händler und Shops.

tenancy-merchants-title = Händler
tenancy-merchants-name = Name
tenancy-merchants-country = Land
tenancy-merchants-contact = Kontakt
tenancy-merchants-stores = Shops
tenancy-merchants-empty = Noch keine Händler.
tenancy-merchants-count = { $count ->
    [one] { $n } Händler
   *[other] { $n } Händler
    }
tenancy-merchants-new = Neuer Händler
tenancy-merchants-legal-name = Firmenname
tenancy-merchants-legal-country = Land des Firmensitzes
tenancy-merchants-owner-email = E-Mail des Inhabers
tenancy-merchants-owner-password = Passwort des Inhabers
tenancy-merchants-owner-password-hint = für einen neuen Benutzer, mindestens 10 Zeichen
tenancy-merchants-create = Händler anlegen
tenancy-merchants-created = Händler angelegt. Fügen Sie unten einen Shop hinzu.

tenancy-merchant-stores = Shops
tenancy-merchant-store-code = Code
tenancy-merchant-store-name = Name
tenancy-merchant-store-country = Land
tenancy-merchant-store-language = Sprache
tenancy-merchant-no-stores = Noch keine Shops.
tenancy-merchant-new-store = Neuer Shop
tenancy-merchant-new-store-code = Shop-Code
tenancy-merchant-new-store-language = Standardsprache
tenancy-merchant-create-store = Shop anlegen
tenancy-merchant-store-created = Shop { $code } angelegt.
tenancy-setup-progress = { $done } von { $total } Schritten erledigt. Jeder Schritt hakt sich selbst ab, sobald er erledigt ist.
tenancy-setup-all-done = Ihr Shop ist eingerichtet. Die Schritte bleiben zum Nachschlagen hier.
tenancy-setup-done = Erledigt
tenancy-setup-todo = Offen
tenancy-setup-team = Ihr Team einladen
tenancy-setup-team-hint = Geben Sie jeder Person einen eigenen Zugang und eine passende Rolle.
tenancy-permission-api-keys-manage = API-Schlüssel verwalten
tenancy-permission-webhooks-manage = Webhooks verwalten
tenancy-api-keys-title = API-Schlüssel
tenancy-api-keys-intro = Mit API-Schlüsseln nutzen Ihre eigenen Programme — Shop, ERP oder Skripte — diesen Shop über die API, mit den Berechtigungen, die Sie ihnen geben. Anfragen zählen zum täglichen API-Kontingent Ihres Tarifs.
tenancy-api-keys-docs = API-Dokumentation
tenancy-api-keys-count = { $count ->
    [one] { $n } Schlüssel
   *[other] { $n } Schlüssel
    }
tenancy-api-key-name = Name
tenancy-api-key-name-example = z. B. Webshop-Abgleich
tenancy-api-key-hint = Schlüssel
tenancy-api-key-scopes = Berechtigungen
tenancy-api-key-scopes-help = Geben Sie dem Schlüssel nur, was das Programm braucht. Sie können nur Berechtigungen vergeben, die Sie selbst haben.
tenancy-api-key-status = Status
tenancy-api-key-status-active = Aktiv
tenancy-api-key-status-expired = Abgelaufen
tenancy-api-key-status-revoked = Widerrufen
tenancy-api-key-last-used = Zuletzt verwendet
tenancy-api-key-never-used = Nie verwendet
tenancy-api-key-expires = Läuft ab
tenancy-api-key-no-expiry = Nie
tenancy-api-key-expires-on = Läuft ab nach dem (optional)
tenancy-api-key-expires-help = Der Schlüssel funktioniert bis zum Ende dieses Tages (Luxemburger Zeit). Leer lassen für einen Schlüssel ohne Ablauf.
tenancy-api-key-create = Schlüssel erstellen
tenancy-api-key-new = Neuer API-Schlüssel
tenancy-api-key-created = Schlüssel „{ $name }“ erstellt
tenancy-api-key-created-on = erstellt am { $date }
tenancy-api-key-copy-now = Kopieren Sie dieses Geheimnis jetzt und bewahren Sie es sicher auf: Es wird nur dieses eine Mal angezeigt.
tenancy-api-key-secret = Geheimnis
tenancy-api-key-revoke = Widerrufen
tenancy-api-key-revoke-confirm = Schlüssel „{ $name }“ widerrufen? Programme, die ihn verwenden, funktionieren sofort nicht mehr; das lässt sich nicht rückgängig machen.
tenancy-api-key-revoked = Schlüssel „{ $name }“ widerrufen

# Passwort per E-Mail zurücksetzen.
tenancy-login-forgot = Passwort vergessen?
tenancy-reset-title = Passwort zurücksetzen
tenancy-reset-intro = Geben Sie die E-Mail-Adresse Ihres Kontos ein: Wir senden Ihnen einen Link, um ein neues Passwort zu wählen.
tenancy-reset-submit = Link senden
tenancy-reset-sent-title = Sehen Sie in Ihrem Postfach nach
tenancy-reset-sent-text = Falls ein Konto diese Adresse verwendet, ist eine E-Mail mit einem Link zur Wahl eines neuen Passworts unterwegs. Der Link funktioniert einmal, eine Stunde lang.
tenancy-reset-demo-mailbox = Demo-Postfach öffnen
tenancy-reset-choose-title = Neues Passwort wählen
tenancy-reset-new-password = Neues Passwort
tenancy-reset-choose-submit = Neues Passwort speichern
tenancy-reset-form-errors = Das Passwort wurde nicht geändert: Korrigieren Sie die unten markierten Felder.
tenancy-reset-done = Ihr Passwort ist geändert. Melden Sie sich damit an; alle anderen Sitzungen wurden abgemeldet.
tenancy-reset-back-to-login = Zurück zur Anmeldeseite
