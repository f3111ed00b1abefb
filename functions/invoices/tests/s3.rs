//! The PDF routes with S3 on moto behind the blob port: a direct upload is
//! stored encrypted in the bucket, a presigned upload goes to quarantine and
//! is attached once checked, a download redirects to a presigned GET that
//! serves the PDF as an attachment named by the invoice number.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use chrono::Utc;
use common::{SMALL_PDF, World, upload};
use ecar_http::{
    Clock,
    blobs::{BlobError, Blobs},
    invoices::check::{Checked, Ports, check_upload},
    testing::{http::send, moto},
};
use ecar_store::aws::{s3_client, sdk_config};
use ecar_store::blobs::S3Blobs;

use serde_json::json;

async fn bucket() -> (aws_sdk_s3::Client, String) {
    let endpoint = moto::endpoint();
    let client = s3_client(&sdk_config(Some(&endpoint)).await);
    let bucket = format!("ecar-invoices-{}", Utc::now().timestamp_micros());
    client.create_bucket().bucket(&bucket).send().await.unwrap();
    (client, bucket)
}

#[tokio::test]
async fn upload_presign_check_and_download_on_s3() {
    let (client, name) = bucket().await;
    let blobs = Arc::new(S3Blobs::new(client.clone(), name.clone()));
    let world = World::with_blobs(blobs.clone()).await;
    let owner = world.client("Hélène", "Ben Ali").await;
    let invoice = world
        .issued(&owner.id, &[("Courroie de distribution", "1", "320")])
        .await;
    let id = invoice["id"].as_str().unwrap();

    // Direct upload: stored encrypted under its version's key.
    let direct = world
        .send(upload(
            &format!("/api/invoices/{id}/upload_pdf"),
            &world.staff,
            "application/pdf",
            SMALL_PDF.to_vec(),
        ))
        .await;
    assert_eq!(direct.status, StatusCode::OK, "{}", direct.text);
    let key = format!(
        "invoices/{id}/{}.pdf",
        direct.body["pdf"]["id"].as_str().unwrap()
    );
    let head = client
        .head_object()
        .bucket(&name)
        .key(&key)
        .send()
        .await
        .unwrap();
    assert!(head.server_side_encryption().is_some(), "encrypted at rest");
    assert_eq!(head.content_type(), Some("application/pdf"));

    // Presigned upload into quarantine, then the check.
    world.state().clock.advance(chrono::Duration::seconds(5));
    let asked = world
        .act(id, "upload_url", Some(json!({"size": SMALL_PDF.len()})))
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    let pdf_id = asked.body["pdf_id"].as_str().unwrap().to_string();
    let url = asked.body["url"].as_str().unwrap();
    let headers: Vec<(String, String)> = asked.body["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_string()))
        .collect();
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let put = send("PUT", url, &headers, SMALL_PDF).await;
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
    let quarantine = format!("quarantine/invoices/{id}/{pdf_id}.pdf");
    assert!(blobs.head(&quarantine).await.is_ok());
    assert_ne!(
        world.invoice(id).await["pdf"]["id"],
        pdf_id.as_str(),
        "not shown before the check"
    );

    let clock = Clock::system();
    let ports = Ports {
        table: world.state().table.as_ref(),
        blobs: blobs.as_ref(),
        clock: &clock,
    };
    assert!(matches!(
        check_upload(ports, &quarantine).await.unwrap(),
        Checked::Attached { .. }
    ));
    assert_eq!(world.invoice(id).await["pdf"]["id"], pdf_id.as_str());
    assert_eq!(blobs.head(&quarantine).await, Err(BlobError::NotFound));

    // Download: another customer gets a 404; the owner a presigned GET.
    let other = world.client("Omar", "Saidi").await;
    let path = format!("/api/invoices/{id}/download");
    assert_eq!(
        world
            .call(Method::GET, &path, Some(&other.token), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let redirect = world
        .call(Method::GET, &path, Some(&owner.token), None)
        .await;
    assert_eq!(redirect.status, StatusCode::FOUND);
    let location = redirect.headers[header::LOCATION].to_str().unwrap();
    assert!(
        location.contains("X-Amz-Expires=300"),
        "five minutes at most"
    );
    let fetched = send("GET", location, &[], b"").await;
    assert_eq!(fetched.status, 200);
    assert_eq!(fetched.body, SMALL_PDF);
    assert_eq!(
        fetched.header("content-disposition"),
        Some("attachment; filename=\"INV-2026-000001.pdf\"")
    );
}
