//! Notifications: what customers hear about, in the app and on their phones.
//!
//! A change someone must hear about writes an event in the outbox
//! ([`crate::events`]); the dispatcher ([`dispatch`]) turns it into the
//! customer's notification ([`items`]) with its unread counter ([`unread`]),
//! pushes to their phones ([`devices`]) and texts them when asked, exactly
//! once per channel ([`delivery`]). Staff write to one customer or to all
//! ([`messages`], [`broadcast`]); the daily reminders ([`reminders`]) find
//! cars due through the due index ([`due`]). Customers list, read and mark
//! their notifications ([`list`], [`read`]).

pub mod broadcast;
pub mod delivery;
pub mod devices;
pub mod dispatch;
pub mod error;
pub mod items;
pub mod list;
pub mod messages;
pub mod payload;
pub mod read;
pub mod reminders;
pub mod unread;

pub use dispatch::{DispatchError, Dispatched, Dispatcher, DrainReport};
pub use error::NotificationError;
pub use items::{Notification, NotificationType, Related};
