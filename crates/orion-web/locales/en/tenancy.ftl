## Tenancy: login, dashboard, team, invitations, profile, store settings, admin.

profile-title = Profile
profile-email = Signed in as
profile-language = Language of the back office
profile-language-browser = As my browser prefers
profile-language-hint = Pages, messages and dates follow this language on every device you sign in on.
profile-saved = Profile saved.

store-settings-title = Store settings
store-settings-code = Store code { $code }
store-settings-name = Store name
store-settings-default-language = Default language of documents
store-settings-default-language-hint = Invoices and e-mails to a customer use the customer's language; this one when it is unknown.
store-settings-timezone = Time zone
store-settings-timezone-hint = Dates and times in the back office are shown in this time zone.
store-settings-saved = Store settings saved.
