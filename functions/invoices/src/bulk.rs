//! `POST /api/invoices/bulk_upload`: many PDFs, as multipart files or in a
//! zip (raw `application/zip`, or a `.zip` file among the multipart files),
//! each named by its invoice's number; a report per file.

use std::io::{Cursor, Read};

use axum::{
    extract::{FromRequest, Multipart, Request, State},
    http::StatusCode,
};
use bytes::Bytes;
use ecar_http::{
    AppState, audit,
    auth::Caller,
    http::{ApiError, Problem},
    invoices::{bulk::BulkUploadReport, pdf::MAX_PDF_BYTES},
};

use crate::{
    body::{media_type, multipart_error, raw_body},
    upload_schemas::{PdfFiles, PdfZip},
};

/// Largest bulk upload body.
pub const MAX_BULK_BYTES: usize = 50 * 1024 * 1024;
/// Most files in one bulk upload.
pub const MAX_BULK_FILES: usize = 200;
/// Most bytes all the files of a zip may expand to (a zip bomb stops here).
const MAX_UNZIPPED_BYTES: u64 = 200 * 1024 * 1024;

/// A file of the upload: its name, and its bytes or why it was refused.
type File = (String, Result<Bytes, ApiError>);

fn too_many() -> ApiError {
    ApiError::bad_request(format!(
        "A bulk upload holds at most {MAX_BULK_FILES} files."
    ))
}

/// The PDFs inside a zip, each at most [`MAX_PDF_BYTES`] (bigger ones are
/// refused one by one), directories and macOS metadata left out.
fn unzip(archive: &Bytes, files: &mut Vec<File>) -> Result<(), ApiError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive.as_ref()))
        .map_err(|_| ApiError::bad_request("The zip file cannot be read."))?;
    let mut expanded: u64 = 0;
    for index in 0..zip.len() {
        let mut entry = zip
            .by_index(index)
            .map_err(|_| ApiError::bad_request("The zip file cannot be read."))?;
        let name = entry
            .name()
            .map_err(|_| ApiError::bad_request("The zip file holds an unreadable file name."))?
            .to_string();
        if entry.is_dir() || name.starts_with("__MACOSX/") {
            continue;
        }
        if files.len() >= MAX_BULK_FILES {
            return Err(too_many());
        }
        let mut bytes = Vec::new();
        // One byte over the limit tells an oversized file, whatever its header claims.
        let read = entry
            .by_ref()
            .take(MAX_PDF_BYTES as u64 + 1)
            .read_to_end(&mut bytes);
        expanded += bytes.len() as u64;
        if expanded > MAX_UNZIPPED_BYTES {
            return Err(ApiError::payload_too_large(MAX_UNZIPPED_BYTES as usize));
        }
        let file = match read {
            Err(_) => Err(ApiError::bad_request("The file cannot be extracted.")),
            Ok(_) if bytes.len() > MAX_PDF_BYTES => Err(ApiError::payload_too_large(MAX_PDF_BYTES)),
            Ok(_) => Ok(Bytes::from(bytes)),
        };
        files.push((name, file));
    }
    Ok(())
}

async fn unzip_blocking(archive: Bytes, files: &mut Vec<File>) -> Result<(), ApiError> {
    let mut found = std::mem::take(files);
    let (result, found) = tokio::task::spawn_blocking(move || {
        let result = unzip(&archive, &mut found);
        (result, found)
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "unzip task failed");
        ApiError::internal()
    })?;
    *files = found;
    result
}

fn is_zip(name: &str, content_type: Option<&str>) -> bool {
    name.to_ascii_lowercase().ends_with(".zip")
        || matches!(
            content_type,
            Some("application/zip" | "application/x-zip-compressed")
        )
}

/// The files of a multipart body: every part with a file name.
async fn multipart_files(request: Request, files: &mut Vec<File>) -> Result<(), ApiError> {
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| {
        ApiError::bad_request(format!("Malformed multipart body: {}", e.body_text()))
    })?;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(&e, MAX_BULK_BYTES))?
    {
        let Some(name) = field.file_name().map(str::to_string) else {
            continue;
        };
        let zipped = is_zip(&name, field.content_type());
        let bytes = field
            .bytes()
            .await
            .map_err(|e| multipart_error(&e, MAX_BULK_BYTES))?;
        if zipped {
            unzip_blocking(bytes, files).await?;
        } else if files.len() >= MAX_BULK_FILES {
            return Err(too_many());
        } else {
            files.push((name, Ok(bytes)));
        }
    }
    Ok(())
}

/// Attach many PDFs named by invoice number (admin).
#[utoipa::path(post, path = "/api/invoices/bulk_upload", tag = "invoices",
    request_body(description = "PDFs named `INV-YYYY-NNNNNN.pdf`: multipart files, or a zip of them",
        content(
            (PdfFiles = "multipart/form-data"),
            (PdfZip = "application/zip"),
        )),
    responses(
        (status = 200, description = "What became of each file", body = BulkUploadReport),
        (status = 400, description = "No files, too many files, or an unreadable zip", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
        (status = 413, description = "Body larger than 50 MB, or a zip expanding beyond 200 MB", body = Problem),
        (status = 415, description = "Neither multipart nor zip", body = Problem),
    ))]
pub async fn bulk_upload(
    State(state): State<AppState>,
    caller: Caller,
    request: Request,
) -> Result<(StatusCode, axum::Json<BulkUploadReport>), ApiError> {
    let mut files: Vec<File> = Vec::new();
    match media_type(request.headers()).as_str() {
        "multipart/form-data" => multipart_files(request, &mut files).await?,
        "application/zip" | "application/x-zip-compressed" => {
            let archive = raw_body(request.into_body(), MAX_BULK_BYTES).await?;
            unzip_blocking(archive, &mut files).await?;
        }
        _ => {
            return Err(ApiError::unsupported_media_type(
                "multipart/form-data, or application/zip",
            ));
        }
    }
    if files.is_empty() {
        return Err(ApiError::bad_request("The upload holds no files."));
    }
    let mut report = BulkUploadReport::default();
    for (name, file) in files {
        match file {
            Ok(bytes) => report.attach(&state, &name, bytes).await,
            Err(error) => report.refuse(&name, &error),
        }
    }
    tracing::info!(
        attached = report.attached.len(),
        refused = report.errors.len(),
        "bulk PDF upload"
    );
    let summary = serde_json::json!({
        "route": "POST /api/invoices/bulk_upload",
        "attached": report.attached.len(),
        "refused": report.errors.len(),
    });
    audit::record_import(&state, &caller, "invoice", summary).await;
    Ok((StatusCode::OK, axum::Json(report)))
}
