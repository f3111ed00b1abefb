//! The audit log over HTTP: the filters its lists take, who the caller is
//! as a record names them, and the records of bulk imports and exports.

use chrono::{DateTime, Utc};
use ecar_domain::audit::{AuditAction, AuditActor, AuditFilter, AuditRecord, Changes, EntityKind};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{AppState, auth::Caller, http::ApiError};

impl Caller {
    /// The caller as an audit record names them.
    pub fn audit_actor(&self) -> AuditActor {
        AuditActor::user(&self.user_id, &self.name, self.role, self.source_ip)
    }
}

/// Filters of the audit log; each narrows it.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Done by this user (their id).
    pub user: Option<String>,
    /// Done to this kind of thing: `user`, `invoice`, `customer`, `schedule`,
    /// `service`, `car` or `data` (bulk imports and exports).
    #[param(value_type = Option<EntityKind>)]
    pub entity_kind: Option<String>,
    /// Done to this one (with `entity_kind`).
    pub entity_id: Option<String>,
    /// This action (`user_deactivated`, `invoice_refunded`...).
    #[param(value_type = Option<AuditAction>)]
    pub action: Option<String>,
    /// At or after this time (RFC 3339).
    pub from: Option<String>,
    /// At or before this time (RFC 3339).
    pub to: Option<String>,
}

impl AuditParams {
    /// The filter these parameters say, or a 400 naming the bad one.
    pub fn filter(&self) -> Result<AuditFilter, ApiError> {
        let time = |field: &'static str, text: &Option<String>| {
            text.as_deref()
                .map(|text| {
                    DateTime::parse_from_rfc3339(text)
                        .map(|at| at.with_timezone(&Utc))
                        .map_err(|_| ApiError::invalid_field(field, "is not an RFC 3339 time"))
                })
                .transpose()
        };
        let kind = self
            .entity_kind
            .as_deref()
            .map(|text| {
                EntityKind::parse(text).ok_or_else(|| {
                    ApiError::invalid_field(
                        "entity_kind",
                        "is not one of user, invoice, customer, schedule, service, car, data",
                    )
                })
            })
            .transpose()?;
        if self.entity_id.is_some() && kind.is_none() {
            return Err(ApiError::invalid_field("entity_id", "needs entity_kind"));
        }
        let action = self
            .action
            .as_deref()
            .map(|text| {
                AuditAction::parse(text)
                    .ok_or_else(|| ApiError::invalid_field("action", "is not an audited action"))
            })
            .transpose()?;
        let filter = AuditFilter {
            actor: self.user.clone(),
            kind,
            entity_id: self.entity_id.clone(),
            action,
            from: time("from", &self.from)?,
            to: time("to", &self.to)?,
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && to < from
        {
            return Err(ApiError::invalid_field("to", "is before from"));
        }
        Ok(filter)
    }
}

/// What a page of the log is bound to in its cursor: the filter it reads.
pub fn cursor_binding(caller: &Caller, filter: &AuditFilter) -> String {
    let or_any = |value: Option<&str>| value.unwrap_or("*").to_string();
    format!(
        "audit|{}|{}|{}|{}|{}|{}|{}",
        caller.user_id,
        or_any(filter.actor.as_deref()),
        or_any(filter.kind.map(EntityKind::as_str)),
        or_any(filter.entity_id.as_deref()),
        or_any(filter.action.map(AuditAction::as_str)),
        or_any(filter.from.map(|at| at.to_rfc3339()).as_deref()),
        or_any(filter.to.map(|at| at.to_rfc3339()).as_deref()),
    )
}

/// Records a bulk import or an export of `resource` (`customers`, `cars`...)
/// by `caller`, with `summary` (counts, the route) as what it did. It is a
/// write of its own: an import's rows are written in many transactions, and
/// an export changes nothing.
pub async fn record_bulk(
    state: &AppState,
    caller: &Caller,
    action: AuditAction,
    resource: &str,
    summary: serde_json::Value,
) -> Result<(), ApiError> {
    let serde_json::Value::Object(summary) = summary else {
        return Err(ApiError::internal());
    };
    let changes = Changes {
        before: None,
        after: Some(summary),
    };
    let record = AuditRecord::new(
        caller.audit_actor(),
        action,
        resource,
        changes,
        state.clock.now(),
    )
    .labelled(resource);
    let op = record.op(&state.config).map_err(|error| {
        tracing::error!(error = %error, "audit record not built");
        ApiError::internal()
    })?;
    state.table.write(op).await?;
    Ok(())
}

/// Records an import that already happened: a failure to record it is
/// logged, and the caller still gets the import's report (its rows are
/// written; an error would invite a retry that imports them again).
pub async fn record_import(
    state: &AppState,
    caller: &Caller,
    resource: &str,
    summary: serde_json::Value,
) {
    if let Err(error) =
        record_bulk(state, caller, AuditAction::DataImported, resource, summary).await
    {
        tracing::error!(error = %error, resource, "bulk import not audited");
    }
}
