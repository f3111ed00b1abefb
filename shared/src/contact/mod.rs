//! Contact details that users and customers share, as parsed newtypes:
//! a value of these types is valid by construction.

pub mod email;
pub mod phone;

pub use email::Email;
pub use phone::PhoneNumber;
