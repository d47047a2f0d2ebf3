purchasing-title = Bons de commande
purchasing-new = Nouveau bon de commande
purchasing-edit = Modifier le brouillon
purchasing-draft-title = Bon de commande (brouillon)
purchasing-suppliers = Fournisseurs
purchasing-reorder = Réapprovisionnement
purchasing-search-placeholder = N° de bon ou fournisseur
purchasing-col-number = Numéro
purchasing-col-supplier = Fournisseur
purchasing-col-status = Statut
purchasing-col-order-date = Date de commande
purchasing-col-expected = Livraison prévue
purchasing-col-total = Total
purchasing-col-quantity = Quantité
purchasing-col-received = Reçu
purchasing-col-open = Attendu
purchasing-col-unit-cost = Coût unitaire HT
purchasing-col-line-total = Total ligne
purchasing-status-draft = Brouillon
purchasing-status-ordered = Commandé
purchasing-status-partially-received = Reçu en partie
purchasing-status-received = Reçu
purchasing-status-closed = Clôturé avec reliquat
purchasing-status-cancelled = Annulé
purchasing-status-open = En cours (commandé, reçu en partie)
purchasing-empty = Aucun bon de commande pour l'instant.
purchasing-count = { $count ->
    [one] { $n } bon de commande
   *[other] { $n } bons de commande
    }
purchasing-export = Télécharger
purchasing-form-errors = { $count ->
    [one] 1 champ à corriger.
   *[other] { $count } champs à corriger.
    }
purchasing-no-suppliers = Ajoutez d'abord un fournisseur.
purchasing-choose-supplier = Choisir un fournisseur
purchasing-lines = Lignes
purchasing-lines-hint = Saisissez un SKU ou un GTIN, la quantité et le coût unitaire HT. Les lignes vides sont ignorées.
purchasing-line-product = Produit
purchasing-notes = Remarques
purchasing-create-draft = Créer le brouillon
purchasing-created = Brouillon de bon de commande créé.
purchasing-saved = Enregistré.
purchasing-excl-vat = HT
purchasing-closed-short = { $n } ne viendront pas
purchasing-no-lines = Aucune ligne : modifiez le brouillon pour ajouter des produits.
purchasing-place-order = Passer la commande
purchasing-confirm-order = Passer cette commande ? Elle reçoit son numéro et ses lignes ne peuvent plus changer.
purchasing-delete-draft = Supprimer le brouillon
purchasing-confirm-delete = Supprimer ce brouillon ? C'est définitif.
purchasing-ordered = Commandé : le numéro est attribué. Téléchargez le PDF pour l'envoyer au fournisseur.
purchasing-deleted = Brouillon supprimé.
purchasing-cancel = Annuler la commande
purchasing-confirm-cancel = Annuler ce bon de commande ? Plus rien n'en sera attendu.
purchasing-cancelled = Bon de commande annulé.
purchasing-close = Clôturer avec reliquat
purchasing-confirm-close = Clôturer cette commande ? Ce qui n'a pas été reçu ne sera plus attendu.
purchasing-closed = Clôturé : le reste n'est plus attendu.
purchasing-download-pdf = Télécharger le PDF
purchasing-receive = Réceptionner
purchasing-receive-hint = Scannez ou saisissez un GTIN ou un SKU puis Entrée pour compter une unité, ou saisissez les quantités. La réception ajoute les unités au stock immédiatement.
purchasing-scan = Scanner un GTIN ou un SKU
purchasing-scan-unknown = Absent de cette commande :
purchasing-receive-now = Reçu maintenant
purchasing-receipt-note = Remarque (n° de bon de livraison…)
purchasing-receive-submit = Entrer en stock
purchasing-received = Marchandises entrées en stock.
purchasing-receipts = Réceptions
purchasing-receipt-units = { $count ->
    [one] { $n } unité reçue
   *[other] { $n } unités reçues
    }
purchasing-supplier-new = Nouveau fournisseur
purchasing-supplier-create = Créer le fournisseur
purchasing-supplier-created = Fournisseur créé.
purchasing-supplier-name = Nom
purchasing-supplier-contact = Interlocuteur
purchasing-supplier-language = Langue des documents
purchasing-supplier-lead-time = Délai de livraison (jours)
purchasing-supplier-payment-terms = Conditions de paiement
purchasing-supplier-active = Actif
purchasing-supplier-inactive = désactivé
purchasing-supplier-products = Produits fournis
purchasing-supplier-sku = Référence fournisseur
purchasing-supplier-no-products = Aucun produit enregistré ; ils s'ajoutent à la réception ou ici.
purchasing-suppliers-empty = Aucun fournisseur pour l'instant.
purchasing-days = { $count ->
    [one] 1 jour
   *[other] { $count } jours
    }
purchasing-last-cost = Dernier coût
purchasing-min-order = Minimum de commande
purchasing-reorder-intro = Produits dont le stock disponible plus les quantités en commande est tombé au seuil de réapprovisionnement, avec la quantité qui les ramène au niveau cible.
purchasing-reorder-empty = Rien à réapprovisionner : chaque produit avec un seuil a assez de stock disponible ou en commande.
purchasing-no-supplier = Sans fournisseur
purchasing-no-supplier-hint = Choisissez un fournisseur dans la règle de ces produits pour les commander ici.
purchasing-select-all = Tout sélectionner
purchasing-reorder-point = Seuil de réapprovisionnement
purchasing-target-level = Niveau cible
purchasing-create-drafts = Créer les brouillons de bons de commande
purchasing-drafts-created = { $count ->
    [one] 1 brouillon de bon de commande créé.
   *[other] { $count } brouillons de bons de commande créés.
    }
purchasing-rules = Règles de réapprovisionnement
purchasing-supplier-last = Dernier fournisseur
purchasing-rules-file = Fichier CSV (sku, reorder_point, target_level, supplier)
purchasing-rules-import = Importer les règles
purchasing-rules-imported = { $count ->
    [one] 1 règle enregistrée.
   *[other] { $count } règles enregistrées.
    }
purchasing-rules-refused = { $count ->
    [one] 1 ligne refusée ; rien n'a été modifié.
   *[other] { $count } lignes refusées ; rien n'a été modifié.
    }
purchasing-import-row = Ligne { $row }
purchasing-panel-title = Achats
purchasing-average-cost = Coût moyen
purchasing-low-stock-title = Stock bas
purchasing-low-stock = { $count ->
    [one] 1 produit au seuil de réapprovisionnement ou en dessous
   *[other] { $count } produits au seuil de réapprovisionnement ou en dessous
    }
