//! Cars, from the domain (`ecar_domain::cars`), and their lists as pages.

pub use ecar_domain::cars::*;

pub mod pages;
