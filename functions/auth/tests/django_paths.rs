//! The auth routes under the Django ECAR's paths and field names: its
//! clients log in, refresh, change passwords, register and manage accounts
//! unchanged, and what it left open stays closed.

mod common;

use axum::http::{Method, StatusCode};
use common::{PASSWORD, bearer, get, harness, post, request};
use ecar_http::{
    auth::Role,
    customers::{Customer, customer_key},
    store::from_item,
};
use serde_json::json;

const NEW_PASSWORD: &str = "a brand new passphrase";

#[tokio::test]
async fn the_original_token_paths_log_in_and_rotate() {
    let app = harness();
    app.user("h.gharbi", Role::Staff).await;
    let login = app
        .send(post(
            "/api/auth/token/",
            json!({"username": "h.gharbi", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    assert_eq!(login.body["user"]["username"], "h.gharbi");
    let refresh = login.body["refresh"].as_str().unwrap();

    let rotated = app
        .send(post(
            "/api/auth/token/refresh/",
            json!({"refresh": refresh}),
        ))
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{:?}", rotated.body);
    assert!(rotated.body["access"].is_string());
    // The same rules as /api/token/refresh: the old token is spent.
    let again = app
        .send(post(
            "/api/auth/token/refresh/",
            json!({"refresh": refresh}),
        ))
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);

    let wrong = app
        .send(post(
            "/api/auth/token/",
            json!({"username": "h.gharbi", "password": "not the password"}),
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_admin_login_is_for_staff_and_starts_no_customer_session() {
    let app = harness();
    app.user("h.gharbi", Role::Staff).await;
    app.register("l.kammoun@example.tn").await;

    let staff = app
        .send(post(
            "/api/admin-login/",
            json!({"username": "h.gharbi", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(staff.status, StatusCode::OK, "{:?}", staff.body);
    assert_eq!(staff.body["user"]["role"], "staff");
    let me = app
        .send(bearer(
            get("/api/users/me"),
            staff.body["access"].as_str().unwrap(),
        ))
        .await;
    assert_eq!(me.status, StatusCode::OK);

    let customer = app
        .send(post(
            "/api/admin-login/",
            json!({"username": "l.kammoun@example.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(
        customer.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        customer.body
    );
    assert!(customer.body.get("access").is_none());

    // A wrong password gets the one answer every login gives.
    let wrong = app
        .send(post(
            "/api/admin-login/",
            json!({"username": "l.kammoun@example.tn", "password": "nope nope nope"}),
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = app
        .send(post(
            "/api/admin-login/",
            json!({"username": "nobody", "password": "nope nope nope"}),
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.body["detail"], wrong.body["detail"]);
}

#[tokio::test]
async fn a_password_changes_under_the_original_method_and_field_names() {
    let app = harness();
    app.user("h.gharbi", Role::Staff).await;
    let (access, _) = app.login("h.gharbi").await;
    let change = |method: Method, body: serde_json::Value| {
        bearer(
            request(method, "/api/auth/change-password/", Some(body)),
            &access,
        )
    };

    // A confirmation that differs: refused, nothing changed.
    let mismatch = app
        .send(change(
            Method::PATCH,
            json!({
                "current_password": PASSWORD,
                "new_password": NEW_PASSWORD,
                "confirm_password": "a brand new passphrasE",
            }),
        ))
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert_eq!(mismatch.body["errors"][0]["field"], "confirm_password");
    // Both names of the current password at once: refused, not one of them.
    let both = app
        .send(change(
            Method::PUT,
            json!({
                "old_password": PASSWORD,
                "current_password": PASSWORD,
                "new_password": NEW_PASSWORD,
            }),
        ))
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST, "{:?}", both.body);
    let unknown = app
        .send(change(
            Method::PUT,
            json!({"old_password": PASSWORD, "new_password": NEW_PASSWORD, "role": "admin"}),
        ))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    app.login("h.gharbi").await;

    let changed = app
        .send(change(
            Method::PUT,
            json!({
                "current_password": PASSWORD,
                "new_password": NEW_PASSWORD,
                "confirm_password": NEW_PASSWORD,
            }),
        ))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    app.login_as("h.gharbi", NEW_PASSWORD).await;
}

#[tokio::test]
async fn registration_takes_the_original_confirmation_and_address() {
    let app = harness();
    let registration = |confirm: &str| {
        json!({
            "username": "l.kammoun",
            "email": "l.kammoun@example.tn",
            "password": PASSWORD,
            "password_confirm": confirm,
            "first_name": "Leila",
            "last_name": "Kammoun",
            "phone": "+216 98 123 456",
            "address": "Rue du Lac Léman\n1053 Les Berges du Lac",
        })
    };
    let mismatch = app
        .send(post(
            "/api/auth/register/",
            registration("correct horse battery!"),
        ))
        .await;
    assert_eq!(mismatch.status, StatusCode::BAD_REQUEST);
    assert_eq!(mismatch.body["errors"][0]["field"], "password_confirm");
    let wrong = app
        .send(post(
            "/api/token",
            json!({"username": "l.kammoun", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "nothing was stored");

    let registered = app
        .send(post("/api/auth/register/", registration(PASSWORD)))
        .await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{:?}",
        registered.body
    );
    let customer_id = registered.body["customer_id"].as_str().unwrap();
    let item = app
        .state
        .table
        .get(&customer_key(customer_id))
        .await
        .unwrap()
        .unwrap();
    let customer: Customer = from_item(item).unwrap();
    assert_eq!(
        customer.address.as_str(),
        "Rue du Lac Léman\n1053 Les Berges du Lac"
    );
    app.login("l.kammoun").await;
}

#[tokio::test]
async fn accounts_are_replaced_with_their_username_restated_never_changed() {
    let app = harness();
    app.user("admin", Role::Admin).await;
    let staff = app.user("h.gharbi", Role::Staff).await;
    let (access, _) = app.login("admin").await;
    let path = format!("/api/users/{}/", staff.id);

    let renamed = app
        .send(bearer(
            request(
                Method::PUT,
                &path,
                Some(
                    json!({"username": "h.gharbi2", "email": "h@garage.tn", "first_name": "Hatem"}),
                ),
            ),
            &access,
        ))
        .await;
    assert_eq!(renamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(renamed.body["errors"][0]["field"], "username");
    let unchanged = app.send(bearer(get(&path), &access)).await;
    assert_eq!(unchanged.body["first_name"], "h.gharbi");

    let replaced = app
        .send(bearer(
            request(
                Method::PUT,
                &path,
                Some(json!({
                    "username": "H.Gharbi",
                    "email": "hatem.gharbi@garage.tn",
                    "first_name": "Hatem",
                    "last_name": "Gharbi",
                })),
            ),
            &access,
        ))
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{:?}", replaced.body);
    assert_eq!(replaced.body["username"], "h.gharbi");
    assert_eq!(replaced.body["first_name"], "Hatem");
    assert_eq!(replaced.body["email"], "hatem.gharbi@garage.tn");

    let patched = app
        .send(bearer(
            request(
                Method::PATCH,
                &path,
                Some(json!({"username": "h.gharbi", "last_name": "Gharbi-Ben Salah"})),
            ),
            &access,
        ))
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{:?}", patched.body);
    assert_eq!(patched.body["last_name"], "Gharbi-Ben Salah");
}

#[tokio::test]
async fn the_user_helper_lists_accounts_to_admins_and_refuses_a_search() {
    let app = harness();
    app.user("admin", Role::Admin).await;
    app.user("h.gharbi", Role::Staff).await;
    let (admin, _) = app.login("admin").await;
    let (staff, _) = app.login("h.gharbi").await;

    let listed = app.send(bearer(get("/api/get-user-data/"), &admin)).await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    let names: Vec<&str> = listed.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "h.gharbi"]);
    let searched = app
        .send(bearer(get("/api/get-user-data/?search=gharbi"), &admin))
        .await;
    assert_eq!(searched.status, StatusCode::BAD_REQUEST);
    assert_eq!(searched.body["errors"][0]["field"], "search");
    // The original answered anyone: here staff and the anonymous are refused.
    let by_staff = app.send(bearer(get("/api/get-user-data/"), &staff)).await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);
    let anonymous = app.send(get("/api/get-user-data/")).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
