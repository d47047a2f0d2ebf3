//! Messaging: e-mail from Orion to buyers and users. Other modules call [`outbox::enqueue`] in
//! the transaction of their change (an invoice sent, an invitation created, a password reset
//! asked for): the message is rendered from the shipped templates ([`templates`], en/fr/de,
//! text and HTML parts) and written to the outbox, attachments included. The [`worker`] sends
//! it with [`sender`] over SMTP ([`settings`]), retrying with backoff, exactly once across
//! instances; [`customize`] is a store's sender name, `Reply-To` and own templates; [`log`] is the store's e-mail log, [`api`] and [`pages`] its HTTP faces, with
//! the demo mailbox.

pub mod api;
pub mod customize;
pub mod customize_api;
pub mod customize_pages;
pub mod entity;
pub mod error;
pub mod log;
pub mod migration;
pub mod outbox;
pub mod pages;
pub mod sender;
pub mod settings;
pub mod templates;
pub mod worker;

pub use error::MessagingError;
pub use outbox::{Attachment, NewMessage, enqueue};
pub use sender::{Delivery, deliver_due};
pub use settings::{SmtpFile, SmtpSettings, Tls};

/// The messaging pages' templates, `(name, source)`.
pub fn page_templates() -> Vec<(&'static str, &'static str)> {
    pages::templates()
}
