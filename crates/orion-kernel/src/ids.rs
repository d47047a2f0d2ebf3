//! Typed identifiers. Ids are `i64` in the database on both backends; the newtypes keep
//! them apart in code and are transparent in JSON.

macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        #[cfg_attr(feature = "openapi", schema(value_type = i64))]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    )*};
}

typed_id!(
    /// A person who can log in.
    UserId,
    /// A legal business that owns stores.
    MerchantId,
    /// A Letzshop seller account; almost every row belongs to one.
    StoreId,
    /// A named set of permissions inside a store.
    RoleId,
    /// A user's membership of a store.
    MemberId,
    /// A pending team invitation.
    InvitationId,
    /// A product of a store's catalog.
    ProductId,
    /// A warehouse of a store.
    WarehouseId,
    /// A customer of a store.
    CustomerId,
    /// An order of a store (any channel).
    OrderId,
    /// One line of an order.
    OrderItemId,
    /// An invoice or credit note.
    InvoiceId,
    /// A supplier a store buys from.
    SupplierId,
    /// A purchase order sent to a supplier.
    PurchaseOrderId,
);
