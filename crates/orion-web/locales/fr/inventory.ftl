## Stock : le stock par produit, par entrepôt et emplacement, les ajustements et l’historique.

inventory-title = Stock
inventory-search-placeholder = SKU, GTIN ou titre
inventory-col-title = Titre
inventory-col-on-hand = En stock
inventory-col-reserved = Réservé
inventory-col-available = Disponible
inventory-empty = Aucun produit physique pour l’instant.
inventory-empty-create = En créer un
inventory-count = { $count ->
    [one] { $n } produit
   *[other] { $n } produits
    }

inventory-product-link = Produit
inventory-stock-of = Stock de { $product }
inventory-levels = Par entrepôt et emplacement
inventory-col-warehouse = Entrepôt
inventory-col-bin = Emplacement
inventory-no-stock = Aucun stock enregistré pour l’instant.
inventory-adjust-title = Ajuster le stock
inventory-adjust-delta = Variation (+/−)
inventory-adjust-delta-placeholder = 10 ou -2
inventory-adjust-warehouse = Entrepôt
inventory-adjust-bin = Emplacement
inventory-adjust-bin-placeholder = facultatif, p. ex. A-01
inventory-adjust-reason = Motif
inventory-adjust-reason-placeholder = livraison, casse, inventaire…
inventory-adjust-submit = Appliquer
inventory-adjust-invalid = La variation { $problem }.
inventory-adjusted = Stock ajusté : en stock { $on_hand }, disponible { $available }.

inventory-history = Historique
inventory-col-when = Date
inventory-col-kind = Type
inventory-col-where = Où
inventory-col-on-hand-change = En stock ±
inventory-col-reserved-change = Réservé ±
inventory-col-after = Après (en stock / réservé)
inventory-col-reason = Motif
inventory-order-ref = commande nº { $id }
inventory-no-movements = Aucun mouvement pour l’instant.
inventory-movements-count = { $count ->
    [one] { $n } mouvement
   *[other] { $n } mouvements
    }
inventory-newer = Plus récents
inventory-older = Plus anciens

inventory-kind-reserve = réservation
inventory-kind-release = libération
inventory-kind-fulfil = expédition
inventory-kind-adjust = ajustement
inventory-kind-set = inventaire
inventory-kind-import = import
inventory-kind-receive = réception
inventory-kind-return = retour
inventory-kind-move-out = transfert sortant
inventory-kind-move-in = transfert entrant
inventory-setup-stock = Saisir votre stock
inventory-setup-stock-hint = Indiquez ce que vous avez en stock : les commandes le réservent à leur confirmation.

inventory-set-stock-link = Fixer le stock de plusieurs produits
inventory-table-title = Fixer le stock
inventory-table-intro = Saisissez vos quantités en stock et enregistrez : seules les lignes modifiées sont enregistrées, chacune comme un comptage dans l'historique du produit.
inventory-table-caption = En stock dans { $warehouse }
inventory-col-product = Produit
inventory-table-col-all = En stock (tous emplacements)
inventory-table-col-here = En stock dans { $warehouse }
inventory-table-input-label = En stock de { $sku } dans { $warehouse }
inventory-table-save = Enregistrer
inventory-table-saved = { $count ->
    [one] { $n } niveau de stock enregistré.
   *[other] { $n } niveaux de stock enregistrés.
    }
inventory-table-refused = { $count ->
    [one] { $count } ligne ne peut pas être enregistrée ; rien n'a été modifié.
   *[other] { $count } lignes ne peuvent pas être enregistrées ; rien n'a été modifié.
    }
inventory-table-csv-hint = Pour de nombreux produits : envoyez un CSV avec les colonnes sku, quantity et, au besoin, warehouse et bin à
