//! The OpenAPI 3.1 document skeleton; paths are collected from the module routers.

use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

#[derive(OpenApi)]
#[openapi(
    info(title = "Orion API", description = "Order management for Letzshop sellers. Errors are RFC 9457 application/problem+json; money is a decimal string; lists take ?page=&per_page=, and orders, products, customers and invoices also ?limit=&after=<next_cursor> (cursor paging). Store endpoints take a session token or a store API key (orion_sk_…, scope per operation, rate-limited); see docs/api/store-api.md."),
    modifiers(&BearerAuth),
    components(schemas(orion_web::Problem, orion_kernel::FieldError)),
    tags(
        (name = "auth", description = "Login, logout, invitations"),
        (name = "admin", description = "Platform administration"),
        (name = "merchant", description = "Merchant owner views"),
        (name = "store", description = "The store bound to the token"),
        (name = "team", description = "Store members and invitations"),
        (name = "api-keys", description = "Store API keys for your own programs"),
        (name = "roles", description = "Store roles and permissions"),
        (name = "billing", description = "Tiers, subscriptions, usage and limits"),
        (name = "catalog", description = "Products, CSV import/export, Letzshop feed"),
        (name = "inventory", description = "Warehouses, stock, reservations, transaction log"),
        (name = "customers", description = "Customers, order statistics, CSV export"),
        (name = "orders", description = "Orders: lifecycle, stock effects, exceptions"),
        (name = "invoicing", description = "Invoice settings, invoices, credit notes, PDFs"),
        (name = "letzshop", description = "Letzshop connection, order sync, historical import, outbox, sync log"),
        (name = "accounting", description = "Sales journal, OSS return, EC sales list, VAT summary, FAIA 2.01, revenue accounts"),
        (name = "webhooks", description = "Signed webhooks (Standard Webhooks): endpoints, delivery log, redelivery"),
        (name = "messaging", description = "E-mail log and resending; invoices e-mailed to buyers"),
        (name = "alerts", description = "My alerts: the e-mails to the store team each user chooses"),
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
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("orion_sk_…")
                    .description(Some(
                        "A store API key (API keys page or POST /api/v1/store/api-keys): \
                         `Authorization: Bearer orion_sk_…`. Reaches store endpoints only; \
                         each operation lists the scope (permission) it needs. Limited per \
                         key (burst) and per merchant (daily quota); see docs/api/store-api.md.",
                    ))
                    .build(),
            ),
        );
    }
}
