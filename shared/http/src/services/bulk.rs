//! `POST /api/services/bulk_update`: the same changes applied to many
//! services, each exactly as a single update would (its own transaction and
//! rules), with a report per id.

use std::collections::HashSet;

use futures::{StreamExt, stream};
use serde::Serialize;
use utoipa::ToSchema;

use super::{
    ServiceError,
    update::{ServiceChanges, update},
};
use crate::{domain::ServiceId, http::ApiError, ports::Ports};

/// Most ids in one bulk update.
pub const MAX_BULK_IDS: usize = 1000;
/// Updates run at once: enough to finish 1000 within the function's time,
/// few enough not to fight over the shared counter items.
const CONCURRENCY: usize = 8;

/// A service the bulk update changed (or found already as asked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BulkUpdated {
    /// The service.
    pub id: String,
    /// Its version now.
    pub version: u64,
}

/// A service the bulk update did not change, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BulkRefused {
    /// The id as sent.
    pub id: String,
    /// The status a single update would have answered.
    pub status: u16,
    /// Why.
    pub detail: String,
}

/// The report of a bulk update, in the order of the ids sent (each id once).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct BulkUpdateReport {
    /// Services changed, or already as asked.
    pub updated: Vec<BulkUpdated>,
    /// Services left as they were.
    pub errors: Vec<BulkRefused>,
}

/// Applies `changes` to each service of `ids` (duplicates count once).
pub async fn bulk_update(
    ports: &Ports,
    ids: &[String],
    changes: &ServiceChanges,
) -> Result<BulkUpdateReport, ServiceError> {
    if ids.is_empty() || ids.len() > MAX_BULK_IDS {
        return Err(ServiceError::invalid(
            "ids",
            format!("must hold 1 to {MAX_BULK_IDS} ids"),
        ));
    }
    if changes.is_empty() {
        return Err(ServiceError::invalid(
            "changes",
            "must change at least one field",
        ));
    }
    let mut seen = HashSet::new();
    let unique: Vec<String> = ids
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect();
    let outcomes: Vec<(String, Result<u64, ApiError>)> = stream::iter(unique)
        .map(|id| async move {
            let outcome = match ServiceId::parse(&id) {
                Ok(service_id) => update(ports, &service_id, changes, None)
                    .await
                    .map(|service| service.version)
                    .map_err(ApiError::from),
                Err(_) => Err(ApiError::not_found()),
            };
            (id, outcome)
        })
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let mut report = BulkUpdateReport::default();
    for (id, outcome) in outcomes {
        match outcome {
            Ok(version) => report.updated.push(BulkUpdated { id, version }),
            Err(error) => report.errors.push(BulkRefused {
                id,
                status: error.status().as_u16(),
                detail: error.field_errors().first().map_or_else(
                    || error.detail().to_string(),
                    |field| format!("{}: {}", field.field, field.message),
                ),
            }),
        }
    }
    tracing::info!(
        updated = report.updated.len(),
        refused = report.errors.len(),
        "bulk update of services"
    );
    Ok(report)
}
