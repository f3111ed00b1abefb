//! ECAR's adapters of the domain's ports (`ecar_domain::{store, blobs, notify}`):
//! DynamoDB, S3 and SNS behind the `aws-dynamodb`, `aws-s3` and `aws-sns`
//! features (`aws` is the three), an embedded table (redb), blob files and a
//! recording notifier behind `embedded`. A Lambda function links only the
//! AWS adapters of the ports it uses ([`NotBuilt`] stands in for the
//! others); the local runner all of them.

pub mod blobs;
pub mod not_built;
pub mod notify;
pub mod table;

#[cfg(feature = "aws-sdk")]
pub mod aws;

pub use not_built::NotBuilt;

#[cfg(feature = "testing")]
pub mod testing;
