//! Sessions: a login starts one; every token pair descends from it.
//!
//! Item: `pk = USER#<user id>`, `sk = SESSION#<session id>`, the fields of
//! [`Session`]. `expires_at` (epoch seconds) is the absolute session limit and
//! the table's expiry attribute, so an ended session reads as absent.
//!
//! The session item carries what every authenticated request needs (revoked or
//! not, the user's current role, name and customer profile), so checking a
//! caller is one keyed read. Changes to the user are copied onto their live
//! sessions; disabling a user revokes them.
//!
//! Refresh rotates the session's current refresh token id (`refresh_jti`) with
//! one conditional write, so of concurrent refreshes of one token exactly one
//! wins. Any other presentation of a spent refresh token revokes the session.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    error::AuthError,
    events::{self, SecurityEvent},
    role::Role,
    tokens::{Claims, KeyRing, TokenRules, TokenType},
    users::User,
};
use crate::{
    config::Config,
    store::{
        Change, Condition, Key, Query, SortKey, Table, Value, WriteOp, from_item, to_item, to_value,
    },
};

/// Sort key prefix of session items.
pub const SESSION_PREFIX: &str = "SESSION#";

/// One login's session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Session id (the `sid` claim).
    pub session_id: String,
    /// The user (the `sub` claim).
    pub user_id: String,
    /// The user's current role.
    pub role: Role,
    /// The user's current display name.
    pub name: String,
    /// The user's customer profile, for customers.
    pub customer_id: Option<String>,
    /// Revoked sessions accept no token.
    pub revoked: bool,
    /// The id of the only refresh token that may still be exchanged.
    pub refresh_jti: String,
    /// How many times the session was refreshed.
    pub generation: u64,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// The latest login or refresh: a client in use refreshes once per access
    /// token, so a longer silence means nobody is there (absent on sessions
    /// started before it was kept: they count from their next refresh).
    #[serde(default)]
    pub last_active_at: Option<DateTime<Utc>>,
    /// Absolute end of the session, epoch seconds (the expiry attribute).
    pub expires_at: i64,
}

/// A freshly issued access and refresh token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPair {
    /// The access token.
    pub access: String,
    /// The refresh token.
    pub refresh: String,
    /// When the refresh token expires, epoch seconds (for the cookie's Max-Age).
    pub refresh_expires_at: i64,
}

/// The key of a session item.
pub fn session_key(user_id: &str, session_id: &str) -> Key {
    Key::new(
        format!("USER#{user_id}"),
        format!("{SESSION_PREFIX}{session_id}"),
    )
}

/// The token rules of this deployment.
pub fn token_rules(config: &Config) -> TokenRules {
    TokenRules {
        issuer: config.jwt_issuer.clone(),
        audience: config.jwt_audience.clone(),
        leeway_seconds: super::tokens::MAX_LEEWAY_SECONDS,
        max_access_seconds: seconds(config.access_token_ttl),
        max_refresh_seconds: seconds(config.refresh_token_ttl),
    }
}

fn seconds(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}

impl Session {
    /// A new session of `user`, starting at `now`.
    pub fn start(user: &User, now: DateTime<Utc>, config: &Config) -> Self {
        Self {
            session_id: ulid::Ulid::new().to_string(),
            user_id: user.id.clone(),
            role: user.role,
            name: user.display_name(),
            customer_id: user.customer_id.clone(),
            revoked: false,
            refresh_jti: ulid::Ulid::new().to_string(),
            generation: 0,
            created_at: now,
            last_active_at: Some(now),
            expires_at: now
                .timestamp()
                .saturating_add(seconds(config.session_max_age)),
        }
    }

    /// Whether the session has gone longer than its role's idle limit
    /// without a refresh, at `now`.
    pub fn is_idle(&self, config: &Config, now: DateTime<Utc>) -> bool {
        match (idle_limit(config, self.role), self.last_active_at) {
            (Some(limit), Some(last)) => now
                .signed_duration_since(last)
                .to_std()
                .is_ok_and(|silence| silence > limit),
            _ => false,
        }
    }

    /// The key of this session's item.
    pub fn key(&self) -> Key {
        session_key(&self.user_id, &self.session_id)
    }

    /// The write creating this session.
    pub fn create_op(&self) -> Result<WriteOp, AuthError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        Ok(WriteOp::create(item))
    }

    /// Signs a new access token and the refresh token of the current
    /// `refresh_jti`, neither outliving the session.
    pub fn issue(&self, keys: &KeyRing, config: &Config, now: i64) -> Result<TokenPair, AuthError> {
        let keys = keys.signing()?;
        let claims = |typ: TokenType, jti: String, lifetime: std::time::Duration| Claims {
            sub: self.user_id.clone(),
            role: self.role,
            name: self.name.clone(),
            customer_id: self.customer_id.clone(),
            sid: self.session_id.clone(),
            jti,
            iat: now,
            exp: now.saturating_add(seconds(lifetime)).min(self.expires_at),
            nbf: None,
            iss: config.jwt_issuer.clone(),
            aud: config.jwt_audience.clone(),
            typ,
        };
        let access = claims(
            TokenType::Access,
            ulid::Ulid::new().to_string(),
            config.access_token_ttl,
        );
        let refresh = claims(
            TokenType::Refresh,
            self.refresh_jti.clone(),
            config.refresh_token_ttl,
        );
        Ok(TokenPair {
            access: keys.sign(&access)?,
            refresh: keys.sign(&refresh)?,
            refresh_expires_at: refresh.exp,
        })
    }
}

/// How long a session of `role` may go without a refresh (the garage's
/// people, on shared screens; customers, on their own phones, stay logged in).
pub fn idle_limit(config: &Config, role: Role) -> Option<std::time::Duration> {
    match role {
        Role::Admin | Role::Staff | Role::Technician => config.staff_idle_timeout,
        Role::Customer => None,
    }
}

/// Reads a session; `None` when absent or past its absolute limit.
pub async fn get_session(
    table: &dyn Table,
    user_id: &str,
    session_id: &str,
) -> Result<Option<Session>, AuthError> {
    match table.get(&session_key(user_id, session_id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Exchanges a refresh token for a new pair, spending it.
///
/// A spent token (already exchanged, or beaten by a concurrent exchange)
/// revokes its whole session. A store failure issues nothing.
pub async fn refresh(
    table: &dyn Table,
    keys: &KeyRing,
    config: &Config,
    now: DateTime<Utc>,
    token: &str,
    source_ip: Option<IpAddr>,
) -> Result<(Session, TokenPair), AuthError> {
    let claims = keys.verify(
        token,
        TokenType::Refresh,
        &token_rules(config),
        now.timestamp(),
    )?;
    let Some(mut session) = get_session(table, &claims.sub, &claims.sid).await? else {
        return Err(AuthError::SessionEnded);
    };
    if session.revoked {
        return Err(AuthError::SessionEnded);
    }
    if session.refresh_jti != claims.jti {
        return Err(reused(table, &session, now, source_ip).await);
    }
    if session.is_idle(config, now)
        && let Some(limit) = idle_limit(config, session.role)
    {
        revoke(table, &session, now, "idle", source_ip).await?;
        return Err(AuthError::SessionIdle(limit));
    }
    let next_jti = ulid::Ulid::new().to_string();
    let rotate = WriteOp::Update {
        key: session.key(),
        changes: vec![
            Change::Set("refresh_jti".into(), Value::s(&next_jti)),
            Change::Add("generation".into(), 1),
            Change::Set("last_active_at".into(), to_value(&now)?),
        ],
        condition: Some(Condition::And(vec![
            Condition::Equals("refresh_jti".into(), Value::s(&claims.jti)),
            Condition::Equals("revoked".into(), Value::Bool(false)),
        ])),
    };
    match table.write(rotate).await {
        Ok(()) => {}
        Err(crate::store::StoreError::ConditionFailed { .. }) => {
            return Err(reused(table, &session, now, source_ip).await);
        }
        Err(error) => return Err(error.into()),
    }
    session.refresh_jti = next_jti;
    session.generation += 1;
    session.last_active_at = Some(now);
    let pair = session.issue(keys, config, now.timestamp())?;
    Ok((session, pair))
}

/// Revokes a session whose spent refresh token came back, and says so.
async fn reused(
    table: &dyn Table,
    session: &Session,
    now: DateTime<Utc>,
    source_ip: Option<IpAddr>,
) -> AuthError {
    events::record(
        SecurityEvent::TokenReuse,
        Some(&session.user_id),
        source_ip,
        "spent refresh token presented",
    );
    match revoke(table, session, now, "token_reuse", source_ip).await {
        Ok(()) => AuthError::TokenReuse,
        Err(error) => error,
    }
}

/// Marks a session revoked (revoking an absent or ended session does nothing).
pub async fn revoke(
    table: &dyn Table,
    session: &Session,
    now: DateTime<Utc>,
    reason: &'static str,
    source_ip: Option<IpAddr>,
) -> Result<(), AuthError> {
    if session.revoked {
        return Ok(());
    }
    let write = revoke_op(session, now, reason);
    match table.write(write).await {
        Ok(()) | Err(crate::store::StoreError::ConditionFailed { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    events::record(
        SecurityEvent::SessionRevoked,
        Some(&session.user_id),
        source_ip,
        reason,
    );
    Ok(())
}

fn revoke_op(session: &Session, now: DateTime<Utc>, reason: &'static str) -> WriteOp {
    WriteOp::Update {
        key: session.key(),
        changes: vec![
            Change::Set("revoked".into(), Value::Bool(true)),
            Change::Set(
                "revoked_at".into(),
                Value::s(now.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
            ),
            Change::Set("revoked_reason".into(), Value::s(reason)),
        ],
        // Never recreate an ended session as a partial item.
        condition: Some(Condition::Exists),
    }
}

/// Every unrevoked, unexpired session of a user.
pub async fn live_sessions(table: &dyn Table, user_id: &str) -> Result<Vec<Session>, AuthError> {
    let mut query = Query::partition(crate::store::Index::Primary, format!("USER#{user_id}"))
        .sort(SortKey::BeginsWith(SESSION_PREFIX.into()));
    let mut sessions = Vec::new();
    loop {
        let page = table.query(&query).await?;
        for item in page.items {
            let session: Session = from_item(item)?;
            if !session.revoked {
                sessions.push(session);
            }
        }
        match page.last_key {
            Some(last) => query = query.start_after(Some(last)),
            None => return Ok(sessions),
        }
    }
}

/// Revokes every live session of a user but `keep`.
pub async fn revoke_all(
    table: &dyn Table,
    user_id: &str,
    keep: Option<&str>,
    now: DateTime<Utc>,
    reason: &'static str,
    source_ip: Option<IpAddr>,
) -> Result<(), AuthError> {
    for session in live_sessions(table, user_id).await? {
        if Some(session.session_id.as_str()) != keep {
            revoke(table, &session, now, reason, source_ip).await?;
        }
    }
    Ok(())
}

/// The write bringing one session in line with its user, if it is behind:
/// revoked when the user is disabled, else the current role, name and profile.
pub fn sync_op(session: &Session, user: &User, now: DateTime<Utc>) -> Option<WriteOp> {
    if !user.is_active {
        return Some(revoke_op(session, now, "user_disabled"));
    }
    let name = user.display_name();
    if session.role == user.role && session.name == name && session.customer_id == user.customer_id
    {
        return None;
    }
    Some(WriteOp::Update {
        key: session.key(),
        changes: vec![
            Change::Set("role".into(), Value::s(user.role.as_str())),
            Change::Set("name".into(), Value::s(name)),
            Change::Set(
                "customer_id".into(),
                user.customer_id.as_deref().map_or(Value::Null, Value::s),
            ),
        ],
        condition: Some(Condition::Exists),
    })
}

/// Copies a user's current state onto every live session (after the user
/// item is written, so that a login racing the change is caught too).
pub async fn sync_all(
    table: &dyn Table,
    user: &User,
    now: DateTime<Utc>,
    source_ip: Option<IpAddr>,
) -> Result<(), AuthError> {
    for session in live_sessions(table, &user.id).await? {
        let Some(write) = sync_op(&session, user, now) else {
            continue;
        };
        match table.write(write).await {
            Ok(()) | Err(crate::store::StoreError::ConditionFailed { .. }) => {}
            Err(error) => return Err(error.into()),
        }
        if !user.is_active {
            events::record(
                SecurityEvent::SessionRevoked,
                Some(&user.id),
                source_ip,
                "user_disabled",
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{auth::users::NewUser, values::Email};

    fn user(role: Role) -> User {
        NewUser {
            username: crate::auth::users::Username::parse("sami").unwrap(),
            email: Email::parse("sami@example.tn").unwrap(),
            first_name: "Sami".into(),
            last_name: "Ben Ali".into(),
            role,
            customer_id: Some("01CUSTOMER".into()),
            password_hash: None,
        }
        .into_user(Utc::now())
    }

    #[test]
    fn tokens_never_outlive_their_session() {
        let config = Config {
            session_max_age: std::time::Duration::from_secs(120),
            ..Config::default()
        };
        let now = Utc::now();
        let session = Session::start(&user(Role::Customer), now, &config);
        let keys = KeyRing::from(crate::auth::TokenKeys::generate());
        let pair = session.issue(&keys, &config, now.timestamp()).unwrap();
        assert_eq!(pair.refresh_expires_at, session.expires_at);
        let rules = token_rules(&config);
        let access = keys
            .verify(&pair.access, TokenType::Access, &rules, now.timestamp())
            .unwrap();
        assert_eq!(access.exp, session.expires_at);
        assert_eq!(access.sid, session.session_id);
        assert_eq!(access.customer_id.as_deref(), Some("01CUSTOMER"));
        let refresh = keys
            .verify(&pair.refresh, TokenType::Refresh, &rules, now.timestamp())
            .unwrap();
        assert_eq!(refresh.jti, session.refresh_jti);
        assert_ne!(access.jti, refresh.jti);
    }

    #[test]
    fn a_session_item_has_the_user_partition_and_expiry() {
        let config = Config::default();
        let session = Session::start(&user(Role::Staff), Utc::now(), &config);
        let WriteOp::Put { item, condition } = session.create_op().unwrap() else {
            panic!("a session is created by a put");
        };
        assert_eq!(condition, Some(Condition::NotExists));
        assert_eq!(item["pk"], Value::s(format!("USER#{}", session.user_id)));
        assert_eq!(
            item["sk"],
            Value::s(format!("SESSION#{}", session.session_id))
        );
        assert_eq!(item[crate::store::EXPIRES_AT], Value::n(session.expires_at));
    }

    #[test]
    fn syncing_follows_role_changes_and_revokes_disabled_users() {
        let now = Utc::now();
        let mut staff = user(Role::Staff);
        let session = Session::start(&staff, now, &Config::default());
        assert_eq!(sync_op(&session, &staff, now), None, "nothing changed");
        staff.role = Role::Admin;
        let Some(WriteOp::Update { changes, .. }) = sync_op(&session, &staff, now) else {
            panic!("a role change updates the session");
        };
        assert!(changes.contains(&Change::Set("role".into(), Value::s("admin"))));
        staff.is_active = false;
        let Some(WriteOp::Update { changes, .. }) = sync_op(&session, &staff, now) else {
            panic!("disabling revokes the session");
        };
        assert!(changes.contains(&Change::Set("revoked".into(), Value::Bool(true))));
    }
}
