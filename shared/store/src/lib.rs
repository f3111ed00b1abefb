//! ECAR's adapters of the domain's ports (`ecar_domain::{store, blobs, notify}`):
//! DynamoDB, S3 and SNS behind the `aws` feature, an embedded table (redb),
//! blob files and a recording notifier behind `embedded`. A Lambda function
//! links only the first; the local runner both.

pub mod blobs;
pub mod notify;
pub mod table;

#[cfg(feature = "aws")]
pub mod aws;

#[cfg(feature = "testing")]
pub mod testing;
