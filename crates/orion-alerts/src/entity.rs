//! The alerts module's tables: users' choices, the orders waiting for the next digest, the
//! digest mark of each store, and the plan limits already announced per period.

pub mod preference {
    use sea_orm::entity::prelude::*;

    /// One user's choice for one kind of alert in one store (no row: the default).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_preferences")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub store_id: i64,
        pub user_id: i64,
        pub kind: String,
        pub enabled: bool,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod queued_order {
    use sea_orm::entity::prelude::*;

    /// An order that arrived (or was released) waiting for confirmation, not yet in a digest.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_digest_orders")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub store_id: i64,
        pub order_id: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod digest_mark {
    use sea_orm::entity::prelude::*;

    /// A store's digest clock: when the last digest left, every how many minutes at most,
    /// and a version the sender bumps with a conditional update (one sender per digest).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_digest_marks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub store_id: i64,
        pub digest_minutes: i32,
        pub last_sent_at: Option<DateTimeUtc>,
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod limit_mark {
    use sea_orm::entity::prelude::*;

    /// A plan limit of a merchant announced in a period (one alert per limit and period).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "alert_limit_marks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub merchant_id: i64,
        pub metric: String,
        pub period: String,
        pub store_id: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
