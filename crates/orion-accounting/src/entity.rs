//! The accounting module's one table: the store's revenue accounts.

pub mod revenue_account {
    use sea_orm::entity::prelude::*;

    /// A revenue account chosen for a VAT regime (and optionally one rate).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "accounting_revenue_accounts")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub store_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub regime: String,
        /// A rate in percent (`17`), or empty for every rate of the regime.
        #[sea_orm(primary_key, auto_increment = false)]
        pub rate: String,
        pub account: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod package {
    use sea_orm::entity::prelude::*;

    /// An accountant's package being prepared or ready (see `crate::package`).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "accounting_packages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub store_id: i64,
        pub period_from: Date,
        pub period_to: Date,
        /// `queued`, `running`, `done`, `failed`.
        pub status: String,
        /// Documents in the period when the package was asked for.
        pub total: i64,
        /// Documents whose PDF is ready.
        pub done: i64,
        pub lease_until: Option<DateTimeUtc>,
        pub error: Option<String>,
        pub idempotency_key: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub finished_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
