//! Adapters of the notifier port.

#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(feature = "aws-sns")]
pub mod sns;

#[cfg(feature = "embedded")]
pub use embedded::{EmbeddedNotifier, SentMessage};
#[cfg(feature = "aws-sns")]
pub use sns::SnsNotifier;
