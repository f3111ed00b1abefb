//! Accounts: logging in ([`login`]), registering ([`registration`]), and
//! managing them here: creating staff and admin users (the admin route and
//! `ecar admin create`), changing users, deleting them, changing a password.
//!
//! A change of role or of `is_active` reaches the user's live sessions in the
//! same transaction as the user item, and once more right after through a
//! query of the sessions, so a login racing the change is caught as well.

pub mod login;
pub mod registration;

use std::net::IpAddr;

use chrono::{DateTime, Utc};

use crate::audit::{AuditAction, AuditActor, AuditRecord, Changes};
use crate::auth::{
    error::AuthError,
    password::{Passwords, Verification, check_policy},
    role::Role,
    sessions,
    throttle::{self, Scope},
    users::{self, NewUser, User, Username, parse_email, parse_name},
};

use self::login::login_throttle;
use crate::{
    clock::Clock,
    customers,
    ports::Ports,
    store::{Change, Condition, StoreError, Table, Value, WriteOp, table::MAX_TRANSACTION_ACTIONS},
};

/// A staff or admin account to create.
#[derive(Clone, Debug)]
pub struct NewAccount {
    /// Login name.
    pub username: String,
    /// Email.
    pub email: String,
    /// Initial password, checked against the policy.
    pub password: String,
    /// `admin` or `staff` (customers come with a customer profile).
    pub role: Role,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
}

/// Creates a staff or admin account (the operator's command line and
/// first admin; an admin's creation through the API is [`create_user_by`]).
pub async fn create_user(
    table: &dyn Table,
    passwords: &Passwords,
    clock: &Clock,
    account: NewAccount,
) -> Result<User, AuthError> {
    let user = new_user(passwords, clock, account).await?;
    users::insert_user(table, &user).await?;
    tracing::info!(user_id = %user.id, role = %user.role, "user created");
    Ok(user)
}

/// Creates a staff or admin account for an admin, recording it in the audit log.
pub async fn create_user_by(
    ports: &Ports,
    actor: Actor<'_>,
    account: NewAccount,
) -> Result<User, AuthError> {
    let user = new_user(&ports.passwords, &ports.clock, account).await?;
    let record = AuditRecord::new(
        actor.audit(),
        AuditAction::UserCreated,
        &user.id,
        Changes::created(&user, &["id", "created_at"])?,
        user.created_at,
    )
    .labelled(&user.username);
    users::insert_user_with(ports.table.as_ref(), &user, vec![record.op(&ports.config)?]).await?;
    tracing::info!(user_id = %user.id, role = %user.role, actor = %actor.user_id, "user created");
    Ok(user)
}

/// The account to create, checked, with its password hashed.
async fn new_user(
    passwords: &Passwords,
    clock: &Clock,
    account: NewAccount,
) -> Result<User, AuthError> {
    if account.role == Role::Customer {
        return Err(AuthError::invalid(
            "role",
            "customers are created with their customer profile",
        ));
    }
    let username = Username::parse(&account.username)?;
    let email = parse_email("email", &account.email)?;
    let first_name = parse_name("first_name", &account.first_name)?;
    let last_name = parse_name("last_name", &account.last_name)?;
    check_policy(&account.password, &[username.as_str(), email.as_str()])
        .map_err(|e| AuthError::invalid("password", e))?;
    let password_hash = passwords.hash(account.password).await?;
    Ok(NewUser {
        username,
        email,
        first_name,
        last_name,
        role: account.role,
        customer_id: None,
        password_hash: Some(password_hash),
    }
    .into_user(clock.now()))
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct UserChanges {
    /// New given name.
    pub first_name: Option<String>,
    /// New family name.
    pub last_name: Option<String>,
    /// New email.
    pub email: Option<String>,
    /// New role (admins only).
    pub role: Option<Role>,
    /// Enable or disable (admins only).
    pub is_active: Option<bool>,
}

/// Who asks for a change.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    /// Their user id.
    pub user_id: &'a str,
    /// Their display name.
    pub name: &'a str,
    /// Their role.
    pub role: Role,
    /// Their address.
    pub source_ip: Option<IpAddr>,
}

impl Actor<'_> {
    /// Who they are, as the audit log records them.
    pub fn audit(&self) -> AuditActor {
        AuditActor::user(self.user_id, self.name, self.role, self.source_ip)
    }
}

/// What the audit log calls a change of a user from `before` to `after`:
/// the most critical of what it changed.
fn user_change_action(before: &User, after: &User) -> AuditAction {
    match (before.is_active, after.is_active) {
        (true, false) => AuditAction::UserDeactivated,
        (false, true) => AuditAction::UserReactivated,
        _ if before.role != after.role => AuditAction::UserRoleChanged,
        _ => AuditAction::UserUpdated,
    }
}

/// Applies changes to a user, if `expected_version` (when given) is current.
pub async fn update_user(
    ports: &Ports,
    actor: Actor<'_>,
    user_id: &str,
    changes: UserChanges,
    expected_version: Option<u64>,
) -> Result<User, AuthError> {
    let table = ports.table.as_ref();
    let current = users::get_user(table, user_id)
        .await?
        .ok_or(AuthError::NotFound)?;
    if expected_version.is_some_and(|version| version != current.version) {
        return Err(AuthError::StaleVersion);
    }
    let now = ports.clock.now();
    let updated = apply(&current, &changes, actor, now)?;

    let mut ops = vec![users::replace_op(&updated, current.version)?];
    // A customer editing their own login is not an action the garage audits.
    if !(updated.role == Role::Customer && actor.user_id == updated.id) {
        let record = AuditRecord::new(
            actor.audit(),
            user_change_action(&current, &updated),
            &updated.id,
            Changes::between(&current, &updated, &[])?,
            now,
        )
        .labelled(&updated.username);
        ops.push(record.op(&ports.config)?);
    }
    if updated.email != current.email {
        ops.extend(users::move_email_guard_ops(&updated, &current.email));
        ops.extend(users::email_not_a_username_check(&updated));
    }
    let taken = users::TakenFields::of(&ops);
    // A customer's profile shows the login's email and names.
    let profile_at = ops.len();
    ops.extend(customers::update::follow_login_ops(table, &updated, now).await?);
    // Sessions ending within the minute are left to the sweep below, so an
    // expiry between the read and the write cannot fail the transaction.
    let margin = now.timestamp() + 60;
    let session_ops: Vec<WriteOp> = sessions::live_sessions(table, user_id)
        .await?
        .iter()
        .filter(|session| session.expires_at > margin)
        .filter_map(|session| sessions::sync_op(session, &updated, now))
        .collect();
    let room = MAX_TRANSACTION_ACTIONS.saturating_sub(ops.len());
    ops.extend(session_ops.into_iter().take(room));

    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { index } if index == 0 || index == profile_at => {
            AuthError::StaleVersion
        }
        other => match taken.field(&other) {
            Some(field) => AuthError::Taken(field),
            None => AuthError::Store(other),
        },
    })?;
    ports.session_cache.forget_user(user_id);
    sessions::sync_all(table, &updated, now, actor.source_ip).await?;
    tracing::info!(user_id = %updated.id, actor = %actor.user_id, "user changed");
    Ok(updated)
}

/// The user after the changes, or why they are refused.
fn apply(
    current: &User,
    changes: &UserChanges,
    actor: Actor<'_>,
    now: DateTime<Utc>,
) -> Result<User, AuthError> {
    let mut user = current.clone();
    if let Some(first_name) = &changes.first_name {
        user.first_name = parse_name("first_name", first_name)?;
    }
    if let Some(last_name) = &changes.last_name {
        user.last_name = parse_name("last_name", last_name)?;
    }
    if let Some(email) = &changes.email {
        user.email = parse_email("email", email)?;
    }
    if let Some(role) = changes.role {
        if (role == Role::Customer) != (current.role == Role::Customer) {
            return Err(AuthError::invalid(
                "role",
                "a customer stays a customer, and staff or admins cannot become customers",
            ));
        }
        user.role = role;
    }
    if let Some(is_active) = changes.is_active {
        user.is_active = is_active;
    }
    // An admin locking themselves out would need another admin to undo it.
    if actor.user_id == current.id && (user.role != current.role || !user.is_active) {
        return Err(AuthError::Refused(
            "You cannot change your own role or disable your own account.",
        ));
    }
    user.version = current.version + 1;
    user.updated_at = now;
    Ok(user)
}

/// Deletes a staff or admin account and ends its sessions.
pub async fn delete_user(
    ports: &Ports,
    actor: Actor<'_>,
    user_id: &str,
    expected_version: Option<u64>,
) -> Result<(), AuthError> {
    let table = ports.table.as_ref();
    let user = users::get_user(table, user_id)
        .await?
        .ok_or(AuthError::NotFound)?;
    if expected_version.is_some_and(|version| version != user.version) {
        return Err(AuthError::StaleVersion);
    }
    if actor.user_id == user.id {
        return Err(AuthError::Refused("You cannot delete your own account."));
    }
    if user.customer_id.is_some() {
        return Err(AuthError::Refused(
            "This account belongs to a customer; delete the customer instead.",
        ));
    }
    let record = AuditRecord::new(
        actor.audit(),
        AuditAction::UserDeleted,
        &user.id,
        Changes::deleted(&user, &["id"])?,
        ports.clock.now(),
    )
    .labelled(&user.username);
    let mut ops = users::delete_ops(&user);
    ops.push(record.op(&ports.config)?);
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { .. } => AuthError::StaleVersion,
        other => AuthError::Store(other),
    })?;
    let now = ports.clock.now();
    ports.session_cache.forget_user(user_id);
    sessions::revoke_all(table, user_id, None, now, "user_deleted", actor.source_ip).await?;
    tracing::info!(user_id = %user.id, actor = %actor.user_id, "user deleted");
    Ok(())
}

/// Sets another account's password (an admin, for a user who forgot
/// theirs), if `expected_version` (when given) is current: every session of
/// that user ends, and the audit log records it in the same transaction.
pub async fn set_password(
    ports: &Ports,
    actor: Actor<'_>,
    user_id: &str,
    new_password: String,
    expected_version: Option<u64>,
) -> Result<User, AuthError> {
    let table = ports.table.as_ref();
    let user = users::get_user(table, user_id)
        .await?
        .ok_or(AuthError::NotFound)?;
    if expected_version.is_some_and(|version| version != user.version) {
        return Err(AuthError::StaleVersion);
    }
    if actor.user_id == user.id {
        return Err(AuthError::Refused(
            "Use the change-password form for your own account.",
        ));
    }
    check_policy(&new_password, &[&user.username, user.email.as_str()])
        .map_err(|e| AuthError::invalid("new_password", e))?;
    let hash = ports.passwords.hash(new_password).await?;
    let now = ports.clock.now();
    let mut updated = user.clone();
    updated.password_hash = Some(hash);
    updated.version = user.version + 1;
    updated.updated_at = now;
    let record = AuditRecord::new(
        actor.audit(),
        AuditAction::PasswordReset,
        &user.id,
        Changes::default(),
        now,
    )
    .labelled(&user.username);
    let ops = vec![
        users::replace_op(&updated, user.version)?,
        record.op(&ports.config)?,
    ];
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { .. } => AuthError::StaleVersion,
        other => AuthError::Store(other),
    })?;
    ports.session_cache.forget_user(user_id);
    sessions::revoke_all(table, user_id, None, now, "password_reset", actor.source_ip).await?;
    tracing::info!(user_id = %user.id, actor = %actor.user_id, "password set by an admin");
    Ok(updated)
}

/// Changes the caller's password and ends every other session of theirs.
pub async fn change_password(
    ports: &Ports,
    user_id: &str,
    session_id: &str,
    old_password: String,
    new_password: String,
    source_ip: Option<IpAddr>,
) -> Result<(), AuthError> {
    let table = ports.table.as_ref();
    let user = users::get_user(table, user_id)
        .await?
        .ok_or(AuthError::SessionEnded)?;
    check_policy(&new_password, &[&user.username, user.email.as_str()])
        .map_err(|e| AuthError::invalid("new_password", e))?;
    // A stolen access token must not become a way to guess the password.
    let throttle = login_throttle(ports);
    let subject = throttle::account_subject(&user.id);
    let slots = throttle
        .take(
            table,
            ports.clock.now(),
            &[(Scope::Account, &subject)],
            Some(&user.id),
            source_ip,
        )
        .await?;
    match ports
        .passwords
        .verify(old_password, user.password_hash.clone())
        .await?
    {
        Verification::Accepted { .. } => {}
        Verification::Rejected => {
            return Err(AuthError::invalid("old_password", "is incorrect"));
        }
    }
    let new_hash = ports.passwords.hash(new_password).await?;
    let now = ports.clock.now();
    let mut ops = vec![WriteOp::Update {
        key: users::user_key(&user.id),
        changes: vec![
            Change::Set("password_hash".into(), Value::s(new_hash)),
            Change::Set(
                "updated_at".into(),
                Value::s(now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            ),
            Change::Add("version".into(), 1),
        ],
        condition: Some(Condition::Equals("version".into(), Value::n(user.version))),
    }];
    // Staff and admin passwords guard the garage's data: their changes are audited.
    if user.role != Role::Customer {
        let actor = AuditActor::user(&user.id, user.display_name(), user.role, source_ip);
        let record = AuditRecord::new(
            actor,
            AuditAction::PasswordChanged,
            &user.id,
            Changes::default(),
            now,
        )
        .labelled(&user.username);
        ops.push(record.op(&ports.config)?);
    }
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { .. } => AuthError::StaleVersion,
        other => AuthError::Store(other),
    })?;
    throttle.give_back(table, slots).await;
    ports.session_cache.forget_user(user_id);
    sessions::revoke_all(
        table,
        user_id,
        Some(session_id),
        now,
        "password_changed",
        source_ip,
    )
    .await?;
    tracing::info!(user_id = %user.id, "password changed");
    Ok(())
}
