//! The revenue account of each VAT regime (and optionally rate): Orion's defaults under
//! PCN 2020 account 7061 "Ventes de marchandises", which the store may replace per regime or
//! per regime and rate (`accounting_revenue_accounts`).

use chrono::Utc;
use orion_kernel::{FieldError, Invalid, StoreId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};

use crate::entity::revenue_account;
use crate::error::AccountingError;

/// Every regime a document can have, in the order the settings list them.
pub const REGIMES: [&str; 7] = [
    "DOMESTIC",
    "DISTANCE_SALE_ORIGIN",
    "DISTANCE_SALE_OSS",
    "DISTANCE_SALE_DESTINATION_REGISTERED",
    "DOMESTIC_OTHER_MS",
    "INTRA_COMMUNITY_SUPPLY",
    "EXPORT",
];

/// Orion's default revenue account of a regime: sales taxed in Luxembourg, sales taxed in
/// another member state, exempt intra-Community supplies, exports.
pub fn default_account(regime: &str) -> &'static str {
    match regime {
        "DOMESTIC" | "DISTANCE_SALE_ORIGIN" => "70611",
        "DISTANCE_SALE_OSS" | "DISTANCE_SALE_DESTINATION_REGISTERED" | "DOMESTIC_OTHER_MS" => {
            "70612"
        }
        "INTRA_COMMUNITY_SUPPLY" => "70613",
        "EXPORT" => "70614",
        _ => "7061",
    }
}

/// One account choice: `rate` empty for every rate of the regime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AccountChoice {
    pub regime: String,
    #[serde(default)]
    pub rate: String,
    pub account: String,
}

/// The store's accounts, loaded once per export.
#[derive(Debug, Clone, Default)]
pub struct Accounts {
    chosen: Vec<AccountChoice>,
}

impl Accounts {
    pub async fn of(
        conn: &impl ConnectionTrait,
        store: StoreId,
    ) -> Result<Accounts, AccountingError> {
        Ok(Accounts {
            chosen: stored(conn, store).await?,
        })
    }

    /// The account of (regime, rate): the store's choice for that rate, else for the
    /// regime, else Orion's default.
    pub fn revenue(&self, regime: &str, rate: &str) -> &str {
        let find = |r: &str| {
            self.chosen
                .iter()
                .find(|c| c.regime == regime && c.rate == r)
                .map(|c| c.account.as_str())
        };
        find(rate)
            .or_else(|| find(""))
            .unwrap_or_else(|| default_account(regime))
    }
}

async fn stored(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<AccountChoice>, AccountingError> {
    use revenue_account::Column as C;
    Ok(revenue_account::Entity::find()
        .filter(C::StoreId.eq(store.0))
        .order_by_asc(C::Regime)
        .order_by_asc(C::Rate)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| AccountChoice {
            regime: m.regime,
            rate: m.rate,
            account: m.account,
        })
        .collect())
}

/// What the settings show: every regime with its account (the store's or the default),
/// then the store's per-rate choices.
pub async fn list(
    conn: &impl ConnectionTrait,
    store: StoreId,
) -> Result<Vec<AccountChoice>, AccountingError> {
    let accounts = Accounts::of(conn, store).await?;
    let mut out: Vec<AccountChoice> = REGIMES
        .iter()
        .map(|r| AccountChoice {
            regime: (*r).to_owned(),
            rate: String::new(),
            account: accounts.revenue(r, "").to_owned(),
        })
        .collect();
    out.extend(accounts.chosen.into_iter().filter(|c| !c.rate.is_empty()));
    Ok(out)
}

/// Checks the choices: known regimes, rates as percentages, accounts of 1–20 letters,
/// digits, dots or dashes, no (regime, rate) twice. Errors name `accounts[i].field`.
pub fn validate(choices: &[AccountChoice]) -> Result<Vec<AccountChoice>, Invalid> {
    let mut errors = Vec::new();
    let mut out: Vec<AccountChoice> = Vec::new();
    for (i, c) in choices.iter().enumerate() {
        let field = |f: &str| format!("accounts[{i}].{f}");
        let regime = c.regime.trim().to_ascii_uppercase();
        let rate = c.rate.trim().replace(',', ".");
        let account = c.account.trim().to_owned();
        if !REGIMES.contains(&regime.as_str()) {
            errors.push(FieldError::new(
                field("regime"),
                format!("must be one of {}", REGIMES.join(", ")),
            ));
        }
        if !rate.is_empty() && orion_vat::Rate::parse(&rate).is_err() {
            errors.push(FieldError::new(
                field("rate"),
                "must be a VAT rate in percent, e.g. 17",
            ));
        }
        let ok = (1..=20).contains(&account.chars().count())
            && account
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-');
        if !ok {
            errors.push(FieldError::new(
                field("account"),
                "must be 1 to 20 letters, digits, dots or dashes",
            ));
        }
        if out.iter().any(|o| o.regime == regime && o.rate == rate) {
            errors.push(FieldError::new(
                field("rate"),
                "is given twice for this regime",
            ));
        }
        out.push(AccountChoice {
            regime,
            rate,
            account,
        });
    }
    Invalid::check(errors)?;
    Ok(out)
}

/// Replaces the store's choices (an account equal to the regime's default is not stored).
pub async fn save(
    tx: &DatabaseTransaction,
    store: StoreId,
    choices: &[AccountChoice],
) -> Result<(), AccountingError> {
    let choices = validate(choices)?;
    revenue_account::Entity::delete_many()
        .filter(revenue_account::Column::StoreId.eq(store.0))
        .exec(tx)
        .await?;
    let rows: Vec<revenue_account::ActiveModel> = choices
        .into_iter()
        .filter(|c| !(c.rate.is_empty() && c.account == default_account(&c.regime)))
        .map(|c| revenue_account::ActiveModel {
            store_id: Set(store.0),
            regime: Set(c.regime),
            rate: Set(c.rate),
            account: Set(c.account),
            updated_at: Set(Utc::now()),
        })
        .collect();
    if !rows.is_empty() {
        revenue_account::Entity::insert_many(rows).exec(tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(regime: &str, rate: &str, account: &str) -> AccountChoice {
        AccountChoice {
            regime: regime.into(),
            rate: rate.into(),
            account: account.into(),
        }
    }

    #[test]
    fn rate_then_regime_then_default() {
        let a = Accounts {
            chosen: vec![c("DOMESTIC", "", "706100"), c("DOMESTIC", "3", "706103")],
        };
        assert_eq!(a.revenue("DOMESTIC", "3"), "706103");
        assert_eq!(a.revenue("DOMESTIC", "17"), "706100");
        assert_eq!(a.revenue("EXPORT", "0"), "70614");
    }

    #[test]
    fn choices_are_checked_and_named() {
        let err = validate(&[
            c("DOMESTIC", "", "70611"),
            c("NOPE", "", "x"),
            c("EXPORT", "abc", "7061 1"),
            c("domestic", "", "1"),
        ])
        .unwrap_err();
        let fields: Vec<&str> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "accounts[1].regime",
                "accounts[2].rate",
                "accounts[2].account",
                "accounts[3].rate"
            ]
        );
        assert_eq!(
            validate(&[c(" export ", "0,0", "7")]).unwrap()[0].rate,
            "0.0"
        );
    }
}
