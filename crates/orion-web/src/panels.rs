//! Sections one module adds to another module's page without the page's module knowing it:
//! the Letzshop delivery log and the invoice box on the order page, for instance. A
//! [`PanelProvider`] names the page slot it fills (`"order"`, `"admin.merchant"`) and renders
//! its data for the subject shown (an order id, a merchant id); the page includes the panel's template, registered by the
//! providing module.

use orion_kernel::{BoxFuture, StoreId};
use sea_orm::DatabaseConnection;

use crate::problem::ApiError;

/// A section of a page: the template it renders (registered by the providing module) and
/// the values it renders with (available as `panel.data`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Panel {
    pub template: &'static str,
    pub data: serde_json::Value,
}

pub trait PanelProvider: Send + Sync + 'static {
    /// The page slot this provider fills (e.g. `"order"`).
    fn slot(&self) -> &'static str;

    /// The section for `subject` (e.g. an order id) of `store` (`None` on pages outside a
    /// store, such as the admin's merchant page), if any.
    fn panel<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: Option<StoreId>,
        subject: i64,
    ) -> BoxFuture<'a, Result<Option<Panel>, ApiError>>;
}
