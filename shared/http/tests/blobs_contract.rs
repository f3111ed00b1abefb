//! The blob contract over both adapters: files served by the embedded router,
//! and S3 on the moto emulator.

use std::sync::Arc;

use axum::Router;
use chrono::Utc;
use ecar_domain::{Clock, blobs::Blobs};
use ecar_http::http::local_blobs::router;
use ecar_store::{
    aws::{s3_client, sdk_config},
    blobs::{EmbeddedBlobs, S3Blobs},
    blobs_contract_tests,
    testing::http::send,
    testing::{blobs_contract::BlobsFixture, moto},
};

/// Where the local runner nests the embedded router; the tests do the same.
const PREFIX: &str = "/local-blobs";

/// An in-memory embedded store on a fixed clock, its router served on a free port.
async fn embedded_store() -> (Arc<EmbeddedBlobs>, Clock) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}{PREFIX}", listener.local_addr().unwrap());
    let clock = Clock::fixed(Utc::now());
    let blobs = Arc::new(EmbeddedBlobs::in_memory(&base_url, &[42; 32], clock.clone()).unwrap());
    let app = Router::new().nest(PREFIX, router(blobs.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (blobs, clock)
}

async fn embedded_fixture() -> BlobsFixture {
    let (blobs, clock) = embedded_store().await;
    BlobsFixture {
        blobs,
        clock: Some(clock),
    }
}

/// An S3 client on the emulator and a bucket of its own.
async fn s3_bucket() -> (aws_sdk_s3::Client, String) {
    let endpoint = moto::endpoint();
    let client = s3_client(&sdk_config(Some(&endpoint)).await);
    let bucket = format!("ecar-test-{}", ulid::Ulid::new().to_string().to_lowercase());
    client.create_bucket().bucket(&bucket).send().await.unwrap();
    (client, bucket)
}

async fn s3_fixture() -> BlobsFixture {
    let (client, bucket) = s3_bucket().await;
    BlobsFixture {
        blobs: Arc::new(S3Blobs::new(client, bucket)),
        clock: None,
    }
}

blobs_contract_tests!(
    embedded,
    embedded_fixture().await,
    enforces: [
        presigned_put_refuses_another_content_type,
        presigned_put_refuses_another_size,
        presigned_urls_refuse_tampering,
        presigned_urls_serve_only_their_method,
        presigned_urls_expire,
    ]
);

// moto checks neither SigV4 signatures nor expiry, so the `enforces` cases would
// fail there although S3 passes them; `s3_only` checks what the URLs sign instead.
blobs_contract_tests!(s3, s3_fixture().await);

/// What only the embedded router can show: how it reads an upload's body.
mod embedded_router {
    use super::*;

    const PDF: &str = "application/pdf";

    /// A chunked upload has no length to check up front: the router stops
    /// reading at the signed size and refuses the rest.
    #[tokio::test]
    async fn a_chunked_upload_is_cut_at_the_signed_size() {
        let (blobs, _clock) = embedded_store().await;
        let upload = blobs
            .presign_put("chunked.pdf", PDF, 4, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let headers = [("content-type", PDF), ("transfer-encoding", "chunked")];
        let too_long = send(
            "PUT",
            &upload.url,
            &headers,
            b"3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n",
        )
        .await;
        assert_eq!(too_long.status, 413);
        assert!(blobs.head("chunked.pdf").await.is_err());

        let exact = send(
            "PUT",
            &upload.url,
            &headers,
            b"2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n",
        )
        .await;
        assert_eq!(exact.status, 200);
        assert_eq!(&blobs.get("chunked.pdf").await.unwrap().body[..], b"abcd");
    }

    /// Refusals explain themselves without echoing the URL or its signature.
    #[tokio::test]
    async fn refusals_do_not_echo_the_signature() {
        let (blobs, _clock) = embedded_store().await;
        let upload = blobs
            .presign_put("a.pdf", PDF, 4, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let signature = upload.url.rsplit("sig=").next().unwrap().to_owned();
        let wrong_type = send(
            "PUT",
            &upload.url,
            &[("content-type", "text/plain")],
            b"abcd",
        )
        .await;
        assert_eq!(wrong_type.status, 415);
        let forged = format!("{}x", upload.url);
        let forbidden = send("PUT", &forged, &[("content-type", PDF)], b"abcd").await;
        assert_eq!(forbidden.status, 403);
        for response in [wrong_type, forbidden] {
            let text = String::from_utf8(response.body).unwrap();
            assert!(!text.is_empty() && !text.contains(&signature), "{text}");
        }
    }
}

/// What moto cannot enforce, checked in the URLs S3 would enforce it from,
/// and encryption at rest, which the port promises but cannot show.
mod s3_only {
    use aws_sdk_s3::types::ServerSideEncryption;
    use bytes::Bytes;

    use super::*;

    fn query_value<'a>(url: &'a str, name: &str) -> Option<&'a str> {
        url.split_once('?')?
            .1
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    }

    #[tokio::test]
    async fn presigned_uploads_sign_type_length_and_encryption() {
        let (client, bucket) = s3_bucket().await;
        let blobs = S3Blobs::new(client, bucket);
        let upload = blobs
            .presign_put(
                "a.pdf",
                "application/pdf",
                1234,
                std::time::Duration::from_secs(300),
            )
            .await
            .unwrap();
        let signed = query_value(&upload.url, "X-Amz-SignedHeaders").unwrap();
        let signed: Vec<&str> = signed.split("%3B").collect();
        for header in [
            "content-length",
            "content-type",
            "host",
            "x-amz-server-side-encryption",
        ] {
            assert!(signed.contains(&header), "{header} not signed: {signed:?}");
        }
        assert_eq!(query_value(&upload.url, "X-Amz-Expires"), Some("300"));
        // A checksum of the empty body signed into the URL would make S3 refuse every upload.
        assert!(
            !upload.url.to_ascii_lowercase().contains("checksum"),
            "{}",
            upload.url
        );
        let mut headers = upload.headers.clone();
        headers.sort();
        assert_eq!(
            headers,
            [
                ("content-length".to_owned(), "1234".to_owned()),
                ("content-type".to_owned(), "application/pdf".to_owned()),
                (
                    "x-amz-server-side-encryption".to_owned(),
                    "AES256".to_owned()
                ),
            ]
        );

        let download = blobs
            .presign_get("a.pdf", "INV-1.pdf", std::time::Duration::from_secs(60))
            .await
            .unwrap();
        assert_eq!(query_value(&download.url, "X-Amz-Expires"), Some("60"));
        assert!(
            download.url.contains(
                "response-content-disposition=attachment%3B%20filename%3D%22INV-1.pdf%22"
            ),
            "{}",
            download.url
        );
    }

    async fn encryption_of(
        client: &aws_sdk_s3::Client,
        bucket: &str,
        key: &str,
    ) -> (Option<ServerSideEncryption>, Option<String>) {
        let head = client
            .head_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap();
        (
            head.server_side_encryption().cloned(),
            head.ssekms_key_id().map(str::to_owned),
        )
    }

    #[tokio::test]
    async fn objects_and_their_copies_are_encrypted_with_s3_keys() {
        let (client, bucket) = s3_bucket().await;
        let blobs = S3Blobs::new(client.clone(), bucket.clone());
        blobs
            .put("a.pdf", Bytes::from_static(b"%PDF"), "application/pdf")
            .await
            .unwrap();
        blobs.copy("a.pdf", "b.pdf").await.unwrap();
        for key in ["a.pdf", "b.pdf"] {
            assert_eq!(
                encryption_of(&client, &bucket, key).await.0,
                Some(ServerSideEncryption::Aes256),
                "{key}"
            );
        }
    }

    #[tokio::test]
    async fn objects_and_their_copies_use_the_configured_kms_key() {
        let (client, bucket) = s3_bucket().await;
        let key_id = "arn:aws:kms:us-east-1:123456789012:key/ecar-test";
        let blobs = S3Blobs::new(client.clone(), bucket.clone()).with_kms_key(key_id);
        blobs
            .put("a.pdf", Bytes::from_static(b"%PDF"), "application/pdf")
            .await
            .unwrap();
        blobs.copy("a.pdf", "b.pdf").await.unwrap();
        for key in ["a.pdf", "b.pdf"] {
            assert_eq!(
                encryption_of(&client, &bucket, key).await,
                (Some(ServerSideEncryption::AwsKms), Some(key_id.to_owned())),
                "{key}"
            );
        }
    }
}
