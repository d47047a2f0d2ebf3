//! `orion orders confirm|ship|deliver|cancel --store CODE NUMBER`: the order lifecycle from
//! the command line, through the same order service as the web UI and the API (stock,
//! history, customer statistics and the Letzshop outbox follow alike).

use orion_kernel::{OrderId, StoreId};
use orion_orders::service;

#[derive(clap::Subcommand, Debug)]
pub enum OrdersCommand {
    /// Confirm every pending item (reserving stock) and move the order to processing.
    Confirm {
        #[command(flatten)]
        order: OrderArg,
    },
    /// Ship the order (fulfils its reserved stock), with its tracking.
    Ship {
        #[command(flatten)]
        order: OrderArg,
        /// Tracking number.
        #[arg(long)]
        tracking: Option<String>,
        /// Carrier, e.g. dhl, post-lu.
        #[arg(long)]
        carrier: Option<String>,
    },
    /// Mark a shipped order delivered.
    Deliver {
        #[command(flatten)]
        order: OrderArg,
    },
    /// Cancel the order: releases its stock; items nobody decided are declined (Letzshop
    /// is told).
    Cancel {
        #[command(flatten)]
        order: OrderArg,
        /// Why (kept in the order's history).
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(clap::Args, Debug)]
pub struct OrderArg {
    /// Store code, e.g. ACME-LU.
    #[arg(long)]
    store: String,
    /// Order number, e.g. ORD-ACME-LU-20261205-7KQ2MX or LS-ACME-LU-R1234.
    number: String,
}

pub async fn run(cmd: OrdersCommand) -> anyhow::Result<()> {
    let order = match &cmd {
        OrdersCommand::Confirm { order }
        | OrdersCommand::Ship { order, .. }
        | OrdersCommand::Deliver { order }
        | OrdersCommand::Cancel { order, .. } => order,
    };
    let (db, store) = super::open_store(&order.store).await?;
    let store = StoreId(store.id);
    let tx = db.begin_write().await?;
    let o = service::find_by_number(&tx, store, &order.number)
        .await
        .map_err(super::failure)?;
    let id = OrderId(o.id);
    let done = match cmd {
        OrdersCommand::Confirm { .. } => service::confirm(&tx, store, id, None).await,
        OrdersCommand::Ship {
            tracking, carrier, ..
        } => service::ship(&tx, store, id, tracking, carrier, None).await,
        OrdersCommand::Deliver { .. } => service::deliver(&tx, store, id, None).await,
        OrdersCommand::Cancel { reason, .. } => service::cancel(&tx, store, id, reason, None).await,
    }
    .map_err(super::failure)?;
    tx.commit().await?;
    println!("order {} is now {}", done.order_number, done.status);
    Ok(())
}
