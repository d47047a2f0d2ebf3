use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    /// `CUS-000042` (from the id), unique per store.
    pub customer_number: String,
    /// Lower-case, unique per store.
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    /// Normalised VAT id (`LU26375245`).
    pub vat_id: Option<String>,
    /// Peppol participant id `scheme:identifier` (`9930:DE136695976`), the buyer's
    /// electronic address on e-invoices.
    pub peppol_id: Option<String>,
    /// `en`, `fr` or `de`.
    pub preferred_language: Option<String>,
    pub marketing_consent: bool,
    /// JSON array of strings.
    pub tags: Option<String>,
    /// JSON array of address objects.
    pub addresses: Option<String>,
    pub total_orders: i64,
    pub total_spent_cents: i64,
    pub first_order_at: Option<DateTimeUtc>,
    pub last_order_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    pub fn address_list(&self) -> Vec<crate::domain::Address> {
        self.addresses
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    /// Average order value in cents (0 without orders), rounded half away from zero.
    pub fn avg_order_cents(&self) -> i64 {
        crate::domain::average_cents(self.total_spent_cents, self.total_orders)
    }

    /// "First Last", or the e-mail when no name is known.
    pub fn display_name(&self) -> String {
        let name = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            self.email.clone()
        } else {
            name
        }
    }
}
