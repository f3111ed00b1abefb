//! The invoices function: drafts, issue with gap-free numbers, payments,
//! refunds, PDFs (upload, presigned upload, generation, download), views,
//! statistics, bulk upload and messages to customers.

mod body;
mod bulk;
mod crud;
mod pdfs;
mod printed;
mod requests;
mod upload_schemas;
mod views;
mod workflow;

use axum::extract::DefaultBodyLimit;
use ecar_http::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

pub use body::MAX_DIRECT_PDF_BYTES;
pub use bulk::{MAX_BULK_BYTES, MAX_BULK_FILES};
pub use pdfs::DOWNLOAD_URL_LIFETIME;

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    // The file routes take bodies far larger than the JSON limit every other
    // route keeps; the limit is theirs alone.
    let pdf_upload = OpenApiRouter::new()
        .routes(routes!(pdfs::upload_pdf))
        .layer(DefaultBodyLimit::max(
            body::MAX_DIRECT_PDF_BYTES + body::MULTIPART_OVERHEAD,
        ));
    let bulk_upload = OpenApiRouter::new()
        .routes(routes!(bulk::bulk_upload))
        .layer(DefaultBodyLimit::max(MAX_BULK_BYTES));
    OpenApiRouter::new()
        .routes(routes!(crud::list_invoices, crud::create_invoice))
        .routes(routes!(views::paid))
        .routes(routes!(views::unpaid))
        .routes(routes!(views::refunded))
        .routes(routes!(views::statistics))
        .routes(routes!(
            crud::get_invoice,
            crud::replace_invoice,
            crud::patch_invoice,
            crud::delete_invoice
        ))
        .routes(routes!(workflow::issue))
        .routes(routes!(workflow::mark_as_paid))
        .routes(routes!(workflow::cancel))
        .routes(routes!(workflow::refund))
        .routes(routes!(workflow::send_notification))
        .routes(routes!(workflow::send_sms_notification))
        .routes(routes!(pdfs::upload_url))
        .routes(routes!(pdfs::generate_pdf))
        .routes(routes!(pdfs::download))
        .merge(pdf_upload)
        .merge(bulk_upload)
}
