//! Bulk creation from JSON or CSV, and the CSV export read back in.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    auth::users,
    domain::Email,
    testing::app::{raw, with_header},
};
use serde_json::{Value, json};

async fn bulk(
    world: &World,
    content_type: &str,
    body: String,
    key: Option<&str>,
) -> ecar_http::testing::app::Answer {
    let request = raw(
        Method::POST,
        "/api/customers/bulk_create",
        Some(&world.admin),
        content_type,
        body,
    );
    let request = match key {
        Some(key) => with_header(request, "idempotency-key", key),
        None => request,
    };
    world.app.send(request).await
}

fn emails(report: &Value) -> Vec<&str> {
    report["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["email"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn valid_rows_are_created_and_invalid_rows_reported_with_nothing_half_written() {
    let world = World::new().await;
    world
        .customer("Taken", "Already", "taken@example.tn", "98000000")
        .await;
    let rows = json!([
        {"first_name": "Amira", "last_name": "Ben Ali", "email": "amira@example.tn", "phone": "98 123 456"},
        {"first_name": "Sami", "last_name": "Trabelsi", "email": "not an email", "phone": "98 123 457"},
        {"first_name": "Leila", "last_name": "Gharbi", "email": "leila@example.tn"},
        {"first_name": "Nour", "last_name": "Haddad", "email": "AMIRA@example.tn", "phone": "98 123 458"},
        {"first_name": "Omar", "last_name": "Sassi", "email": "taken@example.tn", "phone": "98 123 459"},
        {"first_name": "Ines", "last_name": "Jebali", "email": "ines@example.tn", "phone": "98 123 460", "role": "admin"},
        "not an object",
        {"first_name": "Karim", "last_name": "Zouari", "email": "karim@example.tn", "phone": "+33 6 12 34 56 78", "username": "karim.z"},
    ]);
    let answer = bulk(&world, "application/json", rows.to_string(), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        emails(&answer.body),
        ["amira@example.tn", "karim@example.tn"]
    );
    let errors: Vec<(u64, &str)> = answer.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["errors"][0]["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (2, "email"),
            (3, "phone"),
            (4, "email"),
            (5, "email"),
            (6, "role"),
            (7, "row")
        ]
    );
    assert!(
        answer.body["errors"][2]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("row 1")
    );

    // The refused rows left no login, guard or profile behind.
    let table = world.app.state.table.as_ref();
    for email in ["ines@example.tn", "leila@example.tn"] {
        let guard = users::email_guard_key(&Email::parse(email).unwrap());
        assert!(table.get(&guard).await.unwrap().is_none(), "{email}");
    }
    let list = world
        .call(Method::GET, "/api/customers", Some(&world.staff), None)
        .await;
    assert_eq!(list.body["results"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_repeated_bulk_request_creates_nothing_twice() {
    let world = World::new().await;
    let csv = "first_name,last_name,email,phone\r\nAmira,Ben Ali,amira@example.tn,98 123 456\r\nSami,B,bad,98 123 457\r\n".to_string();
    let first = bulk(&world, "text/csv", csv.clone(), Some("import-1")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let second = bulk(&world, "text/csv", csv.clone(), Some("import-1")).await;
    assert_eq!(
        second.body, first.body,
        "the same report, the same customers"
    );
    let other = bulk(
        &world,
        "text/csv",
        csv.replace("Sami", "Omar"),
        Some("import-1"),
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    let without_key = bulk(&world, "text/csv", csv, None).await;
    assert_eq!(
        without_key.body["errors"][0]["errors"][0]["field"], "email",
        "taken, since it exists"
    );
}

#[tokio::test]
async fn requests_that_are_not_rows_are_refused_whole() {
    let world = World::new().await;
    let row = r#"{"first_name": "A", "last_name": "B", "email": "a@b.tn", "phone": "98123456"}"#;
    let too_many = format!("[{}]", vec![row; 1001].join(","));
    for (content_type, body, status) in [
        ("application/json", too_many, StatusCode::BAD_REQUEST),
        (
            "application/json",
            "[]".to_string(),
            StatusCode::BAD_REQUEST,
        ),
        ("application/json", row.to_string(), StatusCode::BAD_REQUEST),
        (
            "text/csv",
            "first_name,last_name,email,phone,colour\r\nA,B,a@b.tn,98123456,red\r\n".to_string(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "text/csv",
            "first_name,last_name,email\r\nA,B,a@b.tn\r\n".to_string(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/xml",
            "<rows/>".to_string(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ] {
        let answer = bulk(&world, content_type, body, None).await;
        assert_eq!(answer.status, status, "{content_type}: {}", answer.text);
    }
    let list = world
        .call(Method::GET, "/api/customers", Some(&world.staff), None)
        .await;
    assert_eq!(list.body["results"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn the_export_is_safe_csv_that_imports_back() {
    let world = World::new().await;
    let tricky = [
        json!({"first_name": "Amira", "last_name": "Ben Ali", "email": "amira@example.tn", "phone": "98 123 456",
               "address": "12, rue \"de\" Marseille\n1000 Tunis", "notes": "=HYPERLINK(\"http://evil\")"}),
        json!({"first_name": "عائشة", "last_name": "Gharbi", "email": "aicha@example.tn", "phone": "+33 6 12 34 56 78",
               "notes": "-5% @discount +vip"}),
        json!({"first_name": "Sami", "last_name": "Trabelsi", "email": "sami@example.tn", "phone": "22 333 444"}),
    ];
    for body in &tricky {
        let answer = world
            .call(
                Method::POST,
                "/api/customers",
                Some(&world.staff),
                Some(body.clone()),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    }
    let export = world
        .call(
            Method::GET,
            "/api/customers/export",
            Some(&world.admin),
            None,
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    let text = export.text;
    assert!(text.starts_with("id,first_name,last_name,email,phone,address,notes,user_id,version,created_at,updated_at\r\n"));
    assert!(
        text.contains("\"12, rue \"\"de\"\" Marseille\n1000 Tunis\""),
        "RFC 4180 quoting: {text}"
    );
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "formula neutralized: {text}"
    );
    assert!(
        text.contains(",'+21698123456,"),
        "a phone is not a formula either"
    );
    assert!(text.contains(",'-5% @discount +vip,"));
    assert_eq!(text.matches("\r\n").count(), 4, "a header and three rows");

    // The same file, imported into another garage, gives the same customers.
    let other = World::new().await;
    let imported = bulk(&other, "text/csv", text, None).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    assert_eq!(imported.body["errors"], json!([]));
    let created = imported.body["created"].as_array().unwrap();
    assert_eq!(created.len(), 3);
    for original in &tricky {
        // Customers made in the same millisecond export in any order.
        let copy = created
            .iter()
            .find(|copy| copy["email"] == original["email"])
            .unwrap();
        for field in ["first_name", "last_name", "email"] {
            assert_eq!(copy[field], original[field], "{field}");
        }
        assert_eq!(
            copy["notes"],
            original.get("notes").cloned().unwrap_or(json!(""))
        );
        assert_eq!(
            copy["address"],
            original.get("address").cloned().unwrap_or(json!(""))
        );
    }
    assert!(created.iter().any(|copy| copy["phone"] == "+33612345678"));
}

#[tokio::test]
async fn export_and_bulk_create_are_for_admins() {
    let world = World::new().await;
    let export = world
        .call(
            Method::GET,
            "/api/customers/export",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(export.status, StatusCode::FORBIDDEN);
    let bulk = world
        .app
        .send(raw(
            Method::POST,
            "/api/customers/bulk_create",
            Some(&world.staff),
            "application/json",
            "[]",
        ))
        .await;
    assert_eq!(bulk.status, StatusCode::FORBIDDEN);
}
