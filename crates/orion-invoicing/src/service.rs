//! Use cases: issue an invoice for an order, credit it, mark it paid, find and list.
//! Each takes the caller's transaction; issuing and crediting allocate their number in it
//! (see [`crate::numbering`]), so a rolled-back issue leaves no gap.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use orion_billing::{Feature, limits};
use orion_kernel::error::FieldError;
use orion_kernel::{Pagination, StoreId};
use orion_orders::StoreRef;
use orion_orders::service::Address;
use orion_vat::rounding::RoundingMethod;
use orion_vat::{Category, CountryCode, RateClass, Regime, RegimeInput};
use orion_web::{ApiError, ProblemKind};
use sea_orm::sea_query::{Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::compute::{self, InvoiceLine, OrderLine};
use crate::entity::{distance_sales, invoice, invoice_settings};
use crate::numbering::next_number;

pub(crate) fn db(e: DbErr) -> ApiError {
    orion_web::problem::internal_db(e)
}

fn vat_problem(e: orion_vat::VatError) -> ApiError {
    ApiError::new(
        ProblemKind::Validation,
        format!("The VAT of this order cannot be determined: {e}"),
    )
}

/// Who sells, as printed on the document (copied from the settings at issue time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Seller {
    pub legal_name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub vat_number: String,
    pub rcs_number: Option<String>,
    pub business_permit: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub payment_terms: Option<String>,
    pub footer_text: Option<String>,
    /// The logo printed (`invoice_logos`), kept by hash so the invoice always prints it.
    #[serde(default)]
    pub logo_sha256: Option<String>,
}

/// How the buyer's VAT id was checked when the invoice was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct VatIdEvidence {
    /// Format and check digits pass.
    pub format_valid: bool,
    /// VIES answer when asked (`None`: not asked).
    pub vies_valid: Option<bool>,
    pub checked_at: chrono::DateTime<Utc>,
}

/// Who buys, as printed on the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Buyer {
    pub customer_id: Option<i64>,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub vat_id: Option<String>,
    pub vat_id_evidence: Option<VatIdEvidence>,
    pub billing_address: Option<Address>,
    pub shipping_address: Address,
}

/// One (category, rate) bucket as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    pub category: Category,
    pub rate: String,
    pub taxable_cents: i64,
    pub vat_cents: i64,
}

/// Order statuses that can be invoiced: the sale is agreed and not undone.
const INVOICEABLE: [&str; 4] = ["processing", "partially_shipped", "shipped", "delivered"];

/// Regimes every tier may invoice; the others need the EU VAT feature (SPEC §2).
fn needs_eu_feature(r: Regime) -> bool {
    !matches!(r, Regime::Domestic | Regime::DistanceSaleOrigin)
}

pub async fn find(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
) -> Result<invoice::Model, ApiError> {
    invoice::Entity::find_by_id(id)
        .filter(invoice::Column::StoreId.eq(store.0))
        .one(conn)
        .await
        .map_err(db)?
        .ok_or_else(|| ApiError::not_found("Invoice"))
}

pub async fn find_by_number(
    conn: &impl ConnectionTrait,
    store: StoreId,
    number: &str,
) -> Result<Option<invoice::Model>, ApiError> {
    invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::Number.eq(number.trim()))
        .one(conn)
        .await
        .map_err(db)
}

/// The active (not cancelled) invoice of an order.
pub async fn active_for_order(
    conn: &impl ConnectionTrait,
    store: StoreId,
    order_id: i64,
) -> Result<Option<invoice::Model>, ApiError> {
    invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::OrderId.eq(order_id))
        .filter(invoice::Column::DocumentType.eq("invoice"))
        .filter(invoice::Column::Status.ne("cancelled"))
        .one(conn)
        .await
        .map_err(db)
}

async fn distance_sales_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    year: i32,
) -> Result<i64, ApiError> {
    Ok(distance_sales::Entity::find_by_id((store.0, year))
        .one(conn)
        .await
        .map_err(db)?
        .map(|r| r.net_cents)
        .unwrap_or(0))
}

/// Adds `delta` (negative for credits) to the store's EU B2C distance sales of `year`.
async fn add_distance_sales(
    tx: &DatabaseTransaction,
    store: StoreId,
    year: i32,
    delta: i64,
) -> Result<(), ApiError> {
    if delta == 0 {
        return Ok(());
    }
    let stmt = Query::insert()
        .into_table(distance_sales::Entity)
        .columns([
            distance_sales::Column::StoreId,
            distance_sales::Column::Year,
            distance_sales::Column::NetCents,
        ])
        .values_panic([store.0.into(), year.into(), delta.into()])
        .on_conflict(
            OnConflict::columns([
                distance_sales::Column::StoreId,
                distance_sales::Column::Year,
            ])
            .value(
                distance_sales::Column::NetCents,
                Expr::col((distance_sales::Entity, distance_sales::Column::NetCents)).add(delta),
            )
            .to_owned(),
        )
        .to_owned();
    tx.execute(&stmt).await.map_err(db)?;
    Ok(())
}

fn seller_of(s: &invoice_settings::Model) -> Seller {
    Seller {
        legal_name: s.legal_name.clone(),
        street: s.street.clone(),
        postal_code: s.postal_code.clone(),
        city: s.city.clone(),
        country: s.country.clone(),
        vat_number: s.vat_number.clone(),
        rcs_number: s.rcs_number.clone(),
        business_permit: s.business_permit.clone(),
        iban: s.iban.clone(),
        bic: s.bic.clone(),
        payment_terms: s.payment_terms.clone(),
        footer_text: s.footer_text.clone(),
        logo_sha256: s.logo_sha256.clone(),
    }
}

fn json<T: Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(ApiError::internal)
}

/// Parses a stored JSON snapshot.
pub fn snapshot<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T, ApiError> {
    serde_json::from_str(s).map_err(ApiError::internal)
}

fn buckets_of(b: &orion_vat::rounding::VatBreakdown) -> Vec<Bucket> {
    b.buckets
        .iter()
        .map(|x| Bucket {
            category: x.category,
            rate: x.rate.to_string(),
            taxable_cents: x.net_cents,
            vat_cents: x.vat_cents,
        })
        .collect()
}

/// The product's per-country rate classes (`{"FR": "reduced"}`); unknown entries are ignored.
async fn class_overrides(
    tx: &DatabaseTransaction,
    store: StoreId,
    product_id: i64,
) -> Result<BTreeMap<String, RateClass>, ApiError> {
    let p = orion_catalog::service::find(tx, store, product_id).await?;
    let raw: BTreeMap<String, String> = p
        .vat_overrides
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    Ok(raw
        .into_iter()
        .filter_map(|(country, class)| Some((country.to_ascii_uppercase(), class.parse().ok()?)))
        .collect())
}

/// The class to tax a line with in the VAT country: the product's class, or the next
/// higher class when that country has no such rate (Germany has no super-reduced rate:
/// books take its reduced 7 %).
fn available_class(decision: &orion_vat::regime::RegimeDecision, class: RateClass) -> RateClass {
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

/// Issues the invoice of an order, or returns its active invoice (`false`: not new).
pub async fn issue_for_order(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    order_id: i64,
    user: Option<i64>,
) -> Result<(invoice::Model, bool), ApiError> {
    let order = orion_orders::service::find(tx, store.id, order_id).await?;
    // Concurrent "generate" clicks on one order queue here and find the first one's invoice.
    orion_db::lock_key(tx, orion_db::lock_ns::ORDER_INVOICE, order.id)
        .await
        .map_err(db)?;
    if let Some(existing) = active_for_order(tx, store.id, order.id).await? {
        return Ok((existing, false));
    }
    if !INVOICEABLE.contains(&order.status.as_str()) {
        return Err(ApiError::conflict(format!(
            "An order can be invoiced once it is confirmed (processing, shipped or delivered); this one is {}",
            order.status
        ))
        .with_extension("status", order.status.clone()));
    }
    let settings = crate::settings::require(tx, store.id).await?;
    limits::require_feature(tx, store.merchant, Feature::INVOICE_LU).await?;

    let today = orion_kernel::time::local_date(Utc::now());
    let supply_date = order
        .shipped_at
        .map(orion_kernel::time::local_date)
        .unwrap_or(today);
    let seller_country = CountryCode::parse(&settings.country).map_err(vat_problem)?;
    let seller_rate = |class: RateClass| {
        orion_vat::rates::rate_on(seller_country.vat_country(), supply_date, class)
    };

    let items = orion_orders::service::items(tx, order.id).await?;
    let mut lines: Vec<OrderLine> = Vec::new();
    // Per-country rate classes of each line's product (catalog `vat_overrides`).
    let mut overrides: Vec<BTreeMap<String, RateClass>> = Vec::new();
    for it in items.iter().filter(|i| i.status != "declined") {
        overrides.push(match it.product_id {
            Some(pid) => class_overrides(tx, store.id, pid).await?,
            None => BTreeMap::new(),
        });
        lines.push(OrderLine {
            description: it.name.clone(),
            sku: it.sku.clone(),
            gtin: it.gtin.clone(),
            quantity: it.quantity,
            line_gross_cents: it.line_total_cents,
            rate_class: it.vat_rate_class.parse().map_err(vat_problem)?,
        });
    }
    if order.shipping_cents > 0 {
        lines.push(OrderLine {
            description: match order.locale.as_str() {
                "fr" => "Frais de livraison",
                "de" => "Versandkosten",
                _ => "Shipping",
            }
            .into(),
            sku: None,
            gtin: None,
            quantity: 1,
            line_gross_cents: order.shipping_cents,
            rate_class: RateClass::Standard,
        });
        overrides.push(BTreeMap::new());
    }
    if lines.is_empty() {
        return Err(ApiError::conflict(
            "The order has no confirmed item to invoice",
        ));
    }
    // The order's net at the seller's rates: what counts towards the EU threshold.
    let mut order_net = 0i64;
    for (l, o) in lines.iter().zip(&overrides) {
        let class = o
            .get(seller_country.as_str())
            .copied()
            .unwrap_or(l.rate_class);
        order_net += l.line_gross_cents
            - orion_vat::rounding::vat_from_gross(
                l.line_gross_cents,
                seller_rate(class).map_err(vat_problem)?,
            )
            .map_err(vat_problem)?;
    }
    // Take the number first: the counter row stays locked until commit, so the store's
    // issues run one at a time from here and the distance-sales total read below is exact
    // (a rollback, e.g. a tier refusal, gives the number back).
    let (number_year, seq, number) = next_number(
        tx,
        store.id.0,
        &settings.numbering_scheme,
        "invoice",
        &settings.invoice_prefix,
        today,
    )
    .await?;
    let year = supply_date.year();
    let input = RegimeInput {
        seller_country: settings.country.clone(),
        ship_from: settings
            .ship_from_country
            .clone()
            .unwrap_or(settings.country.clone()),
        ship_to: order.ship_country.clone(),
        ship_to_postcode: order.ship_postcode.clone(),
        b2b: order.customer_vat_id.is_some() || order.customer_company.is_some(),
        buyer_vat_id: order.customer_vat_id.clone(),
        buyer_vat_id_valid: None,
        oss_registered: settings.oss_registered,
        opted_destination: settings.opted_destination_taxation,
        eu_b2c_this_year_cents: distance_sales_of(tx, store.id, year).await?,
        eu_b2c_last_year_cents: distance_sales_of(tx, store.id, year - 1).await?,
        order_net_cents: order_net,
        date: supply_date,
    };
    let decision = orion_vat::decide(&input).map_err(vat_problem)?;
    if needs_eu_feature(decision.regime) {
        limits::require_feature(tx, store.merchant, Feature::INVOICE_EU_VAT)
            .await
            .map_err(|e| {
                let mut e = ApiError::from(e);
                e.detail = format!(
                    "This order is a {} supply ({}); {}",
                    decision.regime, decision.explanation, e.detail
                );
                e
            })?;
    }
    let exempt = decision.regime.is_exempt();
    // A product may take another class in the VAT country (e.g. books, children's clothes).
    for (l, o) in lines.iter_mut().zip(&overrides) {
        if let Some(c) = o.get(decision.vat_country.as_str()) {
            l.rate_class = *c;
        }
    }
    let computed = compute::compute(
        &lines,
        exempt,
        |class| {
            let class = available_class(&decision, class);
            Ok((decision.rate_for(class)?, decision.category_for(class)))
        },
        seller_rate,
    )
    .map_err(vat_problem)?;

    let language = if matches!(order.locale.as_str(), "en" | "fr" | "de") {
        order.locale.clone()
    } else {
        settings.default_language.clone()
    };
    let mut mentions: Vec<String> = decision
        .mention
        .as_ref()
        .map(|m| vec![m.in_language(&language).to_owned()])
        .unwrap_or_default();
    if decision.regime == Regime::IntraCommunitySupply {
        mentions.push(match language.as_str() {
            "fr" => format!(
                "N° TVA du vendeur : {} – N° TVA de l'acquéreur : {}",
                settings.vat_number,
                order.customer_vat_id.clone().unwrap_or_default()
            ),
            "de" => format!(
                "USt-IdNr. des Lieferers: {} – USt-IdNr. des Erwerbers: {}",
                settings.vat_number,
                order.customer_vat_id.clone().unwrap_or_default()
            ),
            _ => format!(
                "Seller VAT id: {} – Buyer VAT id: {}",
                settings.vat_number,
                order.customer_vat_id.clone().unwrap_or_default()
            ),
        });
    }

    let shipping: Address = snapshot(&order.shipping_address)?;
    let billing: Option<Address> = order.billing_address.as_deref().map(snapshot).transpose()?;
    let name = [
        order.customer_first_name.clone(),
        order.customer_last_name.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let buyer = Buyer {
        customer_id: order.customer_id,
        name: if name.is_empty() {
            order.customer_email.clone()
        } else {
            name
        },
        company: order.customer_company.clone(),
        email: order.customer_email.clone(),
        vat_id: order.customer_vat_id.clone(),
        vat_id_evidence: order.customer_vat_id.as_ref().map(|v| VatIdEvidence {
            format_valid: orion_vat::vatid::is_valid(v),
            vies_valid: None,
            checked_at: Utc::now(),
        }),
        billing_address: billing,
        shipping_address: shipping,
    };

    let distance = if decision.counts_towards_threshold {
        computed.breakdown.net_cents
    } else {
        0
    };
    add_distance_sales(tx, store.id, year, distance).await?;
    let row = invoice::ActiveModel {
        store_id: Set(store.id.0),
        order_id: Set(Some(order.id)),
        document_type: Set("invoice".into()),
        corrects_invoice_id: Set(None),
        series: Set("invoice".into()),
        year: Set(number_year),
        sequence: Set(seq),
        number: Set(number),
        status: Set("issued".into()),
        issue_date: Set(today),
        supply_date: Set(supply_date),
        due_date: Set(Some(today + Duration::days(i64::from(settings.due_days)))),
        currency: Set("EUR".into()),
        language: Set(language),
        vat_regime: Set(decision.regime.as_str().into()),
        vat_country: Set(decision.vat_country.as_str().into()),
        rounding_method: Set(method_str(computed.breakdown.method).into()),
        price_policy: Set(computed.policy.into()),
        seller: Set(json(&seller_of(&settings))?),
        buyer: Set(json(&buyer)?),
        customer_id: Set(order.customer_id),
        buyer_name: Set(buyer.company.clone().unwrap_or(buyer.name.clone())),
        buyer_email: Set(buyer.email.clone()),
        lines: Set(json(&computed.lines)?),
        vat_breakdown: Set(json(&buckets_of(&computed.breakdown))?),
        mentions: Set(json(&mentions)?),
        regime_input: Set(json(&input)?),
        regime_explanation: Set(decision.explanation.clone()),
        net_cents: Set(computed.breakdown.net_cents),
        vat_cents: Set(computed.breakdown.vat_cents),
        gross_cents: Set(computed.breakdown.gross_cents),
        distance_sale_cents: Set(distance),
        reason: Set(None),
        pdf_sha256: Set(None),
        issued_by: Set(user),
        paid_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let saved = row.insert(tx).await.map_err(|e| {
        if orion_db::errors::is_unique_violation(&e) {
            ApiError::conflict("The order was invoiced at the same moment; fetch its invoice")
                .with_extension("retry", true)
        } else {
            db(e)
        }
    })?;
    tracing::info!(store = store.id.0, invoice = saved.id, number = %saved.number, regime = %saved.vat_regime, "invoice issued");
    Ok((saved, true))
}

pub fn method_str(m: RoundingMethod) -> &'static str {
    match m {
        RoundingMethod::Net => "net",
        RoundingMethod::Gross => "gross",
    }
}

fn method_of(s: &str) -> RoundingMethod {
    if s == "net" {
        RoundingMethod::Net
    } else {
        RoundingMethod::Gross
    }
}

/// Which units of a line to credit.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct CreditLineIn {
    /// The invoice line's position (1-based).
    pub position: u32,
    /// Units to credit (default: every unit not yet credited).
    pub quantity: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreditNoteIn {
    pub reason: String,
    /// Lines to credit; absent = everything not yet credited.
    pub lines: Option<Vec<CreditLineIn>>,
}

/// Credit notes already issued against `invoice_id`.
pub async fn credit_notes_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    invoice_id: i64,
) -> Result<Vec<invoice::Model>, ApiError> {
    invoice::Entity::find()
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::CorrectsInvoiceId.eq(invoice_id))
        .order_by_asc(invoice::Column::Id)
        .all(conn)
        .await
        .map_err(db)
}

/// Issues a credit note (own series) for all or part of an invoice; a fully credited
/// invoice becomes `cancelled` and its order may be invoiced again.
pub async fn credit_note(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    invoice_id: i64,
    input: &CreditNoteIn,
    user: Option<i64>,
) -> Result<invoice::Model, ApiError> {
    let inv = find(tx, store.id, invoice_id).await?;
    if inv.document_type != "invoice" {
        return Err(ApiError::conflict(
            "A credit note cannot be credited; issue a new invoice instead",
        ));
    }
    if inv.status == "cancelled" {
        return Err(ApiError::conflict(
            "The invoice is already fully credited (cancelled)",
        ));
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "is required"));
    }
    if reason.chars().count() > 500 {
        return Err(ApiError::field("reason", "must be at most 500 characters"));
    }
    let settings = crate::settings::require(tx, store.id).await?;
    let lines: Vec<InvoiceLine> = snapshot(&inv.lines)?;
    // Units and amount already credited per position.
    let mut credited: std::collections::HashMap<u32, (i64, i64)> = Default::default();
    for cn in credit_notes_of(tx, store.id, inv.id).await? {
        for l in snapshot::<Vec<InvoiceLine>>(&cn.lines)? {
            let e = credited.entry(l.position).or_default();
            e.0 += l.quantity;
            e.1 += l.amount_cents;
        }
    }
    let wanted: Vec<(u32, Option<i64>)> = match &input.lines {
        Some(ls) if ls.is_empty() => {
            return Err(ApiError::field("lines", "must not be empty when given"));
        }
        Some(ls) => ls.iter().map(|l| (l.position, l.quantity)).collect(),
        None => lines.iter().map(|l| (l.position, None)).collect(),
    };
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, (pos, qty)) in wanted.iter().enumerate() {
        let field = format!("lines[{i}]");
        let Some(line) = lines.iter().find(|l| l.position == *pos) else {
            errors.push(FieldError::new(
                format!("{field}.position"),
                "is not a line of the invoice",
            ));
            continue;
        };
        if !seen.insert(*pos) {
            errors.push(FieldError::new(
                format!("{field}.position"),
                "is listed twice",
            ));
            continue;
        }
        let (done_qty, done_amount) = credited.get(pos).copied().unwrap_or((0, 0));
        let remaining = line.quantity - done_qty;
        let q = qty.unwrap_or(remaining);
        if input.lines.is_none() && remaining == 0 {
            continue;
        }
        if q <= 0 || q > remaining {
            errors.push(FieldError::new(
                format!("{field}.quantity"),
                format!("must be between 1 and {remaining} (units not yet credited)"),
            ));
            continue;
        }
        out.push(compute::credit_line(line, q, done_qty, done_amount));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if out.is_empty() {
        return Err(ApiError::conflict(
            "Every line of the invoice is already credited",
        ));
    }
    let breakdown =
        compute::breakdown_of(&out, method_of(&inv.rounding_method)).map_err(vat_problem)?;
    let fully = lines.iter().all(|l| {
        let done = credited.get(&l.position).map(|c| c.0).unwrap_or(0)
            + out
                .iter()
                .filter(|o| o.position == l.position)
                .map(|o| o.quantity)
                .sum::<i64>();
        done >= l.quantity
    });
    let today = orion_kernel::time::local_date(Utc::now());
    let (number_year, seq, number) = next_number(
        tx,
        store.id.0,
        &settings.numbering_scheme,
        "credit_note",
        &settings.credit_note_prefix,
        today,
    )
    .await?;
    // Give back the credited share of the distance sales the invoice counted.
    let distance = if inv.distance_sale_cents != 0 {
        if fully {
            let before: i64 = credit_notes_of(tx, store.id, inv.id)
                .await?
                .iter()
                .map(|c| c.distance_sale_cents)
                .sum();
            -(inv.distance_sale_cents + before)
        } else {
            Ord::max(breakdown.net_cents, -inv.distance_sale_cents)
        }
    } else {
        0
    };
    add_distance_sales(tx, store.id, inv.supply_date.year(), distance).await?;
    let mentions: Vec<String> = snapshot(&inv.mentions)?;
    let row = invoice::ActiveModel {
        store_id: Set(store.id.0),
        order_id: Set(inv.order_id),
        document_type: Set("credit_note".into()),
        corrects_invoice_id: Set(Some(inv.id)),
        series: Set("credit_note".into()),
        year: Set(number_year),
        sequence: Set(seq),
        number: Set(number),
        status: Set("issued".into()),
        issue_date: Set(today),
        supply_date: Set(inv.supply_date),
        due_date: Set(None),
        currency: Set(inv.currency.clone()),
        language: Set(inv.language.clone()),
        vat_regime: Set(inv.vat_regime.clone()),
        vat_country: Set(inv.vat_country.clone()),
        rounding_method: Set(inv.rounding_method.clone()),
        price_policy: Set(inv.price_policy.clone()),
        // The seller as it is now (address changes show on the correcting document).
        seller: Set(json(&seller_of(&settings))?),
        buyer: Set(inv.buyer.clone()),
        customer_id: Set(inv.customer_id),
        buyer_name: Set(inv.buyer_name.clone()),
        buyer_email: Set(inv.buyer_email.clone()),
        lines: Set(json(&out)?),
        vat_breakdown: Set(json(&buckets_of(&breakdown))?),
        mentions: Set(json(&mentions)?),
        regime_input: Set(inv.regime_input.clone()),
        regime_explanation: Set(inv.regime_explanation.clone()),
        net_cents: Set(breakdown.net_cents),
        vat_cents: Set(breakdown.vat_cents),
        gross_cents: Set(breakdown.gross_cents),
        distance_sale_cents: Set(distance),
        reason: Set(Some(reason.to_owned())),
        pdf_sha256: Set(None),
        issued_by: Set(user),
        paid_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let saved = row.insert(tx).await.map_err(db)?;
    if fully {
        let mut a: invoice::ActiveModel = inv.into();
        a.status = Set("cancelled".into());
        a.cancelled_at = Set(Some(Utc::now()));
        a.update(tx).await.map_err(db)?;
    }
    tracing::info!(
        store = store.id.0,
        credit_note = saved.id,
        corrects = invoice_id,
        "credit note issued"
    );
    Ok(saved)
}

/// Records the payment of an issued invoice.
pub async fn mark_paid(
    tx: &DatabaseTransaction,
    store: StoreId,
    id: i64,
) -> Result<invoice::Model, ApiError> {
    let inv = find(tx, store, id).await?;
    if inv.document_type != "invoice" {
        return Err(ApiError::conflict(
            "Only invoices are paid; this is a credit note",
        ));
    }
    match inv.status.as_str() {
        "issued" => {}
        "paid" => return Err(ApiError::conflict("The invoice is already paid")),
        s => {
            return Err(ApiError::conflict(format!(
                "A {s} invoice cannot be marked paid"
            )));
        }
    }
    let mut a: invoice::ActiveModel = inv.into();
    a.status = Set("paid".into());
    a.paid_at = Set(Some(Utc::now()));
    a.update(tx).await.map_err(db)
}

/// Stores the PDF checksum once rendered (the only change an issued invoice gets).
pub async fn record_pdf(
    conn: &impl ConnectionTrait,
    store: StoreId,
    id: i64,
    sha256: &str,
) -> Result<(), ApiError> {
    invoice::Entity::update_many()
        .col_expr(invoice::Column::PdfSha256, Expr::value(sha256))
        .filter(invoice::Column::Id.eq(id))
        .filter(invoice::Column::StoreId.eq(store.0))
        .filter(invoice::Column::PdfSha256.is_null())
        .exec(conn)
        .await
        .map_err(db)?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct InvoiceFilter {
    /// issued, paid, cancelled.
    pub status: Option<String>,
    /// invoice or credit_note.
    pub document_type: Option<String>,
    /// Issued on or after this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub to: Option<NaiveDate>,
    /// VAT regime, e.g. DOMESTIC, INTRA_COMMUNITY_SUPPLY.
    pub regime: Option<String>,
    pub customer_id: Option<i64>,
    /// Number, buyer name or e-mail.
    pub q: Option<String>,
    pub order_id: Option<i64>,
}

pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
    f: &InvoiceFilter,
    p: &Pagination,
) -> Result<(Vec<invoice::Model>, u64), ApiError> {
    let mut cond = Condition::all().add(invoice::Column::StoreId.eq(store.0));
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        if !matches!(s, "issued" | "paid" | "cancelled") {
            return Err(ApiError::field(
                "status",
                "must be issued, paid or cancelled",
            ));
        }
        cond = cond.add(invoice::Column::Status.eq(s));
    }
    if let Some(t) = f.document_type.as_deref().filter(|s| !s.is_empty()) {
        if !matches!(t, "invoice" | "credit_note") {
            return Err(ApiError::field(
                "document_type",
                "must be invoice or credit_note",
            ));
        }
        cond = cond.add(invoice::Column::DocumentType.eq(t));
    }
    if let Some(d) = f.from {
        cond = cond.add(invoice::Column::IssueDate.gte(d));
    }
    if let Some(d) = f.to {
        cond = cond.add(invoice::Column::IssueDate.lte(d));
    }
    if let Some(r) = f.regime.as_deref().filter(|s| !s.is_empty()) {
        let r = r.to_ascii_uppercase();
        if serde_json::from_value::<Regime>(serde_json::Value::String(r.clone())).is_err() {
            return Err(ApiError::field(
                "regime",
                "must be a VAT regime such as DOMESTIC, DISTANCE_SALE_OSS, INTRA_COMMUNITY_SUPPLY or EXPORT",
            ));
        }
        cond = cond.add(invoice::Column::VatRegime.eq(r));
    }
    if let Some(c) = f.customer_id {
        cond = cond.add(invoice::Column::CustomerId.eq(c));
    }
    if let Some(o) = f.order_id {
        cond = cond.add(invoice::Column::OrderId.eq(o));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let pattern = format!("%{}%", q.to_lowercase().replace(['\\', '%', '_'], ""));
        let lower = |c: invoice::Column| {
            Expr::expr(Func::lower(Expr::col((invoice::Entity, c)))).like(pattern.clone())
        };
        cond = cond.add(
            Condition::any()
                .add(lower(invoice::Column::Number))
                .add(lower(invoice::Column::BuyerName))
                .add(lower(invoice::Column::BuyerEmail)),
        );
    }
    let q = invoice::Entity::find()
        .filter(cond)
        .order_by_desc(invoice::Column::Id);
    let total = q.clone().count(conn).await.map_err(db)?;
    let items = q
        .offset(p.offset())
        .limit(p.per_page())
        .all(conn)
        .await
        .map_err(db)?;
    Ok((items, total))
}
