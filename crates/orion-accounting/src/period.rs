//! The period an export covers: `from`/`to` dates, or a calendar year, quarter or month.

use chrono::{Datelike, NaiveDate};
use orion_kernel::Invalid;
use serde::Deserialize;

/// The longest period one export covers (a little over ten years).
pub const MAX_DAYS: i64 = 3700;

/// `from`/`to` (`YYYY-MM-DD`), or `year` with an optional `quarter` (1–4) or `month` (1–12).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// First day, `YYYY-MM-DD` (with `to`).
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    /// A calendar year (instead of `from`/`to`).
    pub year: Option<i32>,
    /// A quarter of `year`, 1–4.
    pub quarter: Option<u32>,
    /// A month of `year`, 1–12.
    pub month: Option<u32>,
}

/// A checked period, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Quarter `q` (1–4) of `year`.
    pub fn quarter(year: i32, q: u32) -> Result<Period, Invalid> {
        if !(1..=4).contains(&q) {
            return Err(Invalid::field("quarter", "must be 1, 2, 3 or 4"));
        }
        let from = ymd(year, 3 * q - 2, 1)?;
        Ok(Period {
            from,
            to: end_of_month(ymd(year, 3 * q, 1)?),
        })
    }

    /// Month `m` (1–12) of `year`.
    pub fn month(year: i32, m: u32) -> Result<Period, Invalid> {
        if !(1..=12).contains(&m) {
            return Err(Invalid::field("month", "must be between 1 and 12"));
        }
        let from = ymd(year, m, 1)?;
        Ok(Period {
            from,
            to: end_of_month(from),
        })
    }

    /// The calendar quarter (year, 1–4) of a day.
    pub fn quarter_of(d: NaiveDate) -> (i32, u32) {
        (d.year(), (d.month() - 1) / 3 + 1)
    }

    /// The last day of the month after the period (when OSS returns are due).
    pub fn month_after_end(self) -> NaiveDate {
        let next = self
            .to
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(self.to);
        end_of_month(next.with_day(1).unwrap_or(next))
    }
}

fn ymd(year: i32, m: u32, d: u32) -> Result<NaiveDate, Invalid> {
    if !(2000..=2100).contains(&year) {
        return Err(Invalid::field("year", "must be between 2000 and 2100"));
    }
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| Invalid::field("year", "is not a date"))
}

fn end_of_month(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(first)
}

impl PeriodQuery {
    /// The period asked for: `from`/`to`, else `year` (+ `quarter` or `month`); `default`
    /// when nothing is given (`None`: the period is required).
    pub fn period(&self, default: Option<Period>) -> Result<Period, Invalid> {
        let date =
            |field: &'static str, v: &Option<String>| -> Result<Option<NaiveDate>, Invalid> {
                match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    None => Ok(None),
                    Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .map(Some)
                        .map_err(|_| Invalid::field(field, "must be a date YYYY-MM-DD")),
                }
            };
        let (from, to) = (date("from", &self.from)?, date("to", &self.to)?);
        let p = match (from, to, self.year) {
            (Some(from), Some(to), None) => Period { from, to },
            (Some(_), None, _) => return Err(Invalid::field("to", "is required with from")),
            (None, Some(_), _) => return Err(Invalid::field("from", "is required with to")),
            (Some(_), Some(_), Some(_)) => {
                return Err(Invalid::field("year", "give either from/to or year"));
            }
            (None, None, Some(year)) => match (self.quarter, self.month) {
                (Some(_), Some(_)) => {
                    return Err(Invalid::field("month", "give either quarter or month"));
                }
                (Some(q), None) => Period::quarter(year, q)?,
                (None, Some(m)) => Period::month(year, m)?,
                (None, None) => Period {
                    from: ymd(year, 1, 1)?,
                    to: ymd(year, 12, 31)?,
                },
            },
            (None, None, None) => {
                if self.quarter.is_some() || self.month.is_some() {
                    return Err(Invalid::field("year", "is required with quarter or month"));
                }
                return default.ok_or_else(|| Invalid::field("from", "give from/to or year"));
            }
        };
        if p.to < p.from {
            return Err(Invalid::field("to", "must not be before from"));
        }
        if (p.to - p.from).num_days() > MAX_DAYS {
            return Err(Invalid::field(
                "to",
                format!("must be at most {MAX_DAYS} days after from"),
            ));
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn quarters_months_and_years() {
        assert_eq!(
            Period::quarter(2026, 4).unwrap(),
            Period {
                from: d("2026-10-01"),
                to: d("2026-12-31")
            }
        );
        assert_eq!(Period::month(2024, 2).unwrap().to, d("2024-02-29"));
        assert_eq!(
            Period::quarter(2026, 1).unwrap().month_after_end(),
            d("2026-04-30")
        );
        assert_eq!(
            Period::quarter(2026, 4).unwrap().month_after_end(),
            d("2027-01-31")
        );
        assert_eq!(Period::quarter_of(d("2026-08-15")), (2026, 3));
        let q = PeriodQuery {
            year: Some(2026),
            ..Default::default()
        };
        assert_eq!(q.period(None).unwrap().to, d("2026-12-31"));
    }

    #[test]
    fn bad_periods_name_their_field() {
        let field = |q: PeriodQuery| q.period(None).unwrap_err().0[0].field.clone();
        assert_eq!(
            field(PeriodQuery {
                year: Some(2026),
                quarter: Some(5),
                ..Default::default()
            }),
            "quarter"
        );
        assert_eq!(
            field(PeriodQuery {
                from: Some("2026-02-01".into()),
                ..Default::default()
            }),
            "to"
        );
        assert_eq!(
            field(PeriodQuery {
                from: Some("2026-02-01".into()),
                to: Some("2026-01-01".into()),
                ..Default::default()
            }),
            "to"
        );
        assert_eq!(field(PeriodQuery::default()), "from");
        assert_eq!(
            field(PeriodQuery {
                year: Some(1900),
                ..Default::default()
            }),
            "year"
        );
    }
}
