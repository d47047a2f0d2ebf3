//! `?page=&per_page=` list parameters and the `{items,total,page,per_page}` envelope.
//!
//! Out-of-range values are clamped, never rejected and never overflow: `page` to
//! 1–[`MAX_PAGE`], `per_page` to 1–[`MAX_PER_PAGE`], so the largest offset a query sees is
//! `(MAX_PAGE - 1) * MAX_PER_PAGE` (far below `i64::MAX`, which SQL offsets are bound as).
//! A page past the end is simply empty. Values that are not numbers at all are a malformed
//! query (400) at the HTTP edge.

use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 200;
/// The highest page number a list serves; larger page numbers are read as this one.
pub const MAX_PAGE: u64 = 1_000_000;

/// Query parameters of every list endpoint. Pages start at 1.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct Pagination {
    /// Page number, starting at 1 (at most 1,000,000; larger numbers are read as 1,000,000).
    pub page: Option<u64>,
    /// Items per page (1–200, default 50).
    pub per_page: Option<u64>,
}

impl Pagination {
    /// The page number, clamped to 1–[`MAX_PAGE`].
    pub fn page(&self) -> u64 {
        self.page.unwrap_or(1).clamp(1, MAX_PAGE)
    }

    pub fn per_page(&self) -> u64 {
        self.per_page
            .unwrap_or(DEFAULT_PER_PAGE)
            .clamp(1, MAX_PER_PAGE)
    }

    /// How many rows precede the page; at most `(MAX_PAGE - 1) * MAX_PER_PAGE`.
    pub fn offset(&self) -> u64 {
        (self.page() - 1)
            .saturating_mul(self.per_page())
            .min((MAX_PAGE - 1) * MAX_PER_PAGE)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(page: Option<u64>, per_page: Option<u64>) -> Pagination {
        Pagination { page, per_page }
    }

    #[test]
    fn defaults_and_first_page() {
        let d = p(None, None);
        assert_eq!(
            (d.page(), d.per_page(), d.offset()),
            (1, DEFAULT_PER_PAGE, 0)
        );
        let z = p(Some(0), Some(0));
        assert_eq!((z.page(), z.per_page(), z.offset()), (1, 1, 0));
        assert_eq!(p(Some(3), Some(20)).offset(), 40);
    }

    #[test]
    fn huge_values_are_clamped_without_overflow() {
        for page in [MAX_PAGE + 1, i64::MAX as u64, u64::MAX] {
            for per_page in [None, Some(MAX_PER_PAGE + 1), Some(u64::MAX)] {
                let x = p(Some(page), per_page);
                assert_eq!(x.page(), MAX_PAGE);
                assert!(x.per_page() <= MAX_PER_PAGE);
                assert_eq!(x.offset(), (MAX_PAGE - 1) * x.per_page());
                assert!(x.offset() + x.per_page() < i64::MAX as u64);
                let page = Page::new(Vec::<u8>::new(), 0, &x);
                assert_eq!(page.page, MAX_PAGE);
            }
        }
    }
}
