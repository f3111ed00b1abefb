//! Customer self-registration.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::{PASSWORD, harness, harness_with, post};
use ecar_http::{
    auth::users::{email_guard_key, username_guard_key},
    customers::{Customer, customer_key},
    domain::Email,
    store::{Value, from_item},
};
use serde_json::{Value as Json, json};

fn registration() -> Json {
    json!({
        "email": "Sami.Ben@Example.tn",
        "password": PASSWORD,
        "first_name": "Sami",
        "last_name": "Ben Ali",
        "phone": "20 123 456",
    })
}

#[tokio::test]
async fn a_customer_registers_user_and_profile_together_and_can_log_in() {
    let app = harness();
    let answer = app.send(post("/api/auth/register/", registration())).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let user = answer.body;
    assert_eq!(user["role"], "customer");
    assert_eq!(
        user["username"], "sami.ben@example.tn",
        "username defaults to the email, lower-cased"
    );
    assert_eq!(user["is_active"], true);
    let customer_id = user["customer_id"].as_str().unwrap();

    let table = app.state.table.as_ref();
    let item = table
        .get(&customer_key(customer_id))
        .await
        .unwrap()
        .unwrap();
    let customer: Customer = from_item(item).unwrap();
    assert_eq!(customer.user_id, user["id"].as_str().unwrap());
    assert_eq!(customer.phone.as_str(), "+21620123456");
    assert_eq!(customer.email.as_str(), "sami.ben@example.tn");
    assert_eq!(customer.version, 1);
    let guard = table
        .get(&email_guard_key(
            &Email::parse("sami.ben@example.tn").unwrap(),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(guard["customer_id"], Value::s(customer_id));

    let login = app
        .send(post(
            "/api/token",
            json!({"username": "sami.ben@example.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["user"]["customer_id"], customer_id);
    let claims = common::claims_of(login.body["access"].as_str().unwrap());
    assert_eq!(claims["customer_id"], customer_id);
    assert_eq!(claims["role"], "customer");
}

#[tokio::test]
async fn a_role_in_the_body_is_refused_and_nothing_is_stored() {
    let app = harness();
    let mut body = registration();
    body["role"] = "admin".into();
    let answer = app.send(post("/api/auth/register", body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.body["errors"][0]["field"], "role");
    let guard = app
        .state
        .table
        .get(&username_guard_key("sami.ben@example.tn"))
        .await
        .unwrap();
    assert!(guard.is_none());
}

#[tokio::test]
async fn one_email_one_account_whatever_the_case() {
    let app = harness();
    app.register("sami@example.tn").await;
    let mut body = registration();
    body["email"] = "SAMI@example.TN".into();
    body["username"] = "another-name".into();
    let answer = app.send(post("/api/auth/register", body)).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.body["errors"][0]["field"], "email");

    let mut body = registration();
    body["email"] = "other@example.tn".into();
    body["username"] = "SAMI@example.tn".into();
    let answer = app.send(post("/api/auth/register", body)).await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.body["errors"][0]["field"], "username");
    assert!(
        app.state
            .table
            .get(&email_guard_key(&Email::parse("other@example.tn").unwrap()))
            .await
            .unwrap()
            .is_none(),
        "a refused registration leaves no guard behind"
    );
}

#[tokio::test]
async fn bad_fields_are_named() {
    let app = harness();
    let cases = [
        ("password", json!("short")),
        ("password", json!("qwertyuiop")),
        ("password", json!("x".repeat(129))),
        ("email", json!("not-an-email")),
        ("phone", json!("call me")),
        ("first_name", json!("")),
        ("last_name", json!("x".repeat(101))),
    ];
    for (field, value) in cases {
        let mut body = registration();
        body[field] = value;
        let answer = app.send(post("/api/auth/register", body)).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(answer.body["errors"][0]["field"], field);
    }
    let mut body = registration();
    body.as_object_mut().unwrap().remove("phone");
    let answer = app.send(post("/api/auth/register", body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.body["errors"][0]["field"], "phone");
    let mut body = registration();
    body["email"] = json!(42);
    let answer = app.send(post("/api/auth/register", body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = harness();
    let request = Request::post("/api/auth/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("email=a@b.tn"))
        .unwrap();
    assert_eq!(
        app.send(request).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
}

#[tokio::test]
async fn registration_can_be_switched_off() {
    let app = harness_with(|config| config.registration_enabled = false);
    let answer = app.send(post("/api/auth/register", registration())).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn registrations_are_throttled_per_address() {
    let app = harness();
    for i in 0..5 {
        app.register(&format!("c{i}@example.tn")).await;
    }
    let mut body = registration();
    body["email"] = "c5@example.tn".into();
    let answer = app.send(post("/api/auth/register", body)).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
}
