//! Bulk actions over many orders (confirm, ship, invoice, cancel): one job per request,
//! worked on in the background one order at a time.
//!
//! - [`start`]: validates the request, resolves the orders (a list or a filter) and records
//!   the job; the same `Idempotency-Key` returns the same job;
//! - [`run`]: the runner. Each order's action and its result row commit in one transaction,
//!   so a job never rolls back the orders that succeeded, and a runner that takes over an
//!   abandoned job (its lease ran out) skips the orders already done;
//! - [`status`]: a job's progress and per-order results;
//! - [`resume`]: jobs a stopped server left, run to the end by the server's sweeper;
//! - [`actions`]: the port. Orders brings confirm, ship and cancel; invoicing registers
//!   `invoice` (the composition root installs them).

pub mod actions;
mod error;
pub mod resume;
pub mod run;
pub mod start;
pub mod status;

pub use actions::{BULK_ACTIONS, BulkAction, Cancel, Confirm, Ship, Step, TrackingIn};
pub use error::BulkError;
pub use run::run;
pub use start::{BulkRequest, MAX_ORDERS, start};
pub use status::{JobStatus, OrderResult, job_status};
