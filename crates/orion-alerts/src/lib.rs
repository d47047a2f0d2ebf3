//! Alerts: e-mails to the members of a store's team, each user choosing which they get
//! ([`prefs`]): a digest of new orders waiting for confirmation ([`digest`], sent by the
//! [`worker`] at most every few minutes, once across instances), a Letzshop sync that
//! failed, stock falling to its reorder point and a plan limit reaching 80 % ([`sink`]: an
//! order subscriber and a domain-event sink, writing the e-mails to the messaging outbox in
//! the transaction of their cause). [`recipients`] asks tenancy who is on the team, with
//! which permissions and language; [`api`] and [`pages`] are the "My alerts" faces.

pub mod api;
pub mod digest;
pub mod entity;
pub mod error;
pub mod kinds;
pub mod migration;
pub mod pages;
pub mod prefs;
pub mod recipients;
pub mod sink;
pub mod usage;
pub mod worker;

use std::sync::RwLock;

pub use error::AlertError;
pub use kinds::Kind;
pub use sink::{AlertSink, OrderAlerts};

static PUBLIC_URL: RwLock<String> = RwLock::new(String::new());

/// Sets the base URL links in alerts point to (`ORION_PUBLIC_URL`).
pub fn set_public_url(url: &str) {
    if let Ok(mut u) = PUBLIC_URL.write() {
        *u = url.trim_end_matches('/').to_owned();
    }
}

/// `path` on the public URL (`http://127.0.0.1:8080` until set).
pub fn link(path: &str) -> String {
    let base = PUBLIC_URL.read().map(|u| u.clone()).unwrap_or_default();
    let base = if base.is_empty() {
        "http://127.0.0.1:8080".to_owned()
    } else {
        base
    };
    format!("{base}{path}")
}

/// The alerts pages' templates, `(name, source)`.
pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![(
        "alerts/alerts.html",
        include_str!("../templates/alerts.html"),
    )]
}
