//! Letzshop GraphQL protocol for Orion (no database).
//!
//! - [`Client`]: typed client for the Letzshop GraphQL API with timeouts, retries
//!   (exponential backoff with full jitter) and exact decimal → cents conversion.
//! - [`queries`]: every query and mutation text Orion sends (one place to change).
//! - [`schema_check`]: introspects an endpoint and reports what Orion uses that is missing.
//! - [`simulator`]: a stateful Letzshop look-alike GraphQL server with fault injection,
//!   for tests, the demo and benchmarks.
//!
//! There is no Letzshop sandbox: a real key confirms real orders. Tests use the simulator.

pub mod client;
pub mod money;
pub mod queries;
pub mod schema_check;
pub mod simulator;
pub mod types;

pub use client::{Client, ClientError, ClientOptions};
pub use schema_check::{SchemaReport, check_schema};
pub use simulator::{
    FaultKind, SimulatorConfig, SimulatorHandle, serve_simulator, start_simulator,
};
pub use types::*;
