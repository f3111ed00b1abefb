//! Authentication and authorization shared by every function: passwords,
//! tokens and their keys, sessions, the authenticated caller, the role ×
//! route matrix, login throttling, users, and the security event log.

pub mod keys;
pub mod password;
pub mod role;
pub mod tokens;

pub use keys::TokenKeys;
pub use password::Passwords;
pub use role::Role;
pub use tokens::{Claims, TokenError, TokenRules, TokenType};
