//! Attaching PDFs to invoices: stored directly (`upload_pdf`, `generate_pdf`,
//! `bulk_upload`), or uploaded by the client to a presigned URL
//! (`upload_url`) and attached by the pdf-check function.
//!
//! Attaching is one conditional write of the invoice: it holds only while
//! the invoice is issued and not cancelled, and only if the invoice's
//! current PDF (if any) is older than the one attached (PDF ids are ULIDs,
//! so they sort by time). Attaching the same PDF twice therefore changes
//! nothing, and a late upload never replaces a newer PDF.

use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use super::{
    Action, Invoice, InvoiceError, PDF_ID, PdfInfo, PdfSource, get, invoice_key,
    pdf::{self, MAX_PDF_BYTES, PDF_CONTENT_TYPE, PdfRefusal},
    status, status_name,
};
use crate::{
    blobs::PresignedRequest,
    ports::Ports,
    store::{Change, CmpOp, Condition, StoreError, Value, WriteOp, to_value},
    values::InvoiceId,
    values::InvoiceStatus,
};

/// How long a presigned upload URL works.
pub const UPLOAD_URL_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// The condition under which a PDF may be attached: the invoice exists, is
/// issued and not cancelled, and its PDF (if any) is older than `pdf_id`.
fn attachable(pdf_id: &str) -> Condition {
    let status_is = |status| Condition::Equals("status".into(), Value::s(status_name(status)));
    Condition::And(vec![
        Condition::Exists,
        Condition::Or(vec![
            status_is(InvoiceStatus::Pending),
            status_is(InvoiceStatus::Paid),
            status_is(InvoiceStatus::Refunded),
        ]),
        Condition::Or(vec![
            Condition::AttributeNotExists(PDF_ID.into()),
            Condition::Compare(PDF_ID.into(), CmpOp::Lt, Value::s(pdf_id)),
        ]),
    ])
}

/// The write attaching `pdf` to invoice `id` (see the module's rules).
pub fn attach_op(
    id: &InvoiceId,
    pdf: &PdfInfo,
    now: DateTime<Utc>,
) -> Result<WriteOp, InvoiceError> {
    Ok(WriteOp::Update {
        key: invoice_key(id),
        changes: vec![
            Change::Set("pdf".into(), to_value(pdf)?),
            Change::Set(PDF_ID.into(), Value::s(&pdf.id)),
            Change::Set("updated_at".into(), to_value(&now)?),
            Change::Add("version".into(), 1),
        ],
        condition: Some(attachable(&pdf.id)),
    })
}

/// Why an attach did not happen, from the invoice as it is now.
fn refusal(invoice: Option<&Invoice>, pdf_id: &str) -> InvoiceError {
    match invoice {
        None => InvoiceError::NotFound,
        Some(invoice) => match status::apply(invoice.status, Action::AttachPdf) {
            Err(refused) => refused.into(),
            Ok(_)
                if invoice
                    .pdf
                    .as_ref()
                    .is_some_and(|pdf| pdf.id.as_str() >= pdf_id) =>
            {
                InvoiceError::Refused("A newer PDF was attached meanwhile.".into())
            }
            Ok(_) => InvoiceError::Contention,
        },
    }
}

/// Validates `bytes`, stores them as a new PDF version of invoice `id` and
/// attaches it; returns the invoice with its new PDF.
pub async fn store(
    ports: &Ports,
    id: &InvoiceId,
    bytes: Bytes,
    source: PdfSource,
) -> Result<Invoice, InvoiceError> {
    let table = ports.table.as_ref();
    let invoice = get(table, id).await?.ok_or(InvoiceError::NotFound)?;
    status::apply(invoice.status, Action::AttachPdf)?;
    pdf::validate(&bytes)?;
    let now = ports.clock.now();
    let info = PdfInfo {
        id: pdf::new_pdf_id(now),
        size: bytes.len() as u64,
        uploaded_at: now,
        source,
    };
    let key = pdf::blob_key(id, &info.id);
    ports.blobs.put(&key, bytes, PDF_CONTENT_TYPE).await?;
    match table.write(attach_op(id, &info, now)?).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { .. }) => {
            // Not attached: the stored version would only be an orphan.
            if let Err(error) = ports.blobs.delete(&key).await {
                tracing::warn!(%error, key, "could not remove an unattached PDF");
            }
            return Err(refusal(get(table, id).await?.as_ref(), &info.id));
        }
        Err(other) => return Err(other.into()),
    }
    tracing::info!(invoice_id = %id, pdf_id = %info.id, size = info.size, ?source, "invoice PDF attached");
    get(table, id).await?.ok_or(InvoiceError::NotFound)
}

/// A presigned upload the client makes, and the PDF id it will get.
#[derive(Clone, Debug)]
pub struct UploadUrl {
    /// The request to make (a bearer credential: never log its URL).
    pub request: PresignedRequest,
    /// The id the PDF gets once the pdf-check function accepts it.
    pub pdf_id: String,
}

/// A presigned PUT of exactly `size` bytes of `application/pdf` into the
/// quarantine of invoice `id`, for [`UPLOAD_URL_LIFETIME`].
pub async fn upload_url(
    ports: &Ports,
    id: &InvoiceId,
    content_type: &str,
    size: u64,
) -> Result<UploadUrl, InvoiceError> {
    let invoice = get(ports.table.as_ref(), id)
        .await?
        .ok_or(InvoiceError::NotFound)?;
    status::apply(invoice.status, Action::AttachPdf)?;
    if !content_type.eq_ignore_ascii_case(PDF_CONTENT_TYPE) {
        return Err(InvoiceError::invalid(
            "content_type",
            format!("must be {PDF_CONTENT_TYPE}"),
        ));
    }
    if size == 0 {
        return Err(InvoiceError::Pdf(PdfRefusal::Empty));
    }
    if size > MAX_PDF_BYTES as u64 {
        return Err(InvoiceError::Pdf(PdfRefusal::TooLarge {
            limit: MAX_PDF_BYTES,
        }));
    }
    let pdf_id = pdf::new_pdf_id(ports.clock.now());
    let key = pdf::quarantine_key(id, &pdf_id);
    let request = ports
        .blobs
        .presign_put(&key, PDF_CONTENT_TYPE, size, UPLOAD_URL_LIFETIME)
        .await?;
    tracing::info!(invoice_id = %id, pdf_id, size, "presigned PDF upload issued");
    Ok(UploadUrl { request, pdf_id })
}
