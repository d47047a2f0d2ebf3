## Tenancy: Anmeldung, Übersicht, Team, Einladungen, Profil, Shop-Einstellungen, Verwaltung.

profile-title = Profil
profile-email = Angemeldet als
profile-language = Sprache der Oberfläche
profile-language-browser = Wie mein Browser es bevorzugt
profile-language-hint = Seiten, Meldungen und Datumsangaben folgen dieser Sprache auf jedem Gerät, auf dem Sie sich anmelden.
profile-saved = Profil gespeichert.

store-settings-title = Shop-Einstellungen
store-settings-code = Shop-Code { $code }
store-settings-name = Name des Shops
store-settings-default-language = Standardsprache der Dokumente
store-settings-default-language-hint = Rechnungen und E-Mails verwenden die Sprache des Kunden; diese, wenn sie unbekannt ist.
store-settings-timezone = Zeitzone
store-settings-timezone-hint = Datums- und Zeitangaben der Oberfläche werden in dieser Zeitzone angezeigt.
store-settings-saved = Shop-Einstellungen gespeichert.
