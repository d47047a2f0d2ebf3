//! Reporting: the store's and the merchant's figures. Daily rollups per store, day and
//! channel (and per product) are kept by an order subscriber inside every order change's
//! transaction, from a per-order fact (what the order last contributed), so the rollups
//! always equal a recomputation from the orders; `rebuild` recomputes them. Summaries
//! (totals, the previous period, a day/week/month series, channels, top products, the EU
//! distance-sales threshold) read the rollups. `docs/index.md` tells the counting rules.

pub mod api;
pub mod chart;
pub mod entity;
pub mod error;
pub mod migration;
pub mod pages;
pub mod panel;
pub mod service;
pub mod subscriber;

pub use error::ReportError;

/// The reporting module's page templates, `(name, source)`.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "reporting/dashboard_panel.html",
            include_str!("../templates/dashboard_panel.html"),
        ),
        (
            "reporting/today_panel.html",
            include_str!("../templates/today_panel.html"),
        ),
        (
            "reporting/merchant.html",
            include_str!("../templates/merchant.html"),
        ),
        (
            "reporting/reports.html",
            include_str!("../templates/reports.html"),
        ),
    ]
}
