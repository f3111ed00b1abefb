//! The audit log over HTTP: the filters its lists take, who the caller is
//! as a record names them, and its CSV export.

use std::sync::Arc;

use axum::response::Response;
use chrono::{DateTime, Utc};
use ecar_domain::{
    audit::{AuditAction, AuditActor, AuditFilter, AuditRecord, EntityKind},
    store::{Item, ItemError, from_item},
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    AppState,
    auth::Caller,
    bulk::export::{CsvExport, time_cell},
    http::ApiError,
};

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
    /// Done to this kind of thing: `user`, `invoice`, `customer` or `schedule`.
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
                        "is not one of user, invoice, customer, schedule",
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
        or_any(filter.from.map(time_cell).as_deref()),
        or_any(filter.to.map(time_cell).as_deref()),
    )
}

const EXPORT_COLUMNS: [&str; 12] = [
    "at",
    "actor_name",
    "actor_role",
    "actor_ip",
    "actor_user_id",
    "action",
    "entity_kind",
    "entity_id",
    "label",
    "before",
    "after",
    "id",
];

fn record_cells(item: Item) -> Result<Vec<String>, ItemError> {
    let record: AuditRecord = from_item(item)?;
    let json = |fields: Option<serde_json::Map<String, serde_json::Value>>| {
        fields
            .map(|fields| serde_json::Value::Object(fields).to_string())
            .unwrap_or_default()
    };
    let actor = record.actor;
    Ok(vec![
        time_cell(record.at),
        actor.name.unwrap_or_default(),
        actor.role.map(|role| role.to_string()).unwrap_or_default(),
        actor.ip.unwrap_or_default(),
        actor.user_id.unwrap_or_default(),
        record.action.as_str().into(),
        record.entity_kind.as_str().into(),
        record.entity_id,
        record.label.unwrap_or_default(),
        json(record.before),
        json(record.after),
        record.id,
    ])
}

/// The records `filter` keeps as CSV, newest first.
pub fn export(state: &AppState, caller: &Caller, filter: AuditFilter) -> Response {
    const EXPORT: CsvExport = CsvExport {
        entity: "audit record",
        columns: &EXPORT_COLUMNS,
        to_cells: record_cells,
        file_name: "audit.csv",
    };
    let query = filter.query();
    let keep = Arc::new(move |item: &Item| filter.keeps(item));
    EXPORT.respond_filtered(state.table.clone(), query, keep, &caller.user_id)
}
