## Letzshop : la connexion, les synchronisations et leur progression, la file d’envoi, le journal, le volet Letzshop de la page de commande.

marketplace-title = Letzshop
marketplace-no-sandbox = Letzshop n’a pas d’environnement de test.
marketplace-no-sandbox-detail = Une vraie clé d’API fonctionne en production : chaque confirmation, refus et numéro de suivi envoyé par Orion parvient à de vrais clients.
marketplace-simulator-first = Testez d’abord avec le simulateur :
marketplace-connection = Connexion
marketplace-key = Clé
marketplace-endpoint = point d’accès
marketplace-production = production
marketplace-auto-sync-on = Synchronisation automatique activée, toutes les { $minutes } min
marketplace-auto-sync-off = Synchronisation automatique désactivée
marketplace-last-sync = dernière synchronisation le { $at }
marketplace-never-synced = jamais synchronisé
marketplace-next-sync = prochaine le { $at }
marketplace-syncing-now = synchronisation en cours
marketplace-not-connected = Pas encore connecté.
marketplace-api-key = Clé d’API
marketplace-api-key-keep = Clé d’API (laissez vide pour garder ••••{ $last4 })
marketplace-endpoint-label = Point d’accès
marketplace-sync-interval = Synchroniser toutes les (minutes, ≥ 5)
marketplace-default-carrier = Transporteur par défaut
marketplace-carrier-placeholder = Post Luxembourg
marketplace-auto-sync = Synchroniser automatiquement
marketplace-save-connection = Enregistrer la connexion
marketplace-test-connection = Tester la connexion
marketplace-sync-now = Synchroniser maintenant
marketplace-import-history = Importer l’historique des commandes
marketplace-disconnect = Déconnecter

marketplace-job-title-sync = Synchronisation n° { $id } :
marketplace-job-title-history = Import historique n° { $id } :
marketplace-job-progress =
    Phase : { $phase } · { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    } · { $imported ->
        [one] { $imported } importée
       *[other] { $imported } importées
    } · { $updated ->
        [one] { $updated } mise à jour
       *[other] { $updated } mises à jour
    } · { $held ->
        [one] { $held } retenue
       *[other] { $held } retenues
    } · { $exceptions ->
        [one] { $exceptions } exception
       *[other] { $exceptions } exceptions
    } · { $unchanged ->
        [one] { $unchanged } inchangée
       *[other] { $unchanged } inchangées
    } · { $errors ->
        [one] { $errors } erreur
       *[other] { $errors } erreurs
    }
marketplace-job-errors = Erreurs
marketplace-job-refresh = Actualiser la progression
marketplace-job-kind-sync = synchronisation
marketplace-job-kind-history = import historique
marketplace-job-status-queued = En attente
marketplace-job-status-running = En cours
marketplace-job-status-done = Terminé
marketplace-job-status-failed = Échec
marketplace-phase-unconfirmed = expéditions non confirmées
marketplace-phase-confirmed = expéditions confirmées
marketplace-phase-done = terminé

marketplace-runs-title = Exécutions récentes
marketplace-runs-kind = Type
marketplace-runs-status = Statut
marketplace-runs-imported = Importées
marketplace-runs-updated = Mises à jour
marketplace-runs-held = Retenues
marketplace-runs-exceptions = Exceptions
marketplace-runs-errors = Erreurs
marketplace-runs-started = Début
marketplace-runs-none = Aucune synchronisation pour l’instant.

marketplace-outbox-title = File d’envoi ({ $n })
marketplace-outbox-show = Afficher :
marketplace-outbox-all = toutes
marketplace-outbox-order = Commande
marketplace-outbox-operation = Opération
marketplace-outbox-status = Statut
marketplace-outbox-attempts = Tentatives
marketplace-outbox-when = Prochaine tentative / envoi
marketplace-outbox-last-error = Dernière erreur
marketplace-outbox-retry = Réessayer
marketplace-outbox-none = Rien à envoyer.
marketplace-outbox-status-pending = En attente
marketplace-outbox-status-sending = En cours d’envoi
marketplace-outbox-status-sent = Envoyée
marketplace-outbox-status-failed = Échouée
marketplace-operation-sync = synchronisation
marketplace-operation-history = import historique
marketplace-operation-confirm = confirmation
marketplace-operation-decline = refus
marketplace-operation-tracking = suivi
marketplace-operation-test = test de connexion

marketplace-log-title = Journal de synchronisation
marketplace-log-when = Date
marketplace-log-operation = Opération
marketplace-log-result = Résultat
marketplace-log-duration = Durée
marketplace-log-error = Erreur
marketplace-log-none = Rien n’a encore été journalisé.
marketplace-duration-ms = { $ms } ms
marketplace-log-run =
    { $imported ->
        [one] { $imported } importée
       *[other] { $imported } importées
    }, { $updated ->
        [one] { $updated } mise à jour
       *[other] { $updated } mises à jour
    }, { $unchanged ->
        [one] { $unchanged } inchangée
       *[other] { $unchanged } inchangées
    }, { $held ->
        [one] { $held } retenue
       *[other] { $held } retenues
    }, { $exceptions ->
        [one] { $exceptions } exception
       *[other] { $exceptions } exceptions
    }, { $errors ->
        [one] { $errors } erreur
       *[other] { $errors } erreurs
    } ({ $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    }).
marketplace-log-sent = Commande { $order } : transmise à Letzshop (tentative { $attempt }).
marketplace-log-not-sent = Commande { $order } : non transmise (tentative { $attempt }).
marketplace-log-test-ok = Le test de connexion a réussi.
marketplace-log-test-failed = Le test de connexion a échoué.

marketplace-panel-intro = Les décisions et le suivi sont transmis à Letzshop via la file d’envoi ; le suivi enregistré ici fait foi.
marketplace-panel-sent = Envoyé
marketplace-panel-units =
    ({ $count ->
        [one] { $count } unité
       *[other] { $count } unités
    })
marketplace-panel-outbox-link = File d’envoi Letzshop
marketplace-carrier-other = autre transporteur

marketplace-connection-saved = Connexion Letzshop enregistrée.
marketplace-connection-removed = Connexion Letzshop supprimée.
marketplace-test-ok = Connexion réussie : { $endpoint } a accepté la clé ({ $ms } ms).
marketplace-test-failed = Échec du test de connexion : { $reason }
marketplace-connect-first = Enregistrez d’abord la connexion Letzshop.
marketplace-sync-started = Synchronisation lancée.
marketplace-history-started = Import historique lancé.
marketplace-retry-queued = L’opération va être renvoyée maintenant.
marketplace-sync-interval-error = L’intervalle de synchronisation { $message }.
marketplace-ask-disconnect = Déconnecter Letzshop ? La clé API enregistrée est supprimée ; les commandes ne sont plus synchronisées et plus rien n’est envoyé à Letzshop tant qu’une clé n’est pas enregistrée à nouveau.
marketplace-setup-connect = Connecter Letzshop
marketplace-setup-connect-hint = Enregistrez votre clé API Letzshop : les commandes sont ensuite importées d’elles-mêmes.
marketplace-health-title = Letzshop
marketplace-health-last = Dernière synchronisation :
marketplace-health-ok = { $count ->
    [one] 1 commande importée
   *[other] { $count } commandes importées
    }
marketplace-health-problem = { $count ->
    [one] 1 erreur, voir le journal
   *[other] { $count } erreurs ou un échec, voir le journal
    }
marketplace-health-never = Pas encore synchronisé.
marketplace-health-next = Prochaine synchronisation :
marketplace-health-open = Ouvrir Letzshop
