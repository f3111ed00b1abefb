//! The auth layer's error (`ecar-http` maps it onto problem+json).

use std::time::Duration;

use crate::store::{ItemError, StoreError};

use super::{password::HashingError, tokens::TokenError};

/// What an auth operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Wrong login or password, unknown or disabled account: one answer for all.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A token that does not verify.
    #[error("invalid token: {0}")]
    InvalidToken(#[from] TokenError),
    /// The token's session is revoked, expired or unknown.
    #[error("session ended")]
    SessionEnded,
    /// The session went longer than its idle limit without a refresh; it is
    /// now revoked.
    #[error("session idle")]
    SessionIdle(Duration),
    /// A spent refresh token was presented; its session is now revoked.
    #[error("refresh token reused")]
    TokenReuse,
    /// Too many attempts; retry after the delay.
    #[error("throttled")]
    Throttled(Duration),
    /// An input field is invalid (the message is safe to show).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The field, as named in the request.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A unique field (username, email) is taken.
    #[error("{0} already taken")]
    Taken(&'static str),
    /// The entity changed since the version the client read.
    #[error("stale version")]
    StaleVersion,
    /// A refused change of state, with a message safe to show.
    #[error("refused: {0}")]
    Refused(&'static str),
    /// The right credentials of an account whose role may not log in there.
    #[error("login refused to this role")]
    RoleRefused,
    /// Self-registration is switched off.
    #[error("registration closed")]
    RegistrationClosed,
    /// The user does not exist.
    #[error("not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored item does not have the expected shape.
    #[error("corrupt item: {0}")]
    Item(#[from] ItemError),
    /// Password hashing failed.
    #[error(transparent)]
    Hashing(#[from] HashingError),
}

impl AuthError {
    /// An invalid field.
    pub fn invalid(field: &'static str, message: impl ToString) -> Self {
        AuthError::Invalid {
            field,
            message: message.to_string(),
        }
    }
}
