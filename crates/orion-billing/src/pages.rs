//! Billing pages: the store's plan and usage, tier editing and the admin overview.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::Utc;
use orion_kernel::{Lang, MerchantId, Money, locale};
use orion_web::AppState;
use orion_web::i18n;
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use serde::Deserialize;
use serde_json::json;

use crate::domain::{Feature, Metric, SubscriptionStatus};
use crate::service::{self, TierPatch};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/billing", get(store_billing))
        .route("/admin/tiers", get(admin_tiers))
        .route("/admin/tiers/{code}", post(admin_update_tier))
        .route("/admin/billing", get(admin_overview))
        .route(
            "/admin/merchants/{merchant_id}/subscription",
            post(admin_change_subscription),
        )
}

pub fn templates() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "billing/store.html",
            include_str!("../templates/store.html"),
        ),
        (
            "billing/admin_tiers.html",
            include_str!("../templates/admin_tiers.html"),
        ),
        (
            "billing/admin_overview.html",
            include_str!("../templates/admin_overview.html"),
        ),
        (
            "billing/upgrade.html",
            include_str!("../templates/upgrade.html"),
        ),
        (
            crate::tenancy::PANEL_TEMPLATE,
            include_str!("../templates/admin_merchant_panel.html"),
        ),
    ]
}

/// A limit as people read it: a grouped number, or "unlimited".
fn fmt_limit(v: Option<i64>, lang: Lang) -> String {
    v.map(|v| locale::number(v, lang))
        .unwrap_or_else(|| i18n::t(lang, "common-unlimited"))
}

/// A metric as people read it ("Orders this month").
pub fn metric_label(lang: Lang, m: Metric) -> String {
    match m {
        Metric::OrdersPerMonth => i18n::t(lang, "billing-metric-orders-per-month"),
        Metric::Products => i18n::t(lang, "billing-metric-products"),
        Metric::TeamMembers => i18n::t(lang, "billing-metric-team-members"),
        Metric::ApiRequestsPerDay => i18n::t(lang, "billing-metric-api-requests-per-day"),
    }
}

/// A feature code (`letzshop_sync`) as people read it; an unknown code as it is.
pub fn feature_label(lang: Lang, code: &str) -> String {
    match code {
        Feature::LETZSHOP_SYNC => i18n::t(lang, "billing-feature-letzshop-sync"),
        Feature::ORDER_CONFIRM_DECLINE => i18n::t(lang, "billing-feature-order-confirm-decline"),
        Feature::TRACKING => i18n::t(lang, "billing-feature-tracking"),
        Feature::INVOICE_LU => i18n::t(lang, "billing-feature-invoice-lu"),
        Feature::CUSTOMER_LIST => i18n::t(lang, "billing-feature-customer-list"),
        Feature::INVOICE_EU_VAT => i18n::t(lang, "billing-feature-invoice-eu-vat"),
        Feature::WAREHOUSES => i18n::t(lang, "billing-feature-warehouses"),
        Feature::PURCHASE_ORDERS => i18n::t(lang, "billing-feature-purchase-orders"),
        Feature::CUSTOMER_CSV_EXPORT => i18n::t(lang, "billing-feature-customer-csv-export"),
        Feature::MULTI_STORE_DASHBOARD => i18n::t(lang, "billing-feature-multi-store-dashboard"),
        Feature::ACCOUNTING_EXPORT => i18n::t(lang, "billing-feature-accounting-export"),
        Feature::API_KEYS => i18n::t(lang, "billing-feature-api-keys"),
        other => other.to_owned(),
    }
}

/// A subscription status (`past_due`) as people read it; an unknown one as it is.
pub fn status_label(lang: Lang, status: &str) -> String {
    match SubscriptionStatus::parse(status) {
        Some(SubscriptionStatus::Trialing) => i18n::t(lang, "billing-status-trialing"),
        Some(SubscriptionStatus::Active) => i18n::t(lang, "billing-status-active"),
        Some(SubscriptionStatus::PastDue) => i18n::t(lang, "billing-status-past-due"),
        Some(SubscriptionStatus::Cancelled) => i18n::t(lang, "billing-status-cancelled"),
        None => status.to_owned(),
    }
}

/// The statuses an administrator can choose, in their order of life.
pub const STATUSES: [SubscriptionStatus; 4] = [
    SubscriptionStatus::Trialing,
    SubscriptionStatus::Active,
    SubscriptionStatus::PastDue,
    SubscriptionStatus::Cancelled,
];

fn forbidden_without(scope: &orion_web::StoreScope, permission: &str) -> PageError {
    let lang = i18n::current();
    PageError::forbidden(i18n::tr(
        lang,
        "error-forbidden-permission",
        &[
            (
                "role",
                orion_tenancy::pages::role_label(lang, &scope.role).into(),
            ),
            (
                "permission",
                orion_tenancy::pages::permission_label(lang, permission).into(),
            ),
        ],
    ))
}

async fn store_billing(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let scope = session.0.store.as_ref().ok_or_else(PageError::not_found)?;
    if !scope.permissions.contains("billing.view") {
        return Err(forbidden_without(scope, "billing.view"));
    }
    let lang = i18n::current();
    let (plan, usage) = crate::api::store_usage(&state, scope.merchant_id, scope.store_id).await?;
    let metrics: Vec<_> = Metric::ALL
        .iter()
        .map(|m| {
            let u = usage[m.as_str()];
            let pct = u.limit.map(|l| if l == 0 { if u.used > 0 { 100 } else { 0 } } else { (u.used * 100 / l).min(100) });
            json!({"key": m.as_str(), "label": metric_label(lang, *m), "used": u.used, "limit": u.limit, "pct": pct, "warn": pct.is_some_and(|p| p > 80)})
        })
        .collect();
    let tiers = service::tiers(state.db.conn()).await?;
    let next = tiers.iter().find(|t| t.rank > plan.tier.rank);
    let next_adds = next.map(|n| {
        let features: Vec<String> =
            n.feature_list().iter().filter(|f| !plan.tier.has_feature(f)).map(|f| feature_label(lang, f)).collect();
        let limits: Vec<String> = Metric::ALL
            .iter()
            .filter(|m| n.limit(**m) != plan.tier.limit(**m))
            .map(|m| {
                i18n::tr(
                    lang,
                    "billing-limit-line",
                    &[("metric", metric_label(lang, *m).into()), ("limit", fmt_limit(n.limit(*m), lang).into())],
                )
            })
            .collect();
        json!({"name": n.name, "price_cents": n.monthly_price_cents, "features": features, "limits": limits})
    });
    let (start, end) = orion_kernel::time::month_bounds(Utc::now());
    let ctx = state
        .page_context(
            &session,
            "billing",
            json!({
                "page_title": i18n::t(lang, "billing-title"), "tier": plan.tier.name, "tier_code": plan.tier.code,
                "status": plan.subscription.status, "status_label": status_label(lang, &plan.subscription.status),
                "trial_ends": plan.subscription.trial_ends_at.map(|t| t.to_rfc3339()),
                "period_start": start.to_string(), "period_end": end.to_string(), "metrics": metrics, "next": next_adds,
                "features": plan.tier.feature_list().iter().map(|f| feature_label(lang, f)).collect::<Vec<_>>(),
            }),
        )
        .await?;
    Ok(html(state.templates.render("billing/store.html", ctx)?))
}

fn require_admin(session: &PageSession) -> Result<(), PageError> {
    if session.0.is_platform_admin {
        Ok(())
    } else {
        Err(PageError::forbidden(i18n::t(
            i18n::current(),
            "billing-admin-only",
        )))
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    notice: Option<String>,
    error: Option<String>,
}

async fn admin_tiers(
    State(state): State<AppState>,
    session: PageSession,
    Query(q): Query<Notice>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let lang = i18n::current();
    let tiers: Vec<_> = service::tiers(state.db.conn())
        .await?
        .into_iter()
        .map(|t| {
            let limits: Vec<_> = Metric::ALL.iter().map(|m| json!({"key": m.as_str(), "label": metric_label(lang, *m), "value": t.limit(*m)})).collect();
            let features: Vec<_> = Feature::ALL.iter().map(|f| json!({"code": f, "label": feature_label(lang, f), "on": t.has_feature(f)})).collect();
            json!({"code": t.code, "name": t.name, "price_cents": t.monthly_price_cents, "limits": limits, "features": features,
                "api_burst": t.api_burst, "api_rate_per_minute": t.api_rate_per_minute})
        })
        .collect();
    let ctx = state
        .page_context(
            &session,
            "admin-tiers",
            json!({"page_title": i18n::t(lang, "billing-tiers-title"), "tiers": tiers, "notice": q.notice, "error": q.error}),
        )
        .await?;
    Ok(html(
        state.templates.render("billing/admin_tiers.html", ctx)?,
    ))
}

async fn admin_update_tier(
    State(state): State<AppState>,
    session: PageSession,
    Path(code): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let get = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.trim().to_owned())
    };
    let lang = i18n::current();
    // Amounts and limits as the administrator types them in their language.
    let mut bad = Vec::new();
    let problem = |label: String, e: orion_kernel::FieldError| {
        i18n::tr(
            lang,
            "billing-tiers-field-error",
            &[("field", label.into()), ("problem", e.message.into())],
        )
    };
    let mut limits = Vec::new();
    for m in Metric::ALL {
        let field = format!("limit_{}", m.as_str());
        match get(&field).as_deref() {
            None | Some("") => limits.push((m, None)),
            Some(v) => match i18n::quantity_field(&field, v) {
                Ok(n) => limits.push((m, Some(n))),
                Err(e) => bad.push(problem(metric_label(lang, m), e)),
            },
        }
    }
    // The API keys' rate: absent or empty keeps the tier's value.
    let mut rate = |field: &str, key: &str| match get(field).as_deref() {
        None | Some("") => None,
        Some(v) => match i18n::quantity_field(field, v) {
            Ok(n) => Some(n),
            Err(e) => {
                bad.push(problem(i18n::t(lang, key), e));
                None
            }
        },
    };
    let api_burst = rate("api_burst", "billing-tiers-api-burst");
    let api_rate_per_minute = rate("api_rate_per_minute", "billing-tiers-api-rate");
    let price = match get("price").as_deref() {
        None | Some("") => Some(None),
        Some(p) => match i18n::amount_field("price", p).map(|a| Money::parse(&a)) {
            Ok(Ok(m)) => Some(Some(m.cents())),
            Ok(Err(_)) => None,
            Err(e) => {
                bad.push(problem(i18n::t(lang, "billing-tiers-price"), e));
                None
            }
        },
    };
    if !bad.is_empty() {
        return Ok(redirect_with(
            "/admin/tiers",
            "error",
            &i18n::tr(
                lang,
                "billing-tiers-not-saved",
                &[("problems", bad.join("; ").into())],
            ),
        ));
    }
    let features: Vec<String> = form
        .iter()
        .filter(|(n, _)| n == "feature")
        .map(|(_, v)| v.clone())
        .collect();
    let patch = TierPatch {
        name: get("name"),
        monthly_price_cents: price,
        limits,
        features: Some(features),
        api_burst,
        api_rate_per_minute,
    };
    match service::update_tier(state.db.conn(), &code, patch).await {
        Ok(t) => Ok(redirect_with(
            "/admin/tiers",
            "notice",
            &i18n::tr(lang, "billing-tiers-saved", &[("tier", t.name.into())]),
        )),
        Err(e) => back_with_error("/admin/tiers", e),
    }
}

async fn admin_overview(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let o = service::overview(state.db.conn()).await?;
    // Tiers by their names (the overview counts by code).
    let tiers = service::tiers(state.db.conn()).await?;
    let tier_name = |code: &str| service::tier_name(&tiers, code);
    let ctx = state
        .page_context(
            &session,
            "admin-billing",
            json!({
                "page_title": i18n::t(i18n::current(), "billing-overview-title"),
                "per_tier": o.merchants_per_tier.iter().map(|t| json!({"tier": tier_name(&t.tier), "merchants": t.merchants})).collect::<Vec<_>>(),
                "ending": o.trials_ending_soon.iter().map(|t| json!({"merchant_id": t.merchant_id, "ends": t.trial_ends_at.to_rfc3339()})).collect::<Vec<_>>(),
                "mrr_cents": o.estimated_mrr.cents(),
            }),
        )
        .await?;
    Ok(html(
        state.templates.render("billing/admin_overview.html", ctx)?,
    ))
}

#[derive(Deserialize)]
struct SubscriptionForm {
    tier: String,
    status: String,
    #[serde(default)]
    trial_ends_at: String,
}

async fn admin_change_subscription(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
    Form(f): Form<SubscriptionForm>,
) -> Result<Response, PageError> {
    require_admin(&session)?;
    let path = format!("/admin/merchants/{id}");
    let ends = chrono::NaiveDate::parse_from_str(f.trial_ends_at.trim(), "%Y-%m-%d")
        .ok()
        .map(orion_kernel::time::start_of_local_day);
    let tx = state.db.begin_write().await?;
    match service::change(
        &tx,
        MerchantId(id),
        session.0.user_id.0,
        &f.tier,
        &f.status,
        ends,
    )
    .await
    {
        Ok(p) => {
            tx.commit().await?;
            let lang = i18n::current();
            Ok(redirect_with(
                &path,
                "notice",
                &i18n::tr(
                    lang,
                    "billing-subscription-changed",
                    &[
                        ("tier", p.tier.name.clone().into()),
                        ("status", status_label(lang, &p.subscription.status).into()),
                    ],
                ),
            ))
        }
        Err(e) => back_with_error(&path, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Not `i18n::t`: the catalogue test reads literal keys after that name.
    use orion_web::i18n::t as text;

    /// Every metric, feature and subscription status has a label in every language.
    #[test]
    fn enumerations_have_labels_in_every_language() {
        for lang in Lang::ALL {
            for m in Metric::ALL {
                let key = format!("billing-metric-{}", m.as_str().replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang} lacks {key}");
                assert_eq!(metric_label(lang, m), text(lang, &key));
            }
            for f in Feature::ALL {
                let key = format!("billing-feature-{}", f.replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang} lacks {key}");
                assert_eq!(feature_label(lang, f), text(lang, &key));
            }
            for s in STATUSES {
                let key = format!("billing-status-{}", s.as_str().replace('_', "-"));
                assert!(i18n::has(lang, &key), "{lang} lacks {key}");
                assert_eq!(status_label(lang, s.as_str()), text(lang, &key));
            }
        }
        assert_eq!(fmt_limit(Some(1500), Lang::En), "1,500");
        assert_eq!(fmt_limit(None, Lang::De), "unbegrenzt");
    }
}
