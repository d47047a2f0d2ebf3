//! Reporting use cases: keeping the rollups ([`facts`]), recomputing them ([`rebuild`]) and
//! reading them ([`summary`]).

pub mod cache;
pub mod facts;
pub mod rebuild;
pub mod summary;
pub mod tables;
