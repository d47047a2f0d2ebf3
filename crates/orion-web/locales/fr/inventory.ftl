## Stock : le stock par produit, par entrepôt et emplacement, les ajustements et l’historique.

inventory-title = Stock
inventory-search-placeholder = SKU, GTIN ou titre
inventory-col-title = Titre
inventory-col-on-hand = En stock
inventory-col-reserved = Réservé
inventory-col-available = Disponible
inventory-col-on-order = En commande
inventory-col-expected = Attendu le
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
inventory-import-title = Définir le stock à partir d'un fichier
inventory-import-intro = Un fichier CSV avec les colonnes sku et quantity et, au besoin, warehouse (son code) et bin. Tout ou rien : si une ligne est erronée, aucune quantité n'est modifiée.
inventory-import-file = Fichier de stock (CSV)
inventory-import-check = Vérifier le fichier
inventory-import-apply = Définir le stock
inventory-import-confirm = Les quantités en stock des produits listés sont remplacées ; chaque changement est enregistré comme mouvement de stock.
inventory-import-done = { $count ->
    [one] { $n } niveau de stock défini à partir du fichier.
   *[other] { $n } niveaux de stock définis à partir du fichier.
    }
inventory-import-unchanged = { $count ->
    [one] { $n } ligne avait déjà sa quantité.
   *[other] { $n } lignes avaient déjà leur quantité.
    }
inventory-import-refused = { $count ->
    [one] Le fichier a été refusé : { $n } ligne pose problème. Rien n'a été modifié.
   *[other] Le fichier a été refusé : { $n } lignes posent problème. Rien n'a été modifié.
    }
inventory-import-problems = Problèmes dans le fichier
inventory-import-row-problem = Ligne { $row }, { $column } : { $message }
inventory-import-line-problem = Ligne { $row } : { $message }
inventory-import-more-problems = { $count ->
    [one] … et { $n } autre problème.
   *[other] … et { $n } autres problèmes.
    }
inventory-import-checked = Fichier vérifié
inventory-import-would = { $count ->
    [one] Le fichier est correct : { $n } niveau de stock changerait
   *[other] Le fichier est correct : { $n } niveaux de stock changeraient
    }, { $unchanged ->
    [one] { $u } ligne a déjà sa quantité.
   *[other] { $u } lignes ont déjà leur quantité.
    } Rien n'a encore été modifié : choisissez à nouveau le fichier et appuyez sur « Définir le stock ».
inventory-import-changes-caption = Ce qui changerait
inventory-import-col-row = Ligne
inventory-import-col-from = En stock maintenant
inventory-import-col-to = En stock ensuite
inventory-import-more-changes = { $count ->
    [one] … et { $n } autre niveau de stock.
   *[other] … et { $n } autres niveaux de stock.
    }
