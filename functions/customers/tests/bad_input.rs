//! Every class of bad input, per field, gets a clear 4xx naming the field,
//! and changes nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::testing::app::raw;
use serde_json::{Value, json};

fn valid() -> Value {
    json!({
        "first_name": "Amira",
        "last_name": "Ben Ali",
        "email": "amira@example.tn",
        "phone": "98 123 456",
        "address": "Tunis",
        "notes": "",
        "username": "amira",
        "password": "a long enough passphrase",
    })
}

fn with(field: &str, value: Value) -> Value {
    let mut body = valid();
    body[field] = value;
    body
}

fn without(field: &str) -> Value {
    let mut body = valid();
    body.as_object_mut().unwrap().remove(field);
    body
}

async fn customer_count(world: &World) -> usize {
    let answer = world
        .call(
            Method::GET,
            "/api/customers?limit=200",
            Some(&world.staff),
            None,
        )
        .await;
    answer.body["results"].as_array().unwrap().len()
}

#[tokio::test]
async fn creates_refuse_each_bad_field_and_store_nothing() {
    let world = World::new().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        // wrong type
        ("first_name", with("first_name", json!(5)), "wrong type"),
        ("email", with("email", json!(["a@b.tn"])), "wrong type"),
        ("phone", with("phone", json!(98123456)), "wrong type"),
        (
            "address",
            with("address", json!({"city": "Tunis"})),
            "wrong type",
        ),
        ("notes", with("notes", json!(true)), "wrong type"),
        ("username", with("username", json!(1)), "wrong type"),
        ("password", with("password", json!(1)), "wrong type"),
        // missing
        ("first_name", without("first_name"), "missing"),
        ("last_name", without("last_name"), "missing"),
        ("email", without("email"), "missing"),
        ("phone", without("phone"), "missing"),
        // unknown, including server-owned fields
        ("role", with("role", json!("admin")), "unknown"),
        ("version", with("version", json!(7)), "unknown"),
        ("user_id", with("user_id", json!("01J")), "unknown"),
        ("id", with("id", json!("01J")), "unknown"),
        // too long
        (
            "first_name",
            with("first_name", json!("a".repeat(101))),
            "too long",
        ),
        (
            "last_name",
            with("last_name", json!("é".repeat(101))),
            "too long",
        ),
        (
            "email",
            with("email", json!(format!("{}@example.tn", "a".repeat(250)))),
            "too long",
        ),
        ("phone", with("phone", json!("9".repeat(33))), "too long"),
        (
            "address",
            with("address", json!("x".repeat(501))),
            "too long",
        ),
        ("notes", with("notes", json!("x".repeat(2001))), "too long"),
        (
            "username",
            with("username", json!("u".repeat(151))),
            "too long",
        ),
        (
            "password",
            with("password", json!("p".repeat(129))),
            "too long",
        ),
        // wrong format
        (
            "first_name",
            with("first_name", json!("   ")),
            "wrong format",
        ),
        (
            "last_name",
            with("last_name", json!("1234")),
            "wrong format",
        ),
        (
            "email",
            with("email", json!("amira at example")),
            "wrong format",
        ),
        ("phone", with("phone", json!("call me")), "wrong format"),
        (
            "phone",
            with("phone", json!("+216 98 123 45")),
            "wrong format",
        ),
        (
            "username",
            with("username", json!("amira ben")),
            "wrong format",
        ),
        ("password", with("password", json!("short")), "wrong format"),
    ];
    for (field, body, class) in cases {
        let answer = world
            .call(
                Method::POST,
                "/api/customers",
                Some(&world.staff),
                Some(body),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{field} {class}: {}",
            answer.text
        );
        assert_eq!(answer.headers["content-type"], "application/problem+json");
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{field} {class}: {}",
            answer.text
        );
        assert!(
            !answer.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    assert_eq!(customer_count(&world).await, 0, "nothing was stored");
    // And the email, never taken, is still free.
    world
        .customer("Amira", "Ben Ali", "amira@example.tn", "98123456")
        .await;
}

#[tokio::test]
async fn bodies_that_are_not_json_are_refused() {
    let world = World::new().await;
    let text = valid().to_string();
    let cases = [
        (
            "text/plain",
            text.clone(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "application/x-www-form-urlencoded",
            "first_name=Amira".to_string(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "application/json",
            "{\"first_name\": \"Amira\",".to_string(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            format!("{{\"notes\": \"{}\"}}", "x".repeat(1_100_000)),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        // Nesting deeper than the parser's limit (128), well within 1 MB.
        (
            "application/json",
            format!(
                "{{\"notes\": {}{}}}",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (content_type, body, status) in cases {
        let answer = world
            .app
            .send(raw(
                Method::POST,
                "/api/customers",
                Some(&world.staff),
                content_type,
                body,
            ))
            .await;
        assert_eq!(answer.status, status, "{content_type}: {}", answer.text);
        assert_eq!(answer.headers["content-type"], "application/problem+json");
    }
    assert_eq!(customer_count(&world).await, 0);
}

#[tokio::test]
async fn changes_refuse_each_bad_field_and_change_nothing() {
    let world = World::new().await;
    let customer = world
        .customer("Amira", "Ben Ali", "amira@example.tn", "98123456")
        .await;
    let path = format!("/api/customers/{}", customer["id"].as_str().unwrap());
    let cases: Vec<(Method, &str, Value)> = vec![
        (Method::PATCH, "first_name", json!({"first_name": null})),
        (Method::PATCH, "email", json!({"email": 3})),
        (Method::PATCH, "phone", json!({"phone": "12"})),
        (Method::PATCH, "notes", json!({"notes": "x".repeat(2001)})),
        (Method::PATCH, "user_id", json!({"user_id": "someone"})),
        (Method::PATCH, "version", json!({"version": "two"})),
        (
            Method::PUT,
            "phone",
            json!({"first_name": "A", "last_name": "B", "email": "a@b.tn"}),
        ),
        (
            Method::PUT,
            "created_at",
            json!({"first_name": "A", "last_name": "B", "email": "a@b.tn", "phone": "98123456", "created_at": "2020-01-01T00:00:00Z"}),
        ),
        (Method::PATCH, "address", json!({"address": "bell\u{7}"})),
    ];
    for (method, field, body) in cases {
        let answer = world
            .call(method.clone(), &path, Some(&world.staff), Some(body))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{method} {field}: {}",
            answer.text
        );
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{method} {field}: {}",
            answer.text
        );
    }
    let address = world
        .call(
            Method::PATCH,
            &format!("{path}/update_address"),
            Some(&world.staff),
            Some(json!({"address": "x", "notes": "y"})),
        )
        .await;
    assert_eq!(address.status, StatusCode::BAD_REQUEST);
    assert_eq!(address.body["errors"][0]["field"], "notes");
    let bad_if_match = world
        .app
        .send(ecar_http::testing::app::with_header(
            ecar_http::testing::app::request(
                Method::PATCH,
                &path,
                Some(&world.staff),
                Some(&json!({"notes": "x"})),
            ),
            "if-match",
            "\"abc\"",
        ))
        .await;
    assert_eq!(bad_if_match.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        world.read(customer["id"].as_str().unwrap()).await.body,
        customer,
        "unchanged"
    );
}

#[tokio::test]
async fn ids_that_cannot_exist_are_not_found() {
    let world = World::new().await;
    for path in [
        "/api/customers/nope",
        "/api/customers/01JDQ8Z3N4W5X6Y7Z8A9B0C1D2",
        "/api/customers/%00/statistics",
    ] {
        let answer = world
            .call(Method::GET, path, Some(&world.staff), None)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(answer.headers["content-type"], "application/problem+json");
    }
}

#[tokio::test]
async fn list_pages_bulk_rows_body_sizes_and_nesting_are_bounded_and_store_nothing() {
    let world = World::new().await;
    for limit in ["201", "100000", "0", "-1"] {
        let answer = world
            .call(
                Method::GET,
                &format!("/api/customers?limit={limit}"),
                Some(&world.staff),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{limit}");
        assert_eq!(answer.body["errors"][0]["field"], "limit", "{limit}");
    }

    let header = "first_name,last_name,email,phone\r\n";
    let rows: String = (0..1001)
        .map(|n| format!("A,B,a{n}@example.tn,98{n:06}\r\n"))
        .collect();
    let deep = format!("[{}{}]", "[".repeat(10_000), "]".repeat(10_000));
    let huge = format!("[{{\"notes\": \"{}\"}}]", "x".repeat(1_100_000));
    for (content_type, body, status) in [
        (
            "text/csv",
            format!("{header}{rows}"),
            StatusCode::BAD_REQUEST,
        ),
        ("application/json", deep, StatusCode::BAD_REQUEST),
        ("application/json", huge, StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let answer = world
            .app
            .send(raw(
                Method::POST,
                "/api/customers/bulk_create",
                Some(&world.admin),
                content_type,
                body,
            ))
            .await;
        assert_eq!(answer.status, status, "{content_type}: {}", answer.text);
        assert_eq!(answer.headers["content-type"], "application/problem+json");
    }
    assert_eq!(customer_count(&world).await, 0);
}
