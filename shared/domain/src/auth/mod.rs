//! Who a user is and what proves it: users, passwords, tokens and their
//! keys, sessions and their cache, login throttling and the security event
//! log. Logging in, registering and managing accounts build on it
//! (the `accounts` module); the caller of a request and the role × route matrix
//! are the HTTP layer's (`ecar-http`).

pub mod error;
pub mod events;
pub mod keys;
pub use crate::password;
pub mod role;
pub mod session_cache;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use error::AuthError;
pub use keys::{PublicKeys, TokenKeys};
pub use password::Passwords;
pub use role::Role;
pub use session_cache::SessionCache;
pub use tokens::{Claims, KeyRing, TokenError, TokenRules, TokenType};
