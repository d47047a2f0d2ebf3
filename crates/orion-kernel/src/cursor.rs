//! Cursor paging: `?after=<cursor>&limit=` beside the page numbers of [`Pagination`], for
//! clients that walk a whole list, and the `{items,total,page,per_page,next_cursor}` envelope
//! of the lists that offer both.
//!
//! A walk reads the list by its id (keyset paging): each page asks for the rows past the
//! previous page's last id, so it is one indexed range read however deep it is, it never
//! counts the list, and rows inserted meanwhile cannot shift it — every row that existed when
//! the walk started is seen exactly once. The cursor is opaque to clients (URL-safe base64 of
//! the last row's id, versioned); it only positions a walk, inside the caller's store, and
//! grants nothing.
//!
//! `limit` alone starts a walk at the first row; `after` (even empty) continues one. Either
//! beside `page` or `per_page` is refused, naming the page-number parameter. Unlike page
//! numbers, which are clamped, a `limit` outside 1–[`MAX_PER_PAGE`] and a malformed `after`
//! are refused (422 naming the parameter): a walk must not silently change its step.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::pagination::{DEFAULT_PER_PAGE, MAX_PER_PAGE, Pagination};

/// URL-safe base64 without padding; padded cursors are read as well.
const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The version tag inside a cursor (a later key shape gets another tag).
const TAG: &str = "v1:";

/// The sentence for a malformed `after`.
pub const BAD_CURSOR: &str = "is not a valid cursor (pass next_cursor as it was given)";
/// The sentence for `page` or `per_page` beside a cursor walk.
pub const NOT_WITH_CURSOR: &str = "cannot be combined with after or limit";

/// Query parameters of the lists that can be walked with cursors.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CursorParams {
    /// Continue a walk after this cursor (the `next_cursor` of the previous page; empty = from
    /// the first row). Not with `page`/`per_page`.
    pub after: Option<String>,
    /// Items per page of a walk (1–200, default 50); given alone it starts a walk at the first
    /// row. Not with `page`/`per_page`.
    #[cfg_attr(feature = "openapi", param(value_type = Option<u64>, minimum = 1, maximum = 200))]
    pub limit: Option<String>,
}

/// One step of a walk: the rows past `after` (all rows when `None`), at most `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyset {
    pub after: Option<i64>,
    pub limit: u64,
}

/// How a list is read: by page number (counted), or one step of a cursor walk (never counted).
#[derive(Debug, Clone, Copy)]
pub enum Listing {
    Pages(Pagination),
    Walk(Keyset),
}

impl Listing {
    /// The reading the query asks for; a malformed `after`, a `limit` out of range, or a walk
    /// mixed with page numbers is refused, naming the parameter.
    pub fn of(p: Pagination, c: &CursorParams) -> Result<Self, Invalid> {
        if c.after.is_none() && c.limit.is_none() {
            return Ok(Listing::Pages(p));
        }
        let mut errors = Vec::new();
        for (field, given) in [
            ("page", p.page.is_some()),
            ("per_page", p.per_page.is_some()),
        ] {
            if given {
                errors.push(crate::FieldError::new(field, NOT_WITH_CURSOR));
            }
        }
        let after = match c.after.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => {
                let id = decode(text);
                if id.is_none() {
                    errors.push(crate::FieldError::new("after", BAD_CURSOR));
                }
                id
            }
        };
        let limit = match c.limit.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_PER_PAGE,
            Some(text) => match text.parse::<u64>() {
                Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => n,
                _ => {
                    errors.push(crate::FieldError::new(
                        "limit",
                        format!("must be between 1 and {MAX_PER_PAGE}"),
                    ));
                    0
                }
            },
        };
        Invalid::check(errors)?;
        Ok(Listing::Walk(Keyset { after, limit }))
    }
}

/// The cursor that continues a walk after the row with id `id`.
pub fn encode(id: i64) -> String {
    ENGINE.encode(format!("{TAG}{id}"))
}

/// The id a cursor continues after; `None` unless it is one [`encode`] made.
pub fn decode(cursor: &str) -> Option<i64> {
    let bytes = ENGINE.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let digits = text.strip_prefix(TAG)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|id| *id > 0)
}

/// One page of a list read by page number or by cursor.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// How many items match across all pages (page numbers only; null in a cursor walk,
    /// which never counts).
    pub total: Option<u64>,
    /// The page number (null in a cursor walk).
    pub page: Option<u64>,
    /// Items per page (the walk's `limit`).
    pub per_page: u64,
    /// Pass as `after` to read the items that follow; null when none follow (with page
    /// numbers: also when the list is in an order other than its default one).
    pub next_cursor: Option<String>,
}

impl<T> ListPage<T> {
    /// A page read by number. `last_key` is the id of its last row when the list is in its
    /// cursor order; `next_cursor` then continues from there while rows follow.
    pub fn numbered(items: Vec<T>, total: u64, p: &Pagination, last_key: Option<i64>) -> Self {
        let follows = p.offset().saturating_add(items.len() as u64) < total;
        ListPage {
            items,
            total: Some(total),
            page: Some(p.page()),
            per_page: p.per_page(),
            next_cursor: last_key.filter(|_| follows).map(encode),
        }
    }

    /// One step of a walk; `next_key` is the id of its last row when more rows follow.
    pub fn walked(items: Vec<T>, k: &Keyset, next_key: Option<i64>) -> Self {
        ListPage {
            items,
            total: None,
            page: None,
            per_page: k.limit,
            next_cursor: next_key.map(encode),
        }
    }

    /// The same page with each item converted (a row into its API shape).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> ListPage<U> {
        ListPage {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            per_page: self.per_page,
            next_cursor: self.next_cursor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(page: Option<u64>, per_page: Option<u64>) -> Pagination {
        Pagination { page, per_page }
    }

    fn params(after: Option<&str>, limit: Option<&str>) -> CursorParams {
        CursorParams {
            after: after.map(Into::into),
            limit: limit.map(Into::into),
        }
    }

    fn fields(e: Invalid) -> Vec<String> {
        e.0.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn cursors_round_trip_and_are_opaque_url_safe_text() {
        for id in [1, 42, 1_000_000, i64::MAX] {
            let c = encode(id);
            assert!(
                c.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{c}"
            );
            assert!(!c.contains(&id.to_string()), "{c} shows the id");
            assert_eq!(decode(&c), Some(id));
            let padded = base64::engine::general_purpose::URL_SAFE.encode(format!("{TAG}{id}"));
            assert_eq!(decode(&padded), Some(id), "padded {padded}");
        }
    }

    #[test]
    fn malformed_cursors_are_none() {
        let b64 = |s: &str| ENGINE.encode(s);
        for bad in [
            "%%%".to_owned(),
            "12".to_owned(),
            b64("12"),
            b64("v1:"),
            b64("v1:-5"),
            b64("v1:0"),
            b64("v1:+5"),
            b64("v1:9223372036854775808"),
            b64("v2:5"),
            b64("v1:5 "),
        ] {
            assert_eq!(decode(&bad), None, "{bad}");
        }
    }

    #[test]
    fn page_numbers_unless_after_or_limit() {
        assert!(matches!(
            Listing::of(pages(Some(3), None), &params(None, None)),
            Ok(Listing::Pages(p)) if p.page() == 3
        ));
        let walk = |a, l| Listing::of(pages(None, None), &params(a, l));
        assert!(matches!(
            walk(None, Some("10")),
            Ok(Listing::Walk(Keyset {
                after: None,
                limit: 10
            }))
        ));
        let c = encode(77);
        assert!(matches!(
            walk(Some(&c), None),
            Ok(Listing::Walk(Keyset {
                after: Some(77),
                limit: DEFAULT_PER_PAGE
            }))
        ));
        assert!(matches!(
            walk(Some(""), None),
            Ok(Listing::Walk(Keyset { after: None, .. }))
        ));
    }

    #[test]
    fn bad_walks_name_their_parameters() {
        let err = |p: Pagination, a, l| fields(Listing::of(p, &params(a, l)).unwrap_err());
        let none = pages(None, None);
        assert_eq!(err(none, Some("nope"), None), ["after"]);
        for l in ["0", "201", "-1", "ten", "1.5"] {
            assert_eq!(err(none, None, Some(l)), ["limit"], "{l}");
        }
        let five = encode(5);
        assert_eq!(
            err(pages(Some(2), Some(20)), Some(&five), None),
            ["page", "per_page"]
        );
        assert_eq!(
            err(pages(Some(2), None), None, Some("0")),
            ["page", "limit"]
        );
        assert!(Listing::of(none, &params(None, Some("200"))).is_ok());
        assert!(Listing::of(none, &params(None, Some("1"))).is_ok());
    }

    #[test]
    fn envelopes() {
        let p = pages(Some(2), Some(2));
        let mid = ListPage::numbered(vec![3, 4], 5, &p, Some(4));
        assert_eq!((mid.total, mid.page, mid.per_page), (Some(5), Some(2), 2));
        assert_eq!(mid.next_cursor.as_deref().and_then(decode), Some(4));
        let last = ListPage::numbered(vec![5], 5, &pages(Some(3), Some(2)), Some(5));
        assert_eq!(last.next_cursor, None, "nothing follows the last page");
        let other_order = ListPage::numbered(vec![1, 2], 5, &pages(None, Some(2)), None);
        assert_eq!(other_order.next_cursor, None);
        let k = Keyset {
            after: Some(9),
            limit: 2,
        };
        let step = ListPage::walked(vec![8, 7], &k, Some(7)).map(|n| n * 10);
        assert_eq!(step.items, [80, 70]);
        assert_eq!((step.total, step.page, step.per_page), (None, None, 2));
        assert_eq!(step.next_cursor.as_deref().and_then(decode), Some(7));
        assert_eq!(ListPage::walked(vec![1], &k, None).next_cursor, None);
    }
}
