//! Any request body: the strict JSON parser every route uses reads or
//! refuses it with a 400, whatever its nesting (the tests of
//! `shared/http/src/http/json.rs` and the newtype properties run the same call).
#![no_main]

use ecar_http::http::json::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Err(error) = parse::<serde_json::Value>(body) {
        assert_eq!(error.status(), 400);
    }
});
