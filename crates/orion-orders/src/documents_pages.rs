//! Packing slips and pick lists from the back office: a download on the order's page, and
//! the selection form of the orders list posting repeated `order_ids` fields.

use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use orion_kernel::OrderId;
use orion_web::pages::{PageError, PageSession, back_with_error};
use orion_web::{AppState, i18n};

use crate::bulk_pages::FormFields;
use crate::documents::Printer;
use crate::documents_api::{PERMISSION, pick_list_pdf, printer_for, slip_pdf, slips_pdf};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/orders/{id}/packing-slip", get(packing_slip))
        .route("/orders/packing-slips", post(packing_slips))
        .route("/orders/pick-list", post(pick_list))
}

/// Where a refused selection goes back to, with its message.
const BACK: &str = "/orders";

fn printer(session: &PageSession) -> Result<Printer, PageError> {
    let s = session.store_with(PERMISSION)?;
    Ok(printer_for(&s, i18n::current()))
}

async fn packing_slip(
    State(state): State<AppState>,
    session: PageSession,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let p = printer(&session)?;
    Ok(slip_pdf(&state, &p, OrderId(id)).await?)
}

/// A PDF made from the selected orders, or back to the list with the reason.
async fn selection(
    state: &AppState,
    session: &PageSession,
    form: Vec<(String, String)>,
    pdf: impl AsyncFnOnce(&AppState, &Printer, &[i64]) -> Result<Response, orion_web::ApiError>,
) -> Result<Response, PageError> {
    let p = printer(session)?;
    let s = session.store_with(PERMISSION)?;
    // The ticked orders, or every order matching the list's filter.
    let ids = FormFields(form).order_ids(state, &s).await?;
    match pdf(state, &p, &ids).await {
        Ok(res) => Ok(res),
        Err(e) => back_with_error(BACK, e),
    }
}

async fn packing_slips(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    selection(&state, &session, form, slips_pdf).await
}

async fn pick_list(
    State(state): State<AppState>,
    session: PageSession,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    selection(&state, &session, form, pick_list_pdf).await
}
