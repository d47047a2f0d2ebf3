## Letzshop: the connection, sync runs and their progress, the outbox, the sync log, the order page's Letzshop panel.

marketplace-title = Letzshop
marketplace-no-sandbox = There is no Letzshop sandbox.
marketplace-no-sandbox-detail = A real API key works on production: every confirmation, decline and tracking number Orion sends reaches real customers.
marketplace-simulator-first = Test with the simulator first:
marketplace-connection = Connection
marketplace-key = Key
marketplace-endpoint = endpoint
marketplace-production = production
marketplace-auto-sync-on = Auto-sync on, every { $minutes } min
marketplace-auto-sync-off = Auto-sync off
marketplace-last-sync = last sync { $at }
marketplace-never-synced = never synced
marketplace-next-sync = next { $at }
marketplace-syncing-now = syncing now
marketplace-not-connected = Not connected yet.
marketplace-api-key = API key
marketplace-api-key-keep = API key (leave empty to keep ••••{ $last4 })
marketplace-endpoint-label = Endpoint
marketplace-sync-interval = Sync every (minutes, ≥ 5)
marketplace-default-carrier = Default carrier
marketplace-carrier-placeholder = Post Luxembourg
marketplace-auto-sync = Sync automatically
marketplace-save-connection = Save connection
marketplace-test-connection = Test connection
marketplace-sync-now = Sync now
marketplace-import-history = Import order history
marketplace-disconnect = Disconnect

marketplace-job-title-sync = Sync #{ $id }:
marketplace-job-title-history = Historical import #{ $id }:
marketplace-job-progress =
    Phase { $phase } · { $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    } · { $imported } imported · { $updated } updated · { $held } held · { $exceptions ->
        [one] { $exceptions } exception
       *[other] { $exceptions } exceptions
    } · { $unchanged } unchanged · { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }
marketplace-job-errors = Errors
marketplace-job-refresh = Refresh progress
marketplace-job-kind-sync = sync
marketplace-job-kind-history = historical import
marketplace-job-status-queued = Queued
marketplace-job-status-running = Running
marketplace-job-status-done = Done
marketplace-job-status-failed = Failed
marketplace-phase-unconfirmed = unconfirmed shipments
marketplace-phase-confirmed = confirmed shipments
marketplace-phase-done = done

marketplace-runs-title = Recent runs
marketplace-runs-kind = Kind
marketplace-runs-status = Status
marketplace-runs-imported = Imported
marketplace-runs-updated = Updated
marketplace-runs-held = Held
marketplace-runs-exceptions = Exceptions
marketplace-runs-errors = Errors
marketplace-runs-started = Started
marketplace-runs-none = No sync yet.

marketplace-outbox-title = Outbox ({ $n })
marketplace-outbox-show = Show:
marketplace-outbox-all = all
marketplace-outbox-order = Order
marketplace-outbox-operation = Operation
marketplace-outbox-status = Status
marketplace-outbox-attempts = Attempts
marketplace-outbox-when = Next attempt / sent
marketplace-outbox-last-error = Last error
marketplace-outbox-retry = Retry
marketplace-outbox-none = Nothing to send.
marketplace-outbox-status-pending = Pending
marketplace-outbox-status-sending = Sending
marketplace-outbox-status-sent = Sent
marketplace-outbox-status-failed = Failed
marketplace-operation-sync = sync
marketplace-operation-history = historical import
marketplace-operation-confirm = confirm
marketplace-operation-decline = decline
marketplace-operation-tracking = tracking
marketplace-operation-test = connection test

marketplace-log-title = Sync log
marketplace-log-when = When
marketplace-log-operation = Operation
marketplace-log-result = Result
marketplace-log-duration = Duration
marketplace-log-error = Error
marketplace-log-none = Nothing logged yet.
marketplace-duration-ms = { $ms } ms
marketplace-log-run =
    { $imported } imported, { $updated } updated, { $unchanged } unchanged, { $held } held, { $exceptions ->
        [one] { $exceptions } exception
       *[other] { $exceptions } exceptions
    }, { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    } ({ $pages ->
        [one] { $pages } page
       *[other] { $pages } pages
    }).
marketplace-log-sent = Order { $order }: sent to Letzshop (attempt { $attempt }).
marketplace-log-not-sent = Order { $order }: not sent (attempt { $attempt }).
marketplace-log-test-ok = The connection test succeeded.
marketplace-log-test-failed = The connection test failed.

marketplace-panel-intro = Decisions and tracking are sent to Letzshop through the outbox; the tracking stored here is the reference.
marketplace-panel-sent = Sent
marketplace-panel-units =
    ({ $count ->
        [one] { $count } unit
       *[other] { $count } units
    })
marketplace-panel-outbox-link = Letzshop outbox
marketplace-carrier-other = other carrier

marketplace-connection-saved = Letzshop connection saved.
marketplace-connection-removed = Letzshop connection removed.
marketplace-test-ok = Connection OK: { $endpoint } accepted the key ({ $ms } ms).
marketplace-test-failed = Connection test failed: { $reason }
marketplace-connect-first = Save the Letzshop connection first.
marketplace-sync-started = Sync started.
marketplace-history-started = Historical import started.
marketplace-retry-queued = The operation will be sent again now.
marketplace-sync-interval-error = The sync interval { $message }.
marketplace-ask-disconnect = Disconnect Letzshop? The stored API key is deleted; orders stop syncing and nothing more is sent to Letzshop until a key is saved again.
marketplace-setup-connect = Connect Letzshop
marketplace-setup-connect-hint = Save your Letzshop API key: orders are then imported by themselves.
marketplace-health-title = Letzshop
marketplace-health-last = Last sync:
marketplace-health-ok = { $count ->
    [one] 1 order imported
   *[other] { $count } orders imported
    }
marketplace-health-problem = { $count ->
    [one] 1 error, see the sync log
   *[other] { $count } errors or a failure, see the sync log
    }
marketplace-health-never = Not synchronised yet.
marketplace-health-next = Next sync:
marketplace-health-open = Open Letzshop
