//! FAIA 2.01 ("Fichier d'Audit Informatisé AED", Luxembourg's Standard Audit File for Tax),
//! **reduced version A** — the variant for separate invoicing software: a `Header`, the
//! `MasterFiles` (`Customers`, `TaxTable`, `UOMTable`, `Products`) and
//! `SourceDocuments/SalesInvoices`, for one store's invoices and credit notes of one period.
//! The file validates against the AED's `FAIA_v_2.01_reduced_version_A.xsd`.
//!
//! # Namespace
//!
//! FAIA's full schema declares the OECD namespace `urn:OECD:StandardAuditFile-Taxation/2.00`,
//! but the published reduced-A schema declares **no `targetNamespace`**: its elements are in
//! no namespace, and a document whose root is in the OECD namespace does not validate against
//! it ("no matching global declaration"). The root is therefore a plain `<AuditFile>`.
//!
//! # Streaming
//!
//! The file is written in two passes over [`Pages`] of documents, holding one page at a time:
//!
//! 1. the `Header`, then `MasterFiles/Customers` as customers are met (each once: a set of
//!    compact keys), while collecting what is small and bounded — the distinct
//!    products (code → description), the tax codes and the control totals; then `TaxTable`,
//!    `UOMTable` and `Products`, which the schema puts after `Customers`;
//! 2. `SourceDocuments/SalesInvoices`: `NumberOfEntries`, `TotalDebit`, `TotalCredit` (known
//!    from pass 1), then one `Invoice` per document. Pass 2 stops at the last document pass 1
//!    saw (documents issued meanwhile have larger ids) and recounts what it writes: a
//!    difference with pass 1 fails the export rather than hand over an inconsistent file.
//!
//! The XML is written by quick-xml (which escapes all text) into a buffer drained after each
//! document, handed to the sink in chunks of exactly 64 KiB, the last one smaller: memory holds
//! a page of documents, a chunk and the bounded collections above.
//!
//! # Conventions
//!
//! - **Amounts** are in euros with two decimals (`1234.50`), from cents. Orion issues
//!   documents in EUR only, the file's `DefaultCurrencyCode`.
//! - **Debit/credit**: seen from the seller's revenue, an invoice line is a *credit* (`C`) and a
//!   credit-note line a *debit* (`D`). Amounts are written relative to that indicator, so they
//!   are positive for both (credit notes are stored negative and are negated); the schema's
//!   "a return can lead to a negative amount" applies only to odd data.
//! - **`InvoiceType`**: the schema leaves it free (a code of at most 9 characters) and names
//!   "Debit invoice, Credit invoice, …" in its documentation: `Debit` for an invoice (it
//!   charges the customer), `Credit` for a credit note. This is the document's effect on the
//!   customer, unrelated to the lines' revenue-side `DebitCreditIndicator`.
//! - **Tax codes** (`TaxType` `TVA`): `{country}-{category}-{rate}` — `LU-S-17`, `LU-S-3`,
//!   `FR-S-20`, `LU-K-0` — from the document's VAT country ([`Doc::vat_country`], the country
//!   whose law governs the supply: the destination for OSS sales, the ship-from country for
//!   exempt supplies), the EN 16931 category and the rate. Codes may have at most 9
//!   characters; a longer one (a category `AE` or a rate with two decimals) drops its dashes
//!   (`LUS12.25`).
//! - **Product codes**: the line's SKU when it has one (at most 70 characters), else
//!   `DESC-` and a 64-bit FNV-1a hash of the description (`SKU-` and a hash for an over-long
//!   SKU). Products share one unit of measure, `PCE` (piece).
//! - **Customer ids**: `CUST-{id}` for a customer account, else `GUEST-` and a 64-bit FNV-1a
//!   hash of the buyer's name (company, else person) and e-mail (trimmed, lower case).
//! - **VAT per line**: documents store their VAT per (category, rate) bucket. Each line gets
//!   its bucket's share: the lines' nets are adjusted so that they add up to the bucket's
//!   taxable amount (the rounding difference, at most a few cents, on the bucket's largest
//!   line), and the bucket's VAT is split in proportion by cumulative rounding, so that the
//!   lines of a document add up exactly to its stored net and VAT. `DocumentTotals` carry the
//!   stored amounts: `TaxInformationTotals` per bucket, `NetTotal`, `GrossTotal`.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use orion_invoicing::compute::{InvoiceLine, share};
use orion_invoicing::entity::invoice_settings;
use orion_invoicing::service::Seller;
use orion_kernel::{Address, DomainError, ErrorKind, Invalid, InvoiceId, StoreId};
use orion_vat::{Category, Rate};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use sea_orm::ConnectionTrait;

use crate::docs::{Doc, Pages};
use crate::error::AccountingError;
use crate::period::Period;

/// Size of the chunks handed to the sink (the last one is smaller).
const CHUNK: usize = 64 * 1024;
/// Capacity of the buffer: a chunk and room for the document that overflows it.
const BUFFER: usize = CHUNK + CHUNK / 4;
/// `AuditFileVersion`: the FAIA version the file follows.
const AUDIT_FILE_VERSION: &str = "2.01";
/// The only tax type, with the description the schema fixes.
const TAX_TYPE: &str = "TVA";
const TAX_TYPE_DESCRIPTION: &str = "Taxe sur la valeur ajoutée";
/// The unit of measure of every product and line (Orion sells pieces).
const UOM: &str = "PCE";
const UOM_DESCRIPTION: &str = "Piece";

// The schema's text types, by maximum length in characters.
/// `FAIAcodeType`.
const CODE: usize = 9;
/// `FAIAshorttextType`.
const SHORT: usize = 18;
/// `FAIAmiddle1textType`.
const MIDDLE1: usize = 35;
/// `FAIAmiddle2textType`.
const MIDDLE2: usize = 70;
/// `FAIAlongtextType`.
const LONG: usize = 256;

/// Control totals written in SalesInvoices (and returned so tests can compare them with the
/// sales journal).
///
/// - `entries`: the number of `Invoice` elements, invoices and credit notes alike (one per
///   issued document of the period, cancelled ones included: their numbers were issued).
/// - `total_credit_cents`: the sum of the `InvoiceLineAmount`s of the lines marked `C`, the
///   invoices' lines: their net amounts excluding VAT. With consistent documents this is the
///   sum of the invoices' stored `net_cents`.
/// - `total_debit_cents`: the sum of the `InvoiceLineAmount`s of the lines marked `D`, the
///   credit notes' lines, positive: the sum of the credit notes' stored `net_cents`, negated.
///
/// So `total_credit_cents - total_debit_cents` is the period's net revenue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ControlTotals {
    pub entries: u64,
    pub total_debit_cents: i64,
    pub total_credit_cents: i64,
}

impl ControlTotals {
    fn add(&mut self, other: ControlTotals) {
        self.entries += other.entries;
        self.total_debit_cents += other.total_debit_cents;
        self.total_credit_cents += other.total_credit_cents;
    }
}

fn no_company() -> Invalid {
    Invalid::field(
        "settings",
        "the store has no invoice settings and issued no document in the period: \
         fill in the invoice settings to name the company of the audit file",
    )
}

/// Checks, before a download starts, what [`export`] would refuse at its first step (a
/// streamed answer cannot turn into a 422 once it has begun).
pub async fn ready(
    conn: &impl ConnectionTrait,
    store: StoreId,
    period: Period,
) -> Result<(), AccountingError> {
    if orion_invoicing::settings::get(conn, store).await?.is_some()
        || orion_invoicing::service::queries::count_issued_between(
            conn,
            store,
            period.from,
            period.to,
        )
        .await?
            > 0
    {
        return Ok(());
    }
    Err(no_company().into())
}

/// [`export`] into the channel of a streamed download (the API, the page, the CLI).
pub async fn export_to(
    conn: &impl ConnectionTrait,
    store: StoreId,
    store_code: &str,
    period: Period,
    chunks: &crate::api::Chunks,
) -> Result<ControlTotals, AccountingError> {
    let mut sink = |chunk: Vec<u8>| {
        let tx = chunks.clone();
        async move {
            tx.send(chunk)
                .await
                .map_err(|_| AccountingError::Disconnected)
        }
    };
    export(conn, store, store_code, period, &mut sink).await
}

/// Streams the FAIA file of the store's documents issued in `period` to `sink` in chunks (each
/// about 64 KB, the last smaller).
///
/// The company is the store's invoice settings, else the seller snapshot of the period's first
/// document; without either the export is refused (`settings`). `store_code` is written as the
/// header's `TaxEntity` (the branch the file covers). Returns the control totals written in
/// `SalesInvoices`.
///
/// The output is the same for the same documents, except `AuditFileDateCreated` (today in
/// Luxembourg). On an error the sink may have received the beginning of the file: discard it.
///
/// The sink is an `FnMut` returning a future rather than an `AsyncFnMut`: the future of an
/// `AsyncFnMut` has a higher-ranked lifetime for which the compiler cannot prove `Send`, so an
/// export driven by `tokio::spawn` (the download handler) would not compile. The future may
/// borrow what the closure captures by reference, not the closure itself:
///
/// ```ignore
/// let tx: tokio::sync::mpsc::Sender<Vec<u8>> = /* … */;
/// let mut sink = |chunk: Vec<u8>| {
///     let tx = tx.clone();
///     async move { tx.send(chunk).await.map_err(|_| AccountingError::Disconnected) }
/// };
/// faia::export(&conn, store, "lux-shop", period, &mut sink).await?;
/// ```
pub async fn export<S, F>(
    conn: &impl ConnectionTrait,
    store: StoreId,
    store_code: &str,
    period: Period,
    sink: &mut S,
) -> Result<ControlTotals, AccountingError>
where
    S: FnMut(Vec<u8>) -> F,
    F: Future<Output = Result<(), AccountingError>>,
{
    let settings = orion_invoicing::settings::get(conn, store).await?;
    let mut pages = Pages::new(store, period.from, period.to);
    let first = pages.next(conn).await?;
    let company = match (&settings, first.as_deref().and_then(<[Doc]>::first)) {
        (Some(s), _) => Company::from(s),
        (None, Some(doc)) => Company::from(&doc.seller),
        (None, None) => return Err(no_company().into()),
    };
    let created = orion_kernel::time::local_date(Utc::now());
    let mut file = FaiaFile::start(&company, store_code, period, created, first.is_some());

    // Pass 1: customers as they come; products, tax codes and totals collected. The buffer
    // is drained after each document, so it holds at most a chunk and one document.
    let mut page = first;
    while let Some(docs) = page {
        for doc in &docs {
            file.scan(doc)?;
            drain(&mut file, sink).await?;
        }
        page = pages.next(conn).await?;
    }
    file.end_master_files();
    drain(&mut file, sink).await?;

    // Pass 2: the invoices, up to the last document pass 1 saw.
    if file.has_invoices() {
        let mut pages = Pages::new(store, period.from, period.to);
        'pages: while let Some(docs) = pages.next(conn).await? {
            let refs = refs_of(conn, store, &docs).await?;
            for doc in &docs {
                if !file.invoice(doc, &refs)? {
                    break 'pages;
                }
                drain(&mut file, sink).await?;
            }
        }
    }
    // The rest: less than a chunk, or hardly more with the closing tags.
    let (rest, totals) = file.finish()?;
    for chunk in rest.chunks(CHUNK) {
        sink(chunk.to_vec()).await?;
    }
    Ok(totals)
}

/// Hands every full chunk of the buffer to the sink.
async fn drain<S, F>(file: &mut FaiaFile, sink: &mut S) -> Result<(), AccountingError>
where
    S: FnMut(Vec<u8>) -> F,
    F: Future<Output = Result<(), AccountingError>>,
{
    while let Some(chunk) = file.full_chunk() {
        sink(chunk).await?;
    }
    Ok(())
}

/// What one page's invoices refer to that the documents do not carry: order numbers (by order
/// id) and the numbers of the invoices credit notes correct (by invoice id).
#[derive(Debug, Clone, Default)]
struct Refs {
    orders: HashMap<i64, String>,
    corrected: HashMap<i64, String>,
}

/// The references of one page: order numbers in one query, corrected invoices from the page
/// itself or one query each (they may be outside the period).
async fn refs_of(
    conn: &impl ConnectionTrait,
    store: StoreId,
    docs: &[Doc],
) -> Result<Refs, AccountingError> {
    let orders =
        orion_orders::service::order_numbers(conn, store, docs.iter().filter_map(|d| d.order_id))
            .await?;
    let in_page: HashMap<i64, &str> = docs.iter().map(|d| (d.id, d.number.as_str())).collect();
    let mut corrected = HashMap::new();
    for id in docs
        .iter()
        .filter(|d| d.credit_note)
        .filter_map(|d| d.corrects_invoice_id)
    {
        if corrected.contains_key(&id) {
            continue;
        }
        let number = match in_page.get(&id) {
            Some(n) => Some((*n).to_owned()),
            None => match orion_invoicing::service::queries::find(conn, store, InvoiceId(id)).await
            {
                Ok(m) => Some(m.number),
                // Never expected (documents are not deleted): the line goes without reference.
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => return Err(e.into()),
            },
        };
        if let Some(n) = number {
            corrected.insert(id, n);
        }
    }
    Ok(Refs { orders, corrected })
}

/// The file being written, pass after pass. Pure: the caller feeds it the documents one at a
/// time, twice, and drains its buffer ([`FaiaFile::full_chunk`]) in between.
struct FaiaFile {
    x: Xml,
    /// What pass 1 collected.
    seen: Collected,
    /// Pass 2's count of what it wrote, checked against `seen.totals` at the end.
    written: ControlTotals,
    customers_open: bool,
    sales_open: bool,
}

/// The small, bounded state of pass 1.
#[derive(Debug, Default)]
struct Collected {
    customers: HashSet<CustomerKey>,
    /// Product code → product, sorted for a deterministic `Products`.
    products: BTreeMap<String, Product>,
    /// Tax code → what it stands for, sorted for a deterministic `TaxTable`.
    tax_codes: BTreeMap<String, TaxCode>,
    totals: ControlTotals,
    /// The largest document id seen: pass 2 stops there.
    last_id: Option<i64>,
}

impl FaiaFile {
    /// The XML declaration, `<AuditFile>`, the `Header`, and `<MasterFiles>` opened.
    /// `with_documents`: whether the period has documents (a `TaxTable` will exist, which the
    /// company's `TaxRegistration/TaxType` must refer to).
    fn start(
        company: &Company,
        store_code: &str,
        period: Period,
        created: NaiveDate,
        with_documents: bool,
    ) -> FaiaFile {
        let mut x = Xml::new();
        x.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        // Readers (and people) recognise the file by the OECD SAF-T name; the reduced-A
        // schema's elements themselves are in no namespace (see the module documentation).
        x.event(Event::Comment(BytesText::from_escaped(
            " FAIA 2.01 reduced version A - OECD urn:OECD:StandardAuditFile-Taxation/2.00 ",
        )));
        x.open("AuditFile");
        write_header(&mut x, company, store_code, period, created, with_documents);
        x.open("MasterFiles");
        FaiaFile {
            x,
            seen: Collected::default(),
            written: ControlTotals::default(),
            customers_open: false,
            sales_open: false,
        }
    }

    /// Pass 1, one document: writes its customer if not met yet, collects its products, tax
    /// codes and control totals.
    fn scan(&mut self, doc: &Doc) -> Result<(), AccountingError> {
        let amounts = line_amounts(doc)?;
        let key = CustomerKey::of(doc);
        if self.seen.customers.insert(key) {
            if !self.customers_open {
                self.x.open("Customers");
                self.customers_open = true;
            }
            write_customer(&mut self.x, doc, key);
        }
        for line in &doc.lines {
            // The first description met names the product.
            self.seen
                .products
                .entry(product_code(line))
                .or_insert_with(|| Product {
                    description: line.description.clone(),
                    gtin: line.gtin.clone(),
                });
        }
        for tax in amounts
            .iter()
            .map(|a| a.tax.clone())
            .chain(bucket_codes(doc)?)
        {
            self.seen.tax_codes.entry(tax.code()).or_insert(tax);
        }
        self.seen.totals.add(doc_totals(doc, &amounts));
        self.seen.last_id = self.seen.last_id.max(Some(doc.id));
        Ok(())
    }

    /// Closes `Customers`, writes `TaxTable`, `UOMTable` and `Products`, closes `MasterFiles`
    /// and, if there are documents, opens `SourceDocuments/SalesInvoices` with its control
    /// totals.
    fn end_master_files(&mut self) {
        if self.customers_open {
            self.x.close("Customers");
            self.customers_open = false;
        }
        write_tax_table(&mut self.x, &self.seen.tax_codes);
        write_products(&mut self.x, &self.seen.products);
        self.x.close("MasterFiles");
        if self.has_invoices() {
            // The schema wants at least one Invoice in SalesInvoices: without documents, the
            // file ends with MasterFiles.
            let t = self.seen.totals;
            self.x.open("SourceDocuments");
            self.x.open("SalesInvoices");
            self.x
                .text("NumberOfEntries", &t.entries.to_string(), usize::MAX);
            self.x.money("TotalDebit", t.total_debit_cents);
            self.x.money("TotalCredit", t.total_credit_cents);
            self.sales_open = true;
        }
    }

    fn has_invoices(&self) -> bool {
        self.seen.totals.entries > 0
    }

    /// Pass 2, one document: writes its `Invoice`, unless pass 1 did not see it (issued
    /// since, with a larger id): then `false`, and the documents after it are not wanted
    /// either.
    fn invoice(&mut self, doc: &Doc, refs: &Refs) -> Result<bool, AccountingError> {
        if self.seen.last_id.is_none_or(|last| doc.id > last) {
            return Ok(false);
        }
        let t = write_invoice(&mut self.x, doc, refs)?;
        self.written.add(t);
        Ok(true)
    }

    /// Closes the file: what is left of the buffer, and the control totals. Fails if pass 2
    /// did not write what pass 1 counted.
    fn finish(mut self) -> Result<(Vec<u8>, ControlTotals), AccountingError> {
        if self.sales_open {
            if self.written != self.seen.totals {
                tracing::error!(
                    counted = ?self.seen.totals,
                    written = ?self.written,
                    "FAIA: the documents changed between the two passes"
                );
                return Err(orion_invoicing::InvoiceError::Inconsistent(
                    "the period's documents changed while the FAIA file was written",
                )
                .into());
            }
            self.x.close("SalesInvoices");
            self.x.close("SourceDocuments");
        }
        self.x.close("AuditFile");
        Ok((self.x.0.into_inner(), self.seen.totals))
    }

    /// The first [`CHUNK`] bytes of the buffer, once it holds that many (the rest stays, in
    /// a buffer of the usual capacity).
    fn full_chunk(&mut self) -> Option<Vec<u8>> {
        let buf = self.x.0.get_mut();
        if buf.len() < CHUNK {
            return None;
        }
        let mut rest = Vec::with_capacity(BUFFER.max(buf.len() - CHUNK));
        rest.extend_from_slice(&buf[CHUNK..]);
        buf.truncate(CHUNK);
        Some(std::mem::replace(buf, rest))
    }
}

/// quick-xml over an in-memory buffer. Writing to a `Vec<u8>` cannot fail (quick-xml's only
/// errors are its writer's), so the helpers return nothing.
struct Xml(Writer<Vec<u8>>);

impl Xml {
    fn new() -> Xml {
        Xml(Writer::new_with_indent(Vec::with_capacity(BUFFER), b' ', 1))
    }

    fn event<'a>(&mut self, e: impl Into<Event<'a>>) {
        let _ = self.0.write_event(e);
    }

    fn open(&mut self, name: &str) {
        self.event(Event::Start(BytesStart::new(name)));
    }

    fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name>value</name>`, the value [cleaned](clean) and cut to `max` characters.
    fn text(&mut self, name: &str, value: &str, max: usize) {
        let value = clean(value, max);
        self.open(name);
        self.event(Event::Text(BytesText::new(&value)));
        self.close(name);
    }

    /// [`Xml::text`] when there is a value that is not blank.
    fn opt_text(&mut self, name: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value.filter(|v| !clean(v, max).is_empty()) {
            self.text(name, v, max);
        }
    }

    /// An `xs:date`: `YYYY-MM-DD`.
    fn date(&mut self, name: &str, d: NaiveDate) {
        self.text(name, &d.format("%Y-%m-%d").to_string(), usize::MAX);
    }

    /// A `FAIAmonetaryType`.
    fn money(&mut self, name: &str, cents: i64) {
        self.text(name, &money(cents), usize::MAX);
    }

    /// An `AmountStructure` (the amount in the default currency, EUR).
    fn amount(&mut self, name: &str, cents: i64) {
        self.open(name);
        self.money("Amount", cents);
        self.close(name);
    }
}

/// Cents as a decimal amount with two decimals: `-1234` → `-12.34`.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `amount × num / den`, rounded half away from zero, whatever the signs: invoicing's
/// [`share`] wants a positive denominator, and credit notes' amounts are negative.
fn prorate(amount: i64, num: i64, den: i64) -> i64 {
    if den < 0 {
        share(amount, num.saturating_neg(), den.saturating_neg())
    } else {
        share(amount, num, den)
    }
}

/// `s` trimmed, without the characters XML 1.0 does not allow (control characters other
/// than tab and line breaks, U+FFFE, U+FFFF), cut to `max` characters (the schema's
/// `maxLength` counts characters).
fn clean(s: &str, max: usize) -> Cow<'_, str> {
    fn allowed(c: char) -> bool {
        !matches!(
            c,
            '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'
        )
    }
    let s = s.trim();
    if s.chars().all(allowed) && s.chars().nth(max).is_none() {
        return Cow::Borrowed(s);
    }
    let cut: String = s.chars().filter(|&c| allowed(c)).take(max).collect();
    Cow::Owned(cut.trim_end().to_owned())
}

/// 64-bit FNV-1a of the parts (separated by a unit separator): stable across builds and
/// platforms, unlike `std`'s hasher.
fn fnv1a(parts: &[&str]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { b"" } else { b"\x1f" };
        for &b in sep.iter().chain(p.as_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    h
}

/// A two-letter upper-case code, as `ISOCountryCode` wants it.
fn iso_country(c: &str) -> Option<&str> {
    let c = c.trim();
    (c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
}

// ---------------------------------------------------------------------------------------------
// Header

/// The company the file is about (`Header/Company`).
#[derive(Debug, Clone)]
struct Company {
    name: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
    vat_number: String,
    rcs_number: Option<String>,
    iban: Option<String>,
}

impl From<&invoice_settings::Model> for Company {
    fn from(s: &invoice_settings::Model) -> Company {
        Company {
            name: s.legal_name.clone(),
            street: s.street.clone(),
            postal_code: s.postal_code.clone(),
            city: s.city.clone(),
            country: s.country.clone(),
            vat_number: s.vat_number.clone(),
            rcs_number: s.rcs_number.clone(),
            iban: s.iban.clone(),
        }
    }
}

impl From<&Seller> for Company {
    fn from(s: &Seller) -> Company {
        Company {
            name: s.legal_name.clone(),
            street: s.street.clone(),
            postal_code: s.postal_code.clone(),
            city: s.city.clone(),
            country: s.country.clone(),
            vat_number: s.vat_number.clone(),
            rcs_number: s.rcs_number.clone(),
            iban: s.iban.clone(),
        }
    }
}

/// An `AddressStructure`: street, city, postal code, country (when it is a two-letter code),
/// and its type (`StreetAddress`, `BillingAddress`, `ShipToAddress`).
fn write_address(
    x: &mut Xml,
    element: &str,
    street: &str,
    postal_code: &str,
    city: &str,
    country: &str,
    kind: &str,
) {
    x.open(element);
    x.opt_text("StreetName", Some(street), MIDDLE2);
    // City and PostalCode are mandatory (possibly empty).
    x.text("City", city, MIDDLE1);
    x.text("PostalCode", postal_code, SHORT);
    if let Some(c) = iso_country(country) {
        x.text("Country", c, 2);
    }
    x.text("AddressType", kind, usize::MAX);
    x.close(element);
}

fn write_kernel_address(x: &mut Xml, element: &str, a: &Address, kind: &str) {
    write_address(
        x,
        element,
        &a.street,
        &a.postal_code,
        &a.city,
        &a.country,
        kind,
    );
}

/// The `Header`. `with_tax_table`: whether the file will have a `TaxTable` (the company's
/// `TaxRegistration/TaxType` must refer to one of its entries).
fn write_header(
    x: &mut Xml,
    c: &Company,
    store_code: &str,
    period: Period,
    created: NaiveDate,
    with_tax_table: bool,
) {
    x.open("Header");
    x.text("AuditFileVersion", AUDIT_FILE_VERSION, CODE);
    x.text("AuditFileCountry", "LU", 2);
    x.date("AuditFileDateCreated", created);
    x.text("SoftwareCompanyName", "Orion", MIDDLE2);
    x.text("SoftwareID", "Orion", LONG);
    x.text("SoftwareVersion", env!("CARGO_PKG_VERSION"), SHORT);

    x.open("Company");
    // Mandatory: the trade register number, else the VAT number, else the store's code.
    let registration = [
        c.rcs_number.as_deref(),
        Some(&c.vat_number),
        Some(store_code),
    ]
    .into_iter()
    .flatten()
    .find(|v| !v.trim().is_empty())
    .unwrap_or_default();
    x.text("RegistrationNumber", registration, MIDDLE1);
    x.text("Name", &c.name, MIDDLE2);
    write_address(
        x,
        "Address",
        &c.street,
        &c.postal_code,
        &c.city,
        &c.country,
        "StreetAddress",
    );
    // The header's Contact (a person's first and last name, a telephone) is mandatory, but
    // the invoice settings record neither a contact person nor a telephone: the company
    // stands as the contact, first name and telephone left empty.
    x.open("Contact");
    x.open("ContactPerson");
    x.text("FirstName", "", MIDDLE1);
    x.text("LastName", &c.name, MIDDLE2);
    x.close("ContactPerson");
    x.text("Telephone", "", SHORT);
    x.close("Contact");
    if !c.vat_number.trim().is_empty() {
        x.open("TaxRegistration");
        x.text("TaxRegistrationNumber", &c.vat_number, MIDDLE1);
        if with_tax_table {
            x.text("TaxType", TAX_TYPE, CODE);
        }
        if c.vat_number.trim().starts_with("LU") {
            x.text("TaxAuthority", "AED", MIDDLE1);
        }
        x.close("TaxRegistration");
    }
    if let Some(iban) = c.iban.as_deref().filter(|i| !i.trim().is_empty()) {
        x.open("BankAccount");
        x.text("IBANNumber", iban, MIDDLE1);
        x.close("BankAccount");
    }
    x.close("Company");

    x.text("DefaultCurrencyCode", "EUR", 3);
    x.open("SelectionCriteria");
    x.date("SelectionStartDate", period.from);
    x.date("SelectionEndDate", period.to);
    x.close("SelectionCriteria");
    // FAIA's own header elements, after the OECD ones: the file lists invoices as issued.
    x.text("TaxAccountingBasis", "Invoicing", SHORT);
    x.opt_text("TaxEntity", Some(store_code), MIDDLE2);
    x.close("Header");
}

// ---------------------------------------------------------------------------------------------
// Customers

/// What identifies a customer across documents, compactly: the customer account, else a hash
/// of the buyer's name and e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CustomerKey {
    Account(i64),
    Guest(u64),
}

impl CustomerKey {
    fn of(doc: &Doc) -> CustomerKey {
        match doc.customer_id.or(doc.buyer.customer_id) {
            Some(id) => CustomerKey::Account(id),
            None => CustomerKey::Guest(fnv1a(&[
                &doc.customer_name().trim().to_lowercase(),
                &doc.buyer.email.trim().to_lowercase(),
            ])),
        }
    }

    /// The `CustomerID` (at most 35 characters).
    fn id(self) -> String {
        match self {
            CustomerKey::Account(id) => format!("CUST-{id}"),
            CustomerKey::Guest(h) => format!("GUEST-{h:016X}"),
        }
    }
}

/// The buyer's billing address, else the delivery address.
fn billing_address(doc: &Doc) -> &Address {
    doc.buyer
        .billing_address
        .as_ref()
        .unwrap_or(&doc.buyer.shipping_address)
}

/// One `Customer`, as the document names them (the first document of the period that
/// names a customer describes them).
fn write_customer(x: &mut Xml, doc: &Doc, key: CustomerKey) {
    x.open("Customer");
    x.text("Name", doc.customer_name(), MIDDLE2);
    write_kernel_address(x, "Address", billing_address(doc), "BillingAddress");
    if let Some(vat_id) = doc.customer_vat_id() {
        x.open("TaxRegistration");
        x.text("TaxRegistrationNumber", &vat_id, MIDDLE1);
        x.text("TaxType", TAX_TYPE, CODE);
        if let Some(ev) = &doc.buyer.vat_id_evidence {
            x.date(
                "TaxVerificationDate",
                orion_kernel::time::local_date(ev.checked_at),
            );
        }
        x.close("TaxRegistration");
    }
    x.text("CustomerID", &key.id(), MIDDLE1);
    x.close("Customer");
}

// ---------------------------------------------------------------------------------------------
// Products and tax codes

/// One product of `Products`.
#[derive(Debug, Clone)]
struct Product {
    description: String,
    gtin: Option<String>,
}

/// The `ProductCode` of a line: its SKU, else a code derived from its description.
fn product_code(line: &InvoiceLine) -> String {
    match line.sku.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(sku) if clean(sku, MIDDLE2) == sku => sku.to_owned(),
        Some(sku) => format!("SKU-{:016X}", fnv1a(&[sku])),
        None => format!("DESC-{:016X}", fnv1a(&[line.description.trim()])),
    }
}

/// The unit of measure and the `Products` (nothing when there are none).
fn write_products(x: &mut Xml, products: &BTreeMap<String, Product>) {
    if products.is_empty() {
        return;
    }
    // Products name their unit, which must be in the UOMTable (before Products).
    x.open("UOMTable");
    x.open("UOMTableEntry");
    x.text("UnitOfMeasure", UOM, CODE);
    x.text("Description", UOM_DESCRIPTION, LONG);
    x.close("UOMTableEntry");
    x.close("UOMTable");
    x.open("Products");
    for (code, p) in products {
        x.open("Product");
        x.text("ProductCode", code, MIDDLE2);
        x.text("Description", &p.description, LONG);
        x.opt_text("ProductNumberCode", p.gtin.as_deref(), MIDDLE2);
        x.text("UOMBase", UOM, CODE);
        x.close("Product");
    }
    x.close("Products");
}

/// A tax code: the VAT of a country, category and rate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TaxCode {
    country: String,
    category: Category,
    rate: Rate,
}

impl TaxCode {
    /// `LU-S-17`; without dashes when longer than the 9 characters of `FAIAcodeType`.
    fn code(&self) -> String {
        let (c, cat, rate) = (&self.country, self.category.code(), self.rate);
        let code = format!("{c}-{cat}-{rate}");
        if code.chars().count() <= CODE {
            code
        } else {
            format!("{c}{cat}{rate}")
        }
    }

    fn description(&self) -> String {
        let what = match self.category {
            Category::Standard => format!("VAT at {} %", self.rate),
            Category::ZeroRated => "zero-rated".to_owned(),
            Category::IntraCommunity => "exempt intra-Community supply".to_owned(),
            Category::Export => "exempt export".to_owned(),
            Category::ReverseCharge => "reverse charge".to_owned(),
        };
        format!("{} {}: {what}", self.country, self.category.code())
    }

    /// `TaxExemptionReason` (at most 70 characters) of the exempt categories.
    fn exemption_reason(&self) -> Option<&'static str> {
        match self.category {
            Category::IntraCommunity => {
                Some("Exempt intra-Community supply, art. 138 Directive 2006/112/EC")
            }
            Category::Export => Some("Exempt export, art. 146 Directive 2006/112/EC"),
            Category::ReverseCharge => Some("Reverse charge: VAT due by the customer"),
            Category::Standard | Category::ZeroRated => None,
        }
    }
}

/// The country of a document's tax codes: its VAT country, else the seller's, else LU.
fn tax_country(doc: &Doc) -> &str {
    iso_country(&doc.vat_country)
        .or_else(|| iso_country(&doc.seller.country))
        .unwrap_or("LU")
}

fn parse_rate(doc: &Doc, rate: &str) -> Result<Rate, AccountingError> {
    Rate::parse(rate.trim()).map_err(|e| AccountingError::Snapshot {
        number: doc.number.clone(),
        reason: format!("VAT rate {rate:?}: {e}"),
    })
}

/// The tax codes of a document's VAT buckets.
fn bucket_codes(doc: &Doc) -> Result<Vec<TaxCode>, AccountingError> {
    doc.buckets
        .iter()
        .map(|b| {
            Ok(TaxCode {
                country: tax_country(doc).to_owned(),
                category: b.category,
                rate: parse_rate(doc, &b.rate)?,
            })
        })
        .collect()
}

/// The single `TaxTableEntry` (`TVA`, the key of every `TaxType`) with its codes (nothing
/// when there are none).
fn write_tax_table(x: &mut Xml, codes: &BTreeMap<String, TaxCode>) {
    if codes.is_empty() {
        return;
    }
    x.open("TaxTable");
    x.open("TaxTableEntry");
    x.text("TaxType", TAX_TYPE, CODE);
    x.text("Description", TAX_TYPE_DESCRIPTION, LONG);
    for (code, t) in codes {
        x.open("TaxCodeDetails");
        x.text("TaxCode", code, CODE);
        x.text("Description", &t.description(), LONG);
        x.text("TaxPercentage", &t.rate.to_string(), usize::MAX);
        x.text("Country", &t.country, 2);
        x.close("TaxCodeDetails");
    }
    x.close("TaxTableEntry");
    x.close("TaxTable");
}

// ---------------------------------------------------------------------------------------------
// Invoices

/// What one line carries in the file, in the document's sign (negative on credit notes).
#[derive(Debug, Clone)]
struct LineAmounts {
    /// The line's net, adjusted so that a bucket's lines add up to its taxable amount.
    net: i64,
    /// The line's share of its bucket's VAT.
    vat: i64,
    tax: TaxCode,
}

/// The amounts of a document's lines (see the module documentation, "VAT per line").
///
/// Lines that no bucket claims (never expected) keep their net and get VAT at their rate;
/// buckets without lines (never expected) still appear in the document's totals. Both are
/// logged, as is any difference with the stored totals.
fn line_amounts(doc: &Doc) -> Result<Vec<LineAmounts>, AccountingError> {
    if doc.lines.is_empty() {
        // FAIA requires at least one Line per Invoice; issued documents always have one.
        return Err(AccountingError::Snapshot {
            number: doc.number.clone(),
            reason: "the document has no lines".into(),
        });
    }
    let country = tax_country(doc);
    let mut out = doc
        .lines
        .iter()
        .map(|l| {
            let rate = parse_rate(doc, &l.vat_rate)?;
            Ok(LineAmounts {
                net: l.net_cents,
                vat: share(l.net_cents, i64::from(rate.bp()), 10_000),
                tax: TaxCode {
                    country: country.to_owned(),
                    category: l.vat_category,
                    rate,
                },
            })
        })
        .collect::<Result<Vec<_>, AccountingError>>()?;
    let mut claimed = vec![false; out.len()];
    for b in &doc.buckets {
        let rate = parse_rate(doc, &b.rate)?;
        let idx: Vec<usize> = (0..out.len())
            .filter(|&i| out[i].tax.category == b.category && out[i].tax.rate == rate)
            .collect();
        let Some(&first) = idx.first() else {
            tracing::warn!(number = %doc.number, category = %b.category, rate = %b.rate,
                "FAIA: a VAT bucket has no lines");
            continue;
        };
        // The nets: the bucket's taxable amount, the difference on the largest line (the
        // first of equals).
        let sum: i64 = idx.iter().map(|&i| out[i].net).sum();
        let largest = idx
            .iter()
            .copied()
            .max_by_key(|&i| (out[i].net.unsigned_abs(), Reverse(i)))
            .unwrap_or(first);
        out[largest].net += b.taxable_cents - sum;
        // The VAT: the bucket's, in proportion to the nets, rounding the running total so
        // the shares add up exactly.
        let mut running = 0;
        let mut given = 0;
        for &i in &idx {
            running += out[i].net;
            let upto = if b.taxable_cents == 0 {
                b.vat_cents
            } else {
                prorate(b.vat_cents, running, b.taxable_cents)
            };
            out[i].vat = upto - given;
            given = upto;
            claimed[i] = true;
        }
    }
    if claimed.iter().any(|c| !c) {
        tracing::warn!(number = %doc.number, "FAIA: lines without a VAT bucket");
    }
    let (net, vat): (i64, i64) = out.iter().fold((0, 0), |(n, v), a| (n + a.net, v + a.vat));
    if net != doc.net_cents || vat != doc.vat_cents {
        tracing::warn!(number = %doc.number, net, vat, stored_net = doc.net_cents,
            stored_vat = doc.vat_cents, "FAIA: the lines do not add up to the document's totals");
    }
    Ok(out)
}

/// An amount relative to the document's debit/credit indicator: credit notes (stored
/// negative, written as debits) are negated.
fn oriented(doc: &Doc, cents: i64) -> i64 {
    if doc.credit_note { -cents } else { cents }
}

/// The lines' `DebitCreditIndicator`: revenue is credited by invoices, debited by credit notes.
fn indicator(doc: &Doc) -> &'static str {
    if doc.credit_note { "D" } else { "C" }
}

/// A document's share of the control totals: one entry, and its lines' amounts on the side of
/// their indicator (the same numbers as the lines' `InvoiceLineAmount`).
fn doc_totals(doc: &Doc, amounts: &[LineAmounts]) -> ControlTotals {
    let lines: i64 = amounts.iter().map(|a| oriented(doc, a.net)).sum();
    ControlTotals {
        entries: 1,
        total_debit_cents: if doc.credit_note { lines } else { 0 },
        total_credit_cents: if doc.credit_note { 0 } else { lines },
    }
}

/// A `TaxInformationStructure` (line or document total), amounts in the document's sign.
fn write_tax_information(
    x: &mut Xml,
    element: &str,
    doc: &Doc,
    tax: &TaxCode,
    base: i64,
    vat: i64,
) {
    x.open(element);
    x.text("TaxType", TAX_TYPE, CODE);
    x.text("TaxCode", &tax.code(), CODE);
    x.text("TaxPercentage", &tax.rate.to_string(), usize::MAX);
    x.money("TaxBase", oriented(doc, base));
    x.amount("TaxAmount", oriented(doc, vat));
    x.opt_text("TaxExemptionReason", tax.exemption_reason(), MIDDLE2);
    x.close(element);
}

/// One `Invoice` (an invoice or a credit note), returning its share of the control totals.
fn write_invoice(x: &mut Xml, doc: &Doc, refs: &Refs) -> Result<ControlTotals, AccountingError> {
    let amounts = line_amounts(doc)?;
    x.open("Invoice");
    x.text("InvoiceNo", &doc.number, MIDDLE2);
    x.open("CustomerInfo");
    x.text("CustomerID", &CustomerKey::of(doc).id(), MIDDLE1);
    write_kernel_address(x, "BillingAddress", billing_address(doc), "BillingAddress");
    x.close("CustomerInfo");
    x.date("InvoiceDate", doc.issue_date);
    x.text(
        "InvoiceType",
        if doc.credit_note { "Credit" } else { "Debit" },
        CODE,
    );
    x.open("ShipTo");
    write_kernel_address(x, "Address", &doc.buyer.shipping_address, "ShipToAddress");
    x.close("ShipTo");
    x.opt_text("PaymentTerms", doc.seller.payment_terms.as_deref(), MIDDLE2);
    // Orion's id of the document.
    x.text("SystemID", &doc.id.to_string(), MIDDLE1);

    let order = doc.order_id.and_then(|o| refs.orders.get(&o));
    let corrected = doc
        .corrects_invoice_id
        .filter(|_| doc.credit_note)
        .and_then(|i| refs.corrected.get(&i));
    for (line, a) in doc.lines.iter().zip(&amounts) {
        let net = oriented(doc, a.net);
        x.open("Line");
        x.text("LineNumber", &line.position.to_string(), SHORT);
        if let Some(order) = order {
            x.open("OrderReferences");
            x.text("OriginatingON", order, MIDDLE2);
            x.close("OrderReferences");
        }
        x.text("ProductCode", &product_code(line), MIDDLE2);
        x.open("Delivery");
        x.date("DeliveryDate", doc.supply_date);
        x.close("Delivery");
        x.text("Quantity", &line.quantity.to_string(), usize::MAX);
        // Net of VAT, like InvoiceLineAmount; rounded to the cent.
        let unit = if line.quantity == 0 {
            net
        } else {
            prorate(net, 1, line.quantity)
        };
        x.money("UnitPrice", unit);
        x.date("TaxPointDate", doc.supply_date);
        if let Some(number) = corrected {
            x.open("References");
            x.open("CreditNote");
            x.text("Reference", number, MIDDLE1);
            x.close("CreditNote");
            x.close("References");
        }
        x.text("Description", &line.description, LONG);
        x.amount("InvoiceLineAmount", net);
        x.text("DebitCreditIndicator", indicator(doc), CODE);
        write_tax_information(x, "TaxInformation", doc, &a.tax, a.net, a.vat);
        x.close("Line");
    }

    x.open("DocumentTotals");
    for (b, tax) in doc.buckets.iter().zip(bucket_codes(doc)?) {
        write_tax_information(
            x,
            "TaxInformationTotals",
            doc,
            &tax,
            b.taxable_cents,
            b.vat_cents,
        );
    }
    x.money("NetTotal", oriented(doc, doc.net_cents));
    x.money("GrossTotal", oriented(doc, doc.gross_cents));
    x.close("DocumentTotals");
    x.close("Invoice");
    Ok(doc_totals(doc, &amounts))
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use chrono::TimeZone;
    use orion_invoicing::service::{Bucket, Buyer, VatIdEvidence};
    use orion_vat::RateClass;
    use quick_xml::escape::resolve_predefined_entity;

    use super::*;

    const XSD: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/faia/FAIA_v_2.01_reduced_version_A.xsd"
    );

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn period() -> Period {
        Period {
            from: d("2026-01-01"),
            to: d("2026-03-31"),
        }
    }

    fn seller() -> Seller {
        Seller {
            legal_name: "Boutique Lëtzebuerg S.à r.l.".into(),
            street: "12, rue de la Gare".into(),
            postal_code: "L-1611".into(),
            city: "Luxembourg".into(),
            country: "LU".into(),
            vat_number: "LU26375245".into(),
            rcs_number: Some("B123456".into()),
            business_permit: None,
            iban: Some("LU280019400644750000".into()),
            bic: None,
            payment_terms: Some("30 days net".into()),
            footer_text: None,
            logo_sha256: None,
            peppol_id: None,
            einvoice_pdf: false,
        }
    }

    fn address(street: &str, postal_code: &str, city: &str, country: &str) -> Address {
        Address {
            street: street.into(),
            postal_code: postal_code.into(),
            city: city.into(),
            country: country.into(),
            ..Default::default()
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        position: u32,
        description: &str,
        sku: Option<&str>,
        quantity: i64,
        amount: i64,
        net: i64,
        category: Category,
        rate: &str,
    ) -> InvoiceLine {
        InvoiceLine {
            position,
            description: description.into(),
            sku: sku.map(Into::into),
            gtin: sku.map(|_| "4006381333931".into()),
            quantity,
            unit_price_cents: amount / quantity,
            amount_cents: amount,
            net_cents: net,
            rate_class: RateClass::Standard,
            vat_category: category,
            vat_rate: rate.into(),
        }
    }

    fn bucket(category: Category, rate: &str, taxable: i64, vat: i64) -> Bucket {
        Bucket {
            category,
            rate: rate.into(),
            taxable_cents: taxable,
            vat_cents: vat,
        }
    }

    fn buyer(customer_id: Option<i64>, name: &str, company: Option<&str>, a: Address) -> Buyer {
        Buyer {
            customer_id,
            name: name.into(),
            company: company.map(Into::into),
            email: format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
            vat_id: None,
            vat_id_evidence: None,
            billing_address: None,
            shipping_address: a,
            peppol_id: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn doc(
        id: i64,
        number: &str,
        regime: &str,
        vat_country: &str,
        buyer: Buyer,
        lines: Vec<InvoiceLine>,
        buckets: Vec<Bucket>,
        (net, vat, gross): (i64, i64, i64),
    ) -> Doc {
        Doc {
            id,
            number: number.into(),
            credit_note: false,
            corrects_invoice_id: None,
            status: "issued".into(),
            issue_date: d("2026-02-10"),
            supply_date: d("2026-02-09"),
            currency: "EUR".into(),
            regime: regime.into(),
            vat_country: vat_country.into(),
            order_id: Some(id * 10),
            customer_id: buyer.customer_id,
            seller: seller(),
            buyer,
            lines,
            buckets,
            net_cents: net,
            vat_cents: vat,
            gross_cents: gross,
            paid_at: None,
        }
    }

    /// A domestic invoice at two rates (two lines at 17 % whose nets, extracted line by line,
    /// exceed the bucket's by a cent), an intra-Community supply to a German company, a
    /// distance sale taxed in France, and a credit note of the first invoice's first line.
    fn docs() -> Vec<Doc> {
        let lu = doc(
            101,
            "INV-2026-00001",
            "DOMESTIC",
            "LU",
            buyer(
                Some(7),
                "Anne Muller",
                Some("Müller & Söhne <Lux> S.A."),
                address("1, route d'Arlon", "L-8009", "Strassen", "LU"),
            ),
            vec![
                line(
                    1,
                    "Mug \"Schueberfouer\"",
                    Some("MUG-01"),
                    2,
                    1000,
                    855,
                    Category::Standard,
                    "17",
                ),
                line(2, "Tea towel", None, 1, 1000, 855, Category::Standard, "17"),
                line(
                    3,
                    "Cookbook",
                    Some("BOOK-7"),
                    1,
                    2000,
                    1942,
                    Category::Standard,
                    "3",
                ),
            ],
            vec![
                bucket(Category::Standard, "17", 1709, 291),
                bucket(Category::Standard, "3", 1942, 58),
            ],
            (3651, 349, 4000),
        );
        let mut de_buyer = buyer(
            None,
            "Jonas Weber",
            Some("Weber Handels GmbH"),
            address("Hauptstraße 5", "54290", "Trier", "DE"),
        );
        de_buyer.vat_id = Some("DE 136 695 976".into());
        de_buyer.vat_id_evidence = Some(VatIdEvidence {
            format_valid: true,
            vies_valid: Some(true),
            checked_at: Utc.with_ymd_and_hms(2026, 2, 10, 9, 30, 0).unwrap(),
        });
        let de = doc(
            102,
            "INV-2026-00002",
            "INTRA_COMMUNITY_SUPPLY",
            "LU",
            de_buyer,
            vec![
                line(
                    1,
                    "Mug \"Schueberfouer\"",
                    Some("MUG-01"),
                    20,
                    10000,
                    10000,
                    Category::IntraCommunity,
                    "0",
                ),
                line(
                    2,
                    "Cookbook",
                    Some("BOOK-7"),
                    1,
                    1942,
                    1942,
                    Category::IntraCommunity,
                    "0",
                ),
            ],
            vec![bucket(Category::IntraCommunity, "0", 11942, 0)],
            (11942, 0, 11942),
        );
        let fr = doc(
            103,
            "INV-2026-00003",
            "DISTANCE_SALE_OSS",
            "FR",
            buyer(
                None,
                "Camille Martin",
                None,
                address("3 rue Serpenoise", "57000", "Metz", "FR"),
            ),
            vec![line(
                1,
                "Tea towel",
                None,
                3,
                3000,
                2500,
                Category::Standard,
                "20",
            )],
            vec![bucket(Category::Standard, "20", 2500, 500)],
            (2500, 500, 3000),
        );
        let mut credit = doc(
            104,
            "CN-2026-00001",
            "DOMESTIC",
            "LU",
            lu.buyer.clone(),
            vec![line(
                1,
                "Mug \"Schueberfouer\"",
                Some("MUG-01"),
                2,
                -1000,
                -855,
                Category::Standard,
                "17",
            )],
            vec![bucket(Category::Standard, "17", -855, -145)],
            (-855, -145, -1000),
        );
        credit.credit_note = true;
        credit.corrects_invoice_id = Some(101);
        credit.issue_date = d("2026-03-02");
        credit.supply_date = d("2026-02-09");
        vec![lu, de, fr, credit]
    }

    fn refs(docs: &[Doc]) -> Refs {
        Refs {
            orders: docs
                .iter()
                .filter_map(|d| d.order_id)
                .map(|o| (o, format!("ORD-{o}")))
                .collect(),
            corrected: HashMap::from([(101, "INV-2026-00001".to_owned())]),
        }
    }

    /// The whole file as [`export`] writes it, from pages of documents, chunks included.
    fn build(company: &Company, pages: &[&[Doc]], refs: &Refs) -> (Vec<u8>, ControlTotals) {
        let with_docs = pages.iter().any(|p| !p.is_empty());
        let mut f = FaiaFile::start(company, "lux-shop", period(), d("2026-04-02"), with_docs);
        let mut out = Vec::new();
        let drain = |f: &mut FaiaFile, out: &mut Vec<u8>| {
            while let Some(chunk) = f.full_chunk() {
                assert_eq!(chunk.len(), CHUNK);
                out.extend(chunk);
            }
        };
        for doc in pages.iter().copied().flatten() {
            f.scan(doc).unwrap();
            drain(&mut f, &mut out);
        }
        f.end_master_files();
        drain(&mut f, &mut out);
        if f.has_invoices() {
            for doc in pages.iter().copied().flatten() {
                if !f.invoice(doc, refs).unwrap() {
                    break;
                }
                drain(&mut f, &mut out);
            }
        }
        let (rest, totals) = f.finish().unwrap();
        assert!(rest.len() < CHUNK + 100);
        out.extend(rest);
        (out, totals)
    }

    fn sample() -> (Vec<u8>, ControlTotals) {
        let docs = docs();
        build(&Company::from(&seller()), &[&docs], &refs(&docs))
    }

    /// Validates `xml` against the reduced-A schema with lxml: `Err(error log)` when invalid,
    /// `None` when the schema is not available (a clone without `../shared`).
    fn validate(xml: &[u8], name: &str) -> Option<Result<(), String>> {
        if !Path::new(XSD).exists() {
            eprintln!(
                "{XSD} not found: schema validation skipped (the contract check validates FAIA files end to end)"
            );
            return None;
        }
        let python = std::env::var("ORION_STDNUM_PYTHON")
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| "python3".into());
        let file =
            std::env::temp_dir().join(format!("orion-faia-{}-{name}.xml", std::process::id()));
        std::fs::write(&file, xml).unwrap();
        const SCRIPT: &str = r#"
import sys
try:
    from lxml import etree
except ImportError:
    print("lxml is not installed for " + sys.executable)
    sys.exit(3)
schema = etree.XMLSchema(etree.parse(sys.argv[1]))
ok = schema.validate(etree.parse(sys.argv[2]))
print("valid" if ok else schema.error_log)
sys.exit(0 if ok else 1)
"#;
        let out = Command::new(&python)
            .args(["-c", SCRIPT, XSD])
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {python} to validate the FAIA file: {e}"));
        let _ = std::fs::remove_file(&file);
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        match out.status.code() {
            Some(0) => Some(Ok(())),
            Some(3) => panic!(
                "{python} has no lxml, needed to validate FAIA files against the XSD \
                 (pip install lxml; CI installs it): {log}"
            ),
            Some(1) if !log.contains("Traceback") => Some(Err(log)),
            _ => panic!("the validator failed: {log}"),
        }
    }

    #[test]
    fn the_file_validates_against_the_reduced_a_schema() {
        let (xml, _) = sample();
        let text = String::from_utf8(xml.clone()).unwrap();
        let Some(result) = validate(&xml, "sample") else {
            return;
        };
        if let Err(log) = result {
            panic!("the FAIA file is not valid:\n{log}\n{text}");
        }

        // A period without documents (settings only) gives a valid file too.
        let (empty, totals) = build(&Company::from(&seller()), &[&[]], &Refs::default());
        assert_eq!(totals, ControlTotals::default());
        if let Some(Err(log)) = validate(&empty, "empty") {
            panic!("the FAIA file of an empty period is not valid:\n{log}");
        }

        // The check itself can fail: an element out of order is refused.
        let (start, end) = (
            text.find("<InvoiceType>").unwrap(),
            text.find("</InvoiceType>").unwrap(),
        );
        let moved = &text[start..end + "</InvoiceType>".len()];
        let mut swapped = text.replacen(moved, "", 1);
        let at = swapped.find("<InvoiceNo>").unwrap();
        swapped.insert_str(at, moved);
        match validate(swapped.as_bytes(), "swapped") {
            Some(Err(log)) => assert!(log.contains("InvoiceType"), "{log}"),
            other => panic!("an out-of-order InvoiceType passed validation: {other:?}"),
        }
    }

    /// `(path, text)` of every element, in document order of their ends (children before
    /// their parent); paths like `AuditFile/Header/AuditFileVersion`.
    fn elements(xml: &[u8]) -> Vec<(String, String)> {
        let mut r = quick_xml::Reader::from_reader(xml);
        let (mut path, mut text, mut out) = (Vec::<String>::new(), String::new(), Vec::new());
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) => {
                    path.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                    text.clear();
                }
                Event::Text(t) => text.push_str(&t.decode().unwrap()),
                Event::GeneralRef(g) => {
                    let name = g.decode().unwrap();
                    match g.resolve_char_ref().unwrap() {
                        Some(c) => text.push(c),
                        None => text.push_str(resolve_predefined_entity(&name).unwrap()),
                    }
                }
                Event::End(_) => {
                    out.push((path.join("/"), std::mem::take(&mut text)));
                    path.pop();
                }
                Event::Empty(e) => {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    out.push((format!("{}/{name}", path.join("/")), String::new()));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    fn cents(s: &str) -> i64 {
        orion_kernel::Money::parse(s).unwrap().cents()
    }

    const SALES: &str = "AuditFile/SourceDocuments/SalesInvoices";

    #[test]
    fn control_totals_match_the_lines_and_every_document_appears_once() {
        let docs = docs();
        let (xml, totals) = sample();
        let els = elements(&xml);
        let one = |path: &str| -> &str {
            let found: Vec<_> = els.iter().filter(|(p, _)| p == path).collect();
            assert_eq!(found.len(), 1, "{path}");
            &found[0].1
        };

        // The totals: invoices' nets as credits, the credit note's as a debit.
        assert_eq!(
            totals,
            ControlTotals {
                entries: 4,
                total_credit_cents: 3651 + 11942 + 2500,
                total_debit_cents: 855,
            }
        );
        assert_eq!(one(&format!("{SALES}/NumberOfEntries")), "4");
        assert_eq!(one(&format!("{SALES}/TotalCredit")), "180.93");
        assert_eq!(one(&format!("{SALES}/TotalDebit")), "8.55");
        let net: i64 = docs.iter().map(|d| d.net_cents).sum();
        assert_eq!(totals.total_credit_cents - totals.total_debit_cents, net);

        // SalesInvoices begins with its control totals, then the invoices.
        let children: Vec<&str> = els
            .iter()
            .filter_map(|(p, _)| p.strip_prefix(&format!("{SALES}/")))
            .filter(|p| !p.contains('/'))
            .collect();
        assert_eq!(
            children,
            [
                "NumberOfEntries",
                "TotalDebit",
                "TotalCredit",
                "Invoice",
                "Invoice",
                "Invoice",
                "Invoice"
            ]
        );

        // Every document once, each with lines and totals that add up to what it stores.
        let mut invoices: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for (p, t) in &els {
            if let Some(rest) = p.strip_prefix(&format!("{SALES}/Invoice/")) {
                if rest == "InvoiceNo" {
                    invoices.push((t.clone(), Vec::new()));
                }
                invoices
                    .last_mut()
                    .unwrap()
                    .1
                    .push((rest.to_owned(), t.clone()));
            }
        }
        let numbers: Vec<&str> = invoices.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            numbers,
            docs.iter().map(|d| d.number.as_str()).collect::<Vec<_>>()
        );
        let (mut credits, mut debits) = (0, 0);
        for ((number, inv), doc) in invoices.iter().zip(&docs) {
            let sum = |path: &str| -> i64 {
                inv.iter()
                    .filter(|(p, _)| p == path)
                    .map(|(_, t)| cents(t))
                    .sum()
            };
            let sign = if doc.credit_note { -1 } else { 1 };
            let lines = sum("Line/InvoiceLineAmount/Amount");
            assert_eq!(lines, sign * doc.net_cents, "{number}: lines' net");
            assert_eq!(
                sum("DocumentTotals/NetTotal"),
                sign * doc.net_cents,
                "{number}"
            );
            assert_eq!(
                sum("DocumentTotals/GrossTotal"),
                sign * doc.gross_cents,
                "{number}"
            );
            assert_eq!(
                sum("Line/TaxInformation/TaxAmount/Amount"),
                sign * doc.vat_cents,
                "{number}: lines' VAT"
            );
            assert_eq!(
                sum("DocumentTotals/TaxInformationTotals/TaxAmount/Amount"),
                sign * doc.vat_cents,
                "{number}: totals' VAT"
            );
            let indicators: Vec<&str> = inv
                .iter()
                .filter(|(p, _)| p == "Line/DebitCreditIndicator")
                .map(|(_, t)| t.as_str())
                .collect();
            assert_eq!(indicators.len(), doc.lines.len());
            let expected = if doc.credit_note { "D" } else { "C" };
            assert!(
                indicators.iter().all(|i| *i == expected),
                "{number}: {indicators:?}"
            );
            if doc.credit_note {
                debits += lines;
            } else {
                credits += lines;
            }
        }
        assert_eq!(
            (credits, debits),
            (totals.total_credit_cents, totals.total_debit_cents)
        );

        // The two 17 % lines share the bucket's 17.09 net and 2.91 VAT (a cent of rounding
        // moved to the first).
        let inv1 = &invoices[0].1;
        let amounts: Vec<&str> = inv1
            .iter()
            .filter(|(p, _)| p == "Line/InvoiceLineAmount/Amount")
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(amounts, ["8.54", "8.55", "19.42"]);
        let vat: Vec<&str> = inv1
            .iter()
            .filter(|(p, _)| p == "Line/TaxInformation/TaxAmount/Amount")
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(vat, ["1.45", "1.46", "0.58"]);
        // The credit note refers to the invoice it corrects.
        assert!(invoices[3].1.contains(&(
            "Line/References/CreditNote/Reference".to_owned(),
            "INV-2026-00001".to_owned()
        )));

        // Customers once each (the credit note's buyer is the first invoice's), names escaped.
        let customers: Vec<&str> = els
            .iter()
            .filter(|(p, _)| p == "AuditFile/MasterFiles/Customers/Customer/CustomerID")
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(customers.len(), 3, "{customers:?}");
        assert_eq!(customers[0], "CUST-7");
        assert!(customers[1].starts_with("GUEST-"));
        assert!(els.contains(&(
            "AuditFile/MasterFiles/Customers/Customer/Name".to_owned(),
            "Müller & Söhne <Lux> S.A.".to_owned()
        )));
        // Tax codes and products, sorted.
        let codes: Vec<&str> = els
            .iter()
            .filter(|(p, _)| {
                p == "AuditFile/MasterFiles/TaxTable/TaxTableEntry/TaxCodeDetails/TaxCode"
            })
            .map(|(_, t)| t.as_str())
            .collect();
        assert_eq!(codes, ["FR-S-20", "LU-K-0", "LU-S-17", "LU-S-3"]);
        let products: Vec<&str> = els
            .iter()
            .filter(|(p, _)| p == "AuditFile/MasterFiles/Products/Product/ProductCode")
            .map(|(_, t)| t.as_str())
            .collect();
        // SKUs, and one code for the tea towel (no SKU) sold on two invoices.
        assert_eq!(products.len(), 3, "{products:?}");
        assert_eq!((products[0], products[2]), ("BOOK-7", "MUG-01"));
        assert!(products[1].starts_with("DESC-"), "{products:?}");
        // Every line names a product of the master file.
        for (p, code) in &els {
            if p == &format!("{SALES}/Invoice/Line/ProductCode") {
                assert!(products.contains(&code.as_str()), "{code}");
            }
        }
    }

    #[test]
    fn output_is_deterministic_and_chunked() {
        // Many pages of documents, as export feeds them.
        let base = docs();
        let many: Vec<Doc> = (0..400)
            .flat_map(|i| {
                base.iter().map(move |d| {
                    let mut d = d.clone();
                    d.id += 1000 * i;
                    d.number = format!("{}-{i}", d.number);
                    d
                })
            })
            .collect();
        let pages: Vec<&[Doc]> = many.chunks(500).collect();
        let company = Company::from(&seller());
        let (a, totals) = build(&company, &pages, &refs(&many));
        let (b, _) = build(&company, &pages, &refs(&many));
        assert!(a.len() > 3 * CHUNK);
        assert_eq!(a, b);
        assert_eq!(totals.entries, 1600);
        assert_eq!(totals.total_debit_cents, 400 * 855);
    }

    #[test]
    fn pass_two_stops_at_the_documents_pass_one_saw() {
        let docs = docs();
        let company = Company::from(&seller());
        let mut f = FaiaFile::start(&company, "lux-shop", period(), d("2026-04-02"), true);
        let refs = refs(&docs);
        for doc in &docs[..2] {
            f.scan(doc).unwrap();
        }
        f.end_master_files();
        // A document issued between the passes (a larger id) is left out.
        assert!(f.invoice(&docs[0], &refs).unwrap());
        assert!(f.invoice(&docs[1], &refs).unwrap());
        assert!(!f.invoice(&docs[2], &refs).unwrap());
        let (xml, totals) = f.finish().unwrap();
        assert_eq!(totals.entries, 2);
        assert!(!String::from_utf8(xml).unwrap().contains(&docs[2].number));

        // A pass 2 that writes less than pass 1 counted fails.
        let mut f = FaiaFile::start(&company, "lux-shop", period(), d("2026-04-02"), true);
        for doc in &docs {
            f.scan(doc).unwrap();
        }
        f.end_master_files();
        assert!(f.invoice(&docs[0], &refs).unwrap());
        assert!(f.finish().is_err());
    }

    /// Compile-time check: an export whose sink sends to a channel is `Send`, as
    /// `tokio::spawn` (the download handler) requires.
    #[allow(dead_code)]
    fn export_can_be_spawned(
        conn: sea_orm::DatabaseConnection,
        tx: tokio::sync::mpsc::Sender<Vec<u8>>,
    ) {
        fn spawnable<T: Send + 'static>(_: T) {}
        spawnable(async move {
            let mut sink = |chunk: Vec<u8>| {
                let tx = tx.clone();
                async move {
                    tx.send(chunk)
                        .await
                        .map_err(|_| Invalid::field("sink", "closed").into())
                }
            };
            export(&conn, StoreId(1), "lux-shop", period(), &mut sink).await
        });
    }

    #[test]
    fn helpers() {
        assert_eq!(money(0), "0.00");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(-1234), "-12.34");
        assert_eq!(money(123_456_789), "1234567.89");
        assert_eq!(money(i64::MIN), "-92233720368547758.08");
        assert_eq!(prorate(-145, -855, -855), -145);
        assert_eq!(prorate(291, 854, 1709), 145);
        assert_eq!(prorate(-291, -854, -1709), -145);
        assert_eq!(prorate(-1000, 1, 3), -333);
        assert_eq!(clean("  a\u{1}b  ", 10), "ab");
        assert_eq!(clean("Lëtzebuerg", 3), "Lët");
        assert_eq!(clean("a   b", 2), "a");
        let code = |country: &str, category, rate: &str| {
            TaxCode {
                country: country.into(),
                category,
                rate: Rate::parse(rate).unwrap(),
            }
            .code()
        };
        assert_eq!(code("LU", Category::Standard, "17"), "LU-S-17");
        assert_eq!(code("FI", Category::Standard, "25.5"), "FI-S-25.5");
        assert_eq!(code("LU", Category::Standard, "12.25"), "LUS12.25");
        assert_eq!(code("LU", Category::ReverseCharge, "0"), "LU-AE-0");
        assert_eq!(fnv1a(&["a", "b"]), fnv1a(&["a", "b"]));
        assert_ne!(fnv1a(&["ab", ""]), fnv1a(&["a", "b"]));
    }
}
