//! Plugs the modules into each other's seams: the order subscribers, the catalog's stock
//! view, tenancy's merchant plan, billing's live counters (process-wide registries owned by the crate of each seam),
//! and the page panels. Every entry point calls [`install`] before it works with the
//! database — `serve`, each CLI command, the tests — through [`open`] or [`crate::serve::state`].

use std::sync::Arc;

use orion_db::Db;
use orion_web::PanelProvider;

/// Registers every module's plug-ins. Idempotent (entries are named).
pub fn install() {
    orion_orders::events::SUBSCRIBERS.register(
        "marketplace.letzshop_outbox",
        Arc::new(orion_marketplace::LetzshopOutbox),
    );
    orion_orders::events::SUBSCRIBERS.register(
        "reporting.sales_rollups",
        Arc::new(orion_reporting::subscriber::SalesRollups),
    );
    orion_orders::events::SUBSCRIBERS.register(
        "webhooks.order_events",
        Arc::new(orion_webhooks::OrderEvents),
    );
    orion_db::events::SINKS.register("webhooks.outbox", Arc::new(orion_webhooks::WebhookSink));
    orion_orders::events::SUBSCRIBERS
        .register("alerts.order_alerts", Arc::new(orion_alerts::OrderAlerts));
    orion_db::events::SINKS.register("alerts.mail", Arc::new(orion_alerts::AlertSink));
    orion_catalog::stock::STOCK.register(
        "inventory.stock",
        Arc::new(orion_inventory::stock_view::InventoryStock),
    );
    orion_inventory::order_refs::ORDER_REFS.register(
        "orders.refs",
        Arc::new(orion_orders::inventory_refs::OrdersOfStore),
    );
    orion_orders::bulk::actions::register_own();
    orion_orders::bulk::BULK_ACTIONS.register(
        "invoice",
        Arc::new(orion_invoicing::bulk_invoice::IssueInvoice),
    );
    orion_orders::bulk::BULK_ACTIONS.register(
        "email",
        Arc::new(orion_invoicing::bulk_invoice::EmailInvoice),
    );
    orion_web::people::PEOPLE.register("tenancy.users", Arc::new(orion_tenancy::people::Users));
    orion_web::letterhead::LETTERHEADS.register(
        "invoicing.settings",
        Arc::new(orion_invoicing::ext::SettingsLetterhead),
    );
    orion_inventory::incoming::INCOMING.register(
        "purchasing.open_orders",
        Arc::new(orion_purchasing::incoming_view::OpenPurchaseOrders),
    );
    orion_inventory::low_stock::REORDER_POINTS.register(
        "purchasing.reorder_rules",
        Arc::new(orion_purchasing::reorder_points::ReorderRules),
    );
    orion_orders::ship_defaults::SHIP_DEFAULTS.register(
        "marketplace.letzshop_carrier",
        Arc::new(orion_marketplace::ext::LetzshopCarrier),
    );
    let steps = &orion_web::setup_steps::STEPS;
    steps.register(
        "invoicing.settings",
        Arc::new(orion_invoicing::setup_step::STEP),
    );
    steps.register(
        "marketplace.connect",
        Arc::new(orion_marketplace::setup_step::STEP),
    );
    steps.register(
        "catalog.products",
        Arc::new(orion_catalog::setup_step::STEP),
    );
    steps.register(
        "inventory.stock",
        Arc::new(orion_inventory::setup_step::STEP),
    );
    steps.register("tenancy.team", Arc::new(orion_tenancy::setup_step::STEP));
    orion_tenancy::plan::PLAN.register(
        "billing.plan",
        Arc::new(orion_billing::tenancy::BillingPlan),
    );
    orion_tenancy::plan::API_ALLOWANCE.register(
        "billing.api_allowance",
        Arc::new(orion_billing::tenancy::BillingApiAllowance),
    );
    orion_billing::live::LIVE_COUNTERS.register(
        "billing.team_seats",
        Arc::new(orion_billing::tenancy::TeamSeats),
    );
    orion_billing::live::LIVE_COUNTERS.register(
        "catalog.products",
        Arc::new(orion_catalog::service::ProductCounter),
    );
}

/// The sections modules add to other modules' pages, in display order.
pub fn panels() -> Vec<Arc<dyn PanelProvider>> {
    vec![
        Arc::new(orion_billing::tenancy::SubscriptionPanel),
        Arc::new(orion_marketplace::LetzshopPanel),
        Arc::new(orion_invoicing::ext::InvoicePanel),
        Arc::new(orion_purchasing::pages::ProductPurchasingPanel),
        Arc::new(orion_reporting::panel::TodayCounts),
        Arc::new(orion_marketplace::ext::SyncHealthPanel),
        Arc::new(orion_purchasing::pages::ReorderPanel),
        Arc::new(orion_reporting::panel::DashboardFigures::default()),
    ]
}

/// The database of a command: connected, migrated, with the modules composed.
pub async fn open(database_url: &str) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
    let db = Db::connect(database_url).await?;
    crate::migrate::run(&db).await?;
    install();
    Ok(db)
}
