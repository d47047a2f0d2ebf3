//! The plan alert of live metrics (`products`): billing counts them when a module creates a
//! row and tells nobody, so the worker looks once an hour ([`CHECK_EVERY`]) at every active
//! store: when its live count reaches 80 % of the merchant's limit, the alert goes to the
//! store's team, once per merchant, metric and month (the mark `alert_limit_marks` decides,
//! also between instances).

use chrono::{DateTime, Utc};
use orion_billing::{Metric, limits};
use orion_db::Db;
use orion_kernel::{MerchantId, Pagination, StoreId};

use crate::error::AlertError;
use crate::sink::{announce, reaches_threshold};

/// How often the worker checks live metrics.
pub const CHECK_EVERY: chrono::Duration = chrono::Duration::hours(1);

/// The live metrics checked.
pub const LIVE: [Metric; 1] = [Metric::Products];

/// Checks every active store's live metrics at `now`; returns the alerts written.
pub async fn check_live_limits(db: &Db, now: DateTime<Utc>) -> Result<usize, AlertError> {
    let conn = db.conn();
    let mut sent = 0;
    let mut page = 1;
    loop {
        let p = Pagination {
            page: Some(page),
            per_page: Some(200),
        };
        let (merchants, total) = orion_tenancy::service::admin::list_merchants(conn, &p).await?;
        for m in &merchants {
            let plan = orion_billing::service::plan(conn, MerchantId(m.id)).await?;
            for s in orion_tenancy::service::admin::stores_of(conn, &[m.id]).await? {
                if !s.active {
                    continue;
                }
                for metric in LIVE {
                    let Some(limit) = plan.tier.limit(metric) else {
                        continue;
                    };
                    let Some(used) =
                        orion_billing::live::live_count(conn, metric, StoreId(s.id)).await?
                    else {
                        continue;
                    };
                    let used = i64::try_from(used).unwrap_or(i64::MAX);
                    if !reaches_threshold(used, limit) {
                        continue;
                    }
                    let tx = db.begin_write().await?;
                    let period = limits::period_key(metric, now);
                    let wrote = announce(
                        &tx,
                        StoreId(s.id),
                        MerchantId(m.id),
                        metric,
                        (used, limit),
                        &period,
                    )
                    .await?;
                    tx.commit().await?;
                    sent += usize::from(wrote);
                }
            }
        }
        if merchants.is_empty() || page * 200 >= total {
            break;
        }
        page += 1;
    }
    Ok(sent)
}
