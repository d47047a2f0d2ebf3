//! The Letzshop page: connection settings (key, endpoint, test, auto-sync, interval,
//! carrier), sync now, historical import with progress, sync log and outbox with retry.

use std::collections::HashMap;

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::{Lang, Pagination, StoreId};
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, html, redirect_with};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{JobOut, LogOut, MANAGE, VIEW};
use crate::outbox::{self, OutboxOut};
use crate::service::{self, CredentialsIn, CredentialsOut};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/letzshop", get(page))
        .route("/letzshop/credentials", post(save))
        .route("/letzshop/credentials/delete", post(delete))
        .route("/letzshop/test", post(test))
        .route("/letzshop/sync", post(sync_now))
        .route("/letzshop/import-history", post(history))
        .route("/letzshop/outbox/{id}/retry", post(retry))
        .route("/letzshop/jobs/{id}", get(job_json))
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "marketplace/letzshop.html",
            include_str!("../templates/letzshop.html"),
        ),
        (
            crate::ext::PANEL_TEMPLATE,
            include_str!("../templates/order_panel.html"),
        ),
        (
            crate::ext::HEALTH_TEMPLATE,
            include_str!("../templates/health_panel.html"),
        ),
    ]
}

/// The kinds of run (`marketplace-job-kind-<kind>`, `marketplace-job-title-<kind>`).
pub const JOB_KINDS: [&str; 2] = ["sync", "history"];

/// The states of a run (`marketplace-job-status-<status>`).
pub const JOB_STATUSES: [&str; 4] = ["queued", "running", "done", "failed"];

/// The phases of a run: the Letzshop shipment list being paged (`marketplace-phase-<phase>`).
pub const JOB_PHASES: [&str; 3] = ["unconfirmed", "confirmed", "done"];

/// What the sync log records, outbox operations included (`marketplace-operation-<op>`).
pub const OPERATIONS: [&str; 6] = ["sync", "history", "confirm", "decline", "tracking", "test"];

/// The states of an outbox row (`marketplace-outbox-status-<status>`).
pub const OUTBOX_STATUSES: [&str; 4] = ["pending", "sending", "sent", "failed"];

/// A run as the page and its progress poll show it: the API's job with its title, its
/// status and its progress as sentences.
fn job_values(lang: Lang, j: &JobOut) -> Value {
    let mut v = json!(j);
    let title = match j.kind.as_str() {
        "history" => i18n::tr(
            lang,
            "marketplace-job-title-history",
            &[("id", j.id.into())],
        ),
        _ => i18n::tr(lang, "marketplace-job-title-sync", &[("id", j.id.into())]),
    };
    v["title"] = json!(title);
    v["status_label"] = json!(label(lang, "marketplace-job-status-", &j.status));
    v["progress"] = json!(i18n::tr(
        lang,
        "marketplace-job-progress",
        &[
            ("phase", label(lang, "marketplace-phase-", &j.phase).into()),
            ("pages", j.pages.into()),
            ("imported", j.imported.into()),
            ("updated", j.updated.into()),
            ("held", j.held.into()),
            ("exceptions", j.exceptions.into()),
            ("unchanged", j.unchanged.into()),
            ("errors", (j.errors.len() as i64).into()),
        ],
    ));
    v
}

/// One line of the sync log as a sentence: what a run did, or what became of one
/// operation sent to Letzshop.
fn log_summary(lang: Lang, l: &LogOut, numbers: &HashMap<i64, String>) -> String {
    let n = |k: &str| l.counts.get(k).and_then(Value::as_i64).unwrap_or(0);
    let yes = |k: &str| l.counts.get(k).and_then(Value::as_bool).unwrap_or(false);
    match l.operation.as_str() {
        "sync" | "history" => i18n::tr(
            lang,
            "marketplace-log-run",
            &[
                ("imported", n("imported").into()),
                ("updated", n("updated").into()),
                ("unchanged", n("unchanged").into()),
                ("held", n("held").into()),
                ("exceptions", n("exceptions").into()),
                ("errors", n("errors").into()),
                ("pages", n("pages").into()),
            ],
        ),
        "confirm" | "decline" | "tracking" => {
            let id = n("order_id");
            let order = numbers
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("#{id}"));
            let attempt = n("attempt");
            if yes("sent") {
                i18n::tr(
                    lang,
                    "marketplace-log-sent",
                    &[("order", order.into()), ("attempt", attempt.into())],
                )
            } else {
                i18n::tr(
                    lang,
                    "marketplace-log-not-sent",
                    &[("order", order.into()), ("attempt", attempt.into())],
                )
            }
        }
        "test" if yes("ok") => i18n::t(lang, "marketplace-log-test-ok"),
        "test" => i18n::t(lang, "marketplace-log-test-failed"),
        _ => String::new(),
    }
}

/// `prefix` + `code` in `lang`; the code itself when the catalogue lacks it.
fn label(lang: Lang, prefix: &str, code: &str) -> String {
    let key = format!("{prefix}{code}");
    if !i18n::has(lang, &key) {
        return code.to_owned();
    }
    i18n::t(lang, &key)
}

/// The numbers of the store's orders `ids`, to show instead of their ids.
async fn order_numbers(
    conn: &sea_orm::DatabaseConnection,
    store: StoreId,
    ids: Vec<i64>,
) -> Result<HashMap<i64, String>, PageError> {
    use orion_orders::entity::order;
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = order::Entity::find()
        .select_only()
        .column(order::Column::Id)
        .column(order::Column::OrderNumber)
        .filter(order::Column::StoreId.eq(store.0))
        .filter(order::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

#[derive(Deserialize, Default)]
struct PageQuery {
    notice: Option<String>,
    error: Option<String>,
    job: Option<i64>,
    outbox: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let s = session.store_with(VIEW)?;
    let lang = i18n::current();
    let conn = state.db.conn();
    let c: Option<CredentialsOut> = service::find_connection(conn, s.store_id)
        .await?
        .map(Into::into);
    let jobs: Vec<Value> = service::recent_jobs(conn, s.store_id, 5)
        .await?
        .into_iter()
        .map(|j| job_values(lang, &j.into()))
        .collect();
    let job: Option<Value> = match q.job {
        Some(id) => Some(job_values(
            lang,
            &service::find_job(conn, s.store_id, id).await?.into(),
        )),
        None => None,
    };
    let p = Pagination {
        page: Some(1),
        per_page: Some(20),
    };
    let (log, _) = service::log_page(conn, s.store_id, &p).await?;
    let log: Vec<LogOut> = log.into_iter().map(Into::into).collect();
    let (ob, ob_total) = outbox::list(conn, s.store_id, q.outbox.as_deref(), None, &p).await?;
    let ob: Vec<OutboxOut> = ob.into_iter().map(Into::into).collect();
    let ids: Vec<i64> = ob
        .iter()
        .map(|r| r.order_id)
        .chain(
            log.iter()
                .filter_map(|l| l.counts.get("order_id").and_then(Value::as_i64)),
        )
        .collect();
    let numbers = order_numbers(conn, s.store_id, ids).await?;
    let log: Vec<Value> = log
        .iter()
        .map(|l| {
            let mut v = json!(l);
            v["summary"] = json!(log_summary(lang, l, &numbers));
            v
        })
        .collect();
    let ob: Vec<Value> = ob
        .iter()
        .map(|r| {
            let mut v = json!(r);
            v["order_number"] = json!(numbers.get(&r.order_id));
            v
        })
        .collect();
    let ctx = state
        .page_context(&session, "letzshop", json!({"page_title": i18n::t(lang, "marketplace-title"), "c": c, "jobs": jobs, "job": job, "log": log,
            "outbox": ob, "outbox_total": ob_total, "outbox_filter": q.outbox, "notice": q.notice, "error": q.error,
            "default_endpoint": service::DEFAULT_ENDPOINT, "can_manage": s.permissions.contains(MANAGE)}))
        .await?;
    Ok(html(
        state.templates.render("marketplace/letzshop.html", ctx)?,
    ))
}

/// The job as JSON for the page's progress poll (session-authenticated, like the page),
/// with its status and progress as the page writes them (`status_label`, `progress`).
async fn job_json(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<axum::Json<Value>, PageError> {
    let s = session.store_with(VIEW)?;
    let j: JobOut = service::find_job(state.db.conn(), s.store_id, id)
        .await?
        .into();
    Ok(axum::Json(job_values(i18n::current(), &j)))
}

fn back(key: &str, msg: &str) -> Response {
    redirect_with("/letzshop", key, msg)
}

#[derive(Deserialize)]
struct CredForm {
    #[serde(default)]
    api_key: String,
    #[serde(default)]
    endpoint: String,
    #[serde(default)]
    auto_sync: Option<String>,
    #[serde(default)]
    sync_interval_minutes: String,
    #[serde(default)]
    default_carrier: String,
}

async fn save(
    State(state): State<AppState>,
    session: PageSession,
    Form(f): Form<CredForm>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let existing = service::find_connection(state.db.conn(), s.store_id).await?;
    // An empty key field keeps the saved key.
    let key = if f.api_key.trim().is_empty() {
        match &existing {
            Some(c) => crate::crypto::decrypt(
                &state.settings.secret_key,
                c.store_id,
                &c.api_key_ciphertext,
                &c.api_key_nonce,
            )
            .unwrap_or_default(),
            None => String::new(),
        }
    } else {
        f.api_key.clone()
    };
    // The interval as the person typed it in their language.
    let interval = if f.sync_interval_minutes.trim().is_empty() {
        None
    } else {
        match i18n::quantity_field("sync_interval_minutes", &f.sync_interval_minutes) {
            // Out of range for the service: it names the allowed values.
            Ok(n) => Some(i32::try_from(n).unwrap_or(i32::MAX)),
            Err(e) => {
                let msg = i18n::tr(
                    i18n::current(),
                    "marketplace-sync-interval-error",
                    &[("message", e.message.into())],
                );
                return Ok(back("error", &msg));
            }
        }
    };
    let body = CredentialsIn {
        api_key: key,
        endpoint: Some(f.endpoint).filter(|e| !e.trim().is_empty()),
        auto_sync: Some(f.auto_sync.is_some()),
        sync_interval_minutes: interval,
        default_carrier: Some(f.default_carrier),
    };
    let tx = state.db.begin_write().await?;
    match service::save_credentials(&tx, &state.settings.secret_key, s.store_id, body).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(back(
                "notice",
                &i18n::t(i18n::current(), "marketplace-connection-saved"),
            ))
        }
        Err(e) => orion_web::pages::back_with_error("/letzshop", e),
    }
}

async fn delete(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    service::delete_credentials(state.db.conn(), s.store_id).await?;
    Ok(back(
        "notice",
        &i18n::t(i18n::current(), "marketplace-connection-removed"),
    ))
}

async fn test(State(state): State<AppState>, session: PageSession) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    let lang = i18n::current();
    match crate::api::test(&state, s.store_id).await {
        Ok((Ok(()), ms, endpoint)) => Ok(back(
            "notice",
            &i18n::tr(
                lang,
                "marketplace-test-ok",
                &[
                    ("endpoint", endpoint.into()),
                    ("ms", orion_kernel::locale::number(ms, lang).into()),
                ],
            ),
        )),
        Ok((Err(reason), _, _)) => Ok(back(
            "error",
            &i18n::tr(
                lang,
                "marketplace-test-failed",
                &[("reason", reason.into())],
            ),
        )),
        Err(e) => orion_web::pages::back_with_error("/letzshop", e),
    }
}

async fn start(state: &AppState, session: &PageSession, kind: &str) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    if service::find_connection(state.db.conn(), s.store_id)
        .await?
        .is_none()
    {
        return Ok(back(
            "error",
            &i18n::t(i18n::current(), "marketplace-connect-first"),
        ));
    }
    let j = service::create_job(state.db.conn(), s.store_id, kind).await?;
    crate::api::start_in_background(state, s.store_id, j.id);
    let lang = i18n::current();
    let msg = if kind == "sync" {
        i18n::t(lang, "marketplace-sync-started")
    } else {
        i18n::t(lang, "marketplace-history-started")
    };
    let q =
        serde_urlencoded::to_string([("job", j.id.to_string().as_str()), ("notice", msg.as_str())])
            .unwrap_or_default();
    Ok(axum::response::IntoResponse::into_response(
        axum::response::Redirect::to(&format!("/letzshop?{q}#job")),
    ))
}

async fn sync_now(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    start(&state, &session, "sync").await
}

async fn history(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    start(&state, &session, "history").await
}

async fn retry(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = session.store_with(MANAGE)?;
    match outbox::retry(state.db.conn(), s.store_id, id).await {
        Ok(_) => {
            crate::api::deliver_in_background(&state, s.store_id);
            Ok(back(
                "notice",
                &i18n::t(i18n::current(), "marketplace-retry-queued"),
            ))
        }
        Err(e) => orion_web::pages::back_with_error("/letzshop", e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys templates and [`label`] build from the enumerations, in every catalogue.
    #[test]
    fn every_enumerated_value_has_a_label() {
        for lang in Lang::ALL {
            let mut keys: Vec<String> = Vec::new();
            for k in JOB_KINDS {
                keys.push(format!("marketplace-job-kind-{k}"));
                keys.push(format!("marketplace-job-title-{k}"));
            }
            keys.extend(
                JOB_STATUSES
                    .iter()
                    .map(|s| format!("marketplace-job-status-{s}")),
            );
            keys.extend(JOB_PHASES.iter().map(|p| format!("marketplace-phase-{p}")));
            keys.extend(
                OPERATIONS
                    .iter()
                    .map(|o| format!("marketplace-operation-{o}")),
            );
            keys.extend(
                OUTBOX_STATUSES
                    .iter()
                    .map(|s| format!("marketplace-outbox-status-{s}")),
            );
            for key in keys {
                assert!(i18n::has(lang, &key), "{lang}: {key}");
            }
        }
    }

    #[test]
    fn the_log_reads_as_sentences() {
        let at = chrono::Utc::now();
        let line = |operation: &str, counts: Value| LogOut {
            id: 1,
            at,
            operation: operation.into(),
            counts,
            duration_ms: 12,
            error: None,
        };
        let numbers = HashMap::from([(7, "ORD-0007".to_owned())]);
        let run = line(
            "sync",
            json!({"job_id": 3, "imported": 4, "updated": 1, "held": 0, "exceptions": 1,
                "unchanged": 2, "pages": 1, "errors": 0}),
        );
        assert_eq!(
            log_summary(Lang::En, &run, &numbers),
            "4 imported, 1 updated, 2 unchanged, 0 held, 1 exception, 0 errors (1 page)."
        );
        let sent = line(
            "confirm",
            json!({"outbox_id": 1, "order_id": 7, "attempt": 2, "sent": true}),
        );
        assert_eq!(
            log_summary(Lang::Fr, &sent, &numbers),
            "Commande ORD-0007 : transmise à Letzshop (tentative 2)."
        );
        let failed = line(
            "tracking",
            json!({"outbox_id": 1, "order_id": 9, "attempt": 1, "sent": false}),
        );
        assert_eq!(
            log_summary(Lang::De, &failed, &numbers),
            "Bestellung #9: nicht übermittelt (Versuch 1)."
        );
    }
}
