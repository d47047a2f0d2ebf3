//! `?page=&per_page=` list parameters and the `{items,total,page,per_page}` envelope.

use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;

/// Query parameters of every list endpoint. Pages start at 1.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct Pagination {
    /// Page number, starting at 1.
    pub page: Option<u64>,
    /// Items per page (1–200, default 50).
    pub per_page: Option<u64>,
}

impl Pagination {
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).max(1)
    }

    pub fn per_page(&self) -> u64 {
        self.per_page
            .unwrap_or(DEFAULT_PER_PAGE)
            .clamp(1, MAX_PER_PAGE)
    }

    pub fn offset(&self) -> u64 {
        (self.page() - 1).saturating_mul(self.per_page())
    }
}

/// One page of a list, with the total count across all pages.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, p: &Pagination) -> Self {
        Page {
            items,
            total,
            page: p.page(),
            per_page: p.per_page(),
        }
    }
}
