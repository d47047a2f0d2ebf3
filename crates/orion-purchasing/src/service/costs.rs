//! Moving weighted-average cost per product, updated on every receipt.
//!
//! The rule: with `avg` the stored average (cents per unit), `held` the units on hand just
//! before the receipt (never below 0), and `q` units received at `c` cents each,
//!
//! ```text
//! new average = round_half_up((avg × held + c × q) / (held + q))
//! ```
//!
//! and the stored quantity becomes `held + q` (the units the average was computed over).
//! The first receipt of a product without an average sets it to `c`: stock held before any
//! known cost is valued at the first cost received. Rounding is half up to the whole cent,
//! computed in 128-bit integers (no floating point, no overflow).

use chrono::Utc;
use orion_kernel::StoreId;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Set};

use crate::entity::product_cost;
use crate::error::PurchasingError;

/// The stored average and the units it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AverageCost {
    pub cents: i64,
    pub quantity: i64,
}

/// The average after receiving `q` units at `cost` cents each, with `held` units on hand
/// before (see the module documentation for the rule).
pub fn after_receipt(before: Option<AverageCost>, held: i64, q: i64, cost: i64) -> AverageCost {
    let held = held.max(0);
    let q = q.max(0);
    match before {
        None => AverageCost {
            cents: cost,
            quantity: held + q,
        },
        Some(_) if held + q == 0 => AverageCost {
            cents: cost,
            quantity: 0,
        },
        Some(b) => {
            let num = i128::from(b.cents) * i128::from(held) + i128::from(cost) * i128::from(q);
            let den = i128::from(held + q);
            // Half up: floor((2·num + den) / (2·den)); all values are non-negative.
            let cents = (2 * num + den) / (2 * den);
            AverageCost {
                cents: cents as i64,
                quantity: held + q,
            }
        }
    }
}

/// The stored average of a product, if any.
pub async fn of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    product: i64,
) -> Result<Option<AverageCost>, PurchasingError> {
    Ok(product_cost::Entity::find_by_id(product)
        .one(conn)
        .await?
        .filter(|c| c.store_id == store.0)
        .map(|c| AverageCost {
            cents: c.average_cost_cents,
            quantity: c.quantity,
        }))
}

/// Records a receipt of `q` units at `cost` with `held` units on hand before it.
pub(crate) async fn record_receipt(
    tx: &DatabaseTransaction,
    store: StoreId,
    product: i64,
    held: i64,
    q: i64,
    cost: i64,
) -> Result<AverageCost, PurchasingError> {
    let before = of(tx, store, product).await?;
    let after = after_receipt(before, held, q, cost);
    let am = product_cost::ActiveModel {
        product_id: Set(product),
        store_id: Set(store.0),
        average_cost_cents: Set(after.cents),
        quantity: Set(after.quantity),
        updated_at: Set(Utc::now()),
    };
    if before.is_some() {
        am.update(tx).await?;
    } else {
        am.insert(tx).await?;
    }
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn avg(cents: i64, quantity: i64) -> Option<AverageCost> {
        Some(AverageCost { cents, quantity })
    }

    #[test]
    fn first_receipt_sets_the_cost() {
        // Nothing known: 10 units at 4.50 → 4.50 over 10 units.
        assert_eq!(
            after_receipt(None, 0, 10, 450),
            AverageCost {
                cents: 450,
                quantity: 10
            }
        );
        // 3 units already on hand without a known cost are valued at the first cost.
        assert_eq!(
            after_receipt(None, 3, 10, 450),
            AverageCost {
                cents: 450,
                quantity: 13
            }
        );
    }

    #[test]
    fn weighted_by_what_is_held() {
        // 10 held at 4.50 (4500) + 5 at 9.99 (4995) = 9495 over 15 = 633 cents.
        assert_eq!(
            after_receipt(avg(450, 10), 10, 5, 999),
            AverageCost {
                cents: 633,
                quantity: 15
            }
        );
        // Sold down to 2 held at 6.33 (1266) + 2 at 3.00 (600) = 1866 / 4 = 466.5 → 467.
        assert_eq!(
            after_receipt(avg(633, 15), 2, 2, 300),
            AverageCost {
                cents: 467,
                quantity: 4
            }
        );
    }

    #[test]
    fn rounds_half_up_to_the_cent() {
        // 1 held at 0.01 + 2 at 0.02 = 5 / 3 = 1.666… → 2 cents.
        assert_eq!(after_receipt(avg(1, 1), 1, 2, 2).cents, 2);
        // 1 held at 0.01 + 1 at 0.02 = 3 / 2 = 1.5 → 2 cents (half up).
        assert_eq!(after_receipt(avg(1, 1), 1, 1, 2).cents, 2);
        // 2 held at 0.01 + 1 at 0.02 = 4 / 3 = 1.333… → 1 cent.
        assert_eq!(after_receipt(avg(1, 2), 2, 1, 2).cents, 1);
    }

    #[test]
    fn nothing_held_means_the_new_cost() {
        // All sold: the old average weighs nothing.
        assert_eq!(
            after_receipt(avg(999, 40), 0, 6, 500),
            AverageCost {
                cents: 500,
                quantity: 6
            }
        );
        // Negative on-hand cannot happen, but would count as nothing.
        assert_eq!(after_receipt(avg(999, 40), -5, 6, 500).cents, 500);
    }

    #[test]
    fn large_values_do_not_overflow() {
        let big = 1_000_000_000;
        let a = after_receipt(avg(100_000_000, big), big, big, 99_999_999);
        assert_eq!(a.cents, 100_000_000); // 99 999 999.5 → half up
        assert_eq!(a.quantity, 2 * big);
    }
}
