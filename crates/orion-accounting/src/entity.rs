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
