//! Changing a profile: optimistic on its version, with its search index
//! items and its login (email, guard and names) in the same transaction.

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use super::{Customer, CustomerError, customer_key, get, search};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    auth::{AuthError, sessions, users, users::User},
    ports::Ports,
    store::{Change, Condition, ItemError, StoreError, Table, Value, WriteOp, from_item},
    values::{Address, CustomerId, Email, Notes, PersonName, PhoneNumber},
};

/// Changes to a profile; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileChanges {
    /// New given name.
    pub first_name: Option<PersonName>,
    /// New family name.
    pub last_name: Option<PersonName>,
    /// New email (the login's too).
    pub email: Option<Email>,
    /// New phone number.
    pub phone: Option<PhoneNumber>,
    /// New address.
    pub address: Option<Address>,
    /// New notes.
    pub notes: Option<Notes>,
}

/// Attributes of the profile item an update rewrites.
const UPDATED_ATTRIBUTES: [&str; 9] = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "notes",
    "version",
    "updated_at",
    "gsi2sk",
];

fn pick<T: Clone>(new: &Option<T>, old: &T) -> T {
    new.clone().unwrap_or_else(|| old.clone())
}

impl ProfileChanges {
    fn apply(&self, customer: &Customer) -> Customer {
        let mut changed = customer.clone();
        changed.first_name = pick(&self.first_name, &customer.first_name);
        changed.last_name = pick(&self.last_name, &customer.last_name);
        changed.email = pick(&self.email, &customer.email);
        changed.phone = pick(&self.phone, &customer.phone);
        changed.address = pick(&self.address, &customer.address);
        changed.notes = pick(&self.notes, &customer.notes);
        changed
    }
}

/// The writes taking a stored profile from `current` to `updated` (whose
/// version is already the next): the profile, conditional on the version
/// it replaces, then its search index items.
fn profile_write_ops(current: &Customer, updated: &Customer) -> Result<Vec<WriteOp>, ItemError> {
    let item = updated.item()?;
    let mut ops = vec![WriteOp::Update {
        key: updated.key(),
        changes: UPDATED_ATTRIBUTES
            .iter()
            .filter_map(|name| Some(Change::Set((*name).into(), item.get(*name)?.clone())))
            .collect(),
        condition: Some(Condition::Equals(
            "version".into(),
            Value::n(current.version),
        )),
    }];
    ops.extend(search::replace_ops(current, updated));
    Ok(ops)
}

/// The writes bringing a customer's profile in line with their login, whose
/// email or names changed (the auth routes add them to their transaction).
/// Names the profile cannot hold (a login may have an empty name) are left.
pub async fn follow_login_ops(
    table: &dyn Table,
    user: &User,
    now: DateTime<Utc>,
) -> Result<Vec<WriteOp>, AuthError> {
    let Some(id) = user
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
    else {
        return Ok(Vec::new());
    };
    let Some(item) = table.get(&customer_key(id.as_str())).await? else {
        return Ok(Vec::new());
    };
    let current: Customer = from_item(item)?;
    let mut updated = current.clone();
    updated.email = user.email.clone();
    if let Ok(name) = PersonName::parse(&user.first_name) {
        updated.first_name = name;
    }
    if let Ok(name) = PersonName::parse(&user.last_name) {
        updated.last_name = name;
    }
    if updated.profile() == current.profile() {
        return Ok(Vec::new());
    }
    updated.version = current.version + 1;
    updated.updated_at = now;
    Ok(profile_write_ops(&current, &updated)?)
}

/// Applies `changes` to customer `id`, if `expected_version` (when given)
/// is current, recording who did it in the audit log. A change that changes
/// nothing writes nothing.
pub async fn update(
    ports: &Ports,
    id: &CustomerId,
    changes: &ProfileChanges,
    expected_version: Option<u64>,
    actor: &AuditActor,
    source_ip: Option<IpAddr>,
) -> Result<Customer, CustomerError> {
    let table = ports.table.as_ref();
    let current = get(table, id).await?.ok_or(CustomerError::NotFound)?;
    if expected_version.is_some_and(|version| version != current.version) {
        return Err(CustomerError::StaleVersion);
    }
    let mut updated = changes.apply(&current);
    if updated.profile() == current.profile() {
        return Ok(current);
    }
    let now = ports.clock.now();
    updated.version = current.version + 1;
    updated.updated_at = now;

    let mut ops = profile_write_ops(&current, &updated)?;
    let changes = Changes::between(&current, &updated, &[])?;
    let record = AuditRecord::new(
        actor.clone(),
        AuditAction::CustomerUpdated,
        id.as_str(),
        changes,
        now,
    )
    .labelled(format!("{} {}", updated.first_name, updated.last_name));
    ops.push(record.op(&ports.config)?);

    // The login shows the same names and email, and owns the email guard.
    let login_changed = updated.email != current.email
        || updated.first_name != current.first_name
        || updated.last_name != current.last_name;
    let login = if login_changed {
        users::get_user(table, &current.user_id).await?
    } else {
        None
    };
    let mut login_at = None;
    let synced_login = login.map(|user| {
        let mut synced = user.clone();
        synced.email = updated.email.clone();
        synced.first_name = updated.first_name.to_string();
        synced.last_name = updated.last_name.to_string();
        // A username that was the email (the default) follows it.
        if user.username == user.email.as_str() {
            synced.username = synced.email.to_string();
        }
        synced.version = user.version + 1;
        synced.updated_at = now;
        (user, synced)
    });
    if let Some((user, synced)) = &synced_login {
        login_at = Some(ops.len());
        ops.push(users::replace_op(synced, user.version)?);
        if synced.email != user.email {
            // The guard moves: a delete of the old one, then the new one.
            ops.extend(users::move_email_guard_ops(synced, &user.email));
            ops.extend(users::email_not_a_username_check(synced));
        }
        if synced.username != user.username {
            ops.push(WriteOp::Delete {
                key: users::username_guard_key(&user.username),
                condition: Some(Condition::Equals("user_id".into(), Value::s(&user.id))),
            });
            ops.push(WriteOp::create(users::username_guard_item(synced)));
        }
    }

    // Whichever login guard is taken, the client changed the email.
    let taken = users::TakenFields::of(&ops);
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { index: 0 } => CustomerError::StaleVersion,
        error if taken.field(&error).is_some() => CustomerError::Taken("email"),
        StoreError::ConditionFailed { index } if Some(index) == login_at => {
            CustomerError::Refused("The customer's login changed meanwhile; retry.".into())
        }
        other => CustomerError::Store(other),
    })?;
    if let Some((_, synced)) = &synced_login {
        ports.session_cache.forget_user(&synced.id);
        sessions::sync_all(table, synced, now, source_ip).await?;
    }
    tracing::info!(customer_id = %updated.id, version = updated.version, "customer changed");
    Ok(updated)
}
