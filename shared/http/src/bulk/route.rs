//! The bulk create route, once for every resource: the idempotency key,
//! the rows, the key's claim, each row checked on its own, repeated unique
//! values refused, the rows created, and the report. A resource brings only
//! its columns, its row check, its unique values and its create.

use crate::http::idempotency::idempotency_key;
use std::future::Future;

use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

use super::{
    BulkReport, RowErrors, UniqueValue, claim, create_rows,
    import::{self, Columns, Row},
    refuse_repeats,
};
use crate::{
    AppState,
    auth::Caller,
    http::ApiError,
    idempotency::{Created, Idempotent},
};

/// What one resource's bulk create is made of.
pub struct BulkCreate<'a, N> {
    /// The route an idempotency key is bound to (`POST /api/cars/bulk_create`).
    pub route: &'static str,
    /// What a row creates, as the log names it (`car`).
    pub entity: &'static str,
    /// The columns of a CSV body.
    pub columns: &'a Columns,
    /// Values that no two rows may share (see [`refuse_repeats`]).
    pub unique: &'a [UniqueValue<'a, N>],
}

impl<N> BulkCreate<'_, N> {
    /// Answers a bulk create: each row is read by `check`, and the valid ones
    /// not repeating an earlier row are created by `create`, under their own
    /// part of the request's idempotency key.
    pub async fn run<T, Check, Create, Fut>(
        &self,
        state: &AppState,
        caller: &Caller,
        headers: &HeaderMap,
        body: &[u8],
        check: Check,
        create: Create,
    ) -> Result<BulkReport<T>, ApiError>
    where
        Check: Fn(&Row) -> Result<N, RowErrors>,
        Create: Fn(N, Option<Idempotent>) -> Fut,
        Fut: Future<Output = Result<Created<T>, ApiError>>,
        T: DeserializeOwned,
    {
        let idempotent = idempotency_key(headers, &caller.user_id, self.route, body)?;
        let rows = import::rows(headers, body, self.columns)?;
        if let Some(idempotent) = &idempotent {
            claim(state.table.as_ref(), idempotent, state.clock.now()).await?;
        }
        let mut errors = Vec::new();
        let mut checked = Vec::new();
        for row in rows {
            match check(&row) {
                Ok(new) => checked.push((row, new)),
                Err(row_errors) => errors.push(row_errors),
            }
        }
        let checked = refuse_repeats(checked, self.unique, &mut errors);
        let report = create_rows(checked, errors, idempotent.as_ref(), create).await;
        tracing::info!(
            created = report.created.len(),
            refused = report.errors.len(),
            actor = %caller.user_id,
            "bulk {} create",
            self.entity
        );
        let summary = serde_json::json!({
            "route": self.route,
            "created": report.created.len(),
            "refused": report.errors.len(),
        });
        crate::audit::record_import(state, caller, self.entity, summary).await;
        Ok(report)
    }
}
