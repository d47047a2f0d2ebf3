//! Crediting an invoice: a credit note in its own series for all or part of it; a fully
//! credited invoice becomes `cancelled` and its order may be invoiced again.

use chrono::{Datelike, Utc};
use orion_kernel::{FieldError, Invalid, InvoiceId, OrderId, StoreRef, UserId};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
use serde::Deserialize;

use super::distance::add_distance_sales;
use super::documents::{buckets_of, json, method_of, seller_of, snapshot};
use super::queries::{credit_notes_of, find};
use crate::compute::{self, InvoiceLine};
use crate::entity::invoice;
use crate::error::InvoiceError;
use crate::numbering::next_number;

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

/// Issues a credit note (own series) for all or part of an invoice; a fully credited
/// invoice becomes `cancelled` and its order may be invoiced again.
pub async fn credit_note(
    tx: &DatabaseTransaction,
    store: &StoreRef,
    invoice_id: i64,
    input: &CreditNoteIn,
    user: Option<UserId>,
) -> Result<invoice::Model, InvoiceError> {
    let inv = find(tx, store.id, InvoiceId(invoice_id)).await?;
    if inv.document_type != "invoice" {
        return Err(InvoiceError::CreditOfCreditNote);
    }
    if inv.status == "cancelled" {
        return Err(InvoiceError::AlreadyCancelled);
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(Invalid::field("reason", "is required").into());
    }
    if reason.chars().count() > 500 {
        return Err(Invalid::field("reason", "must be at most 500 characters").into());
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
            return Err(Invalid::field("lines", "must not be empty when given").into());
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
        return Err(Invalid(errors).into());
    }
    if out.is_empty() {
        return Err(InvoiceError::FullyCredited);
    }
    let breakdown = compute::breakdown_of(&out, method_of(&inv.rounding_method))?;
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
        issued_by: Set(user.map(|u| u.0)),
        paid_at: Set(None),
        cancelled_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let saved = row.insert(tx).await?;
    if fully {
        if let Some(order) = inv.order_id {
            orion_orders::service::set_invoiced(tx, store.id, OrderId(order), false).await?;
        }
        let mut a: invoice::ActiveModel = inv.into();
        a.status = Set("cancelled".into());
        a.cancelled_at = Set(Some(Utc::now()));
        a.update(tx).await?;
    }
    super::events::issued(tx, &saved).await?;
    if settings.send_on_issue {
        super::issue::send_on_issue(tx, &saved).await?;
    }
    tracing::info!(
        store = store.id.0,
        credit_note = saved.id,
        corrects = invoice_id,
        "credit note issued"
    );
    Ok(saved)
}
