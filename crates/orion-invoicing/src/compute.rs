//! The amounts of an invoice from an order's lines and the VAT decision (invoicing.md
//! "Prices and VAT"). Pure: no database. Order prices are gross (VAT-inclusive at the
//! seller's domestic rate), as consumers see them:
//!
//! - taxed regimes (domestic, distance sales at origin or destination): the consumer pays
//!   the gross price; VAT is extracted per (category, rate) bucket at the regime's rate
//!   (`gross` rounding method);
//! - exempt regimes (intra-Community supply, export): the buyer pays the net price, the
//!   gross less the seller-country VAT of the line; VAT 0 (`net` rounding method).

use orion_vat::rounding::{self, RoundingMethod, VatBreakdown, VatLine};
use orion_vat::{Category, Rate, RateClass, VatError};
use serde::{Deserialize, Serialize};

/// One order line, as the order recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub description: String,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub quantity: i64,
    pub line_gross_cents: i64,
    pub rate_class: RateClass,
}

/// One line of an issued document (the snapshot stored as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub position: u32,
    pub description: String,
    pub sku: Option<String>,
    pub gtin: Option<String>,
    pub quantity: i64,
    /// What one unit costs on this document (gross or net, per the rounding method).
    pub unit_price_cents: i64,
    /// What the line charges (gross or net, per the rounding method); negative on credit notes.
    pub amount_cents: i64,
    /// The line's net amount (for gross-method documents, its share before bucket rounding).
    pub net_cents: i64,
    pub rate_class: RateClass,
    /// EN 16931 category (`S`, `Z`, `K`, `G`).
    pub vat_category: Category,
    /// Rate as text, `17` or `25.5`.
    pub vat_rate: String,
}

impl InvoiceLine {
    pub fn rate(&self) -> Result<Rate, VatError> {
        Rate::parse(&self.vat_rate)
    }

    fn vat_line(&self) -> Result<VatLine, VatError> {
        Ok(VatLine {
            category: self.vat_category,
            rate: self.rate()?,
            amount_cents: self.amount_cents,
        })
    }
}

/// Lines with their rates, and the breakdown they add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Computed {
    pub lines: Vec<InvoiceLine>,
    pub breakdown: VatBreakdown,
    /// Which policy produced the amounts (recorded on the invoice).
    pub policy: &'static str,
}

pub const POLICY_GROSS_EXTRACTED: &str = "gross_vat_extracted";
pub const POLICY_NET_OF_SELLER_VAT: &str = "exempt_net_of_seller_vat";

/// `amount × num / den`, half away from zero (proportional share of a line).
pub fn share(amount: i64, num: i64, den: i64) -> i64 {
    rounding::div_round_half_up(i128::from(amount) * i128::from(num), i128::from(den)) as i64
}

/// Computes the lines and breakdown of an invoice.
///
/// `rate_of(class)` gives the regime's rate and category for a class (0 % and the exempt
/// category under exempt regimes); `seller_rate_of(class)` the seller country's domestic
/// rate, used to take VAT out of the gross price when the supply is exempt.
pub fn compute(
    lines: &[OrderLine],
    exempt: bool,
    rate_of: impl Fn(RateClass) -> Result<(Rate, Category), VatError>,
    seller_rate_of: impl Fn(RateClass) -> Result<Rate, VatError>,
) -> Result<Computed, VatError> {
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if l.quantity <= 0 || l.line_gross_cents < 0 {
            return Err(VatError::InvalidAmount(format!(
                "line {} has a quantity or amount below zero",
                i + 1
            )));
        }
        let (rate, category) = rate_of(l.rate_class)?;
        let (amount, net) = if exempt {
            let seller_vat =
                rounding::vat_from_gross(l.line_gross_cents, seller_rate_of(l.rate_class)?)?;
            let net = l.line_gross_cents - seller_vat;
            (net, net)
        } else {
            let vat = rounding::vat_from_gross(l.line_gross_cents, rate)?;
            (l.line_gross_cents, l.line_gross_cents - vat)
        };
        out.push(InvoiceLine {
            position: (i + 1) as u32,
            description: l.description.clone(),
            sku: l.sku.clone(),
            gtin: l.gtin.clone(),
            quantity: l.quantity,
            unit_price_cents: share(amount, 1, l.quantity),
            amount_cents: amount,
            net_cents: net,
            rate_class: l.rate_class,
            vat_category: category,
            vat_rate: rate.to_string(),
        });
    }
    let method = if exempt {
        RoundingMethod::Net
    } else {
        RoundingMethod::Gross
    };
    let breakdown = breakdown_of(&out, method)?;
    Ok(Computed {
        lines: out,
        breakdown,
        policy: if exempt {
            POLICY_NET_OF_SELLER_VAT
        } else {
            POLICY_GROSS_EXTRACTED
        },
    })
}

/// The breakdown of stored lines (issue and credit notes use the same arithmetic).
pub fn breakdown_of(
    lines: &[InvoiceLine],
    method: RoundingMethod,
) -> Result<VatBreakdown, VatError> {
    let vat_lines = lines
        .iter()
        .map(InvoiceLine::vat_line)
        .collect::<Result<Vec<_>, _>>()?;
    rounding::breakdown(&vat_lines, method)
}

/// The credit-note lines for `quantity` units of `line`, of which `credited_qty` units
/// (for `credited_amount` cents, negative) were already credited. The last units take
/// whatever is left, so crediting a line in parts sums exactly to the line.
pub fn credit_line(
    line: &InvoiceLine,
    quantity: i64,
    credited_qty: i64,
    credited_amount: i64,
) -> InvoiceLine {
    let remaining_qty = line.quantity - credited_qty;
    let amount = if quantity >= remaining_qty {
        -(line.amount_cents + credited_amount)
    } else {
        -share(line.amount_cents, quantity, line.quantity)
    };
    let net = if quantity >= remaining_qty {
        -(line.net_cents - share(line.net_cents, credited_qty, line.quantity))
    } else {
        -share(line.net_cents, quantity, line.quantity)
    };
    InvoiceLine {
        quantity,
        amount_cents: amount,
        net_cents: net,
        unit_price_cents: line.unit_price_cents,
        ..line.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lu(class: RateClass) -> Result<Rate, VatError> {
        Rate::parse(match class {
            RateClass::Standard => "17",
            RateClass::Reduced => "8",
            RateClass::SuperReduced => "3",
            RateClass::Parking => "14",
            RateClass::Zero => "0",
        })
    }

    fn taxed(class: RateClass) -> Result<(Rate, Category), VatError> {
        let r = lu(class)?;
        Ok((
            r,
            if r.is_zero() {
                Category::ZeroRated
            } else {
                Category::Standard
            },
        ))
    }

    fn line(gross: i64, qty: i64, class: RateClass) -> OrderLine {
        OrderLine {
            description: "x".into(),
            sku: None,
            gtin: None,
            quantity: qty,
            line_gross_cents: gross,
            rate_class: class,
        }
    }

    #[test]
    fn luxembourg_gross_prices_give_the_contract_breakdown() {
        let c = compute(
            &[
                line(2000, 1, RateClass::SuperReduced),
                line(11700, 1, RateClass::Standard),
            ],
            false,
            taxed,
            lu,
        )
        .unwrap();
        assert_eq!(c.breakdown.vat_cents, 1758);
        assert_eq!(c.breakdown.gross_cents, 13700);
        assert_eq!(c.breakdown.net_cents, 11942);
        assert_eq!(c.breakdown.buckets.len(), 2);
        assert_eq!(c.breakdown.method, RoundingMethod::Gross);
    }

    #[test]
    fn exempt_supplies_charge_the_net_of_seller_vat() {
        let c = compute(
            &[
                line(2000, 1, RateClass::SuperReduced),
                line(11700, 2, RateClass::Standard),
            ],
            true,
            |_| Ok((Rate::ZERO, Category::IntraCommunity)),
            lu,
        )
        .unwrap();
        assert_eq!(c.breakdown.vat_cents, 0);
        assert_eq!(c.breakdown.net_cents, 1942 + 10000);
        assert_eq!(c.lines[1].unit_price_cents, 5000);
        assert_eq!(c.policy, POLICY_NET_OF_SELLER_VAT);
    }

    #[test]
    fn crediting_a_line_in_parts_sums_to_the_line() {
        let c = compute(&[line(1000, 3, RateClass::Standard)], false, taxed, lu).unwrap();
        let l = &c.lines[0];
        let a = credit_line(l, 1, 0, 0);
        let b = credit_line(l, 1, 1, a.amount_cents);
        let rest = credit_line(l, 1, 2, a.amount_cents + b.amount_cents);
        assert_eq!(a.amount_cents + b.amount_cents + rest.amount_cents, -1000);
        assert_eq!(a.amount_cents, -333);
        // A full credit note mirrors the invoice's breakdown cent for cent.
        let full = credit_line(l, 3, 0, 0);
        let bd = breakdown_of(&[full], RoundingMethod::Gross).unwrap();
        assert_eq!(bd.vat_cents, -c.breakdown.vat_cents);
    }

    #[test]
    fn negative_input_is_refused() {
        assert!(compute(&[line(-1, 1, RateClass::Standard)], false, taxed, lu).is_err());
        assert!(compute(&[line(1, 0, RateClass::Standard)], false, taxed, lu).is_err());
    }
}
