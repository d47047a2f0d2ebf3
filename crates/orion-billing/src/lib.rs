//! Billing: what each merchant may do. It sits above tenancy (its tables reference merchants
//! and stores) and answers tenancy's plan questions through [`tenancy`]. Tiers are data ([`entity::tier`], seeded by the
//! migration, editable by platform admins); each merchant has a subscription with a status
//! and trial; [`limits`] is the one API other modules call to consume or check a limit or a
//! feature, exactly under concurrency (conditional upserts and per-resource locks in the
//! database). [`api`] and [`pages`] serve the admin and store views.

pub mod api;
pub mod domain;
pub mod entity;
pub mod error;
pub mod limits;
pub mod live;
pub mod migration;
pub mod pages;
pub mod service;
pub mod tenancy;

pub use domain::{Feature, Metric, SubscriptionStatus};
pub use error::BillingError;
