//! Integration tests through HTTP, each on SQLite and on PostgreSQL (see `dual_test!`).
//! Modules mirror the URL tree.

mod admin;
mod auth;
mod auth_safety;
mod bad_input;
mod billing;
mod bulk;
mod caches;
mod catalog;
mod customers;
mod fuzz_http;
mod i18n;
mod inventory;
mod invoicing;
mod invoicing_pdf;
mod letzshop;
mod locale_pages;
mod new_order;
mod openapi;
mod orders;
mod packing;
mod pages;
mod permission_matrix;
mod probe_regressions;
mod purchasing;
mod reporting;
mod reporting_pages;
mod roles;
mod schema;
mod spreadsheets;
mod stock_import;
mod stock_safety;
mod store;
mod team;
mod tenant_matrix;
mod vat;
