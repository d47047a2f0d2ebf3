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
