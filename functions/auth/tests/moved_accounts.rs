//! Accounts moved from the Django ECAR log in with their old passwords; the
//! first login stores an Argon2id hash in place of Django's.

mod common;

use axum::http::StatusCode;
use common::{harness, post};
use ecar_http::{
    auth::{
        Role,
        users::{self, NewUser, Username},
    },
    domain::Email,
};
use serde_json::json;

/// `h.gharbi` as the Django ECAR's export has him (his hash, his password).
const DJANGO_HASH: &str =
    "pbkdf2_sha256$870000$WJXkNunHVKbQSbIlcgFTpQ$FMIEPhFQwPfD0SlhroDgzzUkBnRnFkDn+fVbNSfdqnE=";
const PASSWORD: &str = "Atelier-Gharbi-2024";

#[tokio::test]
async fn a_moved_account_keeps_its_password_and_gets_a_modern_hash() {
    let app = harness();
    let user = NewUser {
        username: Username::parse("h.gharbi").unwrap(),
        email: Email::parse("h.gharbi@garage-gharbi.tn").unwrap(),
        first_name: "Hamza".into(),
        last_name: "Gharbi".into(),
        role: Role::Staff,
        customer_id: None,
        password_hash: Some(DJANGO_HASH.into()),
    }
    .into_user(app.state.clock.now());
    users::insert_user(app.state.table.as_ref(), &user)
        .await
        .unwrap();

    let wrong = app
        .send(post(
            "/api/token",
            json!({"username": "h.gharbi", "password": "Atelier-Gharbi-2025"}),
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let answer = app
        .send(post(
            "/api/token",
            json!({"username": "h.gharbi", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let stored = users::get_user(app.state.table.as_ref(), &user.id)
        .await
        .unwrap()
        .unwrap();
    let hash = stored.password_hash.unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(stored.version, user.version + 1);

    // And the new hash is the one that logs in from now on.
    let again = app
        .send(post(
            "/api/token",
            json!({"username": "h.gharbi@garage-gharbi.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(again.status, StatusCode::OK);
}
