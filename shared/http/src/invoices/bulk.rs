//! Bulk upload: many PDFs, each named by its invoice's number
//! (`INV-2026-000042.pdf`), attached one by one, with a report per file.
//! A file that fails is reported and changes nothing; the others go on.

use bytes::Bytes;
use serde::Serialize;
use utoipa::ToSchema;

use super::{InvoiceError, InvoiceNumber, PdfSource, numbering, upload};
use crate::{domain::InvoiceId, http::ApiError, ports::Ports};

/// A file attached to its invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct AttachedFile {
    /// The file's name, as sent.
    pub file: String,
    /// The invoice it was attached to.
    #[schema(value_type = String)]
    pub invoice_id: InvoiceId,
    /// That invoice's number.
    pub invoice_number: String,
    /// The new PDF's id.
    pub pdf_id: String,
}

/// A file that was not attached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct FileError {
    /// The file's name, as sent.
    pub file: String,
    /// Why (the HTTP status the same upload would have had).
    pub status: u16,
    /// What went wrong.
    pub error: String,
}

/// The report of a bulk upload.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct BulkUploadReport {
    /// Files attached.
    pub attached: Vec<AttachedFile>,
    /// Files refused.
    pub errors: Vec<FileError>,
}

/// The invoice number a file name gives: its last path segment without `.pdf`.
pub fn number_of_file(name: &str) -> Option<InvoiceNumber> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, extension) = base.rsplit_once('.')?;
    if !extension.eq_ignore_ascii_case("pdf") {
        return None;
    }
    stem.parse().ok()
}

async fn attach_one(ports: &Ports, name: &str, bytes: Bytes) -> Result<AttachedFile, InvoiceError> {
    let number = number_of_file(name).ok_or_else(|| {
        InvoiceError::invalid(
            "file",
            "name must be an invoice number, e.g. INV-2026-000042.pdf",
        )
    })?;
    let id = numbering::find(ports.table.as_ref(), &number)
        .await?
        .ok_or_else(|| InvoiceError::invalid("file", format!("no invoice {number}")))?;
    let invoice = upload::store(ports, &id, bytes, PdfSource::Uploaded).await?;
    Ok(AttachedFile {
        file: name.to_string(),
        invoice_id: id,
        invoice_number: number.to_string(),
        pdf_id: invoice.pdf.map(|pdf| pdf.id).unwrap_or_default(),
    })
}

impl BulkUploadReport {
    /// Attaches the file `name` and records the outcome.
    pub async fn attach(&mut self, ports: &Ports, name: &str, bytes: Bytes) {
        match attach_one(ports, name, bytes).await {
            Ok(attached) => self.attached.push(attached),
            Err(error) => self.refuse(name, &ApiError::from(error)),
        }
    }

    /// Records a file refused before it reached an invoice.
    pub fn refuse(&mut self, name: &str, error: &ApiError) {
        let detail = match error.field_errors().first() {
            Some(field) => field.message.clone(),
            None => error.detail().to_string(),
        };
        self.errors.push(FileError {
            file: name.to_string(),
            status: error.status().as_u16(),
            error: detail,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_by_invoice_number() {
        let number = InvoiceNumber::new(2026, 42);
        assert_eq!(number_of_file("INV-2026-000042.pdf"), Some(number.clone()));
        assert_eq!(
            number_of_file("march/inv-2026-000042.PDF"),
            Some(number.clone())
        );
        assert_eq!(
            number_of_file("C:\\scans\\INV-2026-000042.pdf"),
            Some(number)
        );
        for bad in [
            "INV-2026-000042",
            "INV-2026-000042.txt",
            "facture.pdf",
            ".pdf",
        ] {
            assert_eq!(number_of_file(bad), None, "{bad}");
        }
    }
}
