//! Invoicing use cases, one room each. Each takes the caller's transaction; issuing and
//! crediting allocate their number in it (see [`crate::numbering`]), so a rolled-back issue
//! leaves no gap.
//!
//! - [`issue`]: the invoice of an order (draft → number → document), with [`draft`] the
//!   pure VAT decision and amounts;
//! - [`credit`]: credit notes;
//! - [`payment`]: marking paid, recording the PDF;
//! - [`queries`]: finding and listing documents;
//! - [`documents`]: the stored snapshots; [`distance`]: the EU distance-sales totals.

pub mod credit;
pub mod distance;
pub mod documents;
pub(crate) mod draft;
pub(crate) mod events;
pub mod issue;
pub mod payment;
pub mod queries;

pub use credit::{CreditLineIn, CreditNoteIn, credit_note};
pub use documents::{Bucket, Buyer, Seller, VatIdEvidence, method_str, snapshot};
pub use issue::issue_for_order;
pub use payment::{mark_paid, record_pdf};
pub use queries::{
    InvoiceFilter, active_for_order, credit_notes_of, find, find_by_number, list, listing,
};
