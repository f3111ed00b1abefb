//! The blob port's contract, written once and run against every adapter.
//!
//! ```text
//! ecar_store::blobs_contract_tests!(embedded, embedded_fixture().await,
//!     enforces: [presigned_put_refuses_another_content_type, presigned_urls_expire]);
//! ```
//! expands to a module `embedded` with one `#[tokio::test]` per case. The core
//! cases run on every adapter; the cases listed after `enforces:` check what the
//! signature of a presigned URL guarantees, and are listed only for stores
//! that check it (real S3 does; the moto emulator does not).

use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use chrono::Utc;

use super::http::{HttpResponse, send};
use ecar_domain::{
    Clock,
    blobs::{BlobError, Blobs, MAX_PRESIGNED_LIFETIME, PresignedRequest},
};

/// An adapter under test.
pub struct BlobsFixture {
    /// The adapter.
    pub blobs: Arc<dyn Blobs>,
    /// The clock it checks presigned URLs against, when a test can move it.
    pub clock: Option<Clock>,
}

const PDF: &str = "application/pdf";
const LIFETIME: Duration = Duration::from_secs(120);

fn pdf(text: &str) -> Bytes {
    Bytes::from(format!("%PDF-1.7\n{text}\n%%EOF"))
}

async fn perform(request: &PresignedRequest, body: &[u8]) -> HttpResponse {
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    send(&request.method, &request.url, &headers, body).await
}

/// Performs `request` with its headers, header `name` replaced by `value`.
async fn perform_with(
    request: &PresignedRequest,
    name: &str,
    value: &str,
    body: &[u8],
) -> HttpResponse {
    let mut headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    headers.push((name, value));
    send(&request.method, &request.url, &headers, body).await
}

fn assert_refused(response: &HttpResponse, what: &str) {
    assert!(
        (400..500).contains(&response.status),
        "{what}: expected a 4xx, got {} {}",
        response.status,
        String::from_utf8_lossy(&response.body)
    );
}

async fn assert_absent(blobs: &dyn Blobs, key: &str) {
    assert_eq!(
        blobs.head(key).await,
        Err(BlobError::NotFound),
        "{key} stored"
    );
}

/// What is put comes back with its content type.
pub async fn put_then_get_returns_the_bytes_and_type(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs
        .put("invoices/01A/invoice.pdf", pdf("one"), PDF)
        .await
        .unwrap();
    let blob = blobs.get("invoices/01A/invoice.pdf").await.unwrap();
    assert_eq!(blob.body, pdf("one"));
    assert_eq!(blob.content_type, PDF);
}

/// A second put replaces the object, type included.
pub async fn put_replaces_an_existing_object(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs.put("doc", pdf("first"), PDF).await.unwrap();
    blobs
        .put("doc", Bytes::from_static(b"plain"), "text/plain")
        .await
        .unwrap();
    let blob = blobs.get("doc").await.unwrap();
    assert_eq!(
        (blob.body, blob.content_type.as_str()),
        (Bytes::from_static(b"plain"), "text/plain")
    );
}

/// Head tells size and type without the bytes; empty objects are objects too.
pub async fn head_reports_size_and_type(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs.put("a/b.pdf", pdf("sized"), PDF).await.unwrap();
    blobs
        .put("a/empty", Bytes::new(), "text/plain")
        .await
        .unwrap();
    let meta = blobs.head("a/b.pdf").await.unwrap();
    assert_eq!(
        (meta.size, meta.content_type.as_str()),
        (pdf("sized").len() as u64, PDF)
    );
    assert_eq!(blobs.head("a/empty").await.unwrap().size, 0);
    assert_eq!(blobs.get("a/empty").await.unwrap().body, Bytes::new());
}

/// Reading, sizing or copying an absent object says NotFound.
pub async fn missing_objects_are_not_found(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    assert_eq!(blobs.get("nowhere.pdf").await, Err(BlobError::NotFound));
    assert_eq!(blobs.head("nowhere.pdf").await, Err(BlobError::NotFound));
    assert_eq!(
        blobs.copy("nowhere.pdf", "copy.pdf").await,
        Err(BlobError::NotFound)
    );
    assert_absent(blobs, "copy.pdf").await;
}

/// A deleted object is gone; deleting it again still succeeds.
pub async fn delete_removes_and_deleting_again_succeeds(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs.put("gone.pdf", pdf("x"), PDF).await.unwrap();
    blobs.put("kept.pdf", pdf("y"), PDF).await.unwrap();
    blobs.delete("gone.pdf").await.unwrap();
    assert_eq!(blobs.get("gone.pdf").await, Err(BlobError::NotFound));
    blobs.delete("gone.pdf").await.unwrap();
    assert_eq!(blobs.get("kept.pdf").await.unwrap().body, pdf("y"));
}

/// A copy has the bytes and type of its source, which stays, and later
/// changes to either do not reach the other.
pub async fn copy_duplicates_and_keeps_the_source(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs
        .put("uploads/tmp.pdf", pdf("scan"), PDF)
        .await
        .unwrap();
    blobs
        .copy("uploads/tmp.pdf", "invoices/01B/invoice.pdf")
        .await
        .unwrap();
    let copy = blobs.get("invoices/01B/invoice.pdf").await.unwrap();
    assert_eq!((copy.body, copy.content_type.as_str()), (pdf("scan"), PDF));
    blobs
        .put("uploads/tmp.pdf", pdf("changed"), PDF)
        .await
        .unwrap();
    assert_eq!(
        blobs.get("invoices/01B/invoice.pdf").await.unwrap().body,
        pdf("scan")
    );
    blobs.delete("uploads/tmp.pdf").await.unwrap();
    assert!(blobs.head("invoices/01B/invoice.pdf").await.is_ok());
}

/// Keys that could leave the store's namespace are refused before anything is stored.
pub async fn keys_that_could_escape_are_refused(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    for key in [
        "../escape.pdf",
        "/abs.pdf",
        "a/../../b",
        "a//b",
        ".hidden",
        "a b",
    ] {
        let invalid = |result: Result<(), BlobError>| matches!(result, Err(BlobError::Invalid(_)));
        assert!(invalid(blobs.put(key, pdf("x"), PDF).await), "put {key:?}");
        assert!(
            matches!(blobs.get(key).await, Err(BlobError::Invalid(_))),
            "get {key:?}"
        );
        let presigned = blobs.presign_put(key, PDF, 10, LIFETIME).await;
        assert!(
            matches!(presigned, Err(BlobError::Invalid(_))),
            "presign {key:?}"
        );
    }
    assert!(matches!(
        blobs.put("ok.pdf", pdf("x"), "not a content type").await,
        Err(BlobError::Invalid(_))
    ));
    assert_absent(blobs, "ok.pdf").await;
}

/// Presigned URLs live at most [`MAX_PRESIGNED_LIFETIME`], and say when they expire.
pub async fn presigned_lifetime_is_bounded(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    let too_long = MAX_PRESIGNED_LIFETIME + Duration::from_secs(1);
    let refused = blobs.presign_put("a.pdf", PDF, 10, too_long).await;
    assert!(matches!(refused, Err(BlobError::Invalid(_))));
    let refused = blobs.presign_get("a.pdf", "a.pdf", too_long).await;
    assert!(matches!(refused, Err(BlobError::Invalid(_))));
    assert!(blobs.presign_put("a.pdf", PDF, 0, LIFETIME).await.is_err());

    let now = fixture.clock.as_ref().map_or_else(Utc::now, Clock::now);
    let request = blobs.presign_put("a.pdf", PDF, 10, LIFETIME).await.unwrap();
    let lifetime = (request.expires_at - now).num_seconds();
    assert!((115..=121).contains(&lifetime), "expires in {lifetime} s");
}

/// A presigned PUT uploads over plain HTTP; a presigned GET downloads the
/// bytes as an attachment with the requested file name.
pub async fn presigned_put_then_get_over_http(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    let body = pdf("uploaded through a presigned URL");
    let upload = blobs
        .presign_put("uploads/01C.pdf", PDF, body.len() as u64, LIFETIME)
        .await
        .unwrap();
    assert_eq!(upload.method, "PUT");
    let response = perform(&upload, &body).await;
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    let stored = blobs.get("uploads/01C.pdf").await.unwrap();
    assert_eq!(
        (stored.body, stored.content_type.as_str()),
        (body.clone(), PDF)
    );

    let download = blobs
        .presign_get("uploads/01C.pdf", "Invoice INV-2026-0001.pdf", LIFETIME)
        .await
        .unwrap();
    assert_eq!(download.method, "GET");
    let response = perform(&download, b"").await;
    assert_eq!(response.status, 200);
    assert_eq!(response.body, body);
    assert_eq!(response.header("content-type"), Some(PDF));
    assert_eq!(
        response.header("content-disposition"),
        Some(r#"attachment; filename="Invoice INV-2026-0001.pdf""#)
    );
}

/// A presigned GET of an absent object is refused: 404, or 403 where S3's
/// signer may not list the bucket (S3 then hides whether the key exists).
pub async fn presigned_get_of_a_missing_object_is_refused(fixture: &BlobsFixture) {
    let download = fixture
        .blobs
        .presign_get("nowhere.pdf", "x.pdf", LIFETIME)
        .await
        .unwrap();
    let status = perform(&download, b"").await.status;
    assert!(matches!(status, 403 | 404), "got {status}");
}

/// The content type is signed: an upload of another type is refused.
pub async fn presigned_put_refuses_another_content_type(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    let body = pdf("typed");
    let upload = blobs
        .presign_put("typed.pdf", PDF, body.len() as u64, LIFETIME)
        .await
        .unwrap();
    let response = perform_with(&upload, "content-type", "text/html", &body).await;
    assert_refused(&response, "another content type");
    assert_absent(blobs, "typed.pdf").await;
}

/// The size is signed: a body larger or smaller than it is refused.
pub async fn presigned_put_refuses_another_size(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    let upload = blobs
        .presign_put("sized.pdf", PDF, 10, LIFETIME)
        .await
        .unwrap();
    let larger = perform_with(&upload, "content-length", "11", b"0123456789A").await;
    assert_refused(&larger, "a larger body");
    let smaller = perform_with(&upload, "content-length", "9", b"012345678").await;
    assert_refused(&smaller, "a smaller body");
    assert_absent(blobs, "sized.pdf").await;
}

/// A URL with its key or signature altered is refused with 403.
pub async fn presigned_urls_refuse_tampering(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs.put("private.pdf", pdf("secret"), PDF).await.unwrap();
    blobs.put("public.pdf", pdf("open"), PDF).await.unwrap();
    let mut download = blobs
        .presign_get("public.pdf", "public.pdf", LIFETIME)
        .await
        .unwrap();
    download.url = download.url.replacen("public.pdf?", "private.pdf?", 1);
    assert_eq!(perform(&download, b"").await.status, 403, "another key");

    let body = pdf("tampered");
    let mut upload = blobs
        .presign_put("upload.pdf", PDF, body.len() as u64, LIFETIME)
        .await
        .unwrap();
    let last = upload.url.pop().expect("a URL ends with its signature");
    upload.url.push(if last == 'A' { 'B' } else { 'A' });
    assert_eq!(
        perform(&upload, &body).await.status,
        403,
        "another signature"
    );
    assert_absent(blobs, "upload.pdf").await;
}

/// A URL signed for an upload does not download, and one signed for a download does not upload.
pub async fn presigned_urls_serve_only_their_method(fixture: &BlobsFixture) {
    let blobs = fixture.blobs.as_ref();
    blobs.put("doc.pdf", pdf("original"), PDF).await.unwrap();
    let upload = blobs
        .presign_put("doc.pdf", PDF, 10, LIFETIME)
        .await
        .unwrap();
    let as_get = PresignedRequest {
        method: "GET".into(),
        headers: Vec::new(),
        ..upload
    };
    assert_eq!(perform(&as_get, b"").await.status, 403);

    let download = blobs
        .presign_get("doc.pdf", "doc.pdf", LIFETIME)
        .await
        .unwrap();
    let as_put = PresignedRequest {
        method: "PUT".into(),
        headers: vec![("content-type".into(), PDF.into())],
        ..download
    };
    assert_eq!(perform(&as_put, b"0123456789").await.status, 403);
    assert_eq!(blobs.get("doc.pdf").await.unwrap().body, pdf("original"));
}

/// Once expired, presigned URLs are refused with 403.
pub async fn presigned_urls_expire(fixture: &BlobsFixture) {
    let clock = fixture
        .clock
        .as_ref()
        .expect("this case needs a fixture whose clock can be moved");
    let blobs = fixture.blobs.as_ref();
    blobs.put("old.pdf", pdf("old"), PDF).await.unwrap();
    let body = pdf("late");
    let upload = blobs
        .presign_put("late.pdf", PDF, body.len() as u64, LIFETIME)
        .await
        .unwrap();
    let download = blobs
        .presign_get("old.pdf", "old.pdf", LIFETIME)
        .await
        .unwrap();

    clock.advance(chrono::Duration::seconds(LIFETIME.as_secs() as i64 - 1));
    assert_eq!(perform(&download, b"").await.status, 200, "still valid");
    clock.advance(chrono::Duration::seconds(2));
    assert_eq!(perform(&upload, &body).await.status, 403);
    assert_eq!(perform(&download, b"").await.status, 403);
    assert_absent(blobs, "late.pdf").await;
}

/// Expands to a module named after the adapter with one test per contract case.
///
/// `$setup` is an expression evaluated inside each (async) test that yields a
/// [`BlobsFixture`]; the cases after `enforces:` are added to the core ones.
#[macro_export]
macro_rules! blobs_contract_tests {
    (@cases $setup:expr; $($case:ident),*) => {
        $(
            #[tokio::test]
            async fn $case() {
                let fixture: $crate::testing::blobs_contract::BlobsFixture = $setup;
                $crate::testing::blobs_contract::$case(&fixture).await;
            }
        )*
    };
    ($adapter:ident, $setup:expr $(, enforces: [$($extra:ident),* $(,)?])? $(,)?) => {
        mod $adapter {
            #[allow(unused_imports)]
            use super::*;

            $crate::blobs_contract_tests!(@cases $setup;
                put_then_get_returns_the_bytes_and_type,
                put_replaces_an_existing_object,
                head_reports_size_and_type,
                missing_objects_are_not_found,
                delete_removes_and_deleting_again_succeeds,
                copy_duplicates_and_keeps_the_source,
                keys_that_could_escape_are_refused,
                presigned_lifetime_is_bounded,
                presigned_put_then_get_over_http,
                presigned_get_of_a_missing_object_is_refused
                $($(, $extra)*)?
            );
        }
    };
}
