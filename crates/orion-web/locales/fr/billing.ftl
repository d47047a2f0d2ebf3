## Abonnement : la formule de la boutique et sa consommation, les formules, la vue d’ensemble et l’abonnement d’un marchand.

billing-title = Abonnement
billing-plan = Formule
billing-status = Statut :
billing-trial-ends = fin de l’essai le { $date }
billing-current-period = Période en cours
billing-period = { $start } – { $end }
billing-usage = Consommation
billing-usage-of = { $used } / { $limit }
billing-over-80 = Plus de 80 % utilisés.
billing-included-features = Fonctions incluses
billing-next-adds = Ce qu’apporte { $tier }
billing-per-month = { $price } par mois
billing-limit-line = { $metric } : { $limit }
billing-ask-operator = Demandez à l’exploitant de la plateforme de changer votre formule.
billing-admin-only = Réservé aux administrateurs de la plateforme.

billing-status-trialing = En essai
billing-status-active = Actif
billing-status-past-due = Paiement en retard
billing-status-cancelled = Résilié

billing-metric-orders-per-month = Commandes ce mois-ci
billing-metric-products = Produits
billing-metric-team-members = Membres de l’équipe
billing-metric-api-requests-per-day = Requêtes API aujourd’hui

billing-feature-letzshop-sync = Synchronisation des commandes Letzshop
billing-feature-order-confirm-decline = Confirmer et refuser des articles
billing-feature-tracking = Envoi du suivi de colis
billing-feature-invoice-lu = Factures avec TVA luxembourgeoise
billing-feature-customer-list = Liste des clients
billing-feature-invoice-eu-vat = Factures avec TVA européenne (OSS, intracommunautaire, export)
billing-feature-warehouses = Entrepôts et emplacements
billing-feature-purchase-orders = Bons de commande fournisseurs et stock entrant
billing-feature-customer-csv-export = Export CSV des clients
billing-feature-multi-store-dashboard = Tableau de bord multi-boutiques
billing-feature-accounting-export = Export comptable
billing-feature-api-keys = Clés API

billing-upgrade-not-included = { $what } n’est pas inclus dans votre formule.
billing-upgrade-to = { $what } n’est pas inclus dans votre formule — passez à { $tier } pour en profiter.
billing-upgrade-see-plans = Voir les formules et la consommation

## Formules (administrateurs de la plateforme).

billing-tiers-title = Formules
billing-tiers-intro = Les modifications s’appliquent immédiatement à tous les marchands de la formule. Laissez une limite vide pour ne pas limiter.
billing-tiers-name = Nom
billing-tiers-price = Prix mensuel (€, vide = sur devis)
billing-tiers-features = Fonctions
billing-tiers-save = Enregistrer { $tier }
billing-tiers-saved = Formule { $tier } enregistrée ; elle s’applique dès maintenant à ses marchands.
billing-tiers-field-error = { $field } : { $problem }
billing-tiers-not-saved = Non enregistré — { $problems }

## Vue d’ensemble des abonnements (administrateurs de la plateforme).

billing-overview-title = Vue d’ensemble des abonnements
billing-overview-mrr = Revenu mensuel récurrent estimé
billing-overview-mrr-hint = abonnements actifs et en retard de paiement
billing-overview-merchants = { $count ->
    [one] marchand
   *[other] marchands
    }
billing-overview-trials-ending = Essais se terminant dans les 7 prochains jours
billing-overview-merchant = Marchand
billing-overview-trial-ends = Fin de l’essai
billing-overview-merchant-number = Marchand nº { $id }
billing-overview-no-trials = Aucun.

## La section abonnement de la page d’un marchand (administration).

billing-panel-title = Abonnement
billing-panel-status = statut
billing-panel-tier = Formule
billing-panel-status-label = Statut
billing-panel-trial-ends = Fin de l’essai (en essai)
billing-panel-change = Modifier l’abonnement
billing-panel-history = Historique ({ $count })
billing-panel-when = Date
billing-panel-from = De
billing-panel-to = À
billing-panel-note = Remarque
billing-panel-plan-status = { $tier } ({ $status })
billing-panel-by-user = par { $name }
billing-subscription-changed = L’abonnement est désormais { $tier } ({ $status }).
billing-tiers-api-burst = Rafale par clé d'API (requêtes à la fois)
billing-tiers-api-rate = Débit par clé d'API (requêtes par minute)
