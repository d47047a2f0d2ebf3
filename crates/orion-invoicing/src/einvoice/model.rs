//! The content every e-invoice syntax carries, taken from an issued document's immutable
//! snapshots (never from live data) and put in EN 16931 terms: amounts positive on credit
//! notes (the type code says it credits), line net amounts that add up exactly to each VAT
//! bucket, exemption reasons, electronic addresses. UBL ([`super::ubl`]) and CII
//! ([`super::cii`]) only write this out, so the two always agree, and agree with the PDF:
//! the buckets and totals are the stored ones, to the cent.

use chrono::NaiveDate;
use orion_kernel::Address;
use orion_vat::Category;

use super::eas::{self, Endpoint};
use crate::compute::InvoiceLine;
use crate::entity::invoice;
use crate::error::InvoiceError;
use crate::service::{Bucket, Buyer, Seller, snapshot};

/// A party as the e-invoice names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EParty {
    /// Trading and registration name (BT-27/BT-44).
    pub name: String,
    /// The person to contact at a company buyer (BT-56).
    pub contact: Option<String>,
    pub address: Address,
    pub vat_id: Option<String>,
    /// Legal registration (BT-30), the RCS number for Luxembourg sellers.
    pub company_id: Option<String>,
    pub email: Option<String>,
    /// The electronic address (BT-34/BT-49).
    pub endpoint: Option<Endpoint>,
}

/// One line (BG-25).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ELine {
    pub id: u32,
    pub name: String,
    pub sku: Option<String>,
    /// A GTIN with a valid check digit (others are left out rather than sent wrong).
    pub gtin: Option<String>,
    pub quantity: i64,
    /// Line net amount in cents (BT-131).
    pub net_cents: i64,
    /// Item net price (BT-146) as a decimal string.
    pub price: String,
    pub category: Category,
    pub rate: String,
}

/// One VAT breakdown row (BG-23).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EBucket {
    pub category: Category,
    pub rate: String,
    pub taxable_cents: i64,
    pub vat_cents: i64,
    /// Exemption reason code (VATEX) and text, for exempt categories.
    pub exemption: Option<(&'static str, String)>,
}

/// An invoice or credit note in EN 16931 terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EDocument {
    pub credit_note: bool,
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: Option<NaiveDate>,
    pub supply_date: NaiveDate,
    pub currency: String,
    pub language: String,
    /// The regime mentions, as one note (Peppol allows one).
    pub note: Option<String>,
    /// BT-10: the order number, else the document number.
    pub buyer_reference: String,
    pub order_reference: Option<String>,
    /// The invoice a credit note corrects: number and issue date (BG-3).
    pub corrects: Option<(String, NaiveDate)>,
    pub seller: EParty,
    pub buyer: EParty,
    /// Where the goods went (BG-13).
    pub deliver_to: Address,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub payment_terms: String,
    pub lines: Vec<ELine>,
    pub breakdown: Vec<EBucket>,
    pub net_cents: i64,
    pub vat_cents: i64,
    pub gross_cents: i64,
    /// False when the buyer has no Peppol address (a consumer: the document is valid EN
    /// 16931 but is not sent over Peppol); the buyer's e-mail stands in as its address.
    pub buyer_on_peppol: bool,
}

/// The preceding invoice of a credit note: its number and issue date.
pub type Corrects = Option<(String, NaiveDate)>;

impl EDocument {
    /// The e-invoice content of a stored document.
    pub fn of(
        inv: &invoice::Model,
        corrects: Corrects,
        order_number: Option<String>,
    ) -> Result<EDocument, InvoiceError> {
        let seller: Seller = snapshot(&inv.seller)?;
        let buyer: Buyer = snapshot(&inv.buyer)?;
        let lines: Vec<InvoiceLine> = snapshot(&inv.lines)?;
        let buckets: Vec<Bucket> = snapshot(&inv.vat_breakdown)?;
        let mentions: Vec<String> = snapshot(&inv.mentions)?;
        let credit_note = inv.document_type == "credit_note";
        // Credit notes are stored negative; EN 16931 writes them positive under type 381.
        let sign = if credit_note { -1 } else { 1 };
        let lang = inv.language.as_str();

        let mut elines: Vec<ELine> = lines
            .iter()
            .map(|l| ELine {
                id: l.position,
                name: l.description.clone(),
                sku: l.sku.clone().filter(|s| !s.trim().is_empty()),
                gtin: l.gtin.clone().filter(|g| gtin_valid(g)),
                quantity: l.quantity.abs(),
                net_cents: sign * l.net_cents,
                price: String::new(),
                category: l.vat_category,
                rate: l.vat_rate.clone(),
            })
            .collect();
        let breakdown: Vec<EBucket> = buckets
            .iter()
            .map(|b| EBucket {
                category: b.category,
                rate: b.rate.clone(),
                taxable_cents: sign * b.taxable_cents,
                vat_cents: sign * b.vat_cents,
                exemption: exemption(b.category, lang),
            })
            .collect();
        settle_line_nets(&mut elines, &breakdown)?;
        for l in &mut elines {
            l.price = unit_price(l.net_cents, l.quantity);
        }
        let (net, vat, gross) = (
            sign * inv.net_cents,
            sign * inv.vat_cents,
            sign * inv.gross_cents,
        );
        if breakdown.iter().map(|b| b.taxable_cents).sum::<i64>() != net
            || breakdown.iter().map(|b| b.vat_cents).sum::<i64>() != vat
            || net + vat != gross
        {
            return Err(InvoiceError::Snapshot(format!(
                "{}: the VAT breakdown does not add up to the totals",
                inv.number
            )));
        }

        let seller_endpoint = seller
            .peppol_id
            .as_deref()
            .and_then(eas::parse)
            .or_else(|| eas::from_vat_id(&seller.vat_number));
        let buyer_peppol = buyer
            .peppol_id
            .as_deref()
            .and_then(eas::parse)
            .or_else(|| buyer.vat_id.as_deref().and_then(eas::from_vat_id));
        let buyer_on_peppol = buyer_peppol.is_some();
        let buyer_endpoint = buyer_peppol.or_else(|| {
            (!buyer.email.trim().is_empty()).then(|| Endpoint {
                scheme: "EM".into(),
                id: buyer.email.trim().to_owned(),
            })
        });
        let billing = buyer
            .billing_address
            .clone()
            .unwrap_or_else(|| buyer.shipping_address.clone());
        let is_company = buyer
            .company
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty());
        let note = (!mentions.is_empty()).then(|| mentions.join(" / "));
        let payment_terms = if credit_note {
            credit_terms(lang).to_owned()
        } else {
            seller
                .payment_terms
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| default_terms(lang).to_owned())
        };
        Ok(EDocument {
            credit_note,
            number: inv.number.clone(),
            issue_date: inv.issue_date,
            due_date: inv.due_date,
            supply_date: inv.supply_date,
            currency: inv.currency.clone(),
            language: inv.language.clone(),
            note,
            buyer_reference: order_number.clone().unwrap_or_else(|| inv.number.clone()),
            order_reference: order_number,
            corrects,
            seller: EParty {
                name: seller.legal_name.clone(),
                contact: None,
                address: Address {
                    name: None,
                    company: None,
                    street: seller.street.clone(),
                    postal_code: seller.postal_code.clone(),
                    city: seller.city.clone(),
                    country: seller.country.clone(),
                },
                vat_id: Some(seller.vat_number.clone()),
                company_id: seller.rcs_number.clone().filter(|r| !r.trim().is_empty()),
                email: None,
                endpoint: seller_endpoint,
            },
            buyer: EParty {
                name: if is_company {
                    buyer.company.clone().unwrap_or_default()
                } else {
                    buyer.name.clone()
                },
                contact: is_company.then(|| buyer.name.clone()),
                address: billing,
                vat_id: buyer.vat_id.clone().filter(|v| !v.trim().is_empty()),
                company_id: None,
                email: Some(buyer.email.clone()).filter(|e| !e.trim().is_empty()),
                endpoint: buyer_endpoint,
            },
            deliver_to: buyer.shipping_address.clone(),
            iban: seller.iban.clone().filter(|_| !credit_note),
            bic: seller.bic.clone().filter(|_| !credit_note),
            payment_terms,
            lines: elines,
            breakdown,
            net_cents: net,
            vat_cents: vat,
            gross_cents: gross,
            buyer_on_peppol,
        })
    }
}

/// Makes each bucket's line net amounts add up to its taxable amount exactly (EN 16931
/// BR-CO-10, BR-S-08): on gross-priced documents a line's stored net is its share before the
/// bucket's VAT was rounded, so the cent or two of difference goes to the bucket's largest
/// line.
fn settle_line_nets(lines: &mut [ELine], buckets: &[EBucket]) -> Result<(), InvoiceError> {
    for b in buckets {
        let in_bucket = |l: &ELine| l.category == b.category && same_rate(&l.rate, &b.rate);
        let sum: i64 = lines
            .iter()
            .filter(|l| in_bucket(l))
            .map(|l| l.net_cents)
            .sum();
        let residual = b.taxable_cents - sum;
        if residual == 0 {
            continue;
        }
        let largest = lines
            .iter_mut()
            .filter(|l| in_bucket(l))
            .max_by_key(|l| l.net_cents.abs())
            .ok_or_else(|| {
                InvoiceError::Snapshot(format!(
                    "VAT bucket {} {} % has no line",
                    b.category.code(),
                    b.rate
                ))
            })?;
        largest.net_cents += residual;
    }
    Ok(())
}

fn same_rate(a: &str, b: &str) -> bool {
    match (orion_vat::Rate::parse(a), orion_vat::Rate::parse(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The item net price: exact in cents when the quantity divides the line, else to six
/// decimals (so quantity × price stays within Peppol's 0.02 tolerance up to 40 000 units).
pub(crate) fn unit_price(net_cents: i64, quantity: i64) -> String {
    let q = quantity.max(1);
    if net_cents % q == 0 {
        return money(net_cents / q);
    }
    // In millionths of a currency unit: cents × 10 000.
    let micro =
        orion_vat::rounding::div_round_half_up(i128::from(net_cents) * 10_000, i128::from(q));
    let neg = micro < 0;
    let m = micro.unsigned_abs();
    let s = format!(
        "{}{}.{:06}",
        if neg { "-" } else { "" },
        m / 1_000_000,
        m % 1_000_000
    );
    s.trim_end_matches('0').to_owned()
}

/// Cents as a decimal amount with two decimals (`-12.30`).
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

/// The VATEX code and text of an exempt category, in the document's language.
fn exemption(category: Category, lang: &str) -> Option<(&'static str, String)> {
    let text = match (category, lang) {
        (Category::IntraCommunity, "fr") => {
            "Livraison intracommunautaire exonérée – art. 138 de la directive 2006/112/CE"
        }
        (Category::IntraCommunity, "de") => {
            "Steuerfreie innergemeinschaftliche Lieferung – Art. 138 Richtlinie 2006/112/EG"
        }
        (Category::IntraCommunity, _) => {
            "Exempt intra-Community supply – Art. 138 Directive 2006/112/EC"
        }
        (Category::Export, "fr") => "Exportation exonérée – art. 146 de la directive 2006/112/CE",
        (Category::Export, "de") => {
            "Steuerfreie Ausfuhrlieferung – Art. 146 Richtlinie 2006/112/EG"
        }
        (Category::Export, _) => "Exempt export outside the EU – Art. 146 Directive 2006/112/EC",
        (Category::ReverseCharge, "fr") => "Autoliquidation",
        (Category::ReverseCharge, "de") => "Steuerschuldnerschaft des Leistungsempfängers",
        (Category::ReverseCharge, _) => "Reverse charge",
        _ => return None,
    };
    let code = match category {
        Category::IntraCommunity => "VATEX-EU-IC",
        Category::Export => "VATEX-EU-G",
        Category::ReverseCharge => "VATEX-EU-AE",
        _ => return None,
    };
    Some((code, text.to_owned()))
}

fn default_terms(lang: &str) -> &'static str {
    match lang {
        "fr" => "Payable à réception",
        "de" => "Zahlbar nach Erhalt",
        _ => "Payable on receipt",
    }
}

fn credit_terms(lang: &str) -> &'static str {
    match lang {
        "fr" => "Montant remboursé ou déduit de votre prochain paiement",
        "de" => "Betrag wird erstattet oder mit Ihrer nächsten Zahlung verrechnet",
        _ => "Amount refunded or deducted from your next payment",
    }
}

/// A GTIN-8, -12, -13 or -14 with a valid GS1 check digit.
pub(crate) fn gtin_valid(g: &str) -> bool {
    let g = g.trim();
    if !matches!(g.len(), 8 | 12 | 13 | 14) || !g.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = g.bytes().map(|b| u32::from(b - b'0')).collect();
    let (body, check) = digits.split_at(digits.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    (10 - sum % 10) % 10 == check[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_prices_are_exact_or_six_decimals() {
        assert_eq!(unit_price(4000, 2), "20.00");
        assert_eq!(unit_price(1000, 3), "3.333333");
        assert_eq!(unit_price(200, 3), "0.666667");
        assert_eq!(unit_price(-1000, 3), "-3.333333");
        assert_eq!(money(-5), "-0.05");
        assert_eq!(money(123456), "1234.56");
    }

    #[test]
    fn gtin_check_digits() {
        assert!(gtin_valid("4006381333931"));
        assert!(gtin_valid("96385074"));
        assert!(!gtin_valid("4006381333932"));
        assert!(!gtin_valid("ABC"));
    }

    fn line(id: u32, net: i64, rate: &str) -> ELine {
        ELine {
            id,
            name: "x".into(),
            sku: None,
            gtin: None,
            quantity: 1,
            net_cents: net,
            price: String::new(),
            category: Category::Standard,
            rate: rate.into(),
        }
    }

    #[test]
    fn line_nets_are_settled_on_the_largest_line_of_each_bucket() {
        let mut lines = vec![line(1, 855, "17"), line(2, 1709, "17"), line(3, 1942, "3")];
        let buckets = vec![
            EBucket {
                category: Category::Standard,
                rate: "17".into(),
                taxable_cents: 2565,
                vat_cents: 435,
                exemption: None,
            },
            EBucket {
                category: Category::Standard,
                rate: "3".into(),
                taxable_cents: 1942,
                vat_cents: 58,
                exemption: None,
            },
        ];
        settle_line_nets(&mut lines, &buckets).unwrap();
        assert_eq!(lines[1].net_cents, 1710);
        assert_eq!(lines[0].net_cents, 855);
        assert_eq!(lines[2].net_cents, 1942);
    }
}
