//! Accounts, from the domain (`ecar_domain::auth`), and what a request adds:
//! the authenticated caller, the client's address and the role × route
//! matrix.

pub use ecar_domain::auth::*;

pub mod authz;
pub mod caller;
pub mod client_ip;

pub use caller::Caller;
pub use client_ip::ClientIp;
