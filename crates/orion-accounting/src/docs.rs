//! The documents every export reads: the store's issued invoices and credit notes of a
//! period, from invoicing's service (never its tables), with their snapshots parsed — in
//! keyset pages, so an export of any size holds one page in memory.

use chrono::{DateTime, NaiveDate, Utc};
use orion_invoicing::compute::InvoiceLine;
use orion_invoicing::entity::invoice;
use orion_invoicing::service::{Bucket, Buyer, Seller, snapshot};
use orion_kernel::StoreId;
use sea_orm::ConnectionTrait;

use crate::error::AccountingError;

/// Documents read per query.
pub const PAGE: u64 = 500;

/// An issued invoice or credit note as the exports see it. Amounts in cents, negative on
/// credit notes (as stored).
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: i64,
    pub number: String,
    pub credit_note: bool,
    /// The invoice a credit note corrects.
    pub corrects_invoice_id: Option<i64>,
    /// `issued`, `paid` or `cancelled`.
    pub status: String,
    pub issue_date: NaiveDate,
    pub supply_date: NaiveDate,
    pub currency: String,
    /// e.g. `DOMESTIC`, `DISTANCE_SALE_OSS`, `INTRA_COMMUNITY_SUPPLY`, `EXPORT`.
    pub regime: String,
    /// The member state whose VAT applies (the destination for OSS sales).
    pub vat_country: String,
    pub order_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub seller: Seller,
    pub buyer: Buyer,
    pub lines: Vec<InvoiceLine>,
    /// Per (category, rate): taxable amount and VAT.
    pub buckets: Vec<Bucket>,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
    pub paid_at: Option<DateTime<Utc>>,
}

impl Doc {
    pub fn document_type(&self) -> &'static str {
        if self.credit_note {
            "credit_note"
        } else {
            "invoice"
        }
    }

    /// The buyer as the exports name them: the company, else the person.
    pub fn customer_name(&self) -> &str {
        self.buyer
            .company
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .unwrap_or(&self.buyer.name)
    }

    /// The buyer's VAT id as printed, without spaces (`DE136695976`), if any.
    pub fn customer_vat_id(&self) -> Option<String> {
        self.buyer
            .vat_id
            .as_deref()
            .map(|v| v.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .filter(|v| !v.is_empty())
    }

    /// The country of the buyer's billing address, else of the delivery address.
    pub fn customer_country(&self) -> &str {
        self.buyer
            .billing_address
            .as_ref()
            .map(|a| a.country.as_str())
            .unwrap_or(self.buyer.shipping_address.country.as_str())
    }

    fn from_model(m: invoice::Model, with_lines: bool) -> Result<Doc, AccountingError> {
        let bad = |what: &str, e: orion_invoicing::InvoiceError| AccountingError::Snapshot {
            number: m.number.clone(),
            reason: format!("{what}: {e}"),
        };
        Ok(Doc {
            seller: snapshot(&m.seller).map_err(|e| bad("seller", e))?,
            buyer: snapshot(&m.buyer).map_err(|e| bad("buyer", e))?,
            lines: if with_lines {
                snapshot(&m.lines).map_err(|e| bad("lines", e))?
            } else {
                Vec::new()
            },
            buckets: snapshot(&m.vat_breakdown).map_err(|e| bad("VAT breakdown", e))?,
            id: m.id,
            credit_note: m.document_type == "credit_note",
            corrects_invoice_id: m.corrects_invoice_id,
            status: m.status,
            issue_date: m.issue_date,
            supply_date: m.supply_date,
            currency: m.currency,
            regime: m.vat_regime,
            vat_country: m.vat_country,
            order_id: m.order_id,
            customer_id: m.customer_id,
            net_cents: m.net_cents,
            vat_cents: m.vat_cents,
            gross_cents: m.gross_cents,
            paid_at: m.paid_at,
            number: m.number,
        })
    }
}

/// Pages through the store's documents issued from `from` to `to` (inclusive), in the
/// order they were issued.
pub struct Pages {
    store: StoreId,
    with_lines: bool,
    from: NaiveDate,
    to: NaiveDate,
    after: i64,
    done: bool,
}

impl Pages {
    pub fn new(store: StoreId, from: NaiveDate, to: NaiveDate) -> Pages {
        Pages {
            store,
            with_lines: true,
            from,
            to,
            after: 0,
            done: false,
        }
    }

    /// Pages whose documents leave their lines out (`lines` empty): the exports that read
    /// only the VAT buckets, which then parse the largest snapshot of none.
    pub fn buckets_only(store: StoreId, from: NaiveDate, to: NaiveDate) -> Pages {
        Pages {
            with_lines: false,
            ..Pages::new(store, from, to)
        }
    }

    /// The next page, `None` after the last.
    pub async fn next(
        &mut self,
        conn: &impl ConnectionTrait,
    ) -> Result<Option<Vec<Doc>>, AccountingError> {
        if self.done {
            return Ok(None);
        }
        let rows = orion_invoicing::service::queries::issued_between(
            conn, self.store, self.from, self.to, self.after, PAGE,
        )
        .await?;
        if (rows.len() as u64) < PAGE {
            self.done = true;
        }
        let Some(last) = rows.last() else {
            return Ok(None);
        };
        self.after = last.id;
        let with_lines = self.with_lines;
        rows.into_iter()
            .map(|m| Doc::from_model(m, with_lines))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}
