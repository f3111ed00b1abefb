//! Invoice PDFs through the real router over the embedded blobs: upload
//! (raw and multipart), bad files, generation (text extracted back),
//! presigned upload checked by the pdf-check logic, download with its
//! ownership check, bulk upload.

mod common;

use std::{
    io::Write,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use async_trait::async_trait;
use axum::http::{Method, StatusCode, header};
use bytes::Bytes;
use common::{SMALL_PDF, World, multipart, multipart_files, upload};
use ecar_http::{
    Clock,
    blobs::{Blob, BlobError, BlobMeta, Blobs, PresignedRequest},
    domain::InvoiceId,
    invoices::check::{Checked, Ports, check_upload},
    testing::{app::start, http::send},
};
use serde_json::{Value, json};

const ITEMS: &[(&str, &str, &str)] = &[
    ("Huile moteur 5W-30", "4.5", "12.800"),
    ("Main d'œuvre", "1.5", "40"),
];

async fn issued(world: &World) -> (common::Client, String) {
    let client = world.client("Hélène", "Ben Ali").await;
    let invoice = world.issued(&client.id, ITEMS).await;
    (client, invoice["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_pdf_uploads_raw_or_as_multipart_under_a_key_per_version() {
    let world = World::new().await;
    let (_, id) = issued(&world).await;
    let path = format!("/api/invoices/{id}/upload_pdf");
    let raw = world
        .send(upload(
            &path,
            &world.staff,
            "application/pdf",
            SMALL_PDF.to_vec(),
        ))
        .await;
    assert_eq!(raw.status, StatusCode::OK, "{}", raw.text);
    assert_eq!(raw.body["pdf"]["size"], SMALL_PDF.len());
    assert_eq!(raw.body["pdf"]["source"], "uploaded");
    let first = raw.body["pdf"]["id"].as_str().unwrap().to_string();
    let stored = world
        .state()
        .blobs
        .get(&format!("invoices/{id}/{first}.pdf"))
        .await
        .unwrap();
    assert_eq!(stored.body.as_ref(), SMALL_PDF);
    assert_eq!(stored.content_type, "application/pdf");

    let (content_type, body) = multipart("pdf_file", "facture.pdf", "application/pdf", SMALL_PDF);
    let form = world
        .send(upload(&path, &world.staff, &content_type, body))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let second = form.body["pdf"]["id"].as_str().unwrap();
    assert!(
        second > first.as_str(),
        "a new version sorts after the old one"
    );
    // The previous version stays where it was.
    assert!(
        world
            .state()
            .blobs
            .head(&format!("invoices/{id}/{first}.pdf"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn bad_files_are_refused_and_change_nothing() {
    let world = World::new().await;
    let (client, id) = issued(&world).await;
    let path = format!("/api/invoices/{id}/upload_pdf");
    let html = b"<!DOCTYPE html><html><body>Facture</body></html>".to_vec();
    let truncated = SMALL_PDF[..SMALL_PDF.len() - 20].to_vec();
    let mut eleven_mb = SMALL_PDF.to_vec();
    eleven_mb.resize(11 * 1024 * 1024, b' ');
    let cases: Vec<(&str, String, Vec<u8>, StatusCode)> = vec![
        (
            "empty",
            "application/pdf".into(),
            Vec::new(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "html",
            "application/pdf".into(),
            html.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "truncated",
            "application/pdf".into(),
            truncated,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "11 MB",
            "application/pdf".into(),
            eleven_mb.clone(),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (
            "text",
            "text/plain".into(),
            SMALL_PDF.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ];
    for (what, content_type, body, expected) in cases {
        let answer = world
            .send(upload(&path, &world.staff, &content_type, body))
            .await;
        assert_eq!(answer.status, expected, "{what}: {}", answer.text);
        assert_eq!(
            answer.headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{what}"
        );
    }
    let (content_type, body) = multipart("pdf_file", "facture.pdf", "application/pdf", &html);
    let renamed = world
        .send(upload(&path, &world.staff, &content_type, body))
        .await;
    assert_eq!(
        renamed.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "HTML renamed .pdf"
    );
    let (content_type, body) = multipart("pdf_file", "big.pdf", "application/pdf", &eleven_mb);
    let big = world
        .send(upload(&path, &world.staff, &content_type, body))
        .await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", big.text);
    let (content_type, body) = multipart("other", "facture.pdf", "application/pdf", SMALL_PDF);
    let wrong_field = world
        .send(upload(&path, &world.staff, &content_type, body))
        .await;
    assert_eq!(wrong_field.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        world.invoice(&id).await["pdf"],
        Value::Null,
        "nothing attached"
    );

    // Customers may not upload; drafts take no PDF.
    let customer = world
        .send(upload(
            &path,
            &client.token,
            "application/pdf",
            SMALL_PDF.to_vec(),
        ))
        .await;
    assert_eq!(customer.status, StatusCode::FORBIDDEN);
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let draft_path = format!("/api/invoices/{}/upload_pdf", draft["id"].as_str().unwrap());
    let refused = world
        .send(upload(
            &draft_path,
            &world.staff,
            "application/pdf",
            SMALL_PDF.to_vec(),
        ))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_generated_pdf_shows_the_invoice_with_its_accents() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let car = world.car(&client.id, "Peugeot", "208", "123TU4567").await;
    let mut items: Vec<(String, String, String)> = ITEMS
        .iter()
        .map(|(n, q, p)| (n.to_string(), q.to_string(), p.to_string()))
        .collect();
    // Enough lines for a second page.
    for n in 0..40 {
        items.push((format!("Pièce détachée n° {n}"), "1".into(), "2.500".into()));
    }
    let items: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|(n, q, p)| (n.as_str(), q.as_str(), p.as_str()))
        .collect();
    let service = world.service_on(&client.id, &car, &items).await;
    let draft = world.draft(&service).await;
    let id = draft["id"].as_str().unwrap();
    world.act(id, "issue", None).await;

    let generated = world.act(id, "generate_pdf", None).await;
    assert_eq!(generated.status, StatusCode::OK, "{}", generated.text);
    assert_eq!(generated.body["pdf"]["source"], "generated");
    let pdf_id = generated.body["pdf"]["id"].as_str().unwrap();
    let blob = world
        .state()
        .blobs
        .get(&format!("invoices/{id}/{pdf_id}.pdf"))
        .await
        .unwrap();
    assert_eq!(generated.body["pdf"]["size"], blob.body.len());
    assert!(blob.body.starts_with(b"%PDF-"));
    let text = pdf_extract::extract_text_from_mem(&blob.body).unwrap();
    for expected in [
        "FACTURE",
        "INV-2026-000001",
        "Hélène Ben Ali",
        "Échéance : 01/04/2026",
        "Date d'émission : 02/03/2026",
        "Désignation",
        "Main d'œuvre",
        "Pièce détachée n° 39",
        "Peugeot 208",
        "123TU4567",
        "TVA 19,00 %",
        "Droit de timbre",
        "Total TTC",
        "Page 2 / 2",
        "ECAR Garage",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // 117.600 + 40 × 2.500 = 217.600; tax 41.344; total 259.944
    assert!(text.contains("259,944"), "{text}");
}

/// Blobs that count the download URLs they sign.
struct CountingUrls {
    inner: Arc<dyn Blobs>,
    signed: AtomicUsize,
}

#[async_trait]
impl Blobs for CountingUrls {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError> {
        self.inner.put(key, body, content_type).await
    }
    async fn get(&self, key: &str) -> Result<Blob, BlobError> {
        self.inner.get(key).await
    }
    async fn head(&self, key: &str) -> Result<BlobMeta, BlobError> {
        self.inner.head(key).await
    }
    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        self.inner.delete(key).await
    }
    async fn copy(&self, from: &str, to: &str) -> Result<(), BlobError> {
        self.inner.copy(from, to).await
    }
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        self.inner
            .presign_put(key, content_type, size, expires_in)
            .await
    }
    async fn presign_get(
        &self,
        key: &str,
        file_name: &str,
        expires_in: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        self.signed.fetch_add(1, Ordering::SeqCst);
        self.inner.presign_get(key, file_name, expires_in).await
    }
}

#[tokio::test]
async fn downloads_check_ownership_before_any_url_is_made() {
    let (served, blobs) = World::with_served_blobs().await;
    drop(served);
    let counting = Arc::new(CountingUrls {
        inner: blobs,
        signed: AtomicUsize::new(0),
    });
    let world = World::with_blobs(counting.clone()).await;
    let (owner, id) = issued(&world).await;
    let other = world.client("Omar", "Saidi").await;
    let path = format!("/api/invoices/{id}/download");

    let none_yet = world
        .call(Method::GET, &path, Some(&owner.token), None)
        .await;
    assert_eq!(none_yet.status, StatusCode::NOT_FOUND, "no PDF yet");
    world.act(&id, "generate_pdf", None).await;

    let foreign = world
        .call(Method::GET, &path, Some(&other.token), None)
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert!(foreign.headers.get(header::LOCATION).is_none());
    let foreign_json = world
        .call(
            Method::GET,
            &format!("{path}?redirect=false"),
            Some(&other.token),
            None,
        )
        .await;
    assert_eq!(foreign_json.status, StatusCode::NOT_FOUND);
    assert!(foreign_json.body.get("url").is_none());
    assert_eq!(
        counting.signed.load(Ordering::SeqCst),
        0,
        "no URL was created"
    );

    let redirect = world
        .call(Method::GET, &path, Some(&owner.token), None)
        .await;
    assert_eq!(redirect.status, StatusCode::FOUND);
    let location = redirect.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    let fetched = send("GET", &location, &[], b"").await;
    assert_eq!(fetched.status, 200);
    assert!(fetched.body.starts_with(b"%PDF-"));
    assert_eq!(
        fetched.header("content-disposition"),
        Some("attachment; filename=\"INV-2026-000001.pdf\"")
    );

    let json = world
        .call(
            Method::GET,
            &format!("{path}?redirect=false"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(json.status, StatusCode::OK);
    let expires: chrono::DateTime<chrono::Utc> =
        json.body["expires_at"].as_str().unwrap().parse().unwrap();
    assert!(expires <= start() + chrono::Duration::minutes(5));
    assert!(
        json.body["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert_eq!(counting.signed.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_presigned_upload_is_checked_before_the_invoice_shows_it() {
    let (world, blobs) = World::with_served_blobs().await;
    let (_, id) = issued(&world).await;
    let asked = world
        .act(
            &id,
            "upload_url",
            Some(json!({"size": SMALL_PDF.len(), "content_type": "application/pdf"})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    assert_eq!(asked.body["method"], "PUT");
    let url = asked.body["url"].as_str().unwrap();
    let pdf_id = asked.body["pdf_id"].as_str().unwrap();
    let quarantine = format!("quarantine/invoices/{id}/{pdf_id}.pdf");
    assert!(url.contains(&quarantine), "{url}");
    let length = SMALL_PDF.len().to_string();
    let put = send(
        "PUT",
        url,
        &[
            ("content-type", "application/pdf"),
            ("content-length", &length),
        ],
        SMALL_PDF,
    )
    .await;
    assert_eq!(put.status, 200);
    assert_eq!(
        world.invoice(&id).await["pdf"],
        Value::Null,
        "not shown before the check"
    );

    let clock = Clock::fixed(start());
    let ports = Ports {
        table: world.state().table.as_ref(),
        blobs: blobs.as_ref(),
        clock: &clock,
    };
    let checked = check_upload(ports, &quarantine).await.unwrap();
    assert_eq!(
        checked,
        Checked::Attached {
            invoice_id: InvoiceId::parse(&id).unwrap(),
            pdf_id: pdf_id.to_string()
        }
    );
    let invoice = world.invoice(&id).await;
    assert_eq!(invoice["pdf"]["id"], pdf_id);
    assert!(
        blobs
            .head(&format!("invoices/{id}/{pdf_id}.pdf"))
            .await
            .is_ok()
    );
    assert_eq!(blobs.head(&quarantine).await, Err(BlobError::NotFound));
    // The same event again changes nothing.
    assert_eq!(
        check_upload(ports, &quarantine).await.unwrap(),
        Checked::Gone
    );
    assert_eq!(world.invoice(&id).await["version"], invoice["version"]);

    // A bad upload is deleted, never attached.
    let html: &[u8] = b"<html></html>";
    let asked = world
        .act(&id, "upload_url", Some(json!({"size": html.len()})))
        .await;
    let url = asked.body["url"].as_str().unwrap();
    let length = html.len().to_string();
    let put = send(
        "PUT",
        url,
        &[
            ("content-type", "application/pdf"),
            ("content-length", &length),
        ],
        html,
    )
    .await;
    assert_eq!(put.status, 200);
    let key = format!(
        "quarantine/invoices/{id}/{}.pdf",
        asked.body["pdf_id"].as_str().unwrap()
    );
    assert!(matches!(
        check_upload(ports, &key).await.unwrap(),
        Checked::Rejected(_)
    ));
    assert_eq!(blobs.head(&key).await, Err(BlobError::NotFound));
    assert_eq!(world.invoice(&id).await["pdf"]["id"], pdf_id);

    // What the URL may carry is bounded up front.
    for (body, status) in [
        (
            json!({"size": 11 * 1024 * 1024}),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (json!({"size": 0}), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            json!({"size": 10, "content_type": "text/html"}),
            StatusCode::BAD_REQUEST,
        ),
        (json!({"size": -1}), StatusCode::BAD_REQUEST),
    ] {
        let answer = world.act(&id, "upload_url", Some(body.clone())).await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text);
    }
}

#[tokio::test]
async fn a_late_upload_never_replaces_a_newer_pdf() {
    let (world, blobs) = World::with_served_blobs().await;
    let (_, id) = issued(&world).await;
    let asked = world
        .act(&id, "upload_url", Some(json!({"size": SMALL_PDF.len()})))
        .await;
    let url = asked.body["url"].as_str().unwrap();
    let length = SMALL_PDF.len().to_string();
    send(
        "PUT",
        url,
        &[
            ("content-type", "application/pdf"),
            ("content-length", &length),
        ],
        SMALL_PDF,
    )
    .await;
    // Meanwhile staff upload directly, later.
    world.state().clock.advance(chrono::Duration::seconds(10));
    let direct = world
        .send(upload(
            &format!("/api/invoices/{id}/upload_pdf"),
            &world.staff,
            "application/pdf",
            SMALL_PDF.to_vec(),
        ))
        .await;
    let newer = direct.body["pdf"]["id"].as_str().unwrap().to_string();
    let key = format!(
        "quarantine/invoices/{id}/{}.pdf",
        asked.body["pdf_id"].as_str().unwrap()
    );
    let clock = Clock::fixed(start());
    let ports = Ports {
        table: world.state().table.as_ref(),
        blobs: blobs.as_ref(),
        clock: &clock,
    };
    assert!(matches!(
        check_upload(ports, &key).await.unwrap(),
        Checked::Rejected(_)
    ));
    assert_eq!(world.invoice(&id).await["pdf"]["id"], newer);
    assert_eq!(blobs.head(&key).await, Err(BlobError::NotFound));
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut cursor);
    for (name, bytes) in files {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    cursor.into_inner()
}

#[tokio::test]
async fn bulk_uploads_report_each_file() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let first = world.issued(&client.id, ITEMS).await;
    let second = world.issued(&client.id, ITEMS).await;
    let html: &[u8] = b"<html>not a pdf</html>";
    let (content_type, body) = multipart_files(&[
        ("files", "INV-2026-000001.pdf", "application/pdf", SMALL_PDF),
        ("files", "INV-2026-000099.pdf", "application/pdf", SMALL_PDF),
        ("files", "scan.pdf", "application/pdf", SMALL_PDF),
        ("files", "INV-2026-000002.pdf", "application/pdf", html),
    ]);
    let staff = world
        .send(upload(
            "/api/invoices/bulk_upload",
            &world.staff,
            &content_type,
            body.clone(),
        ))
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN, "admins only");
    let report = world
        .send(upload(
            "/api/invoices/bulk_upload",
            &world.admin,
            &content_type,
            body,
        ))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.body["attached"].as_array().unwrap().len(), 1);
    assert_eq!(report.body["attached"][0]["invoice_id"], first["id"]);
    let errors = report.body["errors"].as_array().unwrap();
    let files: Vec<&str> = errors.iter().map(|e| e["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["INV-2026-000099.pdf", "scan.pdf", "INV-2026-000002.pdf"]
    );
    assert_eq!(errors[2]["status"], 415);
    assert_eq!(
        world.invoice(second["id"].as_str().unwrap()).await["pdf"],
        Value::Null
    );

    let mut big = SMALL_PDF.to_vec();
    big.resize(11 * 1024 * 1024, b' ');
    let archive = zip_of(&[
        ("march/INV-2026-000002.pdf", SMALL_PDF),
        ("__MACOSX/._INV-2026-000002.pdf", b"junk"),
        ("INV-2026-000001.pdf", &big),
    ]);
    let zipped = world
        .send(upload(
            "/api/invoices/bulk_upload",
            &world.admin,
            "application/zip",
            archive.clone(),
        ))
        .await;
    assert_eq!(zipped.status, StatusCode::OK, "{}", zipped.text);
    assert_eq!(
        zipped.body["attached"][0]["invoice_number"],
        "INV-2026-000002"
    );
    assert_eq!(zipped.body["errors"][0]["file"], "INV-2026-000001.pdf");
    assert_eq!(zipped.body["errors"][0]["status"], 413);
    // A zip inside a multipart body works the same.
    let (content_type, body) = multipart("archive", "scans.zip", "application/zip", &archive);
    let nested = world
        .send(upload(
            "/api/invoices/bulk_upload",
            &world.admin,
            &content_type,
            body,
        ))
        .await;
    assert_eq!(nested.body["attached"].as_array().unwrap().len(), 1);

    let garbage = world
        .send(upload(
            "/api/invoices/bulk_upload",
            &world.admin,
            "application/zip",
            b"PK not a zip".to_vec(),
        ))
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    let json = world
        .send(upload(
            "/api/invoices/bulk_upload",
            &world.admin,
            "application/json",
            b"{}".to_vec(),
        ))
        .await;
    assert_eq!(json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_pdf_over_what_a_lambda_request_carries_goes_through_upload_url() {
    let world = World::new().await;
    let (_, id) = issued(&world).await;
    let mut five_mb = SMALL_PDF.to_vec();
    five_mb.resize(5 * 1024 * 1024, b' ');
    // Deployed, 5 MB is 6.7 MB of base64: past Lambda's 6 MB. The route
    // refuses it on every host, naming its limit.
    let direct = world
        .send(upload(
            &format!("/api/invoices/{id}/upload_pdf"),
            &world.staff,
            "application/pdf",
            five_mb.clone(),
        ))
        .await;
    assert_eq!(
        direct.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        direct.text
    );
    assert!(direct.text.contains("4194304"), "{}", direct.text);
    assert!(world.invoice(&id).await["pdf"].is_null());
    // The presigned upload takes it.
    let ticket = world
        .act(&id, "upload_url", Some(json!({"size": five_mb.len()})))
        .await;
    assert_eq!(ticket.status, StatusCode::OK, "{}", ticket.text);
    assert_eq!(ecar_invoices::MAX_DIRECT_PDF_BYTES, 4 * 1024 * 1024);
}
