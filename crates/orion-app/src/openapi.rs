//! The OpenAPI 3.1 document skeleton; paths are collected from the module routers.

use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(title = "Orion API", description = "Order management for Letzshop sellers. Errors are RFC 9457 application/problem+json; money is a decimal string; lists take ?page=&per_page=."),
    modifiers(&BearerAuth),
    components(schemas(orion_web::Problem, orion_kernel::FieldError)),
    tags(
        (name = "auth", description = "Login, logout, invitations"),
        (name = "admin", description = "Platform administration"),
        (name = "merchant", description = "Merchant owner views"),
        (name = "store", description = "The store bound to the token"),
        (name = "team", description = "Store members and invitations"),
        (name = "roles", description = "Store roles and permissions"),
        (name = "billing", description = "Tiers, subscriptions, usage and limits"),
        (name = "catalog", description = "Products, CSV import/export, Letzshop feed"),
        (name = "inventory", description = "Warehouses, stock, reservations, transaction log"),
        (name = "customers", description = "Customers, order statistics, CSV export"),
        (name = "orders", description = "Orders: lifecycle, stock effects, exceptions"),
        (name = "invoicing", description = "Invoice settings, invoices, credit notes, PDFs"),
        (name = "letzshop", description = "Letzshop connection, order sync, historical import, outbox, sync log"),
        (name = "accounting", description = "Sales journal, OSS return, EC sales list, VAT summary, FAIA 2.01, revenue accounts"),
        (name = "vat", description = "Public VAT look-ups"),
        (name = "system", description = "Health checks"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("opaque")
                    .build(),
            ),
        );
    }
}
