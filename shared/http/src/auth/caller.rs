//! The authenticated caller, as an axum extractor every function uses.
//!
//! Extracting a [`Caller`] checks, in order: the route's row in the
//! authorization matrix; the bearer access token (signature, claims, type);
//! the session, with one keyed read (revoked? which role now?); and the
//! route's roles. The role and customer profile come from the session, not
//! the token, so disabling a user or changing their role takes effect on the
//! next request.

use std::net::IpAddr;

use axum::{
    extract::{FromRequestParts, MatchedPath},
    http::{header, request::Parts},
};

use super::{
    authz,
    client_ip::ClientIp,
    error::AuthError,
    events::{self, SecurityEvent},
    role::Role,
    sessions::{self, Session},
    tokens::TokenType,
};
use crate::{http::ApiError, state::AppState};

/// Who is calling, as of their session's current state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The user id.
    pub user_id: String,
    /// The user's current role.
    pub role: Role,
    /// The caller's customer profile, for customers.
    pub customer_id: Option<String>,
    /// The session the token belongs to.
    pub session_id: String,
    /// The user's display name.
    pub name: String,
    /// The client address, when the host knows it.
    pub source_ip: Option<IpAddr>,
}

impl Caller {
    /// Whether the caller is staff or admin (sees every customer's objects).
    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Staff)
    }

    /// Whether the caller is a technician (reaches only the services assigned
    /// to them).
    pub fn is_technician(&self) -> bool {
        self.role == Role::Technician
    }

    /// Lets staff through, a technician only to a service assigned to them;
    /// anyone else gets a 404, as if the object did not exist.
    pub fn require_assigned(&self, technician_id: Option<&str>) -> Result<(), ApiError> {
        if self.is_staff() || (self.is_technician() && technician_id == Some(&self.user_id)) {
            return Ok(());
        }
        events::record(
            SecurityEvent::AuthzFail,
            Some(&self.user_id),
            self.source_ip,
            "service not assigned to the caller",
        );
        Err(ApiError::not_found())
    }

    /// Lets staff through, and a customer only to objects of their own
    /// profile; anyone else gets a 404, as if the object did not exist.
    pub fn require_owner(&self, owner_customer_id: &str) -> Result<(), ApiError> {
        if self.is_staff() || self.customer_id.as_deref() == Some(owner_customer_id) {
            return Ok(());
        }
        events::record(
            SecurityEvent::AuthzFail,
            Some(&self.user_id),
            self.source_ip,
            "object of another customer",
        );
        Err(ApiError::not_found())
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let source_ip = ClientIp::of(parts).0;
        let route = parts
            .extensions
            .get::<MatchedPath>()
            .map(|path| path.as_str().to_string())
            .unwrap_or_default();
        let rule = authz::rule(&parts.method, &route);
        let caller = authenticate(parts, state, source_ip).await?;
        tracing::Span::current().record("user_id", caller.user_id.as_str());
        match rule {
            Some(rule) if rule.allows(caller.role) => Ok(caller),
            Some(_) => {
                let reason = format!("{} {route}", parts.method);
                events::record(
                    SecurityEvent::AuthzFail,
                    Some(&caller.user_id),
                    source_ip,
                    &reason,
                );
                Err(ApiError::forbidden())
            }
            None => {
                // Deny by default: a route missing from the matrix is a bug.
                tracing::error!(method = %parts.method, route, "route missing from the authorization matrix");
                let reason = format!("{} {route} (no rule)", parts.method);
                events::record(
                    SecurityEvent::AuthzFail,
                    Some(&caller.user_id),
                    source_ip,
                    &reason,
                );
                Err(ApiError::forbidden())
            }
        }
    }
}

/// The bearer token of a request, if it has one.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|token| !token.is_empty())
}

/// Verifies the access token and its session; any failure is a 401 (or a
/// 503 when the store is down).
async fn authenticate(
    parts: &Parts,
    state: &AppState,
    source_ip: Option<IpAddr>,
) -> Result<Caller, ApiError> {
    let token = bearer_token(parts).ok_or_else(ApiError::unauthorized)?;
    let now = state.clock.now();
    let claims = state
        .tokens
        .verify(
            token,
            TokenType::Access,
            &sessions::token_rules(&state.config),
            now.timestamp(),
        )
        .map_err(|error| {
            tracing::info!(reason = %error, "access token refused");
            ApiError::from(AuthError::from(error))
        })?;
    let session = live_session(state, &claims.sub, &claims.sid, now).await?;
    Ok(Caller {
        user_id: session.user_id,
        role: session.role,
        customer_id: session.customer_id,
        session_id: session.session_id,
        name: session.name,
        source_ip,
    })
}

/// The session of a token, from the cache or one keyed read.
async fn live_session(
    state: &AppState,
    user_id: &str,
    session_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Session, ApiError> {
    if let Some(session) = state.session_cache.get(user_id, session_id, now) {
        return Ok(session);
    }
    match sessions::get_session(state.table.as_ref(), user_id, session_id).await? {
        Some(session) if !session.revoked => {
            state.session_cache.put(&session, now);
            Ok(session)
        }
        _ => Err(AuthError::SessionEnded.into()),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::Request;

    use super::*;

    fn parts(authorization: Option<&str>) -> Parts {
        let mut request = Request::builder();
        if let Some(value) = authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn only_bearer_credentials_count() {
        assert_eq!(
            bearer_token(&parts(Some("Bearer abc.def.ghi"))),
            Some("abc.def.ghi")
        );
        assert_eq!(bearer_token(&parts(Some("bearer abc"))), Some("abc"));
        assert_eq!(bearer_token(&parts(Some("Basic dXNlcjpwYXNz"))), None);
        assert_eq!(bearer_token(&parts(Some("Bearer "))), None);
        assert_eq!(bearer_token(&parts(Some("Bearer"))), None);
        assert_eq!(bearer_token(&parts(None)), None);
    }

    #[test]
    fn staff_see_everything_customers_only_their_own() {
        let caller = |role, customer_id: Option<&str>| Caller {
            user_id: "u".into(),
            role,
            customer_id: customer_id.map(str::to_string),
            session_id: "s".into(),
            name: "n".into(),
            source_ip: None,
        };
        assert!(caller(Role::Staff, None).require_owner("c1").is_ok());
        assert!(caller(Role::Admin, None).require_owner("c1").is_ok());
        assert!(
            caller(Role::Customer, Some("c1"))
                .require_owner("c1")
                .is_ok()
        );
        assert_eq!(
            caller(Role::Customer, Some("c2"))
                .require_owner("c1")
                .unwrap_err()
                .status(),
            404
        );
    }
}
