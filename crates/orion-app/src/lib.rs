//! The composition root: the only crate that knows every module. [`config`] reads settings
//! from the environment and `orion.toml`; [`router`] merges the modules' API and page routers,
//! generates the OpenAPI document, and wraps everything in the shared middleware;
//! [`compose`] plugs the modules into each other's seams; [`migrate`] applies every module's
//! migrations; [`demo`] seeds sample data; [`serve`] runs it.

pub mod compose;
pub mod config;
pub mod demo;
pub mod migrate;
pub mod openapi;
pub mod router;
pub mod serve;
pub mod vat_api;
pub mod vies;

pub use config::Config;
