//! Billing pages: the store's plan and usage, tier editing and the admin overview.

use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::Utc;
use orion_kernel::{MerchantId, Money};
use orion_web::AppState;
use orion_web::pages::{PageError, PageSession, back_with_error, html, redirect_with};
use serde::Deserialize;
use serde_json::json;

use crate::domain::{Feature, Metric};
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

fn fmt_limit(v: Option<i64>) -> String {
    v.map(|v| v.to_string())
        .unwrap_or_else(|| "unlimited".into())
}

async fn store_billing(
    State(state): State<AppState>,
    session: PageSession,
) -> Result<Response, PageError> {
    let scope = session.0.store.as_ref().ok_or_else(PageError::not_found)?;
    if !scope.permissions.contains("billing.view") {
        return Err(PageError::forbidden(format!(
            "Your role '{}' lacks the permission 'billing.view'.",
            scope.role
        )));
    }
    let (plan, usage) = crate::api::store_usage(&state, scope.merchant_id, scope.store_id).await?;
    let metrics: Vec<_> = Metric::ALL
        .iter()
        .map(|m| {
            let u = usage[m.as_str()];
            let pct = u.limit.map(|l| if l == 0 { if u.used > 0 { 100 } else { 0 } } else { (u.used * 100 / l).min(100) });
            json!({"key": m.as_str(), "label": m.label(), "used": u.used, "limit": fmt_limit(u.limit), "pct": pct, "warn": pct.is_some_and(|p| p > 80)})
        })
        .collect();
    let tiers = service::tiers(state.db.conn()).await?;
    let next = tiers.iter().find(|t| t.rank > plan.tier.rank);
    let next_adds = next.map(|n| {
        let features: Vec<String> =
            n.feature_list().iter().filter(|f| !plan.tier.has_feature(f)).map(|f| Feature::label(f).to_owned()).collect();
        let limits: Vec<String> = Metric::ALL
            .iter()
            .filter(|m| n.limit(**m) != plan.tier.limit(**m))
            .map(|m| format!("{}: {}", m.label(), fmt_limit(n.limit(*m))))
            .collect();
        json!({"name": n.name, "price": n.monthly_price_cents.map(|c| Money(c).to_string()), "features": features, "limits": limits})
    });
    let (start, end) = orion_kernel::time::month_bounds(Utc::now());
    let ctx = state
        .page_context(
            &session,
            "billing",
            json!({
                "page_title": "Billing", "tier": plan.tier.name, "tier_code": plan.tier.code, "status": plan.subscription.status,
                "trial_ends": plan.subscription.trial_ends_at.map(|t| t.format("%Y-%m-%d").to_string()),
                "period": format!("{start} – {end}"), "metrics": metrics, "next": next_adds,
                "features": plan.tier.feature_list().iter().map(|f| Feature::label(f).to_owned()).collect::<Vec<_>>(),
            }),
        )
        .await?;
    Ok(html(state.templates.render("billing/store.html", ctx)?))
}

fn require_admin(session: &PageSession) -> Result<(), PageError> {
    if session.0.is_platform_admin {
        Ok(())
    } else {
        Err(PageError::forbidden("Platform administrators only."))
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
    let tiers: Vec<_> = service::tiers(state.db.conn())
        .await?
        .into_iter()
        .map(|t| {
            let limits: Vec<_> = Metric::ALL.iter().map(|m| json!({"key": m.as_str(), "label": m.label(), "value": t.limit(*m)})).collect();
            let features: Vec<_> = Feature::ALL.iter().map(|f| json!({"code": f, "label": Feature::label(f), "on": t.has_feature(f)})).collect();
            json!({"code": t.code, "name": t.name, "price": t.monthly_price_cents.map(|c| Money(c).to_string()), "limits": limits, "features": features})
        })
        .collect();
    let ctx = state
        .page_context(
            &session,
            "admin-tiers",
            json!({"page_title": "Tiers", "tiers": tiers, "notice": q.notice, "error": q.error}),
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
    let mut bad = Vec::new();
    let mut limits = Vec::new();
    for m in Metric::ALL {
        match get(&format!("limit_{}", m.as_str())).as_deref() {
            None | Some("") => limits.push((m, None)),
            Some(v) => match v.parse::<i64>() {
                Ok(n) => limits.push((m, Some(n))),
                Err(_) => bad.push(m.label()),
            },
        }
    }
    let price = match get("price").as_deref() {
        None | Some("") => Some(None),
        Some(p) => match Money::parse(p) {
            Ok(m) => Some(Some(m.cents())),
            Err(_) => {
                bad.push("price");
                None
            }
        },
    };
    if !bad.is_empty() {
        return Ok(redirect_with(
            "/admin/tiers",
            "error",
            &format!("Not a number: {}", bad.join(", ")),
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
    };
    match service::update_tier(state.db.conn(), &code, patch).await {
        Ok(t) => Ok(redirect_with(
            "/admin/tiers",
            "notice",
            &format!("Tier {} saved; it applies to its merchants now.", t.name),
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
    let ctx = state
        .page_context(
            &session,
            "admin-billing",
            json!({
                "page_title": "Billing overview",
                "per_tier": o.merchants_per_tier.iter().map(|t| json!({"tier": t.tier, "merchants": t.merchants})).collect::<Vec<_>>(),
                "ending": o.trials_ending_soon.iter().map(|t| json!({"merchant_id": t.merchant_id, "ends": t.trial_ends_at.format("%Y-%m-%d %H:%M UTC").to_string()})).collect::<Vec<_>>(),
                "mrr": o.estimated_mrr.to_string(),
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
            Ok(redirect_with(
                &path,
                "notice",
                &format!(
                    "Subscription is now {} ({}).",
                    p.tier.name, p.subscription.status
                ),
            ))
        }
        Err(e) => back_with_error(&path, e),
    }
}
