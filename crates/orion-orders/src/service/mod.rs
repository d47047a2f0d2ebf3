//! The order service: one room per use case. Every state change runs in the caller's write
//! transaction together with its stock effect (inventory), quota (billing), customer
//! statistics (customers), history entry and [events](crate::events), whoever calls it.
//!
//! - [`create`]: a direct order;
//! - [`lifecycle`]: confirm, decide items, ship, deliver, cancel, refund, release held;
//! - [`exceptions`]: items that match no product;
//! - [`statistics`]: customer statistics from orders;
//! - [`settings`]: the store's order settings;
//! - [`queries`]: reading orders and the list;
//! - marketplace imports are [`crate::marketplace`].

pub mod create;
pub mod exception_groups;
pub mod exceptions;
pub mod invoiced;
pub mod lifecycle;
pub mod queries;
pub mod settings;
pub mod short_of_stock;
pub mod statistics;
pub(crate) mod steps;

pub use create::{
    Created, CustomerIn, DirectOrderIn, ItemIn, Priced, PricedLine, create_direct, price,
    quote_direct,
};
pub use exception_groups::{
    ExceptionGroup, GroupResolved, open_group_count, open_groups, resolve_group,
};
pub use exceptions::{auto_resolve, match_product, open_exceptions, resolve_item};
pub use invoiced::set_invoiced;
pub use lifecycle::{cancel, confirm, decide_item, deliver, refund, release_held, ship};
pub use queries::{
    ATTENTION, OrderFilter, SORTS, count, cursor_order, exceptions_of, find, find_by_number,
    has_held, history_of, ids_matching, items, items_of_orders, list, list_counted, order_numbers,
    page_after, walk,
};
pub use settings::{allow_backorders, set_allow_backorders};
pub use statistics::{recompute_all, refresh_customer};
