//! What an acceptable invoice PDF is, and where PDFs are kept.
//!
//! A PDF is at most [`MAX_PDF_BYTES`], starts with the `%PDF-` header and
//! ends with the `%%EOF` marker after a `startxref` (trailing whitespace
//! allowed, as writers add a newline): that refuses empty files, other
//! files renamed `.pdf` and uploads cut short, without parsing the document.
//!
//! Blobs: an accepted PDF is `invoices/<invoice id>/<pdf id>.pdf`, where the
//! pdf id is a ULID, so each version of an invoice's PDF has its own key and
//! a download URL always serves the version it was made for. Presigned
//! uploads land in `quarantine/invoices/<invoice id>/<pdf id>.pdf` first.

use std::sync::{Mutex, PoisonError};

use crate::values::InvoiceId;

/// Largest PDF accepted, by any route.
pub const MAX_PDF_BYTES: usize = 10 * 1024 * 1024;
/// The content type PDFs are stored and uploaded with.
pub const PDF_CONTENT_TYPE: &str = "application/pdf";
/// Prefix of presigned uploads waiting for the pdf-check function.
pub const QUARANTINE_PREFIX: &str = "quarantine/invoices/";
/// How far from the end the `%%EOF` marker may sit (writers may append whitespace).
const TRAILER_WINDOW: usize = 1024;

/// Why a file is not accepted as an invoice PDF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PdfRefusal {
    /// Nothing was sent.
    #[error("The file is empty.")]
    Empty,
    /// Bigger than allowed.
    #[error("The file exceeds {limit} bytes.")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// No `%PDF-` header: not a PDF.
    #[error("The file is not a PDF (no %PDF- header).")]
    NotPdf,
    /// No `%%EOF` trailer: cut short.
    #[error("The PDF is incomplete (no startxref and %%EOF trailer).")]
    Truncated,
}

/// Checks that `bytes` are an acceptable invoice PDF.
pub fn validate(bytes: &[u8]) -> Result<(), PdfRefusal> {
    if bytes.is_empty() {
        return Err(PdfRefusal::Empty);
    }
    if bytes.len() > MAX_PDF_BYTES {
        return Err(PdfRefusal::TooLarge {
            limit: MAX_PDF_BYTES,
        });
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(PdfRefusal::NotPdf);
    }
    let end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let body = &bytes[..end];
    let tail = &body[body.len().saturating_sub(TRAILER_WINDOW)..];
    if !body.ends_with(b"%%EOF") || !contains(tail, b"startxref") {
        return Err(PdfRefusal::Truncated);
    }
    Ok(())
}

/// Checks a PDF another system already held for an invoice (an import):
/// the same checks as [`validate`] but the cross-reference trailer, which
/// readers rebuild and which small generated PDFs of the Django ECAR lack.
pub fn validate_moved(bytes: &[u8]) -> Result<(), PdfRefusal> {
    match validate(bytes) {
        Err(PdfRefusal::Truncated) if bytes.trim_ascii_end().ends_with(b"%%EOF") => Ok(()),
        other => other,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The blob key of PDF `pdf_id` of an invoice.
pub fn blob_key(invoice_id: &InvoiceId, pdf_id: &str) -> String {
    format!("invoices/{invoice_id}/{pdf_id}.pdf")
}

/// The quarantine key of a presigned upload of PDF `pdf_id`.
pub fn quarantine_key(invoice_id: &InvoiceId, pdf_id: &str) -> String {
    format!("{QUARANTINE_PREFIX}{invoice_id}/{pdf_id}.pdf")
}

/// The invoice and PDF ids of a quarantine key, if it is one.
pub fn parse_quarantine_key(key: &str) -> Option<(InvoiceId, String)> {
    let rest = key.strip_prefix(QUARANTINE_PREFIX)?;
    let (invoice, file) = rest.split_once('/')?;
    let pdf_id = file.strip_suffix(".pdf")?;
    let invoice_id = InvoiceId::parse(invoice).ok()?;
    let pdf_id = ulid::Ulid::from_string(pdf_id).ok()?.to_string();
    Some((invoice_id, pdf_id))
}

/// Makes PDF ids that increase within the process even within one
/// millisecond, so that of two uploads the later one is the newer.
static PDF_IDS: Mutex<ulid::Generator> = Mutex::new(ulid::Generator::new());

/// A new PDF id, sorting after every id made earlier (by this process, or
/// at an earlier millisecond).
pub fn new_pdf_id(now: chrono::DateTime<chrono::Utc>) -> String {
    let mut generator = PDF_IDS.lock().unwrap_or_else(PoisonError::into_inner);
    generator
        .generate_from_datetime(now.into())
        .unwrap_or_else(|_| ulid::Ulid::from_datetime(now.into()))
        .to_string()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal, valid one-page PDF.
    pub(crate) const SMALL_PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n107\n%%EOF\n";

    #[test]
    fn a_pdf_is_accepted() {
        assert_eq!(validate(SMALL_PDF), Ok(()));
        let mut crlf = SMALL_PDF.to_vec();
        crlf.extend_from_slice(b"\r\n\r\n");
        assert_eq!(validate(&crlf), Ok(()));
    }

    #[test]
    fn bad_files_are_refused_for_what_they_are() {
        assert_eq!(validate(b""), Err(PdfRefusal::Empty));
        assert_eq!(
            validate(b"<!DOCTYPE html><html><body>invoice</body></html>"),
            Err(PdfRefusal::NotPdf)
        );
        assert_eq!(
            validate(&SMALL_PDF[..SMALL_PDF.len() / 2]),
            Err(PdfRefusal::Truncated)
        );
        assert_eq!(validate(b"%PDF-1.7\n%%EOF"), Err(PdfRefusal::Truncated));
        let mut huge = SMALL_PDF.to_vec();
        huge.resize(MAX_PDF_BYTES + 1, b' ');
        assert_eq!(
            validate(&huge),
            Err(PdfRefusal::TooLarge {
                limit: MAX_PDF_BYTES
            })
        );
    }

    #[test]
    fn pdf_ids_increase_even_within_a_millisecond() {
        let now = chrono::Utc::now();
        let ids: Vec<String> = (0..100).map(|_| new_pdf_id(now)).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn quarantine_keys_name_their_invoice_and_pdf() {
        let now = chrono::Utc::now();
        let invoice = InvoiceId::generate(now);
        let pdf = new_pdf_id(now);
        let key = quarantine_key(&invoice, &pdf);
        assert_eq!(
            parse_quarantine_key(&key),
            Some((invoice.clone(), pdf.clone()))
        );
        assert_eq!(
            blob_key(&invoice, &pdf),
            format!("invoices/{invoice}/{pdf}.pdf")
        );
        for bad in [
            "quarantine/invoices/x/y.pdf".to_string(),
            format!("invoices/{invoice}/{pdf}.pdf"),
            format!("quarantine/invoices/{invoice}/{pdf}.txt"),
            format!("quarantine/invoices/{invoice}/{pdf}/x.pdf"),
        ] {
            assert_eq!(parse_quarantine_key(&bad), None, "{bad}");
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A PDF-shaped file: header, a body without `%`, the trailer.
        fn document() -> impl Strategy<Value = Vec<u8>> {
            ("[0-9a-zA-Z <>/\\[\\]\n]{0,300}", 0u32..100_000).prop_map(|(body, offset)| {
                format!("%PDF-1.7\n{body}\nstartxref\n{offset}\n%%EOF").into_bytes()
            })
        }

        proptest! {
            #[test]
            fn any_bytes_are_judged_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
                let verdict = validate(&bytes);
                if !bytes.starts_with(b"%PDF-") {
                    prop_assert!(matches!(verdict, Err(PdfRefusal::Empty | PdfRefusal::NotPdf)));
                }
            }

            #[test]
            fn whole_documents_pass_even_with_trailing_whitespace(
                document in document(),
                whitespace in "[ \r\n\t]{0,10}",
            ) {
                let mut bytes = document;
                bytes.extend(whitespace.as_bytes());
                prop_assert_eq!(validate(&bytes), Ok(()));
            }

            #[test]
            fn a_document_cut_short_is_truncated(document in document(), cut in any::<prop::sample::Index>()) {
                let keep = 5 + cut.index(document.len() - 5);
                prop_assert_eq!(validate(&document[..keep]), Err(PdfRefusal::Truncated));
            }

            #[test]
            fn anything_before_the_header_makes_it_no_pdf(document in document(), junk in "[^%]{1,20}") {
                let mut bytes = junk.into_bytes();
                bytes.extend(document);
                prop_assert_eq!(validate(&bytes), Err(PdfRefusal::NotPdf));
            }
        }
    }
}
