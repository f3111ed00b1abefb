//! The audit log: an append-only record of every critical action (who, from
//! where, when, on what, and the fields it changed), written in the same
//! transaction as the change, so that neither exists without the other.
//!
//! Item: `pk = AUDIT#<id>`, `sk = AUDIT`, `entity = "audit"` (the record's
//! own kind of thing is `entity_kind`); three indexes,
//! each sorted by `<time>#<id>`: every record (`gsi1pk = AUDIT`), the
//! actor's (`gsi2pk = AUDIT#BY#<user id>`) and the entity's
//! (`gsi3pk = AUDIT#OF#<kind>#<id>`). Records expire through the table's TTL
//! after the configured retention. No route changes or deletes one.

pub mod changes;
pub mod list;

use std::net::IpAddr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use ulid::Ulid;

pub use changes::Changes;
pub use list::{AuditFilter, READ_BUDGET, page};

use crate::{
    Config,
    auth::role::Role,
    store::{EXPIRES_AT, Item, ItemError, Value, WriteOp, to_item},
};

/// The `entity` attribute of audit items.
pub const AUDIT_ENTITY: &str = "audit";
/// GSI1 partition of every audit record.
pub const ALL_PARTITION: &str = "AUDIT";

/// What kind of thing an action was on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AuditEntityKind))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A user account.
    User,
    /// An invoice.
    Invoice,
    /// A customer profile.
    Customer,
    /// The appointments schedule (a garage setting).
    Schedule,
    /// A service (a job on a car).
    Service,
    /// A car.
    Car,
    /// A bulk import or export of a resource (`customers`, `cars`...).
    Data,
}

impl EntityKind {
    /// Its name in JSON and keys.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::User => "user",
            EntityKind::Invoice => "invoice",
            EntityKind::Customer => "customer",
            EntityKind::Schedule => "schedule",
            EntityKind::Service => "service",
            EntityKind::Car => "car",
            EntityKind::Data => "data",
        }
    }

    /// The kind named `text`, if any.
    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::User,
            Self::Invoice,
            Self::Customer,
            Self::Schedule,
            Self::Service,
            Self::Car,
            Self::Data,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// What was done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// A staff or admin account was created.
    UserCreated,
    /// A user's names or email changed.
    UserUpdated,
    /// A user's role changed.
    UserRoleChanged,
    /// A user was deactivated (can no longer log in).
    UserDeactivated,
    /// A deactivated user was enabled again.
    UserReactivated,
    /// A staff or admin account was deleted.
    UserDeleted,
    /// A staff or admin user changed their password.
    PasswordChanged,
    /// An admin set another account's password (it had been forgotten).
    PasswordReset,
    /// An admin logged in.
    AdminLogin,
    /// A login to an admin account failed (wrong password, or disabled).
    AdminLoginFailed,
    /// An invoice was issued (numbered, its lines fixed).
    InvoiceIssued,
    /// An invoice was marked as paid.
    InvoicePaid,
    /// An invoice was cancelled.
    InvoiceCancelled,
    /// An invoice was refunded.
    InvoiceRefunded,
    /// A customer was deleted.
    CustomerDeleted,
    /// A customer's profile changed.
    CustomerUpdated,
    /// The appointments schedule (opening hours, capacity...) changed.
    ScheduleUpdated,
    /// A completed service's items (prices, quantities) changed.
    ServiceItemsChanged,
    /// A service was deleted.
    ServiceDeleted,
    /// A car was deleted.
    CarDeleted,
    /// Rows were imported in bulk (CSV, zip of PDFs, bulk update).
    DataImported,
    /// A resource was exported (CSV).
    DataExported,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 22] = [
        Self::UserCreated,
        Self::UserUpdated,
        Self::UserRoleChanged,
        Self::UserDeactivated,
        Self::UserReactivated,
        Self::UserDeleted,
        Self::PasswordChanged,
        Self::PasswordReset,
        Self::AdminLogin,
        Self::AdminLoginFailed,
        Self::InvoiceIssued,
        Self::InvoicePaid,
        Self::InvoiceCancelled,
        Self::InvoiceRefunded,
        Self::CustomerDeleted,
        Self::CustomerUpdated,
        Self::ScheduleUpdated,
        Self::ServiceItemsChanged,
        Self::ServiceDeleted,
        Self::CarDeleted,
        Self::DataImported,
        Self::DataExported,
    ];

    /// Its name in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserCreated => "user_created",
            Self::UserUpdated => "user_updated",
            Self::UserRoleChanged => "user_role_changed",
            Self::UserDeactivated => "user_deactivated",
            Self::UserReactivated => "user_reactivated",
            Self::UserDeleted => "user_deleted",
            Self::PasswordChanged => "password_changed",
            Self::PasswordReset => "password_reset",
            Self::AdminLogin => "admin_login",
            Self::AdminLoginFailed => "admin_login_failed",
            Self::InvoiceIssued => "invoice_issued",
            Self::InvoicePaid => "invoice_paid",
            Self::InvoiceCancelled => "invoice_cancelled",
            Self::InvoiceRefunded => "invoice_refunded",
            Self::CustomerDeleted => "customer_deleted",
            Self::CustomerUpdated => "customer_updated",
            Self::ScheduleUpdated => "schedule_updated",
            Self::ServiceItemsChanged => "service_items_changed",
            Self::ServiceDeleted => "service_deleted",
            Self::CarDeleted => "car_deleted",
            Self::DataImported => "data_imported",
            Self::DataExported => "data_exported",
        }
    }

    /// The action named `text`, if any.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == text)
    }

    /// What kind of thing it is done to.
    pub fn entity_kind(self) -> EntityKind {
        match self {
            Self::UserCreated
            | Self::UserUpdated
            | Self::UserRoleChanged
            | Self::UserDeactivated
            | Self::UserReactivated
            | Self::UserDeleted
            | Self::PasswordChanged
            | Self::PasswordReset
            | Self::AdminLogin
            | Self::AdminLoginFailed => EntityKind::User,
            Self::InvoiceIssued
            | Self::InvoicePaid
            | Self::InvoiceCancelled
            | Self::InvoiceRefunded => EntityKind::Invoice,
            Self::CustomerDeleted | Self::CustomerUpdated => EntityKind::Customer,
            Self::ScheduleUpdated => EntityKind::Schedule,
            Self::ServiceItemsChanged | Self::ServiceDeleted => EntityKind::Service,
            Self::CarDeleted => EntityKind::Car,
            Self::DataImported | Self::DataExported => EntityKind::Data,
        }
    }
}

/// Who acted, as the record keeps it (their name as it was then).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditActor {
    /// Their user id; absent for a failed login to an account that was not theirs to name.
    pub user_id: Option<String>,
    /// Their display name.
    pub name: Option<String>,
    /// Their role at the time.
    pub role: Option<Role>,
    /// The client address, when the host knows it.
    pub ip: Option<String>,
}

impl AuditActor {
    /// The operator, through a command (`ecar seed`...): no user of the app.
    pub fn operator(command: &str) -> Self {
        Self {
            user_id: None,
            name: Some(command.into()),
            role: None,
            ip: None,
        }
    }

    /// A signed-in user.
    pub fn user(
        user_id: impl Into<String>,
        name: impl Into<String>,
        role: Role,
        ip: Option<IpAddr>,
    ) -> Self {
        Self {
            user_id: Some(user_id.into()),
            name: Some(name.into()),
            role: Some(role),
            ip: ip.map(|ip| ip.to_string()),
        }
    }
}

/// One audit record, as stored and as admins read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    /// Unique, time-sortable.
    pub id: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: AuditActor,
    /// What was done.
    pub action: AuditAction,
    /// What kind of thing it was done to.
    pub entity_kind: EntityKind,
    /// Which one.
    pub entity_id: String,
    /// What it was called then (a username, an invoice number, a customer's
    /// name), so that the record still reads after a deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The changed fields before the action (absent for a creation or a login).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>))]
    pub before: Option<Map<String, Json>>,
    /// The changed fields after it (absent for a deletion or a login).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<std::collections::HashMap<String, serde_json::Value>>))]
    pub after: Option<Map<String, Json>>,
}

impl AuditRecord {
    /// A record of `action` on `entity_id` by `actor` at `at`, with the fields it changed.
    pub fn new(
        actor: AuditActor,
        action: AuditAction,
        entity_id: impl Into<String>,
        changes: Changes,
        at: DateTime<Utc>,
    ) -> Self {
        let id = Ulid::from_parts(
            u64::try_from(at.timestamp_millis()).unwrap_or_default(),
            rand::random(),
        )
        .to_string();
        Self {
            id,
            at,
            actor,
            action,
            entity_kind: action.entity_kind(),
            entity_id: entity_id.into(),
            label: None,
            before: changes.before,
            after: changes.after,
        }
    }

    /// The same record naming the thing it is about.
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Where it sorts in each index: by time, then id.
    pub fn sort_key(&self) -> String {
        sort_key_at(self.at, &self.id)
    }

    /// Its stored item, with its index attributes and expiry.
    pub fn item(&self, config: &Config) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        let sort_key = self.sort_key();
        let mut set = |name: &str, value: String| {
            item.insert(name.into(), Value::s(value));
        };
        set("pk", format!("AUDIT#{}", self.id));
        set("sk", "AUDIT".into());
        set("entity", AUDIT_ENTITY.into());
        set("gsi1pk", ALL_PARTITION.into());
        set("gsi1sk", sort_key.clone());
        if let Some(user_id) = &self.actor.user_id {
            set("gsi2pk", actor_partition(user_id));
            set("gsi2sk", sort_key.clone());
        }
        set(
            "gsi3pk",
            entity_partition(self.entity_kind, &self.entity_id),
        );
        set("gsi3sk", sort_key);
        if let Some(retention) = config.audit_retention {
            let expires = self.at.timestamp() + i64::try_from(retention.as_secs()).unwrap_or(0);
            item.insert(EXPIRES_AT.into(), Value::n(expires));
        }
        Ok(item)
    }

    /// The write adding it: a create, never a replacement. Put it in the
    /// transaction of the change it records.
    pub fn op(&self, config: &Config) -> Result<WriteOp, ItemError> {
        Ok(WriteOp::create(self.item(config)?))
    }
}

/// The sort key of a record at `at` with `id`: the time to the millisecond
/// (fixed width, so that text order is time order), then the id.
pub fn sort_key_at(at: DateTime<Utc>, id: &str) -> String {
    format!("{}#{id}", at.to_rfc3339_opts(SecondsFormat::Millis, true))
}

/// GSI2 partition of the records of what `user_id` did.
pub fn actor_partition(user_id: &str) -> String {
    format!("AUDIT#BY#{user_id}")
}

/// GSI3 partition of the records of what was done to one entity.
pub fn entity_partition(kind: EntityKind, id: &str) -> String {
    format!("AUDIT#OF#{}#{id}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_name_that_reads_back() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            assert_eq!(
                serde_json::to_value(action).unwrap(),
                Json::String(action.as_str().into())
            );
        }
        assert_eq!(AuditAction::parse("user_hacked"), None);
    }

    #[test]
    fn a_record_is_created_once_in_three_indexes_and_expires() {
        let at: DateTime<Utc> = "2026-12-07T21:00:00.5Z".parse().unwrap();
        let actor = AuditActor::user("u1", "Amira Test", Role::Admin, "10.0.0.7".parse().ok());
        let record = AuditRecord::new(
            actor,
            AuditAction::UserDeleted,
            "u2",
            Changes::default(),
            at,
        );
        let config = Config::default();
        let WriteOp::Put { item, condition } = record.op(&config).unwrap() else {
            panic!("a record is a put");
        };
        assert_eq!(condition, Some(crate::store::Condition::NotExists));
        assert_eq!(item["gsi1pk"], Value::s("AUDIT"));
        assert_eq!(item["gsi2pk"], Value::s("AUDIT#BY#u1"));
        assert_eq!(item["gsi3pk"], Value::s("AUDIT#OF#user#u2"));
        let sort_key = format!("2026-12-07T21:00:00.500Z#{}", record.id);
        assert_eq!(item["gsi3sk"], Value::s(sort_key));
        let two_years = at.timestamp() + 730 * 24 * 3600;
        assert_eq!(item[EXPIRES_AT], Value::n(two_years));
        let kept = Config {
            audit_retention: None,
            ..Config::default()
        };
        assert!(!record.item(&kept).unwrap().contains_key(EXPIRES_AT));
    }
}
