//! Logging in: throttle, find the account, check the password, start a session.
//!
//! Every failure of a well-formed attempt (unknown account, wrong password,
//! disabled account, no password yet) costs the same reads and one hash and
//! gives the same answer, so neither the time nor the message tells whether
//! an account exists.

use std::net::IpAddr;

use crate::auth::{
    error::AuthError,
    events::{self, SecurityEvent},
    password::{MAX_LENGTH, Verification},
    role::Role,
    sessions::{Session, TokenPair},
    throttle::{self, Scope, Throttle},
    tokens::KeyRing,
    users::{self, User},
};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    ports::Ports,
    store::{Change, Condition, Value, WriteOp},
};

/// Longest login name looked up (an email's limit).
const MAX_LOGIN_LENGTH: usize = 254;

/// A successful login.
#[derive(Clone, Debug)]
pub struct LoggedIn {
    /// The account.
    pub user: User,
    /// The session it started.
    pub session: Session,
    /// Its first tokens.
    pub tokens: TokenPair,
}

/// The login throttle of a deployment.
pub fn login_throttle(ports: &Ports) -> Throttle {
    Throttle {
        limit: ports.config.login_max_attempts,
        ip_limit: ports.config.login_ip_max_attempts,
        window: ports.config.login_window,
    }
}

/// Logs in with a username or email and a password.
pub async fn login(
    ports: &Ports,
    keys: &KeyRing,
    login: &str,
    password: String,
    source_ip: Option<IpAddr>,
) -> Result<LoggedIn, AuthError> {
    login_as(ports, keys, login, password, source_ip, &Role::ALL).await
}

/// Logs in an account of one of `roles` (the staff's login); the right
/// password of an account of another role starts no session and gets
/// [`AuthError::RoleRefused`]. Throttling and answers to wrong credentials
/// are the same as [`login`]'s.
pub async fn login_as(
    ports: &Ports,
    keys: &KeyRing,
    login: &str,
    password: String,
    source_ip: Option<IpAddr>,
    roles: &[Role],
) -> Result<LoggedIn, AuthError> {
    let login = login.trim();
    if login.is_empty()
        || login.chars().count() > MAX_LOGIN_LENGTH
        || password.chars().count() > MAX_LENGTH
    {
        // No account can match: nothing to look up, nothing to hash.
        events::record(
            SecurityEvent::LoginFail,
            None,
            source_ip,
            "malformed credentials",
        );
        return Err(AuthError::InvalidCredentials);
    }
    let table = ports.table.as_ref();
    // The account is counted whichever of its names was typed (as a password
    // change counts it); an unknown name is counted as typed, so it is
    // throttled just like an account and the count reveals nothing.
    let user = users::find_for_login(table, login).await?;
    let throttle = login_throttle(ports);
    let ip = throttle::ip_subject(source_ip);
    let account = throttle::account_subject(user.as_ref().map_or(login, |user| user.id.as_str()));
    let slots = throttle
        .take(
            table,
            ports.clock.now(),
            &[(Scope::Ip, &ip), (Scope::Account, &account)],
            user.as_ref().map(|user| user.id.as_str()),
            source_ip,
        )
        .await?;

    let stored = user
        .as_ref()
        .filter(|user| user.is_active)
        .and_then(|user| user.password_hash.clone());
    let verification = ports.passwords.verify(password, stored).await?;
    let (user, rehashed) = match (user, verification) {
        (Some(user), Verification::Accepted { rehashed }) => (user, rehashed),
        (user, _) => {
            let user_id = user.as_ref().map(|user| user.id.as_str());
            events::record(
                SecurityEvent::LoginFail,
                user_id,
                source_ip,
                "bad credentials",
            );
            if let Some(admin) = user.filter(|user| user.role == Role::Admin) {
                record_failed_admin_login(ports, &admin, source_ip).await;
            }
            return Err(AuthError::InvalidCredentials);
        }
    };

    if !roles.contains(&user.role) {
        // The password was right: the attempt is not held against the account.
        throttle.give_back(table, slots).await;
        events::record(
            SecurityEvent::AuthzFail,
            Some(&user.id),
            source_ip,
            "login refused to the account's role",
        );
        return Err(AuthError::RoleRefused);
    }

    let now = ports.clock.now();
    let session = Session::start(&user, now, &ports.config);
    // The session starts only if the user is still as read: a concurrent
    // disable or role change cannot be missed by the new session.
    let user_write = match &rehashed {
        Some(hash) => WriteOp::Update {
            key: users::user_key(&user.id),
            changes: vec![
                Change::Set("password_hash".into(), Value::s(hash)),
                Change::Add("version".into(), 1),
            ],
            condition: Some(Condition::Equals("version".into(), Value::n(user.version))),
        },
        None => WriteOp::Check {
            key: users::user_key(&user.id),
            condition: Condition::Equals("version".into(), Value::n(user.version)),
        },
    };
    let mut ops = vec![session.create_op()?, user_write];
    if user.role == Role::Admin {
        ops.push(
            admin_login_record(&user, source_ip, AuditAction::AdminLogin, now).op(&ports.config)?,
        );
    }
    ports.table.transact(ops).await?;
    let tokens = session.issue(keys, &ports.config, now.timestamp())?;
    throttle.give_back(table, slots).await;
    events::record(
        SecurityEvent::LoginSuccess,
        Some(&user.id),
        source_ip,
        "password",
    );
    let user = match rehashed {
        Some(hash) => User {
            password_hash: Some(hash),
            version: user.version + 1,
            ..user
        },
        None => user,
    };
    Ok(LoggedIn {
        user,
        session,
        tokens,
    })
}

/// The audit record of a login to admin account `admin`, by whoever typed its password.
fn admin_login_record(
    admin: &User,
    source_ip: Option<IpAddr>,
    action: AuditAction,
    at: chrono::DateTime<chrono::Utc>,
) -> AuditRecord {
    let actor = AuditActor::user(&admin.id, admin.display_name(), admin.role, source_ip);
    AuditRecord::new(actor, action, &admin.id, Changes::default(), at).labelled(&admin.username)
}

/// Records a failed login to an admin account. Nothing else is written, so
/// it is a write of its own; a failure to write it is logged and does not
/// change the answer.
async fn record_failed_admin_login(ports: &Ports, admin: &User, source_ip: Option<IpAddr>) {
    let record = admin_login_record(
        admin,
        source_ip,
        AuditAction::AdminLoginFailed,
        ports.clock.now(),
    );
    let written = match record.op(&ports.config) {
        Ok(op) => ports
            .table
            .write(op)
            .await
            .map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    if let Err(error) = written {
        tracing::error!(error = %error, user_id = %admin.id, "failed admin login not audited");
    }
}
