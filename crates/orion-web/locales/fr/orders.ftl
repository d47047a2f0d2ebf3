## Commandes : la liste, la page de commande avec ses actions et son historique, le formulaire de nouvelle commande.

orders-title = Commandes
orders-new = Nouvelle commande
orders-search-placeholder = numéro, e-mail, nom
orders-col-number = Numéro
orders-col-date = Date
orders-col-customer = Client
orders-col-channel = Canal
orders-col-status = Statut
orders-col-total = Total
orders-filter-from = Du
orders-filter-to = Au
orders-none-match = Aucune commande ne correspond.
orders-list-count =
    { $count ->
        [one] { $n } commande
       *[other] { $n } commandes
    }
orders-settings-allow-backorders = Autoriser la confirmation sans stock (les articles confirmés sans stock sont réservés à l’expédition de la commande)
orders-settings-save = Enregistrer les paramètres des commandes
orders-settings-backorders-on = La confirmation sans stock est autorisée.
orders-settings-backorders-off = La confirmation sans stock est désactivée.
orders-created = Commande créée
orders-now-status = Statut de la commande : { $status }.
orders-choose-product = choisissez un produit
orders-unknown-action = action inconnue

orders-status-held = Retenue
orders-status-pending = En attente
orders-status-processing = En préparation
orders-status-partially-shipped = Partiellement expédiée
orders-status-shipped = Expédiée
orders-status-delivered = Livrée
orders-status-cancelled = Annulée
orders-status-refunded = Remboursée

orders-channel-direct = direct
orders-channel-letzshop = Letzshop

orders-item-status-pending = En attente
orders-item-status-confirmed = Confirmé
orders-item-status-declined = Refusé

orders-detail-title = Commande { $number }
orders-detail-held = Retenue : la limite mensuelle de commandes de votre formule était atteinte à son arrivée. Elle sera libérée automatiquement dès que le quota le permettra (changement de formule ou mois suivant).
orders-detail-customer = Client
orders-detail-vat-id = TVA { $id }
orders-detail-customer-record = Fiche client
orders-detail-ship-to = Livrer à
orders-detail-summary = Résumé
orders-detail-channel = Canal : { $channel }
orders-detail-ordered = Commandée le { $at }
orders-detail-language = Langue : { $language }
orders-detail-tracking = Suivi
orders-detail-items = Articles
orders-item-col-item = Article
orders-item-col-quantity = Qté
orders-item-col-unit-price = Prix unitaire
orders-item-col-total = Total
orders-item-col-status = Statut
orders-item-col-decide = Décision
orders-item-unmatched = aucun produit
orders-item-backordered = sans stock
orders-item-backordered-hint = Confirmé sans stock : réservé à l’expédition de la commande
orders-item-stock = stock
orders-item-confirm = Confirmer
orders-item-decline = Refuser
orders-detail-subtotal = Sous-total
orders-detail-shipping = Livraison
orders-detail-total = Total
orders-detail-incl-vat = (dont TVA { $amount })
orders-detail-actions = Actions
orders-action-confirm = Confirmer la commande (réserver le stock)
orders-action-tracking-number = Numéro de suivi
orders-action-carrier = Transporteur
orders-action-carrier-placeholder = Post Luxembourg
orders-action-ship = Expédier
orders-action-deliver = Marquer comme livrée
orders-action-cancel = Annuler la commande
orders-action-refund = Marquer comme remboursée
orders-action-none = Cette commande est { $status } ; aucune autre action n’est possible.
orders-history-title = Historique
orders-history-when = Date
orders-history-from = De
orders-history-to = À
orders-history-note = Note
orders-history-by = (par { $name })

orders-new-intro = Pour les commandes reçues par téléphone ou par e-mail. Les prix viennent du catalogue ; les totaux s’affichent au fil des lignes et sont recalculés à l’enregistrement de la commande.
orders-new-customer = Client
orders-new-shipping-address = Adresse de livraison
orders-new-ship-name = Nom
orders-new-country = Pays
orders-new-items = Articles
orders-new-quantity = Quantité
orders-new-shipping-amount = Frais de livraison (€)
orders-new-language = Langue
orders-new-notes = Notes internes
orders-new-create = Créer la commande
orders-new-customer-hint = Saisissez une adresse e-mail ou un nom pour retrouver un client ; le choisir remplit ses coordonnées et son adresse.
orders-new-items-hint = Cherchez un produit par SKU ou par titre ; sinon, saisissez son SKU.
orders-new-product = Produit (SKU)
orders-new-add-line = Ajouter une ligne
orders-new-remove-line = Retirer
orders-new-totals = Totaux
orders-new-subtotal = Sous-total
orders-new-shipping = Livraison
orders-new-vat-included = Dont TVA
orders-new-total = Total
orders-country-at = Autriche
orders-country-be = Belgique
orders-country-bg = Bulgarie
orders-country-ch = Suisse
orders-country-cy = Chypre
orders-country-cz = Tchéquie
orders-country-de = Allemagne
orders-country-dk = Danemark
orders-country-ee = Estonie
orders-country-es = Espagne
orders-country-fi = Finlande
orders-country-fr = France
orders-country-gb = Royaume-Uni
orders-country-gr = Grèce
orders-country-hr = Croatie
orders-country-hu = Hongrie
orders-country-ie = Irlande
orders-country-is = Islande
orders-country-it = Italie
orders-country-li = Liechtenstein
orders-country-lt = Lituanie
orders-country-lu = Luxembourg
orders-country-lv = Lettonie
orders-country-mc = Monaco
orders-country-mt = Malte
orders-country-nl = Pays-Bas
orders-country-no = Norvège
orders-country-pl = Pologne
orders-country-pt = Portugal
orders-country-ro = Roumanie
orders-country-se = Suède
orders-country-si = Slovénie
orders-country-sk = Slovaquie
orders-country-us = États-Unis
orders-exceptions-title = Articles sans produit
orders-exceptions-intro = Articles de la place de marché qui ne correspondent à aucun produit de votre catalogue. Les commandes qui les contiennent ne peuvent pas être confirmées : associez une fois chaque article à l’un de vos produits et toutes les commandes en attente sont débloquées.
orders-exceptions-untitled = (sans nom)
orders-exceptions-gtin = GTIN
orders-exceptions-sku = SKU
orders-exceptions-waiting = { $items ->
    [one] 1 article
   *[other] { $items } articles
    } dans { $orders ->
    [one] 1 commande :
   *[other] { $orders } commandes :
    }
orders-exceptions-more = et { $n } de plus
orders-exceptions-product = Votre produit (SKU ou GTIN)
orders-exceptions-product-hint = Commencez à taper pour choisir parmi vos produits.
orders-exceptions-map = { $orders ->
    [one] Associer pour 1 commande
   *[other] Associer pour { $orders } commandes
    }
orders-exceptions-create = Créer un produit à partir de cet article
orders-exceptions-none = Aucun article n’attend de produit.
orders-exceptions-no-such-product = Aucun produit avec le SKU ou GTIN « { $product } » dans cette boutique.
orders-exceptions-resolved = { $items ->
    [one] 1 article associé
   *[other] { $items } articles associés
    } à { $product } ; { $orders ->
    [0] aucune commande n’est encore débloquée (d’autres articles attendent).
    [one] 1 commande peut maintenant être confirmée.
   *[other] { $orders } commandes peuvent maintenant être confirmées.
    }
orders-exceptions-link = { $groups ->
    [one] 1 article sans produit
   *[other] { $groups } articles sans produit
    }
orders-exceptions-link-hint = leurs commandes ne peuvent pas être confirmées avant l’association.
orders-item-map = Associer à un produit
orders-item-map-here = Associer pour toutes les commandes de cet article
orders-ask-cancel = Annuler la commande { $number } ? Son stock réservé est libéré. Cette action est définitive.
orders-ask-cancel-letzshop = Annuler la commande { $number } ? Son stock réservé est libéré. Letzshop n’est pas prévenu : pour informer le client, refusez plutôt les articles. Cette action est définitive.
orders-ask-refund = Marquer la commande { $number } comme remboursée ? Cette action est définitive.
orders-ask-decline = Refuser « { $item } » ? Cette action est définitive.
orders-ask-decline-letzshop = Refuser « { $item } » ? Letzshop est prévenu et le client en est informé. Cette action est définitive.
orders-filter-attention = À traiter
orders-attention-to-confirm = À confirmer
orders-attention-blocked = Bloquées : articles sans produit
orders-attention-short = Stock insuffisant
orders-attention-overdue = Non expédiées après 3 jours
orders-attention-not-invoiced = Expédiées, non facturées
orders-sort = Trier
orders-sort-newest = Plus récentes d’abord
orders-sort-oldest = Plus anciennes d’abord
orders-sort-total-desc = Montant le plus élevé d’abord
orders-sort-total-asc = Montant le plus bas d’abord
orders-sort-status = Par statut (à traiter d'abord)
orders-col-items = Unités

## Bulk work
orders-bulk-legend = Traiter plusieurs commandes à la fois
orders-bulk-select-all = Sélectionner toutes les commandes de cette page
orders-bulk-select = Sélectionner la commande { $number }
orders-bulk-scope-selected = Les commandes cochées ci-dessous
orders-bulk-scope-filter = Les { $n } commandes correspondant au filtre
orders-bulk-action = Action
orders-bulk-action-confirm = Confirmer
orders-bulk-action-ship = Expédier
orders-bulk-action-invoice = Émettre les factures
orders-bulk-action-email = Envoyer les factures aux acheteurs par e-mail
orders-bulk-action-cancel = Annuler les commandes
orders-bulk-run = Appliquer aux commandes
orders-bulk-cancel-confirm = Annuler les commandes choisies ? Le stock réservé est libéré, Letzshop est informé et les clients sont avertis. Cette action est irréversible.
orders-bulk-ship-options = Détails d'expédition
orders-bulk-carrier = Transporteur (pour les commandes sans ligne ci-dessous)
orders-bulk-tracking = Numéros de suivi : une commande par ligne — numéro de commande, transporteur, numéro de suivi
orders-bulk-tracking-placeholder = ORD-2026-00012, Post, LU123456789
orders-bulk-tracking-file = Ou lire les lignes d'un fichier CSV
orders-bulk-download-invoices = Télécharger les factures (zip)
orders-bulk-none-selected = Cochez au moins une commande, ou choisissez toutes les commandes correspondant au filtre.
orders-bulk-tracking-line = Numéros de suivi, ligne { $line } : { $message }
orders-bulk-tracking-unknown = il n'y a pas de commande { $number } dans cette boutique
orders-bulk-tracking-columns = indiquez le numéro de commande, le transporteur et le numéro de suivi
orders-job-title-confirm = Confirmation des commandes
orders-job-title-ship = Expédition des commandes
orders-job-title-invoice = Émission des factures
orders-job-title-email = Envoi des factures par e-mail
orders-job-title-cancel = Annulation des commandes
orders-job-status-queued = En attente
orders-job-status-running = En cours
orders-job-status-done = Terminé
orders-job-progress = { $done } commandes sur { $total }
orders-job-summary = { $ok } traitées, { $refused } refusées.
orders-job-refresh = Actualiser pour voir l'avancement
orders-job-results = Commande par commande
orders-job-col-order = Commande
orders-job-col-result = Résultat
orders-job-ok = Fait
orders-job-refused = Refusée
orders-job-unknown-order = Pas une commande de cette boutique
orders-job-back = Retour aux commandes
orders-packing-slip = Bon de livraison
orders-packing-slip-hint = PDF à joindre au colis : articles, emplacements et numéro de commande en code-barres
orders-packing-slips = Bons de livraison
orders-pick-list = Liste de préparation
