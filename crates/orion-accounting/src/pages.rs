//! The accounting page: a quarter's VAT summary, OSS return (with its filing deadline), EC
//! sales list and sales journal, their downloads (the same files as the API, with the session
//! instead of a bearer token), and the store's revenue accounts. Reading needs
//! `invoices.view` and the plan of the API ([`api::require_exports`]): without
//! `accounting_export`, a plan with `invoice_eu_vat` still shows the OSS return and the EC
//! sales list and says which plan brings the rest. Saving the accounts needs
//! `settings.manage`.
//!
//! With `accounting_export`, the page also prepares the accountant's package of the quarter
//! ([`package`]): the card's form starts the job, whose page shows its progress (polled like
//! the orders' bulk jobs) and downloads the zip once it is done.

use axum::Form;
use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use orion_billing::Feature;
use orion_kernel::{CsvDialect, FieldError, Invalid, Lang};
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use orion_web::{AppState, StoreScope, i18n};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::accounts::{self, AccountChoice};
use crate::api::{self, file_name};
use crate::ecsl;
use crate::entity::package as package_entity;
use crate::error::AccountingError;
use crate::journal;
use crate::oss;
use crate::package;
use crate::period::Period;
use crate::vat_summary;

/// Journal rows the page shows; the download holds them all.
pub const JOURNAL_ROWS_SHOWN: usize = 200;
/// Empty per-rate rows the accounts form offers for adding one.
const EMPTY_RATE_ROWS: usize = 2;
/// The accountant's packages the page lists, newest first.
const RECENT_PACKAGES: u64 = 5;
/// What a package can be doing (`accounting-package-status-<status>`).
pub const PACKAGE_STATUSES: [&str; 4] = ["queued", "running", "done", "failed"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounting", get(accounting_page))
        .route("/accounting/download", get(download))
        .route("/accounting/accounts", post(save_accounts))
        .route("/accounting/packages", post(prepare_package))
        .route("/accounting/packages/{id}", get(package_page))
        .route("/accounting/packages/{id}/progress", get(package_progress))
        .route("/accounting/packages/{id}/download", get(package_download))
}

/// The quarter the page shows, and the month of the EC sales list when one is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Choice {
    year: i32,
    quarter: u32,
    month: Option<u32>,
}

impl Choice {
    /// The choice of the query: each part defaults to the current quarter.
    fn parse(
        year: Option<&str>,
        quarter: Option<&str>,
        month: Option<&str>,
    ) -> Result<Choice, Invalid> {
        let today = orion_kernel::time::local_date(chrono::Utc::now());
        let (this_year, this_quarter) = Period::quarter_of(today);
        let year = match given(year) {
            None => this_year,
            Some(y) => y
                .parse()
                .map_err(|_| Invalid::field("year", "must be between 2000 and 2100"))?,
        };
        let quarter = match given(quarter) {
            None => this_quarter,
            Some(q) => q
                .parse()
                .map_err(|_| Invalid::field("quarter", "must be 1, 2, 3 or 4"))?,
        };
        let month = match given(month) {
            None => None,
            Some(m) => Some(
                m.parse()
                    .map_err(|_| Invalid::field("month", "must be between 1 and 12"))?,
            ),
        };
        let c = Choice {
            year,
            quarter,
            month,
        };
        c.quarter_period()?;
        c.ecsl_period()?;
        Ok(c)
    }

    fn quarter_period(self) -> Result<Period, Invalid> {
        Period::quarter(self.year, self.quarter)
    }

    /// The EC sales list's period: the month chosen, else the quarter.
    fn ecsl_period(self) -> Result<Period, Invalid> {
        match self.month {
            Some(m) => Period::month(self.year, m),
            None => self.quarter_period(),
        }
    }

    /// The query of the downloads (`year=…&quarter=…[&month=…]`).
    fn query(self) -> String {
        let mut q = format!("year={}&quarter={}", self.year, self.quarter);
        if let Some(m) = self.month {
            q.push_str(&format!("&month={m}"));
        }
        q
    }
}

/// A query value, `None` when empty.
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// A bad period as the sentence the page shows (in the user's language).
fn period_message(lang: Lang, e: &Invalid) -> String {
    let field = e.0.first().map(|f| f.field.as_str()).unwrap_or("quarter");
    match field {
        "year" => i18n::t(lang, "accounting-error-year"),
        "month" => i18n::t(lang, "accounting-error-month"),
        _ => i18n::t(lang, "accounting-error-quarter"),
    }
}

/// What the plan lets the store see.
enum Access {
    /// `accounting_export`: everything.
    Full,
    /// `invoice_eu_vat` only: the OSS return and the EC sales list; `upgrade_to` names the
    /// plan with the rest.
    TaxLists { upgrade_to: Option<String> },
}

async fn access(state: &AppState, s: &StoreScope) -> Result<Access, PageError> {
    let conn = state.db.conn();
    if api::require_exports(conn, s.merchant_id, false)
        .await
        .is_ok()
    {
        return Ok(Access::Full);
    }
    api::require_exports(conn, s.merchant_id, true).await?;
    let upgrade_to = orion_billing::service::tiers(conn)
        .await
        .map_err(AccountingError::from)?
        .into_iter()
        .find(|t| t.has_feature(Feature::ACCOUNTING_EXPORT))
        .map(|t| t.name);
    Ok(Access::TaxLists { upgrade_to })
}

/// A regime as people read it ("Intra-Community supplies (exempt)").
pub fn regime_label(lang: Lang, regime: &str) -> String {
    let key = regime.to_ascii_lowercase().replace('_', "-");
    let full = ["accounting-regime-", key.as_str()].concat();
    if i18n::has(lang, &full) {
        i18n::t(lang, &full)
    } else {
        regime.to_owned()
    }
}

/// A section of the VAT summary as people read it.
pub fn section_label(lang: Lang, section: &str) -> String {
    let key = section.replace('_', "-");
    i18n::t(lang, &["accounting-section-", key.as_str()].concat())
}

/// A country by its name in `lang` (`EL`, the VAT prefix of Greece, too), else its code.
pub fn country_name(lang: Lang, code: &str) -> String {
    let iso = if code.eq_ignore_ascii_case("EL") {
        "gr".to_owned()
    } else {
        code.to_ascii_lowercase()
    };
    let key = ["orders-country-", iso.as_str()].concat();
    if i18n::has(lang, &key) {
        i18n::t(lang, &key)
    } else {
        code.to_owned()
    }
}

/// A VAT rate in percent as `lang` writes it: `17 %`, `8,5 %`.
pub fn rate_label(lang: Lang, rate: &str) -> String {
    let r = match lang {
        Lang::En => rate.to_owned(),
        _ => rate.replace('.', ","),
    };
    format!("{r}\u{a0}%")
}

fn document_label(lang: Lang, credit_note: bool) -> String {
    if credit_note {
        i18n::t(lang, "accounting-doc-credit-note")
    } else {
        i18n::t(lang, "accounting-doc-invoice")
    }
}

fn month_label(lang: Lang, m: u32) -> String {
    i18n::t(
        lang,
        &["accounting-month-", m.to_string().as_str()].concat(),
    )
}

/// One row of the accounts form: its index in the form, and what it holds.
#[derive(Debug, Clone, Default)]
struct AccountRow {
    index: usize,
    regime: String,
    rate: String,
    account: String,
}

/// The form's rows of the store's accounts: the seven regimes, then each per-rate choice,
/// then empty rows to add one.
fn account_rows(list: &[AccountChoice]) -> Vec<AccountRow> {
    let mut rows: Vec<AccountRow> = accounts::REGIMES
        .iter()
        .enumerate()
        .map(|(i, r)| AccountRow {
            index: i,
            regime: (*r).to_owned(),
            rate: String::new(),
            account: list
                .iter()
                .find(|c| c.regime == *r && c.rate.is_empty())
                .map(|c| c.account.clone())
                .unwrap_or_else(|| accounts::default_account(r).to_owned()),
        })
        .collect();
    let extra = list.iter().filter(|c| !c.rate.is_empty());
    for c in extra {
        rows.push(AccountRow {
            index: rows.len(),
            regime: c.regime.clone(),
            rate: c.rate.clone(),
            account: c.account.clone(),
        });
    }
    for _ in 0..EMPTY_RATE_ROWS {
        rows.push(AccountRow {
            index: rows.len(),
            ..Default::default()
        });
    }
    rows
}

/// The accounts form as the template reads it.
fn accounts_values(lang: Lang, rows: &[AccountRow]) -> Value {
    let regimes: Vec<Value> = rows
        .iter()
        .filter(|r| r.index < accounts::REGIMES.len())
        .map(|r| {
            json!({"i": r.index, "regime": r.regime, "label": regime_label(lang, &r.regime),
                "account": r.account, "default": accounts::default_account(&r.regime)})
        })
        .collect();
    let extra: Vec<Value> = rows
        .iter()
        .filter(|r| r.index >= accounts::REGIMES.len())
        .map(|r| json!({"i": r.index, "regime": r.regime, "rate": r.rate, "account": r.account}))
        .collect();
    json!({"regimes": regimes, "extra": extra})
}

/// Field errors in the user's language, as `field_error` / `invalid` read them. The
/// accounts' checks say in English what is wrong with a field; the page says it with its
/// own sentences.
fn field_errors(lang: Lang, errors: &[FieldError]) -> Vec<Value> {
    errors
        .iter()
        .map(|e| {
            let message = if e.field.ends_with(".account") {
                i18n::t(lang, "accounting-error-account")
            } else if e.field.ends_with(".regime") {
                i18n::t(lang, "accounting-error-regime")
            } else if e.field.ends_with(".rate") && e.message.contains("twice") {
                i18n::t(lang, "accounting-error-rate-twice")
            } else if e.field.ends_with(".rate") && e.message == "is required" {
                i18n::t(lang, "accounting-error-rate-required")
            } else if e.field.ends_with(".rate") {
                i18n::t(lang, "accounting-error-rate")
            } else {
                i18n::localize_sentence(lang, &e.message)
            };
            json!({"field": e.field, "message": message})
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct PageQuery {
    year: Option<String>,
    quarter: Option<String>,
    month: Option<String>,
    notice: Option<String>,
    error: Option<String>,
}

/// Back to the Accounting page with the period's error in the flash.
fn back_to_page(lang: Lang, e: &Invalid) -> Response {
    redirect_with("/accounting", "error", &period_message(lang, e))
}

async fn accounting_page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with("invoices.view")?;
    let lang = i18n::current();
    let choice = match Choice::parse(q.year.as_deref(), q.quarter.as_deref(), q.month.as_deref()) {
        Ok(c) => c,
        Err(e) => return Ok(back_to_page(lang, &e)),
    };
    let flash = Flash {
        notice: q.notice,
        error: q.error,
    };
    render(&state, &session, &s, choice, None, &[], flash).await
}

/// The message a redirect brought (`?notice=` / `?error=`).
#[derive(Default)]
struct Flash {
    notice: Option<String>,
    error: Option<String>,
}

/// The page of `choice`; `form` (the accounts as posted) and `errors` when a save failed.
async fn render(
    state: &AppState,
    session: &PageSession,
    s: &StoreScope,
    choice: Choice,
    form: Option<Vec<AccountRow>>,
    errors: &[FieldError],
    flash: Flash,
) -> Result<Response, PageError> {
    let lang = i18n::current();
    let conn = state.db.conn();
    let store = s.store_id;
    let access = access(state, s).await?;
    let full = matches!(access, Access::Full);
    let quarter = choice.quarter_period()?;
    let ecsl_period = choice.ecsl_period()?;

    let money = |m: orion_kernel::Money| m.0;
    let oss = oss::oss_return(conn, store, choice.year, choice.quarter).await?;
    let oss_values = json!({
        "from": oss.from.to_string(), "to": oss.to.to_string(), "deadline": oss.deadline.to_string(),
        "lines": oss.lines.iter().map(|l| json!({"country": country_name(lang, &l.country),
            "rate": rate_label(lang, &l.rate), "taxable": money(l.taxable), "vat": money(l.vat)})).collect::<Vec<_>>(),
        "corrections": oss.corrections.iter().map(|c| json!({"year": c.year, "quarter": c.quarter,
            "country": country_name(lang, &c.country), "taxable": money(c.taxable), "vat": money(c.vat)})).collect::<Vec<_>>(),
        "taxable": money(oss.totals.taxable), "vat": money(oss.totals.vat),
    });

    let ec = ecsl::ec_sales_list(conn, store, ecsl_period).await?;
    let ec_values = json!({
        "from": ec.from.to_string(), "to": ec.to.to_string(),
        "lines": ec.lines.iter().map(|l| json!({"vat_id": l.vat_id, "country": country_name(lang, &l.country),
            "goods_total": money(l.goods_total)})).collect::<Vec<_>>(),
        "total": money(ec.total), "monthly": ec.frequency == "monthly",
        "highest": money(ec.highest_quarter_total),
    });

    let (vat_values, journal_values) = if full {
        let vs = vat_summary::vat_summary(conn, store, quarter).await?;
        let vat_values = json!({
            "sections": vs.sections.iter().map(|sec| json!({"key": sec.key, "label": section_label(lang, &sec.key),
                "lines": sec.lines.iter().map(|l| json!({"country": country_name(lang, &l.country),
                    "rate": rate_label(lang, &l.rate), "taxable": money(l.taxable), "vat": money(l.vat)})).collect::<Vec<_>>(),
                "taxable": money(sec.taxable), "vat": money(sec.vat)})).collect::<Vec<_>>(),
            "taxable": money(vs.taxable), "vat": money(vs.vat),
        });
        let j = journal::journal(conn, store, quarter).await?;
        let count = j.rows.len();
        let more = count.saturating_sub(JOURNAL_ROWS_SHOWN);
        let journal_values = json!({
            "count": count, "more": more, "shown": count.min(JOURNAL_ROWS_SHOWN),
            "more_text": orion_kernel::locale::number(more as i64, lang),
            "shown_text": orion_kernel::locale::number(count.min(JOURNAL_ROWS_SHOWN) as i64, lang),
            "net": money(j.totals.net), "vat": money(j.totals.vat), "gross": money(j.totals.gross),
            "rows": j.rows.iter().take(JOURNAL_ROWS_SHOWN).map(|r| json!({"number": r.number,
                "type": document_label(lang, r.document_type == "credit_note"), "issue_date": r.issue_date.to_string(),
                "customer": r.customer, "regime": regime_label(lang, &r.regime), "rate": rate_label(lang, &r.rate),
                "net": money(r.net), "vat": money(r.vat), "gross": money(r.gross), "account": r.account})).collect::<Vec<_>>(),
        });
        (vat_values, journal_values)
    } else {
        (Value::Null, Value::Null)
    };

    let can_manage = full && s.permissions.contains("settings.manage");
    let accounts_form = if can_manage {
        let rows = match form {
            Some(rows) => rows,
            None => account_rows(&accounts::list(conn, store).await?),
        };
        accounts_values(lang, &rows)
    } else {
        Value::Null
    };

    let packages = if full {
        package::recent(conn, store, RECENT_PACKAGES)
            .await?
            .iter()
            .map(|m| package_view(lang, m))
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };

    let upgrade_to = match &access {
        Access::Full => None,
        Access::TaxLists { upgrade_to } => upgrade_to.clone(),
    };
    let error = if errors.is_empty() {
        flash.error
    } else {
        Some(i18n::tr(
            lang,
            "accounting-form-errors",
            &[("count", (errors.len() as i64).into())],
        ))
    };
    let ctx = state
        .page_context(
            session,
            "accounting",
            json!({
                "page_title": i18n::t(lang, "accounting-title"),
                "year": choice.year, "quarter": choice.quarter, "month": choice.month,
                "months": (1..=12u32).map(|m| json!({"n": m, "label": month_label(lang, m)})).collect::<Vec<_>>(),
                "from": quarter.from.to_string(), "to": quarter.to.to_string(),
                "query": choice.query(),
                "full": full, "upgrade_to": upgrade_to,
                "vat": vat_values, "oss": oss_values, "ecsl": ec_values, "journal": journal_values,
                "can_manage": can_manage, "accounts": accounts_form,
                "regime_options": accounts::REGIMES.iter().map(|r| json!({"code": r, "label": regime_label(lang, r)})).collect::<Vec<_>>(),
                "errors": field_errors(lang, errors), "error": error, "notice": flash.notice,
                "packages": packages,
                // A fresh key per page view: submitting this form twice asks for one package.
                "package_form_key": orion_web::token::generate(""),
            }),
        )
        .await?;
    let mut res = html(state.templates.render("accounting/accounting.html", ctx)?);
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

#[derive(Deserialize)]
struct DownloadQuery {
    kind: Option<String>,
    year: Option<String>,
    quarter: Option<String>,
    month: Option<String>,
    dialect: Option<String>,
}

/// `GET /accounting/download?kind=journal|oss|ecsl|vat|faia&year=&quarter=[&month=][&dialect=]`:
/// the file the API gives for the period, with the page's session.
async fn download(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<DownloadQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with("invoices.view")?;
    let lang = i18n::current();
    let choice = match Choice::parse(q.year.as_deref(), q.quarter.as_deref(), q.month.as_deref()) {
        Ok(c) => c,
        Err(e) => return Ok(back_to_page(lang, &e)),
    };
    let kind = q.kind.as_deref().map(str::trim).unwrap_or("");
    if !["journal", "oss", "ecsl", "vat", "faia"].contains(&kind) {
        return back_with_error(
            "/accounting",
            Invalid::field("kind", "must be journal, oss, ecsl, vat or faia"),
        );
    }
    if let Err(e) = api::require_exports(
        state.db.conn(),
        s.merchant_id,
        matches!(kind, "oss" | "ecsl"),
    )
    .await
    {
        return back_with_error("/accounting", e);
    }
    let dialect = match CsvDialect::parse(q.dialect.as_deref()) {
        Ok(d) => d,
        Err(e) => return back_with_error("/accounting", e),
    };
    match file(&state, &s, kind, choice, dialect).await {
        Ok(r) => Ok(r),
        Err(e) => back_with_error("/accounting", e),
    }
}

async fn file(
    state: &AppState,
    s: &StoreScope,
    kind: &str,
    choice: Choice,
    d: CsvDialect,
) -> Result<Response, AccountingError> {
    let conn = state.db.conn();
    let store = s.store_id;
    let period = choice.quarter_period()?;
    Ok(match kind {
        "journal" => {
            let conn = conn.clone();
            let code = s.code.clone();
            let name = file_name(&code, "sales-journal", period, "csv");
            api::streamed("text/csv; charset=utf-8", &name, move |tx| async move {
                journal::csv_pages(&conn, store, &code, period, d, &tx).await?;
                Ok(())
            })
        }
        "oss" => {
            let r = oss::oss_return(conn, store, choice.year, choice.quarter).await?;
            let name = file_name(&s.code, "oss-return", period, "csv");
            api::csv_download(d, &oss::CSV_COLUMNS, oss::csv_rows(&r, d), &name)
        }
        "ecsl" => {
            let period = choice.ecsl_period()?;
            let l = ecsl::ec_sales_list(conn, store, period).await?;
            let name = file_name(&s.code, "ec-sales-list", period, "csv");
            api::csv_download(d, &ecsl::CSV_COLUMNS, ecsl::csv_rows(&l, d), &name)
        }
        "vat" => {
            let v = vat_summary::vat_summary(conn, store, period).await?;
            let name = file_name(&s.code, "vat-summary", period, "csv");
            api::csv_download(
                d,
                &vat_summary::CSV_COLUMNS,
                vat_summary::csv_rows(&v, d),
                &name,
            )
        }
        _ => {
            crate::faia::ready(conn, store, period).await?;
            let conn = conn.clone();
            let code = s.code.clone();
            let name = file_name(&code, "faia", period, "xml");
            // As the API's handler (`api::faia`): written while it is sent.
            api::streamed("application/xml", &name, move |tx| async move {
                crate::faia::export_to(&conn, store, &code, period, &tx).await?;
                Ok(())
            })
        }
    })
}

/// The value of form field `k` ("" when absent).
fn field<'a>(form: &'a [(String, String)], k: &str) -> &'a str {
    form.iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The accounts form's rows as posted (`accounts[i].regime`, `.rate`, `.account`).
fn posted_rows(form: &[(String, String)]) -> Vec<AccountRow> {
    let mut rows: std::collections::BTreeMap<usize, AccountRow> = Default::default();
    for (name, value) in form {
        let Some(rest) = name.strip_prefix("accounts[") else {
            continue;
        };
        let Some((i, part)) = rest.split_once("].") else {
            continue;
        };
        let Ok(i) = i.parse::<usize>() else {
            continue;
        };
        if i >= 1000 {
            continue;
        }
        let row = rows.entry(i).or_insert_with(|| AccountRow {
            index: i,
            ..Default::default()
        });
        match part {
            "regime" => row.regime = value.trim().to_owned(),
            "rate" => row.rate = value.trim().to_owned(),
            "account" => row.account = value.trim().to_owned(),
            _ => {}
        }
    }
    // The regimes' rows keep their place (a missing one shows empty, meaning the default).
    for (i, r) in accounts::REGIMES.iter().enumerate() {
        let row = rows.entry(i).or_insert_with(|| AccountRow {
            index: i,
            ..Default::default()
        });
        row.regime = (*r).to_owned();
        row.rate.clear();
    }
    rows.into_values().collect()
}

/// The choices the posted rows make, with the form row of each; a regime's empty account
/// means its default, an empty per-rate row is left out, a per-rate row needs its rate.
fn choices_of(rows: &[AccountRow]) -> (Vec<AccountChoice>, Vec<usize>, Vec<FieldError>) {
    let mut choices = Vec::new();
    let mut at = Vec::new();
    let mut errors = Vec::new();
    for r in rows {
        let regime_row = r.index < accounts::REGIMES.len();
        if regime_row && r.account.is_empty() {
            continue;
        }
        if !regime_row {
            if r.regime.is_empty() && r.rate.is_empty() && r.account.is_empty() {
                continue;
            }
            if r.rate.is_empty() {
                errors.push(FieldError::new(
                    format!("accounts[{}].rate", r.index),
                    "is required",
                ));
            }
        }
        choices.push(AccountChoice {
            regime: r.regime.clone(),
            rate: r.rate.clone(),
            account: r.account.clone(),
        });
        at.push(r.index);
    }
    (choices, at, errors)
}

/// `accounts[k].x` of the k-th choice as the field of its form row.
fn to_form_field(field: &str, at: &[usize]) -> String {
    let parsed = field
        .strip_prefix("accounts[")
        .and_then(|r| r.split_once(']'))
        .and_then(|(k, rest)| Some((k.parse::<usize>().ok()?, rest)));
    match parsed {
        Some((k, rest)) if k < at.len() => format!("accounts[{}]{rest}", at[k]),
        _ => field.to_owned(),
    }
}

/// `POST /accounting/accounts`: saves the revenue accounts (`settings.manage`).
async fn save_accounts(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = session.store_with("settings.manage")?;
    if let Err(e) = api::require_exports(state.db.conn(), s.merchant_id, false).await {
        return back_with_error("/accounting", e);
    }
    let lang = i18n::current();
    let choice = Choice::parse(
        Some(field(&form, "year")),
        Some(field(&form, "quarter")),
        Some(field(&form, "month")),
    )
    .or_else(|_| Choice::parse(None, None, None))?;
    let rows = posted_rows(&form);
    let (choices, at, mut errors) = choices_of(&rows);
    if errors.is_empty() {
        let tx = state.db.begin_write().await?;
        match accounts::save(&tx, s.store_id, &choices).await {
            Ok(()) => {
                tx.commit().await?;
                return Ok(redirect_with(
                    "/accounting",
                    "notice",
                    &i18n::t(lang, "accounting-accounts-saved"),
                ));
            }
            Err(AccountingError::Invalid(inv)) => {
                errors = inv
                    .0
                    .into_iter()
                    .map(|e| FieldError::new(to_form_field(&e.field, &at), e.message))
                    .collect();
            }
            Err(e) => return Err(e.into()),
        }
    }
    render(
        &state,
        &session,
        &s,
        choice,
        Some(rows),
        &errors,
        Flash::default(),
    )
    .await
}

/// A package's progress as people read it ("12 of 40 documents").
fn package_progress_text(lang: Lang, done: i64, total: i64) -> String {
    i18n::tr(
        lang,
        "accounting-package-progress",
        &[("done", done.into()), ("total", total.into())],
    )
}

/// A package's state as the pages show it (and, in part, as the progress poller reads it).
fn package_view(lang: Lang, m: &package_entity::Model) -> Value {
    let status_label = i18n::t(
        lang,
        &["accounting-package-status-", m.status.as_str()].concat(),
    );
    let ready = m.status == "done";
    // `<progress>` needs a maximum above zero; an empty package is full once done.
    let bar_max = m.total.max(1);
    let bar_value = if ready { bar_max } else { m.done.min(bar_max) };
    let (year, quarter) = Period::quarter_of(m.period_from);
    json!({
        "id": m.id, "from": m.period_from.to_string(), "to": m.period_to.to_string(),
        "status": m.status, "status_label": status_label,
        "progress": package_progress_text(lang, m.done, m.total),
        "done": m.done, "total": m.total, "bar_max": bar_max, "bar_value": bar_value,
        "ready": ready, "failed": m.status == "failed",
        "year": year, "quarter": quarter,
    })
}

/// The idempotency key of a package asked for with the page's form: the session's CSRF token
/// (hashed: the token itself is never stored), the key the form was rendered with and the
/// quarter. Submitting the same form twice gives one package; the page seen again (after a
/// failure, or once new invoices are issued) asks for a new one.
fn package_key(csrf: &str, form_key: &str, choice: Choice) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("{csrf}\n{form_key}").as_bytes());
    format!(
        "page-{}-{}-q{}",
        &hex::encode(digest)[..32],
        choice.year,
        choice.quarter
    )
}

/// `POST /accounting/packages`: prepares the accountant's package of the form's quarter and
/// goes to its page.
async fn prepare_package(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let s = session.store_with("invoices.view")?;
    if let Err(e) = api::require_exports(state.db.conn(), s.merchant_id, false).await {
        return back_with_error("/accounting", e);
    }
    let lang = i18n::current();
    let choice = match Choice::parse(
        Some(field(&form, "year")),
        Some(field(&form, "quarter")),
        None,
    ) {
        Ok(c) => c,
        Err(e) => {
            return Ok(redirect_with(
                "/accounting",
                "error",
                &period_message(lang, &e),
            ));
        }
    };
    let key = package_key(session.csrf(), field(&form, "form_key"), choice);
    let (m, created) = package::start(
        &state.db,
        s.store_id,
        choice.quarter_period()?,
        Some(key),
        Some(session.0.user_id.0),
    )
    .await?;
    if created {
        package::spawn(state.db.clone(), m.id);
    } else {
        package::resume_if_abandoned(&state.db, &m);
    }
    Ok(Redirect::to(&format!("/accounting/packages/{}", m.id)).into_response())
}

/// The store's package `id` (another store's is not found: the 404 page), taken over when a
/// stopped server left it, as the API's reads do.
async fn package_of(
    state: &AppState,
    session: &PageSession,
    id: i64,
) -> Result<(StoreScope, package_entity::Model), PageError> {
    let s = session.store_with("invoices.view")?;
    api::require_exports(state.db.conn(), s.merchant_id, false).await?;
    let m = package::find(state.db.conn(), s.store_id, id).await?;
    package::resume_if_abandoned(&state.db, &m);
    Ok((s, m))
}

#[derive(Deserialize, Default)]
struct FlashQuery {
    notice: Option<String>,
    error: Option<String>,
}

/// `GET /accounting/packages/{id}`: the package's progress, its download once done.
async fn package_page(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let (_, m) = package_of(&state, &session, id).await?;
    let lang = i18n::current();
    let ctx = state
        .page_context(
            &session,
            "accounting",
            json!({
                "page_title": i18n::t(lang, "accounting-package-title"),
                "package": package_view(lang, &m), "failure": m.error,
                "notice": q.notice, "error": q.error,
            }),
        )
        .await?;
    Ok(html(
        state.templates.render("accounting/package.html", ctx)?,
    ))
}

/// `GET /accounting/packages/{id}/progress`: what the package page polls while it runs.
async fn package_progress(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (_, m) = package_of(&state, &session, id).await?;
    let v = package_view(i18n::current(), &m);
    Ok(Json(json!({
        "status": v["status"], "status_label": v["status_label"], "progress": v["progress"],
        "done": v["done"], "total": v["total"],
    }))
    .into_response())
}

/// `GET /accounting/packages/{id}/download`: the zip; before it is done, the package's page
/// says so.
async fn package_download(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (s, m) = package_of(&state, &session, id).await?;
    match api::package_zip(&state, s.store_id, &s.code, m) {
        Ok(r) => Ok(r),
        Err(e) if e.status() == StatusCode::CONFLICT => Ok(redirect_with(
            &format!("/accounting/packages/{id}"),
            "error",
            &i18n::t(i18n::current(), "accounting-package-not-ready"),
        )),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_exists_in_every_language() {
        for lang in Lang::ALL {
            for r in accounts::REGIMES {
                let key = format!(
                    "accounting-regime-{}",
                    r.to_ascii_lowercase().replace('_', "-")
                );
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for (s, _) in vat_summary::SECTIONS {
                let key = format!("accounting-section-{}", s.replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for m in 1..=12 {
                let key = format!("accounting-month-{m}");
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            // The journal's "more in the download" sentence, one and many.
            for (more, text) in [(1, "1"), (1234, "1,234")] {
                let s = i18n::tr(
                    lang,
                    "accounting-journal-more",
                    &[
                        ("more", more.into()),
                        ("more_text", text.into()),
                        ("shown", "200".into()),
                    ],
                );
                assert!(s.contains("200") && !s.contains('$'), "{lang}: {s}");
                assert_eq!(s.contains(text), more > 1, "{lang}: {s}");
            }
            for status in PACKAGE_STATUSES {
                let key = format!("accounting-package-status-{status}");
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
            for (done, total) in [(0, 0), (1, 1), (12, 40)] {
                let s = package_progress_text(lang, done, total);
                assert!(
                    s.contains(&done.to_string()) && s.contains(&total.to_string()),
                    "{lang}: {s}"
                );
                assert!(!s.contains('$') && !s.contains('{'), "{lang}: {s}");
            }
        }
    }

    #[test]
    fn a_package_form_has_one_key_per_form_and_quarter() {
        let q2 = Choice::parse(Some("2026"), Some("2"), None).unwrap();
        let q3 = Choice::parse(Some("2026"), Some("3"), None).unwrap();
        let key = package_key("csrf-secret", "form-1", q2);
        assert_eq!(key, package_key("csrf-secret", "form-1", q2));
        assert!(
            key.ends_with("-2026-q2") && !key.contains("csrf-secret"),
            "{key}"
        );
        assert!(key.len() <= 200);
        assert_ne!(key, package_key("csrf-secret", "form-2", q2));
        assert_ne!(key, package_key("other-session", "form-1", q2));
        assert_ne!(key, package_key("csrf-secret", "form-1", q3));
    }

    #[test]
    fn choices_default_to_this_quarter_and_refuse_bad_ones() {
        let today = orion_kernel::time::local_date(chrono::Utc::now());
        let (y, q) = Period::quarter_of(today);
        assert_eq!(
            Choice::parse(None, Some(""), None).unwrap(),
            Choice {
                year: y,
                quarter: q,
                month: None
            }
        );
        let c = Choice::parse(Some("2026"), Some("4"), Some("11")).unwrap();
        assert_eq!(c.ecsl_period().unwrap().from.to_string(), "2026-11-01");
        assert_eq!(c.query(), "year=2026&quarter=4&month=11");
        for (y, q, m, field) in [
            ("2026", "9", "", "quarter"),
            ("x", "1", "", "year"),
            ("1999", "1", "", "year"),
            ("2026", "1", "13", "month"),
            ("2026", "one", "", "quarter"),
        ] {
            let e = Choice::parse(Some(y), Some(q), Some(m)).unwrap_err();
            assert_eq!(e.0[0].field, field, "{y} {q} {m}");
        }
    }

    #[test]
    fn posted_rows_map_back_to_their_fields() {
        let form: Vec<(String, String)> = [
            ("accounts[0].regime", "DOMESTIC"),
            ("accounts[0].account", "706100"),
            ("accounts[1].regime", "DISTANCE_SALE_ORIGIN"),
            ("accounts[1].account", ""),
            ("accounts[7].regime", ""),
            ("accounts[7].rate", ""),
            ("accounts[7].account", ""),
            ("accounts[8].regime", "DOMESTIC"),
            ("accounts[8].rate", "3"),
            ("accounts[8].account", "=1+1"),
            ("accounts[9].regime", "EXPORT"),
            ("accounts[9].rate", ""),
            ("accounts[9].account", "7"),
        ]
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
        let rows = posted_rows(&form);
        assert_eq!(rows.len(), 10);
        let (choices, at, errors) = choices_of(&rows);
        assert_eq!(at, [0, 8, 9]);
        assert_eq!(choices[1].account, "=1+1");
        assert_eq!(errors[0].field, "accounts[9].rate");
        let err = accounts::validate(&choices).unwrap_err();
        assert_eq!(to_form_field(&err.0[0].field, &at), "accounts[8].account");
    }
}
