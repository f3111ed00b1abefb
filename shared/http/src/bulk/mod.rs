//! Bulk import (`bulk_create`: a JSON array or CSV with a header row, a
//! report per row) and CSV export (streamed page by page), with the routes'
//! scaffolding that every resource shares ([`route::BulkCreate`],
//! [`export::CsvExport`]).

pub mod export;
pub mod import;
pub mod route;

use crate::idempotency::Answer;
use serde::Serialize;
use utoipa::{
    ToSchema,
    openapi::{
        RefOr, Schema,
        schema::{ArrayBuilder, ObjectBuilder, SchemaType},
    },
};

use crate::http::FieldError;

/// Why one row was not created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RowErrors {
    /// The row, counted from 1 (the CSV header row is not counted).
    pub row: usize,
    /// What is wrong with it.
    pub errors: Vec<FieldError>,
}

/// The JSON body of a bulk create, as the OpenAPI document shows it: 1 to
/// [`import::MAX_ROWS`] rows. The request is refused only as a whole (not an
/// array, no rows, too many); each row is then checked on its own, and an
/// invalid row is reported in the answer, so the row schema is not the body's.
pub struct JsonRows;

impl utoipa::PartialSchema for JsonRows {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(SchemaType::AnyValue))
            .min_items(Some(1))
            .max_items(Some(import::MAX_ROWS))
            .description(Some(
                "Rows, each an object as the single create takes it; an invalid row is \
                 reported in the answer's `errors`, the valid ones are created.",
            ))
            .into()
    }
}

impl ToSchema for JsonRows {}

/// The answer of a bulk create: what was created, in row order, and why the
/// other rows were not. Each row is created whole or not at all.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BulkReport<T> {
    /// The entities created.
    pub created: Vec<T>,
    /// The rows refused.
    pub errors: Vec<RowErrors>,
}

use std::future::Future;

use chrono::{DateTime, Utc};
use futures::{StreamExt, stream};
use serde::de::DeserializeOwned;

use crate::{
    http::ApiError,
    idempotency::{Created, Idempotent},
    store::{StoreError, Table},
};
use import::Row;

/// Rows created at once (each is its own transaction).
const CONCURRENT_ROWS: usize = 8;

/// Ties an idempotency key to this request's body before anything is
/// created: the same key with another body is a 409.
pub async fn claim(
    table: &dyn Table,
    idempotent: &Idempotent,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let claim = idempotent.record_op(Answer::Claimed, &serde_json::json!({}), now);
    match table.write(claim).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => match idempotent.after_race(table).await {
            Ok(_) => Ok(()),
            Err(error) => Err(error.into()),
        },
        Err(error) => Err(error.into()),
    }
}

/// A check of a row against the earlier rows: the field it names, and the
/// value that must not repeat (`Sync`, so that a route's future holding
/// the checks stays `Send`).
pub type UniqueValue<'a, N> = (&'static str, &'a (dyn Fn(&N) -> Option<String> + Sync));

/// Refuses a row that repeats a unique value of an earlier row, so that
/// which of two such rows wins never depends on timing.
pub fn refuse_repeats<N>(
    checked: Vec<(Row, N)>,
    unique: &[UniqueValue<'_, N>],
    errors: &mut Vec<RowErrors>,
) -> Vec<(Row, N)> {
    let mut seen: Vec<(&'static str, String, usize)> = Vec::new();
    let mut kept = Vec::with_capacity(checked.len());
    'rows: for (row, new) in checked {
        let values: Vec<(&'static str, String)> = unique
            .iter()
            .filter_map(|(field, value_of)| Some((*field, value_of(&new)?)))
            .collect();
        for (field, value) in &values {
            if let Some((_, _, first)) = seen.iter().find(|(f, v, _)| f == field && v == value) {
                errors.push(row.error(field, format!("repeats row {first}")));
                continue 'rows;
            }
        }
        seen.extend(
            values
                .into_iter()
                .map(|(field, value)| (field, value, row.number)),
        );
        kept.push((row, new));
    }
    kept
}

/// Creates the checked rows with `create`, a few at a time, each under its
/// own part of the idempotency key; `errors` (of the rows refused before)
/// join the report.
pub async fn create_rows<N, T, F, Fut>(
    checked: Vec<(Row, N)>,
    mut errors: Vec<RowErrors>,
    idempotent: Option<&Idempotent>,
    create: F,
) -> BulkReport<T>
where
    F: Fn(N, Option<Idempotent>) -> Fut,
    Fut: Future<Output = Result<Created<T>, ApiError>>,
    T: DeserializeOwned,
{
    let outcomes: Vec<(Row, Result<Created<T>, ApiError>)> = stream::iter(checked)
        .map(|(row, new)| {
            let part = idempotent.map(|key| {
                key.part(
                    &format!("row-{}", row.number),
                    row.value.to_string().as_bytes(),
                )
            });
            let created = create(new, part);
            async move { (row, created.await) }
        })
        .buffered(CONCURRENT_ROWS)
        .collect()
        .await;
    let mut created = Vec::new();
    for (row, outcome) in outcomes {
        match outcome {
            Ok(Created::New(entity)) => created.push(entity),
            Ok(Created::Replayed(first)) => match serde_json::from_value(first.body) {
                Ok(entity) => created.push(entity),
                Err(error) => {
                    tracing::error!(error = %error, "unreadable idempotency record of a bulk row");
                    errors.push(row.error("row", "could not be replayed; retry without the key"));
                }
            },
            Err(error) => errors.push(row.errors_of(&error)),
        }
    }
    errors.sort_by_key(|row| row.row);
    BulkReport { created, errors }
}
