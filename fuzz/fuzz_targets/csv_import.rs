//! Any body of a bulk request, as CSV and as JSON: `bulk::import::rows`
//! reads or refuses it without panicking, never past the row limit (the
//! properties in `shared/http/src/bulk/import.rs` run the same call).
#![no_main]

use ecar_http::bulk::import::{Columns, MAX_ROWS, rows};
use http::{HeaderMap, HeaderValue, header};
use libfuzzer_sys::fuzz_target;

const COLUMNS: Columns = Columns {
    fields: &["first_name", "last_name", "email", "phone", "mileage"],
    required: &["first_name", "last_name"],
    numbers: &["mileage"],
    ignored: &["id"],
};

fuzz_target!(|body: &[u8]| {
    for content_type in ["text/csv", "application/json"] {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Ok(rows) = rows(&headers, body, &COLUMNS) {
            assert!((1..=MAX_ROWS).contains(&rows.len()));
        }
    }
});
