//! The draft of an invoice: what an order's invoice says — VAT regime, rates, amounts,
//! mentions, buyer — decided by the VAT engine from what the order, the store's settings and
//! its distance sales say. Pure: no database, no number yet.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Utc};
use orion_kernel::Address;
use orion_orders::entity::order;
use orion_vat::regime::RegimeDecision;
use orion_vat::{CountryCode, RateClass, Regime, RegimeInput};

use super::documents::{Buyer, VatIdEvidence, snapshot};
use crate::compute::{self, Computed, OrderLine};
use crate::entity::invoice_settings;
use crate::error::InvoiceError;

/// One line to invoice, with the per-country rate classes of its product (catalog
/// `vat_overrides`, e.g. `{"FR": reduced}`).
pub(crate) struct DraftLine {
    pub line: OrderLine,
    pub overrides: BTreeMap<String, RateClass>,
}

/// The store's EU B2C distance sales (net cents) of the supply's year and the year before.
pub(crate) struct DistanceSales {
    pub this_year: i64,
    pub last_year: i64,
}

/// An invoice before it has a number.
pub(crate) struct Draft {
    pub supply_date: NaiveDate,
    pub input: RegimeInput,
    pub decision: RegimeDecision,
    pub computed: Computed,
    pub language: String,
    pub mentions: Vec<String>,
    pub buyer: Buyer,
    /// What the invoice adds to the store's distance sales.
    pub distance_cents: i64,
}

/// Regimes every tier may invoice; the others need the EU VAT feature (SPEC §2).
pub(crate) fn needs_eu_feature(r: Regime) -> bool {
    !matches!(r, Regime::Domestic | Regime::DistanceSaleOrigin)
}

/// The order's supply date: the day it shipped (Luxembourg time), or `today`.
pub(crate) fn supply_date(o: &order::Model, today: NaiveDate) -> NaiveDate {
    o.shipped_at
        .map(orion_kernel::time::local_date)
        .unwrap_or(today)
}

/// The lines to invoice: every item not declined, then the shipping.
pub(crate) fn lines_of(
    o: &order::Model,
    items: Vec<(
        orion_orders::entity::order_item::Model,
        BTreeMap<String, RateClass>,
    )>,
) -> Result<Vec<DraftLine>, InvoiceError> {
    let mut out = Vec::new();
    for (it, overrides) in items {
        out.push(DraftLine {
            line: OrderLine {
                description: it.name,
                sku: it.sku,
                gtin: it.gtin,
                quantity: it.quantity,
                line_gross_cents: it.line_total_cents,
                rate_class: it.vat_rate_class.parse()?,
            },
            overrides,
        });
    }
    if o.shipping_cents > 0 {
        out.push(DraftLine {
            line: OrderLine {
                description: orion_pdf::labels::shipping_line(&o.locale).into(),
                sku: None,
                gtin: None,
                quantity: 1,
                line_gross_cents: o.shipping_cents,
                rate_class: RateClass::Standard,
            },
            overrides: BTreeMap::new(),
        });
    }
    if out.is_empty() {
        return Err(InvoiceError::NothingToInvoice);
    }
    Ok(out)
}

/// The class to tax a line with in the VAT country: the product's class, or the next
/// higher class when that country has no such rate (Germany has no super-reduced rate:
/// books take its reduced 7 %).
fn available_class(decision: &RegimeDecision, class: RateClass) -> RateClass {
    let chain: &[RateClass] = match class {
        RateClass::SuperReduced => &[RateClass::SuperReduced, RateClass::Reduced],
        RateClass::Parking => &[RateClass::Parking, RateClass::Reduced],
        other => return other,
    };
    chain
        .iter()
        .copied()
        .find(|c| decision.rates.get(*c).is_some())
        .unwrap_or(RateClass::Standard)
}

/// Decides the invoice of `o`: the regime (through orion-vat), each line's rate in the VAT
/// country, the amounts with the VAT breakdown, the mentions and the buyer.
pub(crate) fn draft(
    o: &order::Model,
    mut lines: Vec<DraftLine>,
    settings: &invoice_settings::Model,
    distance: DistanceSales,
    supply_date: NaiveDate,
) -> Result<Draft, InvoiceError> {
    let seller_country = CountryCode::parse(&settings.country)?;
    let seller_rate = |class: RateClass| {
        orion_vat::rates::rate_on(seller_country.vat_country(), supply_date, class)
    };
    // The order's net at the seller's rates: what counts towards the EU threshold.
    let mut order_net = 0i64;
    for l in &lines {
        let class = l
            .overrides
            .get(seller_country.as_str())
            .copied()
            .unwrap_or(l.line.rate_class);
        order_net += l.line.line_gross_cents
            - orion_vat::rounding::vat_from_gross(l.line.line_gross_cents, seller_rate(class)?)?;
    }
    let input = RegimeInput {
        seller_country: settings.country.clone(),
        ship_from: settings
            .ship_from_country
            .clone()
            .unwrap_or(settings.country.clone()),
        ship_to: o.ship_country.clone(),
        ship_to_postcode: o.ship_postcode.clone(),
        b2b: o.customer_vat_id.is_some() || o.customer_company.is_some(),
        buyer_vat_id: o.customer_vat_id.clone(),
        buyer_vat_id_valid: None,
        oss_registered: settings.oss_registered,
        opted_destination: settings.opted_destination_taxation,
        eu_b2c_this_year_cents: distance.this_year,
        eu_b2c_last_year_cents: distance.last_year,
        order_net_cents: order_net,
        date: supply_date,
    };
    let decision = orion_vat::decide(&input)?;
    // A product may take another class in the VAT country (e.g. books, children's clothes).
    for l in &mut lines {
        if let Some(c) = l.overrides.get(decision.vat_country.as_str()) {
            l.line.rate_class = *c;
        }
    }
    let order_lines: Vec<OrderLine> = lines.into_iter().map(|l| l.line).collect();
    let computed = compute::compute(
        &order_lines,
        decision.regime.is_exempt(),
        |class| {
            let class = available_class(&decision, class);
            Ok((decision.rate_for(class)?, decision.category_for(class)))
        },
        seller_rate,
    )?;
    let language = if matches!(o.locale.as_str(), "en" | "fr" | "de") {
        o.locale.clone()
    } else {
        settings.default_language.clone()
    };
    let mut mentions: Vec<String> = decision
        .mention
        .as_ref()
        .map(|m| vec![m.in_language(&language).to_owned()])
        .unwrap_or_default();
    if decision.regime == Regime::IntraCommunitySupply {
        mentions.push(orion_pdf::labels::vat_ids_mention(
            &language,
            &settings.vat_number,
            o.customer_vat_id.as_deref().unwrap_or_default(),
        ));
    }
    let distance_cents = if decision.counts_towards_threshold {
        computed.breakdown.net_cents
    } else {
        0
    };
    Ok(Draft {
        supply_date,
        buyer: buyer_of(o)?,
        input,
        decision,
        computed,
        language,
        mentions,
        distance_cents,
    })
}

/// The buyer as the order names them.
fn buyer_of(o: &order::Model) -> Result<Buyer, InvoiceError> {
    let shipping: Address = snapshot(&o.shipping_address)?;
    let billing: Option<Address> = o.billing_address.as_deref().map(snapshot).transpose()?;
    let name = [o.customer_first_name.clone(), o.customer_last_name.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Buyer {
        customer_id: o.customer_id,
        name: if name.is_empty() {
            o.customer_email.clone()
        } else {
            name
        },
        company: o.customer_company.clone(),
        email: o.customer_email.clone(),
        vat_id: o.customer_vat_id.clone(),
        vat_id_evidence: o.customer_vat_id.as_ref().map(|v| VatIdEvidence {
            format_valid: orion_vat::vatid::is_valid(v),
            vies_valid: None,
            checked_at: Utc::now(),
        }),
        billing_address: billing,
        shipping_address: shipping,
        peppol_id: None,
    })
}

/// The calendar year whose distance sales the supply counts in.
pub(crate) fn year_of(d: NaiveDate) -> i32 {
    d.year()
}
