## Catalogue : la liste des produits, la fiche produit et l’import CSV.

catalog-title = Produits
catalog-new = Nouveau produit
catalog-import-link = Importer un CSV
catalog-export-link = Exporter les produits :
catalog-feed-link = Flux Letzshop (fr)
catalog-search-placeholder = SKU, GTIN ou titre
catalog-filter-status = Statut
catalog-filter-active = Actif
catalog-filter-inactive = Inactif
catalog-filter-type = Type
catalog-filter-stock = Stock
catalog-col-title = Titre
catalog-col-price = Prix
catalog-col-type = Type
catalog-col-available = Disponible
catalog-col-status = Statut
catalog-status-active = Actif
catalog-status-inactive = Inactif
catalog-empty = Aucun produit ne correspond.
catalog-count = { $count ->
    [one] { $n } produit
   *[other] { $n } produits
    }

catalog-type-physical = physique
catalog-type-digital = numérique
catalog-type-service = service

catalog-vat-standard = normal
catalog-vat-reduced = réduit
catalog-vat-super-reduced = super-réduit
catalog-vat-parking = intermédiaire (parking)
catalog-vat-zero = zéro

catalog-condition-new = neuf
catalog-condition-used = d’occasion
catalog-condition-refurbished = reconditionné

catalog-availability-in-stock = En stock
catalog-availability-out-of-stock = En rupture de stock
catalog-availability-preorder = En précommande

catalog-gtin-gtin8 = GTIN-8
catalog-gtin-gtin12 = GTIN-12 (UPC)
catalog-gtin-gtin13 = GTIN-13 (EAN)
catalog-gtin-gtin14 = GTIN-14
catalog-gtin-isbn10 = ISBN-10
catalog-gtin-isbn13 = ISBN-13

## La fiche produit.

catalog-form-new = Nouveau produit
catalog-form-edit = Modifier le produit
catalog-form-gtin-type = Type de GTIN
catalog-form-gtin-type-auto = d’après la longueur
catalog-form-price = Prix (TTC, €)
catalog-form-sale-price = Prix soldé (€)
catalog-form-vat-rate-class = Taux de TVA
catalog-form-type = Type
catalog-form-condition = État
catalog-form-brand = Marque
catalog-form-title = Titre ({ $lang })
catalog-form-description = Description ({ $lang })
catalog-form-image-link = URL de l’image principale
catalog-form-more-images = Autres URL d’images (une par ligne)
catalog-form-active = Actif
catalog-form-create = Créer le produit
catalog-form-stock = Stock
catalog-form-errors = { $count ->
    [one] { $count } champ est à corriger.
   *[other] { $count } champs sont à corriger.
    }
catalog-created = Produit créé
catalog-saved = Enregistré

## L’import CSV.

catalog-import-title = Importer des produits
catalog-import-intro = Envoyez un fichier CSV (UTF-8 ; séparé par des virgules, des points-virgules ou des tabulations) avec une ligne d’en-tête. Les lignes sont rapprochées par SKU : les nouveaux SKU sont créés, les existants mis à jour. Les lignes valides sont appliquées ensemble ; les lignes invalides sont listées ci-dessous et ne modifient rien.
catalog-import-columns = Colonnes :
catalog-import-file = Fichier CSV
catalog-import-dry-run = Essai à blanc (vérifier seulement, ne rien enregistrer)
catalog-import-submit = Importer
catalog-import-result = Résultat
catalog-import-result-dry-run = Résultat (essai à blanc — rien n’a été enregistré)
catalog-import-created = Créés
catalog-import-updated = Mis à jour
catalog-import-unchanged = Inchangés
catalog-import-stock-set = Niveaux de stock fixés
catalog-import-stock-hint = Les colonnes facultatives stock, warehouse et bin fixent la quantité en stock (un nombre entier) à cet endroit ; sans warehouse, dans l'entrepôt par défaut.
catalog-import-rejected = Lignes rejetées
catalog-import-problems = Problèmes par ligne (l’en-tête est la ligne 1)
catalog-import-row = Ligne
catalog-import-column = Colonne
catalog-import-problem = Problème
catalog-import-more = …et { $count } de plus.
catalog-import-no-file = Choisissez un fichier CSV.
catalog-setup-products = Importer vos produits
catalog-setup-products-hint = Téléversez un CSV (ou ajoutez-les un par un) pour que les commandes trouvent leurs produits.
