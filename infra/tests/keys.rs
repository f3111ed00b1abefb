//! `ecar keys generate`: the key set DEPLOY.md pipes into the JWT secret;
//! `ecar keys public`: its public keys, for the `JwtPublicKeys` parameter.

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

#[test]
fn prints_the_public_keys_of_a_key_set_and_nothing_secret() {
    use std::io::Write;

    let set = generate();
    let keys = TokenKeys::from_json(set.trim()).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ecar"))
        .args(["keys", "public"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(set.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let jwks = String::from_utf8(output.stdout).unwrap();
    assert!(!jwks.contains("PRIVATE"), "{jwks}");
    let public = ecar_http::auth::PublicKeys::from_jwks(jwks.trim()).unwrap();
    keys.check_published(&public).unwrap();
    let json: serde_json::Value = serde_json::from_str(&jwks).unwrap();
    assert_eq!(json["keys"][0]["kty"], "OKP");
    assert_eq!(json["keys"][0]["crv"], "Ed25519");
    assert_eq!(json["keys"][0]["kid"], keys.active_kid());
    assert!(json["keys"][0].get("d").is_none(), "no private part");
}

#[test]
fn refuses_what_is_not_a_key_set() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ecar"))
        .args(["keys", "public"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
}
