//! The messaging module's tables: the outbox of e-mails and their attachments.

pub mod message {
    use sea_orm::entity::prelude::*;

    /// One e-mail, rendered when it was enqueued, on its way or sent (the outbox and the log).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The store the message belongs to (`None`: a platform message, e.g. password reset).
        pub store_id: Option<i64>,
        pub to_address: String,
        pub reply_to: Option<String>,
        /// The sender's display name (the store's name); the address is the operator's.
        pub from_name: Option<String>,
        pub subject: String,
        /// The template it was rendered from (`invoice`, `password_reset`, …).
        pub template: String,
        pub lang: String,
        pub text_body: String,
        pub html_body: String,
        /// `pending`, `sent` or `failed`.
        pub status: String,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        /// While a sender holds the message (a lease: a crashed sender's claim expires).
        pub claimed_until: Option<DateTimeUtc>,
        pub claim_owner: Option<String>,
        pub last_error: Option<String>,
        /// The RFC 5322 `Message-ID`, fixed at enqueue time so every attempt carries it.
        pub message_id: String,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attachment {
    use sea_orm::entity::prelude::*;

    /// A file sent with a message.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "message_attachments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub message_id: i64,
        pub file_name: String,
        pub content_type: String,
        pub content: Vec<u8>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod email_settings {
    use sea_orm::entity::prelude::*;

    /// A store's sender name and `Reply-To` for its e-mails (one row per store, once saved).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "store_email_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub store_id: i64,
        /// The display name of its e-mails (`None`: the store's name).
        pub sender_name: Option<String>,
        /// Where buyers' answers go (`None`: no `Reply-To`).
        pub reply_to: Option<String>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod template_override {
    use sea_orm::entity::prelude::*;

    /// A store's own subject and body of one template in one language.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "email_template_overrides")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub store_id: i64,
        /// One of `templates::NAMES`.
        pub template: String,
        /// `en`, `fr` or `de`.
        pub lang: String,
        /// MiniJinja source of the subject line.
        pub subject: String,
        /// MiniJinja source of the plain-text body.
        pub body: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
