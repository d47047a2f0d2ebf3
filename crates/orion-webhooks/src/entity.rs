//! The webhooks module's tables: endpoints, the outbox of messages, one delivery per message
//! and endpoint, and the attempts of each delivery.

pub mod endpoint {
    use sea_orm::entity::prelude::*;

    /// Where a store wants to hear about events.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_endpoints")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub store_id: i64,
        pub url: String,
        pub description: Option<String>,
        /// The subscribed event types, a JSON array of strings.
        pub events: String,
        /// The signing secret (`whsec_…`), encrypted with the app's secret key (base64).
        pub secret_ciphertext: String,
        pub secret_nonce: String,
        pub enabled: bool,
        pub disabled_at: Option<DateTimeUtc>,
        /// `failing` (Orion switched it off) or `manual`.
        pub disabled_reason: Option<String>,
        /// Deliveries that used up every attempt since the last successful one.
        pub consecutive_failures: i32,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod message {
    use sea_orm::entity::prelude::*;

    /// One event of one store, as every endpoint receives it (the outbox).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The `webhook-id` receivers deduplicate on (`msg_…`): the same for every attempt
        /// and redelivery.
        pub uid: String,
        pub store_id: i64,
        pub event_type: String,
        /// The event's `data`, JSON.
        pub payload: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod delivery {
    use sea_orm::entity::prelude::*;

    /// A message on its way to one endpoint.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_deliveries")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub store_id: i64,
        pub message_id: i64,
        pub endpoint_id: i64,
        /// `pending`, `delivered` or `failed`.
        pub status: String,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        /// While a sender holds the delivery (a lease: a crashed sender's claim expires).
        pub claimed_until: Option<DateTimeUtc>,
        pub claim_owner: Option<String>,
        pub last_status_code: Option<i32>,
        pub last_error: Option<String>,
        pub delivered_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attempt {
    use sea_orm::entity::prelude::*;

    /// One HTTP request of a delivery and how the receiver answered.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "webhook_attempts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub delivery_id: i64,
        pub store_id: i64,
        pub at: DateTimeUtc,
        /// The response's status, `None` when no response came (refused, timed out).
        pub status_code: Option<i32>,
        pub duration_ms: i64,
        pub error: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
