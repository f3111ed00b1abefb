//! The local runner checks presigned uploads as the pdf-check function does
//! on AWS: a PDF put through the local blob URL is attached to its invoice.

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use bytes::Bytes;
use chrono::Utc;
use ecar::uploads::checked;
use ecar_http::{
    AppState, Clock, Config,
    blobs::Blobs,
    bootstrap::Storage,
    domain::InvoiceId,
    domain::InvoiceStatus,
    invoices::{self, Invoice, InvoiceNumber, pdf},
    store::WriteOp,
};

use tower::ServiceExt;

const SMALL_PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n";

#[tokio::test]
async fn an_upload_into_quarantine_is_checked_and_attached() {
    let local = AppState::embedded(Config::default(), Storage::Memory, Clock::system()).unwrap();
    let state = local.state.clone();
    let now = Utc::now();
    let id = InvoiceId::generate(now);
    let invoice = Invoice {
        id: id.clone(),
        invoice_number: Some(InvoiceNumber::new(2026, 1)),
        status: InvoiceStatus::Pending,
        issued_date: Some(now.date_naive()),
        ..invoices::sample(now)
    };
    state
        .table
        .write(WriteOp::create(invoice.item().unwrap()))
        .await
        .unwrap();

    let pdf_id = pdf::new_pdf_id(now);
    let key = pdf::quarantine_key(&id, &pdf_id);
    let url = local
        .blobs
        .presign_put(
            &key,
            "application/pdf",
            SMALL_PDF.len() as u64,
            std::time::Duration::from_secs(60),
        )
        .await
        .unwrap()
        .url;
    let path_and_query = url.split_once("/local-blobs").unwrap().1.to_string();
    let router = checked(
        ecar_http::http::local_blobs::router(local.blobs.clone()),
        state.clone(),
        local.blobs.clone(),
    );
    let request = Request::builder()
        .method(Method::PUT)
        .uri(path_and_query)
        .header(header::CONTENT_TYPE, "application/pdf")
        .header(header::CONTENT_LENGTH, SMALL_PDF.len())
        .body(Body::from(Bytes::from_static(SMALL_PDF)))
        .unwrap();
    let response = router.oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let attached = invoices::get(state.table.as_ref(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(attached.pdf.unwrap().id, pdf_id);
    assert!(
        local.blobs.head(&key).await.is_err(),
        "the quarantine object is gone"
    );
}
