//! The event types an endpoint can subscribe to. Each is `<resource>.<what happened>`; the
//! body an endpoint receives is `{"type", "timestamp", "data"}` with `data` as the module
//! that emitted it wrote it (see `docs/index.md` for each type's fields).

use orion_kernel::{FieldError, Invalid};

pub const ORDER_CREATED: &str = "order.created";
pub const ORDER_STATUS_CHANGED: &str = "order.status_changed";
pub const ORDER_ITEM_DECIDED: &str = "order.item_decided";

/// Every event type, in the order pages list them.
pub const TYPES: [&str; 7] = [
    ORDER_CREATED,
    ORDER_STATUS_CHANGED,
    ORDER_ITEM_DECIDED,
    "invoice.issued",
    "credit_note.issued",
    "stock.low",
    "letzshop.sync_failed",
];

pub fn is_known(t: &str) -> bool {
    TYPES.contains(&t)
}

/// The subscription as given: at least one known type, each once, in [`TYPES`] order.
pub fn parse(given: &[String]) -> Result<Vec<String>, Invalid> {
    let unknown: Vec<&str> = given
        .iter()
        .map(|s| s.trim())
        .filter(|s| !is_known(s))
        .collect();
    if !unknown.is_empty() {
        return Err(Invalid(vec![FieldError::new(
            "events",
            format!("has unknown event types: {}", unknown.join(", ")),
        )]));
    }
    let chosen: Vec<String> = TYPES
        .iter()
        .filter(|t| given.iter().any(|g| g.trim() == **t))
        .map(|t| (*t).to_owned())
        .collect();
    if chosen.is_empty() {
        return Err(Invalid::field("events", "must not be empty"));
    }
    Ok(chosen)
}

/// The stored subscription (a JSON array) as a list.
pub fn of_stored(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_are_known_types_in_a_stable_order() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            parse(&s(&["stock.low", "order.created", "stock.low"])).unwrap(),
            s(&["order.created", "stock.low"])
        );
        let e = parse(&s(&["order.created", "order.exploded"])).unwrap_err();
        assert_eq!(e.0[0].field, "events");
        assert!(e.0[0].message.contains("order.exploded"));
        assert_eq!(parse(&[]).unwrap_err().0[0].message, "must not be empty");
    }
}
