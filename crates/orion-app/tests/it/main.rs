//! Integration tests through HTTP, each on SQLite and on PostgreSQL (see `dual_test!`).
//! Modules mirror the URL tree.

mod admin;
mod auth;
mod bad_input;
mod billing;
mod caches;
mod catalog;
mod customers;
mod inventory;
mod invoicing;
mod invoicing_pdf;
mod letzshop;
mod openapi;
mod orders;
mod pages;
mod roles;
mod schema;
mod store;
mod team;
mod vat;
