## Clients : la liste, l’export, la fiche client et les formulaires.

customers-title = Clients
customers-new = Nouveau client
customers-export = Exporter les clients :
customers-export-feature = L’export CSV des clients
customers-search-placeholder = E-mail, nom, société ou numéro
customers-consent = Consentement marketing
customers-consent-given = Donné
customers-consent-not-given = Non donné
customers-consent-yes = oui
customers-consent-no = non
customers-tag = Étiquette
customers-export-filtered = Exporter avec des filtres
customers-export-created-from = Créés à partir du
customers-export-created-to = Créés jusqu’au
customers-export-ordered-from = Dernière commande à partir du
customers-export-ordered-to = Dernière commande jusqu’au
customers-export-download = Télécharger le CSV
customers-col-number = Numéro
customers-col-name = Nom
customers-col-email = E-mail
customers-col-company = Société
customers-col-orders = Commandes
customers-col-spent = Dépensé
customers-col-last-order = Dernière commande
customers-col-consent = Consentement
customers-col-tags = Étiquettes
customers-none-match = Aucun client ne correspond.
customers-list-count =
    { $count ->
        [one] { $n } client
       *[other] { $n } clients
    }

customers-detail-vat-id = TVA { $id }
customers-detail-peppol-id = Identifiant Peppol { $id }
customers-detail-since = client depuis le { $date }
customers-detail-statistics = Statistiques
customers-detail-orders = Commandes
customers-detail-total-spent = Total dépensé
customers-detail-average-order = Panier moyen
customers-detail-first-order = Première commande
customers-detail-last-order = Dernière commande
customers-detail-addresses = Adresses
customers-detail-no-address = Pas encore d’adresse.
customers-detail-orders-counted =
    { $count ->
        [one] { $n } commande compte dans les statistiques (les commandes annulées et remboursées n’y comptent pas).
       *[other] { $n } commandes comptent dans les statistiques (les commandes annulées et remboursées n’y comptent pas).
    }
customers-detail-orders-link = Voir les commandes de ce client.
customers-detail-edit = Modifier

customers-field-email = E-mail
customers-field-first-name = Prénom
customers-field-last-name = Nom
customers-field-phone = Téléphone
customers-field-company = Société
customers-field-vat-id = Numéro de TVA
customers-field-peppol-id = Identifiant Peppol
customers-field-peppol-id-hint = Pour les factures électroniques via Peppol, p. ex. 9930:DE136695976 (facultatif)
customers-field-language = Langue
customers-field-tags = Étiquettes (séparées par des virgules)
customers-field-street = Rue
customers-field-postal-code = Code postal
customers-field-city = Localité
customers-field-country = Pays (code ISO)
customers-field-marketing-consent = Accepte de recevoir des communications marketing
customers-form-address = Adresse (facultative)
customers-form-create = Créer le client
customers-form-errors =
    { $count ->
        [one] { $count } champ est à corriger.
       *[other] { $count } champs sont à corriger.
    }
customers-created = Client créé
customers-saved = Modifications enregistrées

customers-language-en = Anglais
customers-language-fr = Français
customers-language-de = Allemand
