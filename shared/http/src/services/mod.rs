//! Services, from the domain (`ecar_domain::services`), their lists as pages
//! and the bulk update's per-id report.

pub use ecar_domain::services::*;

pub mod bulk;
pub mod pages;
