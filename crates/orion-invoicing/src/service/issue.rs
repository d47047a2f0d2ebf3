//! Issuing the invoice of an order, in three steps inside the caller's transaction:
//! the [draft](super::draft) (pure: the VAT engine decides from the order, the settings and
//! the store's distance sales), the number (gapless, from the store's counter), and the
//! stored document with its snapshots. A refusal (e.g. a regime the plan does not include)
//! happens before the number is taken, so it consumes none.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use orion_billing::{Feature, limits};
use orion_kernel::{OrderId, ProductId, StoreId, StoreRef, UserId};
use orion_vat::RateClass;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};

use super::distance::{add_distance_sales, distance_sales_of};
use super::documents::{buckets_of, json, method_str, seller_of};
use super::draft::{self, DistanceSales, needs_eu_feature};
use super::queries::active_for_order;
use crate::entity::invoice;
use crate::error::InvoiceError;
use crate::numbering::next_number;

/// Invoicing one order queues on this lock (one active invoice per order).
const ORDER_INVOICE_LOCK: &str = "invoicing.order";
/// A store's issues and credits queue on this lock, so the distance-sales total a regime
/// is decided on is exact across instances.
pub(crate) const STORE_INVOICING_LOCK: &str = "invoicing.store";

/// Order statuses that can be invoiced: the sale is agreed and not undone.
const INVOICEABLE: [&str; 4] = ["processing", "partially_shipped", "shipped", "delivered"];

/// The product's per-country rate classes (`{"FR": "reduced"}`); unknown entries are ignored.
async fn class_overrides(
    tx: &DatabaseTransaction,
    store: StoreId,
    product_id: i64,
) -> Result<BTreeMap<String, RateClass>, InvoiceError> {
    let p = orion_catalog::service::find(tx, store, ProductId(product_id)).await?;
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

/// Issues the invoice of an order, or returns its active invoice (`false`: not new).
pub async fn issue_for_order(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    order_id: OrderId,
    user: Option<UserId>,
) -> Result<(invoice::Model, bool), InvoiceError> {
    let order = orion_orders::service::find(tx, store.id, order_id).await?;
    // Concurrent "generate" clicks on one order queue here and find the first one's invoice.
    orion_db::lock_key(tx, ORDER_INVOICE_LOCK, order.id).await?;
    if let Some(existing) = active_for_order(tx, store.id, OrderId(order.id)).await? {
        return Ok((existing, false));
    }
    if !INVOICEABLE.contains(&order.status.as_str()) {
        return Err(InvoiceError::NotInvoiceable {
            status: order.status,
        });
    }
    let settings = crate::settings::require(tx, store.id).await?;
    limits::require_feature(tx, store.merchant, Feature::INVOICE_LU).await?;

    // What the order says.
    let today = orion_kernel::time::local_date(Utc::now());
    let supply_date = draft::supply_date(&order, today);
    let mut items = Vec::new();
    for it in orion_orders::service::items(tx, order_id)
        .await?
        .into_iter()
        .filter(|i| i.status != "declined")
    {
        let overrides = match it.product_id {
            Some(pid) => class_overrides(tx, store.id, pid).await?,
            None => BTreeMap::new(),
        };
        items.push((it, overrides));
    }
    let lines = draft::lines_of(&order, items)?;

    // The draft, on the store's distance sales read under the store's invoicing lock.
    orion_db::lock_key(tx, STORE_INVOICING_LOCK, store.id.0).await?;
    let year = draft::year_of(supply_date);
    let distance = DistanceSales {
        this_year: distance_sales_of(tx, store.id, year).await?,
        last_year: distance_sales_of(tx, store.id, year - 1).await?,
    };
    let mut d = draft::draft(&order, lines, &settings, distance, supply_date)?;
    // The buyer's Peppol id, as the customer record has it now (kept in the snapshot).
    if let Some(customer) = order.customer_id {
        d.buyer.peppol_id = orion_customers::service::peppol_id_of(tx, store.id, customer)
            .await
            .map_err(|e| InvoiceError::from(orion_orders::OrderError::from(e)))?;
    }
    if needs_eu_feature(d.decision.regime) {
        limits::require_feature(tx, store.merchant, Feature::INVOICE_EU_VAT)
            .await
            .map_err(|source| InvoiceError::RegimeNotInTier {
                regime: d.decision.regime.to_string(),
                explanation: d.decision.explanation.clone(),
                source: Box::new(source),
            })?;
    }

    // The number, then the document.
    let (number_year, seq, number) = next_number(
        tx,
        store.id.0,
        &settings.numbering_scheme,
        "invoice",
        &settings.invoice_prefix,
        today,
    )
    .await?;
    add_distance_sales(tx, store.id, year, d.distance_cents).await?;
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
        supply_date: Set(d.supply_date),
        due_date: Set(Some(today + Duration::days(i64::from(settings.due_days)))),
        currency: Set("EUR".into()),
        language: Set(d.language),
        vat_regime: Set(d.decision.regime.as_str().into()),
        vat_country: Set(d.decision.vat_country.as_str().into()),
        rounding_method: Set(method_str(d.computed.breakdown.method).into()),
        price_policy: Set(d.computed.policy.into()),
        seller: Set(json(&seller_of(&settings))?),
        buyer: Set(json(&d.buyer)?),
        customer_id: Set(order.customer_id),
        buyer_name: Set(d.buyer.company.clone().unwrap_or(d.buyer.name.clone())),
        buyer_email: Set(d.buyer.email.clone()),
        lines: Set(json(&d.computed.lines)?),
        vat_breakdown: Set(json(&buckets_of(&d.computed.breakdown))?),
        mentions: Set(json(&d.mentions)?),
        regime_input: Set(json(&d.input)?),
        regime_explanation: Set(d.decision.explanation.clone()),
        net_cents: Set(d.computed.breakdown.net_cents),
        vat_cents: Set(d.computed.breakdown.vat_cents),
        gross_cents: Set(d.computed.breakdown.gross_cents),
        distance_sale_cents: Set(d.distance_cents),
        reason: Set(None),
        pdf_sha256: Set(None),
        issued_by: Set(user.map(|u| u.0)),
        paid_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let saved = row.insert(tx).await.map_err(|e| {
        if orion_db::errors::is_unique_violation(&e) {
            InvoiceError::IssuedConcurrently
        } else {
            e.into()
        }
    })?;
    tracing::info!(store = store.id.0, invoice = saved.id, number = %saved.number, regime = %saved.vat_regime, "invoice issued");
    orion_orders::service::set_invoiced(tx, store.id, order_id, true).await?;
    super::events::issued(tx, &saved).await?;
    if settings.send_on_issue {
        send_on_issue(tx, &saved).await?;
    }
    Ok((saved, true))
}

/// "Send invoices when issued" (credit notes too): queues the e-mail to the buyer in the
/// issuing transaction. A document without a usable buyer address is issued all the same,
/// with a warning in the log (the seller can still send it to another address from the
/// invoice page).
pub(crate) async fn send_on_issue(
    tx: &DatabaseTransaction,
    inv: &invoice::Model,
) -> Result<(), InvoiceError> {
    match crate::send::enqueue_document(tx, inv, None, None).await {
        Ok(_) => Ok(()),
        Err(
            InvoiceError::Invalid(e)
            | InvoiceError::Messaging(orion_messaging::MessagingError::Invalid(e)),
        ) => {
            tracing::warn!(invoice = inv.id, number = %inv.number, error = %e, "not e-mailed when issued: no usable buyer address");
            Ok(())
        }
        Err(e) => Err(e),
    }
}
