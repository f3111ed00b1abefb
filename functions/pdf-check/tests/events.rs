//! `events/pdf-check/object-created.json` through the real handler, over the
//! embedded table with embedded blobs and with S3 on moto: a presigned
//! upload is attached once, a duplicate event changes nothing, a bad upload
//! is deleted.

use std::sync::Arc;

use aws_lambda_events::event::s3::S3Event;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use ecar_http::{
    Clock,
    blobs::{BlobError, Blobs},
    domain::InvoiceId,
    domain::InvoiceStatus,
    invoices::{self, Invoice, InvoiceNumber},
    store::{Table, WriteOp},
    testing::moto,
};
use ecar_pdf_check::{Checker, handler};
use ecar_store::aws::{s3_client, sdk_config};
use ecar_store::blobs::S3Blobs;
use ecar_store::{blobs::EmbeddedBlobs, table::EmbeddedTable};

use lambda_runtime::{Context, LambdaEvent};

/// The invoice and PDF the sample event's key names.
const INVOICE: &str = "01JP3P9R2S4T6V8W0X2Y4Z6A8B";
const PDF: &str = "01JP3Q1C3D5E7F9G1H3J5K7M9N";
const KEY: &str = "quarantine/invoices/01JP3P9R2S4T6V8W0X2Y4Z6A8B/01JP3Q1C3D5E7F9G1H3J5K7M9N.pdf";
const SMALL_PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n107\n%%EOF\n";

fn now() -> DateTime<Utc> {
    "2026-03-18T10:45:00Z".parse().unwrap()
}

fn sample_event() -> LambdaEvent<S3Event> {
    let path = format!(
        "{}/../../events/pdf-check/object-created.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let event: S3Event = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    LambdaEvent::new(event, Context::default())
}

/// The sample's invoice, issued, without a PDF.
async fn issued_invoice(table: &dyn Table) {
    let id = InvoiceId::parse(INVOICE).unwrap();
    let invoice = Invoice {
        id: id.clone(),
        invoice_number: Some(InvoiceNumber::new(2026, 1)),
        status: InvoiceStatus::Pending,
        issued_date: Some(now().date_naive()),
        version: 2,
        ..invoices::sample(now())
    };
    table
        .write(WriteOp::create(invoice.item().unwrap()))
        .await
        .unwrap();
}

async fn invoice(table: &dyn Table) -> Invoice {
    invoices::get(table, &InvoiceId::parse(INVOICE).unwrap())
        .await
        .unwrap()
        .unwrap()
}

/// The sample event, delivered twice, then a bad upload at the same key.
async fn the_sample_event_attaches_once(blobs: Arc<dyn Blobs>) {
    let clock = Clock::fixed(now());
    let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    issued_invoice(table.as_ref()).await;
    let checker = Checker::new(table.clone(), blobs.clone(), clock);
    blobs
        .put(KEY, Bytes::from_static(SMALL_PDF), "application/pdf")
        .await
        .unwrap();

    handler(&checker, sample_event()).await.unwrap();
    let attached = invoice(table.as_ref()).await;
    let pdf = attached.pdf.clone().unwrap();
    assert_eq!(pdf.id, PDF);
    assert_eq!(pdf.size, SMALL_PDF.len() as u64);
    assert_eq!(attached.version, 3);
    let stored = blobs
        .get(&format!("invoices/{INVOICE}/{PDF}.pdf"))
        .await
        .unwrap();
    assert_eq!(stored.body.as_ref(), SMALL_PDF);
    assert_eq!(blobs.head(KEY).await, Err(BlobError::NotFound));

    // S3 delivers at least once: the same event again changes nothing.
    handler(&checker, sample_event()).await.unwrap();
    assert_eq!(invoice(table.as_ref()).await, attached);
    // Even if the object were still there (a delivery racing the first).
    blobs
        .put(KEY, Bytes::from_static(SMALL_PDF), "application/pdf")
        .await
        .unwrap();
    handler(&checker, sample_event()).await.unwrap();
    assert_eq!(invoice(table.as_ref()).await, attached);
    assert_eq!(blobs.head(KEY).await, Err(BlobError::NotFound));

    // An HTML page uploaded as a PDF is deleted and never attached.
    let html = Bytes::from_static(b"<!DOCTYPE html><html><body>not a pdf</body></html>");
    blobs.put(KEY, html, "application/pdf").await.unwrap();
    handler(&checker, sample_event()).await.unwrap();
    assert_eq!(blobs.head(KEY).await, Err(BlobError::NotFound));
    assert_eq!(invoice(table.as_ref()).await, attached);
}

#[tokio::test]
async fn on_embedded_blobs() {
    let blobs = EmbeddedBlobs::in_memory(
        "http://127.0.0.1:1/local-blobs",
        &[3; 32],
        Clock::fixed(now()),
    )
    .unwrap();
    the_sample_event_attaches_once(Arc::new(blobs)).await;
}

#[tokio::test]
async fn on_s3() {
    let endpoint = moto::endpoint();
    let client = s3_client(&sdk_config(Some(&endpoint)).await);
    let bucket = format!("ecar-pdf-check-{}", Utc::now().timestamp_micros());
    client.create_bucket().bucket(&bucket).send().await.unwrap();
    the_sample_event_attaches_once(Arc::new(S3Blobs::new(client, bucket))).await;
}

#[tokio::test]
async fn an_object_of_no_invoice_is_deleted() {
    let clock = Clock::fixed(now());
    let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    let blobs: Arc<dyn Blobs> = Arc::new(
        EmbeddedBlobs::in_memory("http://127.0.0.1:1/b", &[3; 32], clock.clone()).unwrap(),
    );
    let checker = Checker::new(table, blobs.clone(), clock);
    blobs
        .put(KEY, Bytes::from_static(SMALL_PDF), "application/pdf")
        .await
        .unwrap();
    handler(&checker, sample_event()).await.unwrap();
    assert_eq!(blobs.head(KEY).await, Err(BlobError::NotFound));
    // A key that is not an upload key is deleted too.
    let stray = "quarantine/invoices/not-an-id/x.pdf";
    blobs
        .put(stray, Bytes::from_static(SMALL_PDF), "application/pdf")
        .await
        .unwrap();
    let mut event = sample_event();
    event.payload.records[0].s3.object.key = Some(stray.into());
    handler(&checker, event).await.unwrap();
    assert_eq!(blobs.head(stray).await, Err(BlobError::NotFound));
}
