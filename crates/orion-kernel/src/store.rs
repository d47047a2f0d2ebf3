//! The store an operation runs in.

use crate::ids::{MerchantId, StoreId};

/// The store an operation runs in, as the caller's token (or the worker) knows it: enough to
/// scope queries (`id`), charge the merchant's plan (`merchant`), number documents (`code`)
/// and decide VAT (`country`, the seller country).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreRef {
    pub id: StoreId,
    pub merchant: MerchantId,
    pub code: String,
    /// ISO 3166-1 alpha-2 of the store (its seller country for VAT).
    pub country: String,
}
