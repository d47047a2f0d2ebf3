//! Time in Orion: stored in UTC, periods and display in Europe/Luxembourg.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Luxembourg;

/// The calendar day in Luxembourg at `at`.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Luxembourg).date_naive()
}

/// First and last day of the Luxembourg calendar month containing `at`.
pub fn month_bounds(at: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let d = local_date(at);
    let first = NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap_or(d);
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    }
    .unwrap_or(d);
    (first, next.pred_opt().unwrap_or(next))
}

/// The UTC instant a Luxembourg calendar day starts.
pub fn start_of_local_day(d: NaiveDate) -> DateTime<Utc> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    Luxembourg
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// Key of the monthly usage period (`2026-11`).
pub fn month_key(at: DateTime<Utc>) -> String {
    local_date(at).format("%Y-%m").to_string()
}

/// Key of the daily usage period (`2026-11-24`).
pub fn day_key(at: DateTime<Utc>) -> String {
    local_date(at).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn months_follow_luxembourg_time() {
        // 23:30 UTC on 30 November is already 1 December in Luxembourg (UTC+1).
        assert_eq!(month_key(utc("2026-11-30T23:30:00Z")), "2026-12");
        assert_eq!(month_key(utc("2026-11-30T22:59:00Z")), "2026-11");
        // Summer time: UTC+2.
        assert_eq!(day_key(utc("2026-06-30T22:30:00Z")), "2026-07-01");
        let (a, b) = month_bounds(utc("2026-02-10T12:00:00Z"));
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2026-02-01".into(), "2026-02-28".into())
        );
        let (a, b) = month_bounds(utc("2026-12-31T12:00:00Z"));
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2026-12-01".into(), "2026-12-31".into())
        );
        assert_eq!(
            start_of_local_day(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
            utc("2026-10-31T23:00:00Z")
        );
    }
}
