//! The dashboard's getting-started checklist: each module contributes the set-up steps it
//! owns (invoice settings, Letzshop, products, stock, team), each saying where the seller does
//! it and whether it is done for the store. The composition root registers them in [`STEPS`];
//! the dashboard (tenancy) renders [`checklist`], which ticks itself as the data appears.

use orion_kernel::{BoxFuture, Registry, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

/// Whether a store has done a step.
pub type DoneFn = for<'a> fn(&'a DatabaseConnection, StoreId) -> BoxFuture<'a, Result<bool, DbErr>>;

/// One step of the checklist, declared by the module that owns it.
pub struct SetupStep {
    /// Position on the list (lower first).
    pub order: u32,
    /// The message key of the step's label (`<module>-setup-<step>`); its one-line hint is the
    /// same key with `-hint`.
    pub label_key: &'static str,
    /// The page where the seller does it.
    pub href: &'static str,
    pub done: DoneFn,
}

/// The set-up steps of the composed application.
pub static STEPS: Registry<SetupStep> = Registry::new();

/// One line of the checklist, ready for a template.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StepState {
    pub label_key: &'static str,
    pub hint_key: String,
    pub href: &'static str,
    pub done: bool,
}

/// The store's checklist, in order.
pub async fn checklist(conn: &DatabaseConnection, store: StoreId) -> Result<Vec<StepState>, DbErr> {
    let mut steps = STEPS.all();
    steps.sort_by_key(|s| s.order);
    let mut out = Vec::with_capacity(steps.len());
    for s in steps {
        out.push(StepState {
            label_key: s.label_key,
            hint_key: format!("{}-hint", s.label_key),
            href: s.href,
            done: (s.done)(conn, store).await?,
        });
    }
    Ok(out)
}
