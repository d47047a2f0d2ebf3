## Facturation : la liste des factures, la page de facture avec les avoirs, le volet facture de la page de commande, les paramètres de facturation.

invoicing-title = Factures
invoicing-search-placeholder = numéro, acheteur, e-mail
invoicing-filter-type = Type
invoicing-filter-regime = Régime de TVA
invoicing-filter-from = Du
invoicing-filter-to = Au
invoicing-col-number = Numéro
invoicing-col-date = Date
invoicing-col-buyer = Acheteur
invoicing-col-regime = Régime
invoicing-col-status = Statut
invoicing-col-net = Montant HT
invoicing-col-vat = TVA
invoicing-col-total = Total TTC
invoicing-none = Aucune facture pour l’instant. Générez-en une depuis la page d’une commande confirmée.
invoicing-list-count =
    { $count ->
        [one] { $n } document
       *[other] { $n } documents
    }

invoicing-status-draft = Brouillon
invoicing-status-issued = Émise
invoicing-status-paid = Payée
invoicing-status-cancelled = Annulée
invoicing-type-invoice = facture
invoicing-type-credit-note = avoir

invoicing-regime-domestic = Livraison nationale
invoicing-regime-domestic-other-ms = Livraison nationale dans un autre pays de l’UE
invoicing-regime-distance-sale-origin = Vente à distance taxée dans le pays du vendeur
invoicing-regime-distance-sale-oss = Vente à distance déclarée via le guichet unique (OSS)
invoicing-regime-distance-sale-destination-registered = Vente à distance taxée à destination
invoicing-regime-intra-community-supply = Livraison intracommunautaire
invoicing-regime-export = Exportation
invoicing-regime-help-domestic = Marchandises livrées dans le pays du vendeur ({ $country }) : la TVA de ce pays s’applique.
invoicing-regime-help-domestic-other-ms = Marchandises livrées dans le pays où elles sont stockées ({ $country }) : la TVA de ce pays s’applique, au titre d’une immatriculation à la TVA dans ce pays.
invoicing-regime-help-distance-sale-origin = Vente à un consommateur d’un autre pays de l’UE tant que les ventes à distance dans l’UE restent sous 10 000 € par an : la TVA du pays du vendeur ({ $country }) s’applique.
invoicing-regime-help-distance-sale-oss = Vente à un consommateur d’un autre pays de l’UE : la TVA du pays de destination ({ $country }) s’applique et est déclarée via le guichet unique (OSS).
invoicing-regime-help-distance-sale-destination-registered = Vente à un consommateur d’un autre pays de l’UE : la TVA du pays de destination ({ $country }) s’applique et est déclarée au titre d’une immatriculation à la TVA dans ce pays.
invoicing-regime-help-intra-community-supply = Vente à une entreprise disposant d’un numéro de TVA valide dans un autre pays de l’UE : exonérée dans le pays de départ ({ $country }) ; l’acheteur autoliquide la TVA.
invoicing-regime-help-export = Les marchandises quittent le territoire de TVA de l’UE : exportation exonérée depuis le pays de départ ({ $country }).

invoicing-vat-category-s = Taux normal ou réduit
invoicing-vat-category-z = Taux zéro
invoicing-vat-category-k = Livraison intracommunautaire exonérée
invoicing-vat-category-g = Exportation exonérée
invoicing-vat-category-ae = Autoliquidation

invoicing-invoice-title = Facture { $number }
invoicing-credit-note-title = Avoir { $number }
invoicing-download-pdf = Télécharger le PDF
invoicing-detail-seller = Vendeur
invoicing-detail-buyer = Acheteur
invoicing-detail-document = Document
invoicing-vat-id = TVA { $id }
invoicing-detail-dates = Émise le { $issued } · livraison le { $supply }
invoicing-detail-due = Échéance le { $date }
invoicing-detail-language = Langue : { $language }
invoicing-detail-order = Commande
invoicing-detail-corrects = Corrige
invoicing-detail-reason = Motif : { $reason }
invoicing-detail-vat = TVA
invoicing-detail-decision = Comment le régime a été déterminé
invoicing-detail-lines = Lignes
invoicing-line-description = Désignation
invoicing-line-quantity = Qté
invoicing-line-unit-price = Prix unitaire
invoicing-line-vat = TVA
invoicing-line-amount = Montant
invoicing-detail-breakdown = Ventilation de la TVA
invoicing-breakdown-category = Catégorie
invoicing-breakdown-rate = Taux
invoicing-breakdown-taxable = Base imposable
invoicing-breakdown-vat = TVA
invoicing-breakdown-totals = Totaux
invoicing-breakdown-total = Total
invoicing-detail-credit-notes = Avoirs
invoicing-detail-actions = Actions
invoicing-mark-paid = Marquer comme payée
invoicing-credit-reason = Motif de l’avoir
invoicing-credit-reason-placeholder = Retour, correction de prix…
invoicing-credit-units = Unités à créditer (laissez tout vide pour créditer tout ce qui reste)
invoicing-credit-line = { $position }. { $description } (sur { $quantity })
invoicing-credit-issue = Émettre l’avoir
invoicing-credit-quantity-error = Ligne { $position } : la quantité { $message }.
invoicing-marked-paid = La facture est marquée comme payée.
invoicing-credit-note-issued = Avoir { $number } émis.
invoicing-invoice-issued = Facture { $number } émise.
invoicing-invoice-exists = La commande a déjà la facture { $number }.
invoicing-unknown-action = action inconnue

invoicing-panel-title = Facture
invoicing-panel-invoice = Facture
invoicing-panel-download = Télécharger la facture
invoicing-panel-not-configured = Les factures nécessitent d’abord les coordonnées du vendeur.
invoicing-panel-fill-settings = Remplir les paramètres de facturation
invoicing-panel-generate = Générer la facture
invoicing-panel-after-confirmation = Une facture peut être générée une fois la commande confirmée.

invoicing-settings-title = Paramètres de facturation
invoicing-settings-correct = Veuillez corriger :
invoicing-settings-intro = Les factures nécessitent la raison sociale, l’adresse et le numéro de TVA du vendeur. Les factures émises conservent les paramètres en vigueur lors de leur émission.
invoicing-settings-seller = Vendeur
invoicing-settings-legal-name = Raison sociale
invoicing-settings-street = Rue
invoicing-settings-postal-code = Code postal
invoicing-settings-city = Localité
invoicing-settings-country = Pays (code ISO)
invoicing-settings-vat-number = Numéro de TVA
invoicing-settings-vat-number-hint = p. ex. LU15027442
invoicing-settings-rcs-number = Numéro RCS
invoicing-settings-rcs-number-hint = Registre de commerce, p. ex. B123456
invoicing-settings-business-permit = Autorisation d’établissement
invoicing-settings-numbering = Numérotation et paiement
invoicing-settings-invoice-prefix = Préfixe des factures
invoicing-settings-credit-note-prefix = Préfixe des avoirs
invoicing-settings-numbering-scheme = Schéma de numérotation
invoicing-settings-numbering-scheme-hint = Variables { "{prefix}" }, { "{year}" }, { "{seq}" } ou { "{seq:05}" } ; avec { "{year}" }, la numérotation recommence chaque année.
invoicing-settings-payment-terms = Conditions de paiement
invoicing-settings-due-days = Échéance en jours
invoicing-settings-footer-text = Texte de pied de page
invoicing-settings-logo = Logo (PNG, 256 Kio au plus)
invoicing-settings-logo-set = Un logo est défini.
invoicing-settings-logo-remove = Le supprimer
invoicing-settings-default-language = Langue par défaut
invoicing-settings-eu-vat = TVA dans l’UE
invoicing-settings-oss-registered = Immatriculé au guichet unique (OSS)
invoicing-settings-oss-country = Pays d’immatriculation OSS
invoicing-settings-oss-date = Date d’immatriculation OSS
invoicing-settings-destination-taxation = Option pour la taxation à destination sous le seuil de l’UE (engage pour deux ans)
invoicing-settings-ship-from = Pays d’expédition
invoicing-settings-ship-from-hint = Par défaut : le pays du siège
invoicing-settings-save = Enregistrer les paramètres de facturation
invoicing-settings-saved = Paramètres de facturation enregistrés.
invoicing-settings-unreadable = Le formulaire n’a pas pu être lu. Rechargez la page et réessayez.
invoicing-ask-issue = Émettre la facture maintenant ? Elle reçoit le numéro suivant et ne peut plus être modifiée ni supprimée ; une correction passe par un avoir.
invoicing-ask-credit-note = Émettre un avoir pour { $number } ? Il reçoit le numéro d’avoir suivant et ne peut être ni modifié ni supprimé.
invoicing-setup-settings = Remplir vos paramètres de facturation
invoicing-setup-settings-hint = Raison sociale, adresse, numéro de TVA et coordonnées bancaires : aucune commande ne peut être facturée avant.

invoicing-zip-not-invoiced = Ces commandes n'ont pas encore de facture :

# Envoi d'un document à l'acheteur par e-mail.
invoicing-send-title = Envoyer par e-mail
invoicing-send-to = Destinataire (facultatif)
invoicing-send-to-hint = Laissez vide pour l'envoyer à l'e-mail de l'acheteur figurant sur le document. Le PDF est joint.
invoicing-send-submit = Envoyer par e-mail
invoicing-send-queued = L'e-mail est en route ; suivez-le dans le journal des e-mails.

# E-invoices
invoicing-download-ubl = Télécharger l'UBL
invoicing-download-facturx = Télécharger le Factur-X
invoicing-settings-einvoices = Factures électroniques
invoicing-settings-einvoice-pdf = Les PDF de factures sont des factures électroniques Factur-X
invoicing-settings-einvoice-pdf-hint = PDF/A-3 contenant les données de la facture EN 16931, que la comptabilité des acheteurs français et allemands lit directement. S'applique aux documents émis à partir de maintenant.
invoicing-settings-peppol-id = Identifiant Peppol
invoicing-settings-peppol-id-hint = Votre identifiant de participant Peppol (schéma:identifiant) sur les factures UBL. Vide : { $default }, d'après votre numéro de TVA.
invoicing-buyer-not-on-peppol = Pas d'adresse Peppol (ni identifiant Peppol sur le client, ni numéro de TVA) : la facture électronique indique l'e-mail de l'acheteur à la place. C'est une facture EN 16931 valide, mais elle ne peut pas être envoyée via Peppol.
invoicing-settings-send-on-issue = Envoyer les factures et les avoirs à l'acheteur par e-mail dès leur émission
invoicing-settings-send-on-issue-hint = Le PDF et la facture électronique UBL sont joints ; les documents sans e-mail d'acheteur sont émis quand même.
