//! Any uploaded file: `invoices::pdf::validate` judges it without panicking,
//! and accepts only what starts with a PDF header (the properties in
//! `shared/http/src/invoices/pdf.rs` run the same call).
#![no_main]

use ecar_http::invoices::pdf::validate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if validate(bytes).is_ok() {
        assert!(bytes.starts_with(b"%PDF-"));
    }
});
