## Tenancy : connexion, tableau de bord, équipe, invitations, profil, paramètres de la boutique, administration.

profile-title = Profil
profile-email = Connecté en tant que
profile-language = Langue de l’interface
profile-language-browser = Celle de mon navigateur
profile-language-hint = Les pages, messages et dates suivent cette langue sur tous les appareils où vous vous connectez.
profile-saved = Profil enregistré.

store-settings-title = Paramètres de la boutique
store-settings-code = Code de la boutique { $code }
store-settings-name = Nom de la boutique
store-settings-default-language = Langue par défaut des documents
store-settings-default-language-hint = Les factures et e-mails utilisent la langue du client ; celle-ci quand elle est inconnue.
store-settings-timezone = Fuseau horaire
store-settings-timezone-hint = Les dates et heures de l’interface sont affichées dans ce fuseau horaire.
store-settings-saved = Paramètres de la boutique enregistrés.
