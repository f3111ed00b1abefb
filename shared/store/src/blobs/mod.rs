//! Adapters of the blob port.

#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(feature = "aws")]
pub mod s3;

#[cfg(feature = "embedded")]
pub use embedded::EmbeddedBlobs;
#[cfg(feature = "aws")]
pub use s3::S3Blobs;
