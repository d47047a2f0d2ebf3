## Tenancy : connexion, tableau de bord, équipe, invitations, profil, paramètres de la boutique, administration.

profile-title = Profil
profile-email = Connecté en tant que
profile-language = Langue de l’interface
profile-language-browser = Celle de mon navigateur
profile-language-hint = Les pages, messages et dates suivent cette langue sur tous les appareils où vous vous connectez.
profile-saved = Profil enregistré.
profile-password-title = Changer le mot de passe
profile-password-current = Mot de passe actuel
profile-password-new = Nouveau mot de passe
profile-password-hint = Au moins { $min } caractères. Vos autres sessions et jetons d’API seront déconnectés.
profile-password-submit = Changer le mot de passe
profile-password-changed = Mot de passe modifié. Vos autres sessions ont été déconnectées.
profile-password-wrong = Le mot de passe actuel est incorrect.
profile-password-rules = Le nouveau mot de passe doit comporter au moins { $min } caractères.

store-settings-title = Paramètres de la boutique
store-settings-code = Code de la boutique { $code }
store-settings-name = Nom de la boutique
store-settings-default-language = Langue par défaut des documents
store-settings-default-language-hint = Les factures et e-mails utilisent la langue du client ; celle-ci quand elle est inconnue.
store-settings-timezone = Fuseau horaire
store-settings-timezone-hint = Les dates et heures de l’interface sont affichées dans ce fuseau horaire.
store-settings-saved = Paramètres de la boutique enregistrés.

## Rôles et autorisations, tels qu’on les lit.

tenancy-role-owner = propriétaire
tenancy-role-manager = gérant
tenancy-role-staff = employé
tenancy-role-accountant = comptable

tenancy-permission-store-view = Voir la boutique
tenancy-permission-orders-view = Voir les commandes
tenancy-permission-orders-edit = Modifier les commandes
tenancy-permission-products-view = Voir les produits
tenancy-permission-products-edit = Modifier les produits
tenancy-permission-inventory-view = Voir le stock
tenancy-permission-inventory-adjust = Ajuster le stock
tenancy-permission-customers-view = Voir les clients
tenancy-permission-customers-edit = Modifier les clients
tenancy-permission-customers-export = Exporter les clients
tenancy-permission-invoices-view = Voir les factures
tenancy-permission-invoices-issue = Émettre des factures
tenancy-permission-purchasing-manage = Gérer les achats
tenancy-permission-reports-view = Voir les rapports
tenancy-permission-marketplace-manage = Gérer les places de marché
tenancy-permission-settings-manage = Gérer les paramètres
tenancy-permission-team-view = Voir l’équipe
tenancy-permission-team-manage = Gérer l’équipe
tenancy-permission-roles-manage = Gérer les rôles
tenancy-permission-billing-view = Voir l’abonnement

tenancy-no-store = Vous ne travaillez encore dans aucune boutique. Demandez une invitation au propriétaire d’une boutique.
tenancy-admin-only = Réservé aux administrateurs de la plateforme.

## Connexion et invitations.

tenancy-login-page-title = Connexion
tenancy-login-title = Se connecter à Orion
tenancy-login-email = E-mail
tenancy-login-password = Mot de passe
tenancy-login-store-code = Code de la boutique
tenancy-login-store-code-placeholder = p. ex. ACME-LU
tenancy-login-submit = Se connecter
tenancy-login-demo-hint = Les identifiants de démonstration sont affichés par { $command }.
tenancy-login-languages = Langue
tenancy-logged-out = Vous êtes déconnecté

tenancy-invitation-page-title = Rejoindre l’équipe
tenancy-invitation-title = Rejoindre { $store }
tenancy-invitation-text = Vous avez été invité en tant que { $role } de { $store } ({ $code }) avec l’adresse e-mail { $email }.
tenancy-invitation-existing-account = Vous avez déjà un compte Orion : acceptez, puis connectez-vous avec votre mot de passe.
tenancy-invitation-password = Choisissez un mot de passe
tenancy-invitation-password-hint = au moins 10 caractères
tenancy-invitation-accept = Accepter l’invitation
tenancy-invitation-joined = Vous avez rejoint { $store }. Connectez-vous pour continuer.

## Tableau de bord.

tenancy-dashboard-title = Tableau de bord
tenancy-dashboard-store-code = Code de la boutique
tenancy-dashboard-role = Votre rôle
tenancy-dashboard-stores = Vos boutiques
tenancy-dashboard-getting-started = Premiers pas
tenancy-dashboard-permissions = Vos autorisations dans cette boutique
tenancy-dashboard-welcome = Bienvenue
tenancy-dashboard-no-store = Vous n’êtes encore membre d’aucune boutique.
tenancy-dashboard-admin-hint = Créez les marchands et leurs boutiques dans l’espace d’administration.
tenancy-dashboard-admin-link = Aller à l’espace d’administration

## Équipe.

tenancy-team-page-title = Équipe
tenancy-team-title = Équipe de { $store }
tenancy-team-members-count = { $count ->
    [one] { $n } membre
   *[other] { $n } membres
    }
tenancy-team-email = E-mail
tenancy-team-role = Rôle
tenancy-team-joined = Membre depuis
tenancy-team-you = vous
tenancy-team-role-of = Rôle de { $email }
tenancy-team-change-role = Changer de rôle
tenancy-team-remove = Retirer
tenancy-team-remove-confirm = Retirer { $email } de cette boutique ?
tenancy-team-pending = Invitations en attente
tenancy-team-expires = Expire le
tenancy-team-invite-title = Inviter un membre de l’équipe
tenancy-team-seats = { $used } places sur { $limit } utilisées avec la formule { $plan } (les invitations en attente occupent une place).
tenancy-team-seats-unlimited = { $used } places utilisées sur un nombre illimité avec la formule { $plan } (les invitations en attente occupent une place).
tenancy-team-another-member = Un membre supplémentaire
tenancy-team-invite = Inviter
tenancy-team-invited = Invitation créée pour { $email }. Envoyez-lui ce lien :
tenancy-team-role-changed = { $email } est désormais { $role }.
tenancy-team-own-role = Vous ne pouvez pas changer votre propre rôle ; demandez-le à un autre membre qui gère l’équipe.
tenancy-team-permission-not-held = Vous ne pouvez pas accorder la permission « { $permission } », que vous ne détenez pas vous-même.
tenancy-team-member-removed = Membre retiré.
tenancy-grants-title = Qui peut faire quoi
tenancy-grants-intro = Chaque permission, les rôles de cette boutique qui la détiennent et les opérations de l’API qu’elle ouvre. Un rôle sans la permission se voit refuser ces opérations (403).
tenancy-grants-permission = Permission
tenancy-grants-roles = Rôles
tenancy-grants-operations = Opérations de l’API
tenancy-grants-no-role = Aucun rôle
tenancy-grants-no-operation = Aucune pour l’instant
tenancy-grants-any-member = Aucune permission requise
tenancy-grants-every-role = Tous les rôles

## Administration : marchands et boutiques.

tenancy-merchants-title = Marchands
tenancy-merchants-name = Nom
tenancy-merchants-country = Pays
tenancy-merchants-contact = Contact
tenancy-merchants-stores = Boutiques
tenancy-merchants-empty = Aucun marchand pour l’instant.
tenancy-merchants-count = { $count ->
    [one] { $n } marchand
   *[other] { $n } marchands
    }
tenancy-merchants-new = Nouveau marchand
tenancy-merchants-legal-name = Raison sociale
tenancy-merchants-legal-country = Pays du siège
tenancy-merchants-owner-email = E-mail du propriétaire
tenancy-merchants-owner-password = Mot de passe du propriétaire
tenancy-merchants-owner-password-hint = pour un nouvel utilisateur, au moins 10 caractères
tenancy-merchants-create = Créer le marchand
tenancy-merchants-created = Marchand créé. Ajoutez une boutique ci-dessous.

tenancy-merchant-stores = Boutiques
tenancy-merchant-store-code = Code
tenancy-merchant-store-name = Nom
tenancy-merchant-store-country = Pays
tenancy-merchant-store-language = Langue
tenancy-merchant-no-stores = Aucune boutique pour l’instant.
tenancy-merchant-new-store = Nouvelle boutique
tenancy-merchant-new-store-code = Code de la boutique
tenancy-merchant-new-store-language = Langue par défaut
tenancy-merchant-create-store = Créer la boutique
tenancy-merchant-store-created = Boutique { $code } créée.
tenancy-setup-progress = { $done } étape(s) sur { $total } terminée(s). Chaque étape se coche d’elle-même une fois faite.
tenancy-setup-all-done = Votre boutique est prête. Les étapes restent ici pour mémoire.
tenancy-setup-done = Fait
tenancy-setup-todo = À faire
tenancy-setup-team = Inviter votre équipe
tenancy-setup-team-hint = Donnez à chacun son propre accès et un rôle adapté à son travail.
tenancy-permission-api-keys-manage = Gérer les clés d'API
tenancy-permission-webhooks-manage = Gérer les webhooks
tenancy-api-keys-title = Clés d'API
tenancy-api-keys-intro = Les clés d'API permettent à vos propres programmes — boutique, ERP ou scripts — d'utiliser cette boutique par l'API, avec les permissions que vous leur donnez. Les requêtes comptent dans le quota d'API quotidien de votre offre.
tenancy-api-keys-docs = Documentation de l'API
tenancy-api-keys-count = { $count ->
    [one] { $n } clé
   *[other] { $n } clés
    }
tenancy-api-key-name = Nom
tenancy-api-key-name-example = p. ex. Synchronisation boutique en ligne
tenancy-api-key-hint = Clé
tenancy-api-key-scopes = Permissions
tenancy-api-key-scopes-help = Ne donnez à la clé que ce dont le programme a besoin. Vous ne pouvez donner que des permissions que vous détenez vous-même.
tenancy-api-key-status = Statut
tenancy-api-key-status-active = Active
tenancy-api-key-status-expired = Expirée
tenancy-api-key-status-revoked = Révoquée
tenancy-api-key-last-used = Dernière utilisation
tenancy-api-key-never-used = Jamais utilisée
tenancy-api-key-expires = Expire
tenancy-api-key-no-expiry = Jamais
tenancy-api-key-expires-on = Expire après le (facultatif)
tenancy-api-key-expires-help = La clé cesse de fonctionner à la fin de ce jour (heure de Luxembourg). Laissez vide pour une clé sans expiration.
tenancy-api-key-create = Créer la clé
tenancy-api-key-new = Nouvelle clé d'API
tenancy-api-key-created = Clé « { $name } » créée
tenancy-api-key-created-on = créée le { $date }
tenancy-api-key-copy-now = Copiez ce secret maintenant et conservez-le en lieu sûr : il n'est affiché qu'une seule fois.
tenancy-api-key-secret = Secret
tenancy-api-key-revoke = Révoquer
tenancy-api-key-revoke-confirm = Révoquer la clé « { $name } » ? Les programmes qui l'utilisent cessent aussitôt de fonctionner ; c'est irréversible.
tenancy-api-key-revoked = Clé « { $name } » révoquée

# Réinitialisation du mot de passe par e-mail.
tenancy-login-forgot = Mot de passe oublié ?
tenancy-reset-title = Réinitialiser votre mot de passe
tenancy-reset-intro = Saisissez l'adresse e-mail de votre compte : nous vous envoyons un lien pour choisir un nouveau mot de passe.
tenancy-reset-submit = Envoyer le lien
tenancy-reset-sent-title = Consultez votre boîte de réception
tenancy-reset-sent-text = Si un compte utilise cette adresse, un e-mail avec un lien pour choisir un nouveau mot de passe est en route. Le lien fonctionne une fois, pendant une heure.
tenancy-reset-demo-mailbox = Ouvrir la boîte de démonstration
tenancy-reset-choose-title = Choisir un nouveau mot de passe
tenancy-reset-new-password = Nouveau mot de passe
tenancy-reset-choose-submit = Enregistrer le nouveau mot de passe
tenancy-reset-form-errors = Le mot de passe n'a pas été changé : corrigez les champs signalés ci-dessous.
tenancy-reset-done = Votre mot de passe est changé. Connectez-vous avec ; toutes les autres sessions ont été fermées.
tenancy-reset-back-to-login = Retour à la page de connexion
