//! Authentication and authorization shared by every function: passwords,
//! tokens and their keys, sessions, the authenticated caller, the role ×
//! route matrix, login throttling, users, and the security event log.

pub mod accounts;
pub mod authz;
pub mod caller;
pub mod client_ip;
pub mod error;
pub mod events;
pub mod keys;
pub mod login;
pub use ecar_domain::password;
pub mod registration;
pub mod role;
pub mod session_cache;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use caller::Caller;
pub use client_ip::ClientIp;
pub use error::AuthError;
pub use keys::TokenKeys;
pub use password::Passwords;
pub use role::Role;
pub use session_cache::SessionCache;
pub use tokens::{Claims, TokenError, TokenRules, TokenType};
