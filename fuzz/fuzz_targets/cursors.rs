//! Any text as a pagination cursor: `CursorCodec::decode` refuses it
//! (the properties in `shared/http/src/http/cursor.rs` run the same call).
#![no_main]

use ecar_http::http::CursorCodec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|cursor: &str| {
    let codec = CursorCodec::new(b"fuzzing cursor key, 32 bytes!!!!".to_vec());
    assert!(codec.decode(cursor, "customers|list|fuzz").is_err());
});
