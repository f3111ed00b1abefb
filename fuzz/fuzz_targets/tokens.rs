//! Any text as a bearer token: `TokenKeys::verify` refuses it without panicking
//! (the properties in `shared/http/src/auth/tokens.rs` run the same call).
#![no_main]

use std::sync::OnceLock;

use ecar_http::auth::{TokenKeys, TokenRules, TokenType};
use libfuzzer_sys::fuzz_target;

fn keys() -> &'static TokenKeys {
    static KEYS: OnceLock<TokenKeys> = OnceLock::new();
    KEYS.get_or_init(TokenKeys::generate)
}

fuzz_target!(|token: &str| {
    let rules = TokenRules {
        issuer: "ecar".into(),
        audience: "ecar-api".into(),
        leeway_seconds: 30,
        max_access_seconds: 600,
        max_refresh_seconds: 7 * 24 * 3600,
    };
    // Only a token signed by these keys can verify, and none is.
    assert!(
        keys()
            .verify(token, TokenType::Access, &rules, 1_772_360_000)
            .is_err()
    );
});
