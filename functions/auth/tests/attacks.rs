//! The findings of an attack run on the local runner, each one replayed:
//! login-name squatting, the throttle per alias and per shared address,
//! logout with another session's refresh token, and tokens that a valid key
//! signed but this deployment never issued.

mod common;

use axum::http::{Method, StatusCode};
use common::{PASSWORD, bearer, claims_of, from_peer, get, harness, harness_with, post, request};
use ecar_http::{
    auth::{
        Claims, Role, TokenType,
        users::{self, NewUser, Username},
    },
    domain::Email,
    store::WriteOp,
};
use serde_json::json;

fn wrong_login(username: &str) -> axum::http::Request<axum::body::Body> {
    post(
        "/api/token",
        json!({"username": username, "password": "not the password"}),
    )
}

fn registration(username: &str, email: &str) -> serde_json::Value {
    json!({
        "username": username,
        "email": email,
        "password": PASSWORD,
        "first_name": "Sami",
        "last_name": "Ben Ali",
        "phone": "20 123 456",
    })
}

#[tokio::test]
async fn a_username_cannot_be_another_accounts_email_in_any_case() {
    let app = harness();
    app.user("boss", Role::Admin).await; // email boss@garage.tn
    for squat in ["boss@garage.tn", "BOSS@Garage.TN"] {
        let answer = app
            .send(post(
                "/api/auth/register",
                registration(squat, "attacker@example.tn"),
            ))
            .await;
        assert_eq!(answer.status, StatusCode::CONFLICT, "{:?}", answer.body);
        assert_eq!(answer.body["errors"][0]["field"], "username");
    }
    // The owner's email login still lands in the owner's account.
    let answer = app
        .send(post(
            "/api/token",
            json!({"username": "Boss@Garage.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    assert_eq!(answer.body["user"]["username"], "boss");
}

#[tokio::test]
async fn an_email_cannot_be_another_accounts_username() {
    let app = harness();
    // A customer whose username reads as an email nobody has yet.
    let first = app
        .send(post(
            "/api/auth/register",
            registration("future@garage.tn", "sami@example.tn"),
        ))
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);

    // Nobody may then take that address as their email: not at registration,
    let second = app
        .send(post(
            "/api/auth/register",
            registration("someone", "FUTURE@garage.tn"),
        ))
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{:?}", second.body);
    assert_eq!(second.body["errors"][0]["field"], "email");

    // nor by an admin changing a user's email.
    let admin = app.user("admin", Role::Admin).await;
    let staff = app.user("amira", Role::Staff).await;
    let (admin_token, _) = app.login(&admin.username).await;
    let change = app
        .send(bearer(
            request(
                Method::PATCH,
                &format!("/api/users/{}", staff.id),
                Some(json!({"email": "future@garage.tn"})),
            ),
            &admin_token,
        ))
        .await;
    assert_eq!(change.status, StatusCode::CONFLICT, "{:?}", change.body);
    assert_eq!(change.body["errors"][0]["field"], "email");
    let unchanged = users::get_user(app.state.table.as_ref(), &staff.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.email.as_str(), "amira@garage.tn");
}

#[tokio::test]
async fn an_email_shaped_login_resolves_by_email_first() {
    let app = harness();
    let owner = app.user("owner", Role::Staff).await; // owner@garage.tn
    // A squat stored before the guard checks existed: its username is the
    // owner's email (written without the checks, as old data would be).
    let squatter = NewUser {
        username: Username::parse("owner@garage.tn").unwrap(),
        email: Email::parse("squatter@example.tn").unwrap(),
        first_name: "S".into(),
        last_name: "Q".into(),
        role: Role::Staff,
        customer_id: None,
        password_hash: Some(app.state.passwords.hash(PASSWORD.into()).await.unwrap()),
    }
    .into_user(app.state.clock.now());
    app.state
        .table
        .transact(vec![
            WriteOp::create(users::user_item(&squatter).unwrap()),
            WriteOp::create(users::username_guard_item(&squatter)),
            WriteOp::create(users::email_guard_item(&squatter)),
        ])
        .await
        .unwrap();

    for typed in ["owner@garage.tn", "OWNER@GARAGE.TN"] {
        let answer = app
            .send(post(
                "/api/token",
                json!({"username": typed, "password": PASSWORD}),
            ))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        assert_eq!(answer.body["user"]["id"], owner.id.as_str());
    }
}

#[tokio::test]
async fn an_account_has_one_count_whichever_name_is_typed() {
    let app = harness();
    app.user("victim1", Role::Staff).await; // victim1@garage.tn
    for i in 0..5 {
        let name = ["victim1", "VICTIM1", "victim1@garage.tn"][i % 3];
        let answer = app
            .send(from_peer(wrong_login(name), &format!("203.0.113.{i}:1000")))
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    for alias in ["victim1", "victim1@garage.tn", "VICTIM1@GARAGE.TN"] {
        let answer = app
            .send(from_peer(wrong_login(alias), "198.51.100.7:1000"))
            .await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{alias}");
    }
    // An unknown name is throttled as typed, just like an account.
    for _ in 0..5 {
        let answer = app.send(wrong_login("nobody")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.send(wrong_login("nobody")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn a_shared_address_does_not_lock_out_the_people_behind_it() {
    let app = harness();
    assert!(app.state.config.login_ip_max_attempts >= 10 * app.state.config.login_max_attempts);
    let names: Vec<String> = (0..21).map(|i| format!("mechanic{i}")).collect();
    for name in &names {
        app.user(name, Role::Staff).await;
    }
    // Twenty people on the garage's Wi-Fi mistype their password once.
    for name in &names[..20] {
        let answer = app
            .send(from_peer(wrong_login(name), "198.51.100.1:1000"))
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = app
        .send(from_peer(
            post(
                "/api/token",
                json!({"username": names[20], "password": PASSWORD}),
            ),
            "198.51.100.1:1000",
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
}

#[tokio::test]
async fn guessing_spread_over_accounts_still_hits_the_per_address_limit() {
    let app = harness_with(|config| config.login_ip_max_attempts = 8);
    for i in 0..8 {
        let answer = app
            .send(from_peer(
                wrong_login(&format!("user{i}")),
                "198.51.100.2:1000",
            ))
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = app
        .send(from_peer(wrong_login("user9"), "198.51.100.2:1000"))
        .await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn logging_out_with_another_accounts_refresh_token_revokes_nothing() {
    let app = harness();
    app.user("alice", Role::Staff).await;
    app.user("bob", Role::Staff).await;
    let (alice_access, _) = app.login("alice").await;
    let (_, bob_refresh) = app.login("bob").await;

    let answer = app
        .send(bearer(
            post("/api/token/blacklist", json!({"refresh": bob_refresh})),
            &alice_access,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.body);

    // Bob is still logged in, and so is Alice.
    let refreshed = app
        .send(post("/api/token/refresh", json!({"refresh": bob_refresh})))
        .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{:?}", refreshed.body);
    let still = app
        .send(bearer(get("/api/token/verify"), &alice_access))
        .await;
    assert_eq!(still.status, StatusCode::OK);
}

#[tokio::test]
async fn logging_out_another_session_of_ones_own_is_refused_too() {
    let app = harness();
    app.user("alice", Role::Staff).await;
    let (laptop_access, laptop_refresh) = app.login("alice").await;
    let (_, phone_refresh) = app.login("alice").await;
    let answer = app
        .send(bearer(
            post("/api/token/blacklist", json!({"refresh": phone_refresh})),
            &laptop_access,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    // The session's own pair logs out.
    let answer = app
        .send(bearer(
            post("/api/token/blacklist", json!({"refresh": laptop_refresh})),
            &laptop_access,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    let phone = app
        .send(post(
            "/api/token/refresh",
            json!({"refresh": phone_refresh}),
        ))
        .await;
    assert_eq!(phone.status, StatusCode::OK, "the phone's session lives on");
}

/// An access token signed with the deployment's own key, with `change`
/// applied to the claims of a real one.
async fn forged_access(app: &common::Harness, change: impl FnOnce(&mut Claims)) -> String {
    app.user("alice", Role::Staff).await;
    let (access, _) = app.login("alice").await;
    let mut claims: Claims = serde_json::from_value(claims_of(&access)).unwrap();
    assert_eq!(claims.typ, TokenType::Access);
    change(&mut claims);
    app.state.tokens.signing().unwrap().sign(&claims).unwrap()
}

#[tokio::test]
async fn a_validly_signed_token_living_ten_years_is_refused() {
    let app = harness();
    let token = forged_access(&app, |claims| {
        claims.exp = claims.iat + 10 * 365 * 24 * 3600;
    })
    .await;
    let answer = app.send(bearer(get("/api/token/verify"), &token)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_validly_signed_token_of_an_unknown_session_is_refused() {
    let app = harness();
    let token = forged_access(&app, |claims| {
        claims.sid = "01JZZZZZZZZZZZZZZZZZZZZZZZ".into();
    })
    .await;
    let answer = app.send(bearer(get("/api/token/verify"), &token)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let answer = app.send(bearer(get("/api/users/me"), &token)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}
