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

use axum::Router;
use ecar_http::{AppState, RouteSet, routes};
use utoipa_axum::router::OpenApiRouter;

pub use body::MAX_DIRECT_PDF_BYTES;
pub use bulk::{MAX_BULK_BYTES, MAX_BULK_FILES};
pub use pdfs::DOWNLOAD_URL_LIFETIME;

/// The function's routes and their OpenAPI description: for the document
/// and the authorization tests.
pub fn api() -> OpenApiRouter<AppState> {
    routes()
}

/// The function's routes alone, as its Lambda and the local server serve
/// them (see [`ecar_http::routes`](mod@ecar_http::routes)).
pub fn router() -> Router<AppState> {
    routes()
}

fn routes<R: RouteSet>() -> R {
    // The file routes take bodies far larger than the JSON limit every other
    // route keeps; the limit is theirs alone.
    let pdf_upload = R::empty()
        .group(routes!(pdfs::upload_pdf))
        .body_limit(body::MAX_DIRECT_PDF_BYTES + body::MULTIPART_OVERHEAD);
    let bulk_upload = R::empty()
        .group(routes!(bulk::bulk_upload))
        .body_limit(MAX_BULK_BYTES);
    R::empty()
        .group(routes!(crud::list_invoices, crud::create_invoice))
        .group(routes!(views::paid))
        .group(routes!(views::unpaid))
        .group(routes!(views::refunded))
        .group(routes!(views::statistics))
        .group(routes!(
            crud::get_invoice,
            crud::replace_invoice,
            crud::patch_invoice,
            crud::delete_invoice
        ))
        .group(routes!(workflow::issue))
        .group(routes!(workflow::mark_as_paid))
        .group(routes!(workflow::cancel))
        .group(routes!(workflow::refund))
        .group(routes!(workflow::send_notification))
        .group(routes!(workflow::send_sms_notification))
        .group(routes!(pdfs::upload_url))
        .group(routes!(pdfs::generate_pdf))
        .group(routes!(pdfs::download))
        .join(pdf_upload)
        .join(bulk_upload)
}
