## Tenancy: login, dashboard, team, invitations, profile, store settings, admin.

profile-title = Profile
profile-email = Signed in as
profile-language = Language of the back office
profile-language-browser = As my browser prefers
profile-language-hint = Pages, messages and dates follow this language on every device you sign in on.
profile-saved = Profile saved.
profile-password-title = Change password
profile-password-current = Current password
profile-password-new = New password
profile-password-hint = At least { $min } characters. Your other sessions and API tokens will be signed out.
profile-password-submit = Change password
profile-password-changed = Password changed. Your other sessions have been signed out.
profile-password-wrong = The current password is wrong.
profile-password-rules = The new password must have at least { $min } characters.

store-settings-title = Store settings
store-settings-code = Store code { $code }
store-settings-name = Store name
store-settings-default-language = Default language of documents
store-settings-default-language-hint = Invoices and e-mails to a customer use the customer's language; this one when it is unknown.
store-settings-timezone = Time zone
store-settings-timezone-hint = Dates and times in the back office are shown in this time zone.
store-settings-saved = Store settings saved.

## Roles and permissions, as people read them.

tenancy-role-owner = owner
tenancy-role-manager = manager
tenancy-role-staff = staff
tenancy-role-accountant = accountant

tenancy-permission-store-view = View the store
tenancy-permission-orders-view = View orders
tenancy-permission-orders-edit = Edit orders
tenancy-permission-products-view = View products
tenancy-permission-products-edit = Edit products
tenancy-permission-inventory-view = View stock
tenancy-permission-inventory-adjust = Adjust stock
tenancy-permission-customers-view = View customers
tenancy-permission-customers-edit = Edit customers
tenancy-permission-customers-export = Export customers
tenancy-permission-invoices-view = View invoices
tenancy-permission-invoices-issue = Issue invoices
tenancy-permission-purchasing-manage = Manage purchasing
tenancy-permission-reports-view = View reports
tenancy-permission-marketplace-manage = Manage marketplaces
tenancy-permission-settings-manage = Manage settings
tenancy-permission-team-view = View the team
tenancy-permission-team-manage = Manage the team
tenancy-permission-roles-manage = Manage roles
tenancy-permission-billing-view = View billing

tenancy-no-store = You are not working in a store yet. Ask a store owner for an invitation.
tenancy-admin-only = Platform administrators only.

## Login and invitations.

tenancy-login-page-title = Log in
tenancy-login-title = Log in to Orion
tenancy-login-email = E-mail
tenancy-login-password = Password
tenancy-login-store-code = Store code
tenancy-login-store-code-placeholder = e.g. ACME-LU
tenancy-login-submit = Log in
tenancy-login-demo-hint = Demo logins are printed by { $command }.
tenancy-login-languages = Language
tenancy-logged-out = You are logged out

tenancy-invitation-page-title = Join the team
tenancy-invitation-title = Join { $store }
tenancy-invitation-text = You were invited as { $role } of { $store } ({ $code }) with the e-mail { $email }.
tenancy-invitation-existing-account = You already have an Orion account: accept, then log in with your password.
tenancy-invitation-password = Choose a password
tenancy-invitation-password-hint = at least 10 characters
tenancy-invitation-accept = Accept invitation
tenancy-invitation-joined = You joined { $store }. Log in to continue.

## Dashboard.

tenancy-dashboard-title = Dashboard
tenancy-dashboard-store-code = Store code
tenancy-dashboard-role = Your role
tenancy-dashboard-stores = Stores you work in
tenancy-dashboard-getting-started = Getting started
tenancy-dashboard-permissions = Your permissions in this store
tenancy-dashboard-welcome = Welcome
tenancy-dashboard-no-store = You are not a member of any store yet.
tenancy-dashboard-admin-hint = Create merchants and stores in the admin area.
tenancy-dashboard-admin-link = Go to the admin area

## Team.

tenancy-team-page-title = Team
tenancy-team-title = Team of { $store }
tenancy-team-members-count = { $count ->
    [one] { $n } member
   *[other] { $n } members
    }
tenancy-team-email = E-mail
tenancy-team-role = Role
tenancy-team-joined = Joined
tenancy-team-you = you
tenancy-team-role-of = Role of { $email }
tenancy-team-change-role = Change role
tenancy-team-remove = Remove
tenancy-team-remove-confirm = Remove { $email } from this store?
tenancy-team-pending = Pending invitations
tenancy-team-expires = Expires
tenancy-team-invite-title = Invite a team member
tenancy-team-seats = { $used } of { $limit } seats used on the { $plan } plan (pending invitations hold a seat).
tenancy-team-seats-unlimited = { $used } of unlimited seats used on the { $plan } plan (pending invitations hold a seat).
tenancy-team-another-member = Another team member
tenancy-team-invite = Invite
tenancy-team-invited = Invitation created for { $email }. Send them this link:
tenancy-team-role-changed = { $email } is now { $role }.
tenancy-team-own-role = You cannot change your own role; ask another member who manages the team.
tenancy-team-permission-not-held = You cannot grant the permission “{ $permission }”, which you do not hold yourself.
tenancy-team-member-removed = Member removed.
tenancy-grants-title = Who can do what
tenancy-grants-intro = Each permission, the roles of this store that hold it and the API operations it opens. A role without the permission is refused these operations (403).
tenancy-grants-permission = Permission
tenancy-grants-roles = Roles
tenancy-grants-operations = API operations
tenancy-grants-no-role = No role
tenancy-grants-no-operation = None yet
tenancy-grants-any-member = No permission needed
tenancy-grants-every-role = Every role

## Admin: merchants and stores.

tenancy-merchants-title = Merchants
tenancy-merchants-name = Name
tenancy-merchants-country = Country
tenancy-merchants-contact = Contact
tenancy-merchants-stores = Stores
tenancy-merchants-empty = No merchants yet.
tenancy-merchants-count = { $count ->
    [one] { $n } merchant
   *[other] { $n } merchants
    }
tenancy-merchants-new = New merchant
tenancy-merchants-legal-name = Legal name
tenancy-merchants-legal-country = Legal country
tenancy-merchants-owner-email = Owner e-mail
tenancy-merchants-owner-password = Owner password
tenancy-merchants-owner-password-hint = for a new user, at least 10 characters
tenancy-merchants-create = Create merchant
tenancy-merchants-created = Merchant created. Add a store below.

tenancy-merchant-stores = Stores
tenancy-merchant-store-code = Code
tenancy-merchant-store-name = Name
tenancy-merchant-store-country = Country
tenancy-merchant-store-language = Language
tenancy-merchant-no-stores = No stores yet.
tenancy-merchant-new-store = New store
tenancy-merchant-new-store-code = Store code
tenancy-merchant-new-store-language = Default language
tenancy-merchant-create-store = Create store
tenancy-merchant-store-created = Store { $code } created.
tenancy-setup-progress = { $done } of { $total } steps done. Each step ticks itself once it is done.
tenancy-setup-all-done = Your store is set up. The steps stay here for reference.
tenancy-setup-done = Done
tenancy-setup-todo = To do
tenancy-setup-team = Invite your team
tenancy-setup-team-hint = Give each person their own login and a role that fits their work.
tenancy-permission-api-keys-manage = Manage API keys
tenancy-permission-webhooks-manage = Manage webhooks
tenancy-api-keys-title = API keys
tenancy-api-keys-intro = API keys let your own programs — your shop, ERP or scripts — use this store through the API, with the permissions you give them. Requests count against your plan's daily API quota.
tenancy-api-keys-docs = API documentation
tenancy-api-keys-count = { $count ->
    [one] { $n } key
   *[other] { $n } keys
    }
tenancy-api-key-name = Name
tenancy-api-key-name-example = e.g. Webshop sync
tenancy-api-key-hint = Key
tenancy-api-key-scopes = Permissions
tenancy-api-key-scopes-help = Give the key only what the program needs. You can only give permissions you hold yourself.
tenancy-api-key-status = Status
tenancy-api-key-status-active = Active
tenancy-api-key-status-expired = Expired
tenancy-api-key-status-revoked = Revoked
tenancy-api-key-last-used = Last used
tenancy-api-key-never-used = Never used
tenancy-api-key-expires = Expires
tenancy-api-key-no-expiry = Never
tenancy-api-key-expires-on = Expires after (optional)
tenancy-api-key-expires-help = The key stops working at the end of this day (Luxembourg time). Leave empty for a key that does not expire.
tenancy-api-key-create = Create key
tenancy-api-key-new = New API key
tenancy-api-key-created = Key "{ $name }" created
tenancy-api-key-created-on = created { $date }
tenancy-api-key-copy-now = Copy this secret now and keep it somewhere safe: it is shown only this once.
tenancy-api-key-secret = Secret
tenancy-api-key-revoke = Revoke
tenancy-api-key-revoke-confirm = Revoke the key "{ $name }"? Programs using it stop working at once; this cannot be undone.
tenancy-api-key-revoked = Key "{ $name }" revoked

# Password reset by e-mail.
tenancy-login-forgot = Forgot your password?
tenancy-reset-title = Reset your password
tenancy-reset-intro = Enter the e-mail address of your account: we send you a link to choose a new password.
tenancy-reset-submit = Send the link
tenancy-reset-sent-title = Check your mailbox
tenancy-reset-sent-text = If an account uses this address, an e-mail with a link to choose a new password is on its way. The link works once, for one hour.
tenancy-reset-demo-mailbox = Open the demo mailbox
tenancy-reset-choose-title = Choose a new password
tenancy-reset-new-password = New password
tenancy-reset-choose-submit = Save the new password
tenancy-reset-form-errors = The password was not changed: correct the fields marked below.
tenancy-reset-done = Your password is changed. Log in with it; every other session was signed out.
tenancy-reset-back-to-login = Back to the login page
