//! `ecar keys generate`: the key set DEPLOY.md pipes into the JWT secret.

use ecar_http::auth::TokenKeys;

fn generate() -> String {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ecar"))
        .args(["keys", "generate"])
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn generates_a_fresh_key_set_the_functions_accept_and_nothing_else_on_stdout() {
    let first = generate();
    let keys = TokenKeys::from_json(first.trim()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["active_kid"], keys.active_kid());
    assert_eq!(json["keys"].as_array().unwrap().len(), 1);
    let second = TokenKeys::from_json(generate().trim()).unwrap();
    assert_ne!(
        keys.active_kid(),
        second.active_kid(),
        "a new key each time"
    );
}
