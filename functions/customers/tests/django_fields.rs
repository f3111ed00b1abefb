//! The customer routes with the Django ECAR's form: the login's fields
//! nested in `user`, a `null` address, and the username restated on
//! updates, never changed.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::auth::users;
use serde_json::json;

fn original_form(username: &str, email: &str) -> serde_json::Value {
    json!({
        "user": {
            "username": username,
            "email": email,
            "first_name": "Leila",
            "last_name": "Kammoun",
        },
        "phone": "+216 98 123 456",
        "address": null,
    })
}

#[tokio::test]
async fn a_customer_is_created_from_the_original_nested_form() {
    let world = World::new().await;
    let created = world
        .call(
            Method::POST,
            "/api/customers/",
            Some(&world.staff),
            Some(original_form("l.kammoun", "leila.kammoun@example.tn")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["first_name"], "Leila");
    assert_eq!(created.body["last_name"], "Kammoun");
    assert_eq!(created.body["email"], "leila.kammoun@example.tn");
    assert_eq!(created.body["phone"], "+21698123456");
    assert_eq!(created.body["address"], "");
    let user = users::get_user(
        world.app.state.table.as_ref(),
        created.body["user_id"].as_str().unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(user.username, "l.kammoun");
}

#[tokio::test]
async fn a_field_given_at_the_top_and_in_user_or_nowhere_is_refused() {
    let world = World::new().await;
    let mut twice = original_form("l.kammoun", "leila@example.tn");
    twice["email"] = json!("other@example.tn");
    let mut missing = original_form("l.kammoun", "leila@example.tn");
    missing["user"]
        .as_object_mut()
        .unwrap()
        .remove("first_name");
    let mut unknown = original_form("l.kammoun", "leila@example.tn");
    unknown["user"]["is_staff"] = json!(true);
    for (body, field) in [
        (twice, "email"),
        (missing, "first_name"),
        (unknown, "is_staff"),
    ] {
        let refused = world
            .call(
                Method::POST,
                "/api/customers",
                Some(&world.staff),
                Some(body),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
        assert_eq!(
            refused.body["errors"][0]["field"], field,
            "{}",
            refused.text
        );
    }
    let none = world
        .call(Method::GET, "/api/customers", Some(&world.staff), None)
        .await;
    assert_eq!(none.body["results"], json!([]), "nothing was created");
}

#[tokio::test]
async fn updates_take_the_nested_form_with_the_username_restated() {
    let world = World::new().await;
    let created = world
        .call(
            Method::POST,
            "/api/customers",
            Some(&world.staff),
            Some(original_form("l.kammoun", "leila@example.tn")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.body["id"].as_str().unwrap();
    let path = format!("/api/customers/{id}/");

    let mut renamed = original_form("leila", "leila@example.tn");
    renamed["address"] = json!("Rue du Lac Léman");
    let refused = world
        .call(Method::PUT, &path, Some(&world.staff), Some(renamed))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(refused.body["errors"][0]["field"], "username");
    assert_eq!(world.read(id).await.body["address"], "");

    let mut replaced = original_form("L.Kammoun", "leila.k@example.tn");
    replaced["address"] = json!("Rue du Lac Léman\n1053 Les Berges du Lac");
    let answer = world
        .call(Method::PUT, &path, Some(&world.staff), Some(replaced))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["email"], "leila.k@example.tn");
    assert_eq!(
        answer.body["address"],
        "Rue du Lac Léman\n1053 Les Berges du Lac"
    );

    let patched = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"user": {"last_name": "Kammoun-Trabelsi"}, "address": null})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["last_name"], "Kammoun-Trabelsi");
    assert_eq!(patched.body["address"], "", "null clears the address");
}
