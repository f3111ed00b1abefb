//! Adapters of the blob port.

#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(feature = "aws-s3")]
pub mod s3;

#[cfg(feature = "embedded")]
pub use embedded::EmbeddedBlobs;
#[cfg(feature = "aws-s3")]
pub use s3::S3Blobs;
