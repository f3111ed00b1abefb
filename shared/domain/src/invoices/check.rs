//! The pdf-check function's work on one uploaded object: a presigned upload
//! lands in `quarantine/invoices/<invoice id>/<pdf id>.pdf`; it is checked,
//! copied to its final key and attached to its invoice, or deleted. Either
//! way the quarantine object is removed.
//!
//! A duplicate event (S3 delivers at least once) finds the object gone, or
//! the PDF already attached: it changes nothing. Failures of the store are
//! returned, so the event is retried; everything decided is final.

use super::{
    Invoice, InvoiceError, PdfInfo, PdfSource, get,
    pdf::{self, PDF_CONTENT_TYPE, PdfRefusal},
    upload::attach_op,
};
use crate::{
    Clock,
    blobs::{BlobError, Blobs},
    store::{StoreError, Table},
    values::InvoiceId,
};

/// What became of an uploaded object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    /// Accepted and attached to its invoice.
    Attached {
        /// The invoice.
        invoice_id: InvoiceId,
        /// The new PDF's id.
        pdf_id: String,
    },
    /// Already attached by an earlier delivery of the same event.
    AlreadyAttached,
    /// Already handled: the object is gone.
    Gone,
    /// Refused and deleted, for this reason.
    Rejected(String),
}

/// The ports the check needs.
#[derive(Clone, Copy)]
pub struct Ports<'a> {
    /// The table.
    pub table: &'a dyn Table,
    /// The blobs.
    pub blobs: &'a dyn Blobs,
    /// The clock.
    pub clock: &'a Clock,
}

/// Checks, then attaches or deletes, the object at `key`.
pub async fn check_upload(ports: Ports<'_>, key: &str) -> Result<Checked, InvoiceError> {
    let Some((invoice_id, pdf_id)) = pdf::parse_quarantine_key(key) else {
        return reject(ports, key, "not a quarantine key of an invoice PDF".into()).await;
    };
    let blob = match ports.blobs.get(key).await {
        Ok(blob) => blob,
        Err(BlobError::NotFound) => return Ok(Checked::Gone),
        Err(other) => return Err(other.into()),
    };
    if let Err(refusal) = pdf::validate(&blob.body) {
        return reject(ports, key, refusal.to_string()).await;
    }
    if !blob.content_type.eq_ignore_ascii_case(PDF_CONTENT_TYPE) {
        return reject(ports, key, PdfRefusal::NotPdf.to_string()).await;
    }
    let Some(invoice) = get(ports.table, &invoice_id).await? else {
        return reject(ports, key, "no such invoice".into()).await;
    };
    if attached(&invoice, &pdf_id) {
        ports.blobs.delete(key).await?;
        return Ok(Checked::AlreadyAttached);
    }
    let now = ports.clock.now();
    let info = PdfInfo {
        id: pdf_id.clone(),
        size: blob.body.len() as u64,
        uploaded_at: now,
        source: PdfSource::Uploaded,
    };
    let final_key = pdf::blob_key(&invoice_id, &pdf_id);
    ports.blobs.copy(key, &final_key).await?;
    match ports.table.write(attach_op(&invoice_id, &info, now)?).await {
        Ok(()) => {
            ports.blobs.delete(key).await?;
            tracing::info!(invoice_id = %invoice_id, pdf_id, size = info.size, "uploaded PDF attached");
            Ok(Checked::Attached { invoice_id, pdf_id })
        }
        Err(StoreError::ConditionFailed { .. }) => {
            let now_attached = get(ports.table, &invoice_id)
                .await?
                .is_some_and(|invoice| attached(&invoice, &pdf_id));
            if now_attached {
                ports.blobs.delete(key).await?;
                return Ok(Checked::AlreadyAttached);
            }
            ports.blobs.delete(&final_key).await?;
            reject(
                ports,
                key,
                "the invoice is not issued, is cancelled, or has a newer PDF".into(),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

fn attached(invoice: &Invoice, pdf_id: &str) -> bool {
    invoice.pdf.as_ref().is_some_and(|pdf| pdf.id == pdf_id)
}

async fn reject(ports: Ports<'_>, key: &str, reason: String) -> Result<Checked, InvoiceError> {
    ports.blobs.delete(key).await?;
    tracing::warn!(key, reason, "uploaded PDF rejected and deleted");
    Ok(Checked::Rejected(reason))
}
