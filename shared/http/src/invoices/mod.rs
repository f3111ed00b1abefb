//! Invoices, from the domain (`ecar_domain::invoices`), and the bulk PDF
//! upload's per-file report.

pub use ecar_domain::invoices::*;

pub mod bulk;
