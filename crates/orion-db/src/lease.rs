//! Leased claims on outbox rows, for senders that run on several instances at once (the
//! e-mail outbox, webhook deliveries): a round picks the due rows — `status = 'pending'`,
//! `next_attempt_at <= now`, not claimed or whose claim has lapsed — then claims them with one
//! conditional update that only still-due rows take, and reads back the rows its owner won.
//! Two instances never hold one row at once; a crashed sender's rows are due again when the
//! lease lapses.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};

/// The columns a leased outbox table has.
#[derive(Debug, Clone, Copy)]
pub struct Lease<C> {
    pub id: C,
    pub status: C,
    pub next_attempt_at: C,
    pub claimed_until: C,
    pub claim_owner: C,
    /// How long a claim holds (well beyond the time one send may take).
    pub hold: Duration,
}

impl<C: ColumnTrait> Lease<C> {
    /// Rows that may be claimed at `now`.
    pub fn due(&self, now: DateTime<Utc>) -> Condition {
        Condition::all()
            .add(self.status.eq("pending"))
            .add(self.next_attempt_at.lte(now))
            .add(
                Condition::any()
                    .add(self.claimed_until.is_null())
                    .add(self.claimed_until.lt(now)),
            )
    }

    /// Claims up to `limit` due rows that also match `only` for `owner`, oldest due first;
    /// returns the rows `owner` won.
    pub async fn claim<E>(
        &self,
        conn: &impl ConnectionTrait,
        only: Condition,
        owner: &str,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<E::Model>, DbErr>
    where
        E: EntityTrait<Column = C>,
        E::Model: FromQueryResult + Send + Sync,
    {
        let ids: Vec<i64> = E::find()
            .select_only()
            .column(self.id)
            .filter(self.due(now))
            .filter(only)
            .order_by_asc(self.next_attempt_at)
            .order_by_asc(self.id)
            .limit(limit)
            .into_tuple()
            .all(conn)
            .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Only rows still due take the claim: a concurrent sender's claim wins over ours.
        E::update_many()
            .col_expr(self.claimed_until, Expr::value(now + self.hold))
            .col_expr(self.claim_owner, Expr::value(owner))
            .filter(self.id.is_in(ids.clone()))
            .filter(self.due(now))
            .exec(conn)
            .await?;
        E::find()
            .filter(self.id.is_in(ids))
            .filter(self.claim_owner.eq(owner))
            .order_by_asc(self.id)
            .all(conn)
            .await
    }
}

/// A claim owner unique to one round: a random 64-bit value (the standard library's
/// randomly keyed hasher, so instances in containers that share a process id still differ),
/// the time and a per-process round counter.
pub fn new_owner() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static ROUND: AtomicU64 = AtomicU64::new(0);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let round = ROUND.fetch_add(1, Ordering::Relaxed);
    format!("{random:016x}-{nanos:x}-{round}")
}
