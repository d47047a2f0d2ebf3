//! `check-schema`: introspect an endpoint and report every type, field, argument,
//! mutation, input field and enum value Orion uses (read from [`crate::queries`]) that
//! the endpoint lacks.

use crate::client::{Client, ClientError};

/// Result of a schema check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaReport {
    /// Number of requirements checked.
    pub checked: usize,
    /// Human-readable description of each missing item, e.g. `Order.locale (field)`.
    pub missing: Vec<String>,
}

impl SchemaReport {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Run the introspection query through `client` and check it.
pub async fn check_schema(client: &Client) -> Result<SchemaReport, ClientError> {
    let _ = client;
    todo!()
}
