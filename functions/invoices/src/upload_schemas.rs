//! How the document shows the bodies of PDF uploads: files are strings of
//! their media type (OpenAPI 3.1 `contentMediaType`), not arrays of numbers.

use ecar_http::invoices::pdf::PDF_CONTENT_TYPE;
use utoipa::{
    PartialSchema, ToSchema,
    openapi::{
        RefOr, Schema,
        schema::{ObjectBuilder, SchemaType, Type},
    },
};

use crate::body::PDF_FIELD;

/// A file's bytes, as a string of `media_type`.
fn file(media_type: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .content_media_type(media_type)
}

/// One PDF as the raw body.
pub struct PdfBody;

impl PartialSchema for PdfBody {
    fn schema() -> RefOr<Schema> {
        file(PDF_CONTENT_TYPE).into()
    }
}

impl ToSchema for PdfBody {}

/// One PDF as the `pdf_file` field of a form.
pub struct PdfForm;

impl PartialSchema for PdfForm {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .property(PDF_FIELD, file(PDF_CONTENT_TYPE))
            .required(PDF_FIELD)
            .into()
    }
}

impl ToSchema for PdfForm {}

/// PDFs as the files of a form, whatever their field names.
pub struct PdfFiles;

impl PartialSchema for PdfFiles {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Object))
            .additional_properties(Some(file(PDF_CONTENT_TYPE)))
            .min_properties(Some(1))
            .into()
    }
}

impl ToSchema for PdfFiles {}

/// PDFs in one zip archive.
pub struct PdfZip;

impl PartialSchema for PdfZip {
    fn schema() -> RefOr<Schema> {
        file("application/zip").into()
    }
}

impl ToSchema for PdfZip {}
