//! Bulk import (`bulk_create`: a JSON array or CSV with a header row, a
//! report per row) and CSV export (streamed page by page).

pub mod export;
pub mod import;

use serde::Serialize;
use utoipa::ToSchema;

use crate::http::FieldError;

/// Why one row was not created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowErrors {
    /// The row, counted from 1 (the CSV header row is not counted).
    pub row: usize,
    /// What is wrong with it.
    pub errors: Vec<FieldError>,
}

/// The answer of a bulk create: what was created, in row order, and why the
/// other rows were not. Each row is created whole or not at all.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BulkReport<T> {
    /// The entities created.
    pub created: Vec<T>,
    /// The rows refused.
    pub errors: Vec<RowErrors>,
}
