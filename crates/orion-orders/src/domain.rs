//! The order state machine and small value types.

use serde::{Deserialize, Serialize};

/// Order statuses. `held` = kept but not accepted (over the plan's monthly order limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Held,
    Pending,
    Processing,
    PartiallyShipped,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

/// What happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Release,
    Confirm,
    Ship,
    Deliver,
    Cancel,
    Refund,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Release => "release",
            Action::Confirm => "confirm",
            Action::Ship => "ship",
            Action::Deliver => "deliver",
            Action::Cancel => "cancel",
            Action::Refund => "refund",
        }
    }

    pub const ALL: [Action; 6] = [
        Action::Release,
        Action::Confirm,
        Action::Ship,
        Action::Deliver,
        Action::Cancel,
        Action::Refund,
    ];
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Held => "held",
            Status::Pending => "pending",
            Status::Processing => "processing",
            Status::PartiallyShipped => "partially_shipped",
            Status::Shipped => "shipped",
            Status::Delivered => "delivered",
            Status::Cancelled => "cancelled",
            Status::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Held,
            Status::Pending,
            Status::Processing,
            Status::PartiallyShipped,
            Status::Shipped,
            Status::Delivered,
            Status::Cancelled,
            Status::Refunded,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    /// The status an action leads to from `self`, if allowed.
    pub fn after(self, a: Action) -> Option<Status> {
        use Status::*;
        match (self, a) {
            (Held, Action::Release) => Some(Pending),
            (Pending, Action::Confirm) => Some(Processing),
            (Processing | PartiallyShipped, Action::Ship) => Some(Shipped),
            (Shipped, Action::Deliver) => Some(Delivered),
            (Held | Pending | Processing, Action::Cancel) => Some(Cancelled),
            (Shipped | Delivered | PartiallyShipped, Action::Refund) => Some(Refunded),
            _ => None,
        }
    }

    /// The actions allowed from `self` (named in a refusal).
    pub fn allowed(self) -> Vec<&'static str> {
        Action::ALL
            .iter()
            .filter(|a| self.after(**a).is_some())
            .map(|a| a.as_str())
            .collect()
    }

    /// Orders that count for customer statistics and revenue.
    pub fn counts(self) -> bool {
        !matches!(self, Status::Held | Status::Cancelled | Status::Refunded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_transitions() {
        assert_eq!(
            Status::Pending.after(Action::Confirm),
            Some(Status::Processing)
        );
        assert_eq!(
            Status::Processing.after(Action::Ship),
            Some(Status::Shipped)
        );
        assert_eq!(
            Status::Shipped.after(Action::Deliver),
            Some(Status::Delivered)
        );
        assert_eq!(
            Status::Delivered.after(Action::Refund),
            Some(Status::Refunded)
        );
        assert_eq!(Status::Shipped.after(Action::Confirm), None);
        assert_eq!(Status::Shipped.after(Action::Cancel), None);
        assert_eq!(Status::Cancelled.allowed(), Vec::<&str>::new());
        assert_eq!(Status::Pending.allowed(), vec!["confirm", "cancel"]);
        assert!(!Status::Cancelled.counts() && Status::Pending.counts() && !Status::Held.counts());
    }
}
