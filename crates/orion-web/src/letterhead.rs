//! The store's letterhead on documents other modules send out (purchase orders): its legal
//! name, postal address and VAT number. The invoicing settings hold them, above this crate,
//! so invoicing implements [`Letterheads`] and the composition root registers it in
//! [`LETTERHEADS`]; modules call [`of`].

use orion_kernel::{BoxFuture, Registry, StoreId};
use sea_orm::{DatabaseConnection, DbErr};

/// How the store presents itself on a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letterhead {
    pub legal_name: String,
    /// Street, then postal code and city, then the country code.
    pub address_lines: Vec<String>,
    pub vat_number: Option<String>,
}

pub trait Letterheads: Send + Sync + 'static {
    /// The store's letterhead, when it has been set up.
    fn letterhead<'a>(
        &'a self,
        conn: &'a DatabaseConnection,
        store: StoreId,
    ) -> BoxFuture<'a, Result<Option<Letterhead>, DbErr>>;
}

/// The letterhead source of the composed application.
pub static LETTERHEADS: Registry<dyn Letterheads> = Registry::new();

/// The store's letterhead (none before it is set up, or before composition).
pub async fn of(conn: &DatabaseConnection, store: StoreId) -> Result<Option<Letterhead>, DbErr> {
    match LETTERHEADS.first() {
        Some(l) => l.letterhead(conn, store).await,
        None => Ok(None),
    }
}
