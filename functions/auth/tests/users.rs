//! Users: one's own account, account management, and changes that take
//! effect on the very next request.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{PASSWORD, bearer, get, harness, harness_with, post, request};
use ecar_http::auth::Role;
use serde_json::json;

fn patch(path: &str, body: serde_json::Value) -> axum::http::Request<axum::body::Body> {
    request(Method::PATCH, path, Some(body))
}

#[tokio::test]
async fn a_user_reads_and_changes_their_own_account_but_not_their_role() {
    let app = harness();
    let user = app.user("amira", Role::Staff).await;
    let (access, _) = app.login("amira").await;

    let me = app.send(bearer(get("/api/users/me/"), &access)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["id"], user.id.as_str());
    assert_eq!(me.body["version"], 1);

    let role = app
        .send(bearer(
            patch("/api/users/me", json!({"role": "admin"})),
            &access,
        ))
        .await;
    assert_eq!(role.status, StatusCode::BAD_REQUEST);
    assert_eq!(role.body["errors"][0]["field"], "role");

    let changed = app
        .send(bearer(
            patch(
                "/api/users/me",
                json!({"first_name": "Amira", "last_name": "Trabelsi", "email": "amira.t@garage.tn", "version": 1}),
            ),
            &access,
        ))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["last_name"], "Trabelsi");
    assert_eq!(changed.body["email"], "amira.t@garage.tn");
    assert_eq!(changed.body["role"], "staff");
    assert_eq!(changed.body["version"], 2);

    // The email moved: the new one logs in, the old one is free for others.
    let by_new = app
        .send(post(
            "/api/token",
            json!({"username": "amira.t@garage.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(by_new.status, StatusCode::OK);
    let by_old = app
        .send(post(
            "/api/token",
            json!({"username": "amira@garage.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(by_old.status, StatusCode::UNAUTHORIZED);
    app.register("amira@garage.tn").await;

    let stale = app
        .send(bearer(
            patch("/api/users/me", json!({"first_name": "A"})),
            &access,
        ))
        .await;
    assert_eq!(stale.status, StatusCode::OK, "no version: last write wins");
    let mut stale = bearer(patch("/api/users/me", json!({"first_name": "B"})), &access);
    stale
        .headers_mut()
        .insert(header::IF_MATCH, "\"2\"".parse().unwrap());
    assert_eq!(app.send(stale).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_email_taken_by_another_account_is_a_conflict() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    app.user("karim", Role::Staff).await;
    let (access, _) = app.login("amira").await;
    let answer = app
        .send(bearer(
            patch("/api/users/me", json!({"email": "KARIM@garage.tn"})),
            &access,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert_eq!(answer.body["errors"][0]["field"], "email");
}

#[tokio::test]
async fn a_customer_email_change_follows_onto_the_profile() {
    let app = harness();
    let user = app.register("sami@example.tn").await;
    let (access, _) = app.login("sami@example.tn").await;
    let answer = app
        .send(bearer(
            patch("/api/users/me", json!({"email": "sami.b@example.tn"})),
            &access,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let customer_id = user["customer_id"].as_str().unwrap();
    let item = app
        .state
        .table
        .get(&ecar_http::customers::customer_key(customer_id))
        .await
        .unwrap()
        .unwrap();
    let customer: ecar_http::customers::Customer = ecar_http::store::from_item(item).unwrap();
    assert_eq!(customer.email.as_str(), "sami.b@example.tn");
    assert_eq!(customer.version, 2);
}

#[tokio::test]
async fn admins_list_create_read_and_delete_accounts() {
    let app = harness();
    let admin = app.user("boss", Role::Admin).await;
    app.user("amira", Role::Staff).await;
    app.user("karim", Role::Staff).await;
    let (token, _) = app.login("boss").await;

    let first = app.send(bearer(get("/api/users?limit=2"), &token)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["results"].as_array().unwrap().len(), 2);
    assert_eq!(first.body["results"][0]["id"], admin.id.as_str());
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .send(bearer(
            get(&format!("/api/users?limit=2&cursor={cursor}")),
            &token,
        ))
        .await;
    assert_eq!(second.body["results"].as_array().unwrap().len(), 1);
    assert_eq!(second.body["results"][0]["username"], "karim");
    assert_eq!(second.body["next_cursor"], serde_json::Value::Null);

    let created = app
        .send(bearer(
            post(
                "/api/users/",
                json!({"username": "leila", "email": "leila@garage.tn", "password": "a long passphrase", "role": "staff"}),
            ),
            &token,
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().unwrap().to_string();
    let read = app
        .send(bearer(get(&format!("/api/users/{id}")), &token))
        .await;
    assert_eq!(read.body["username"], "leila");
    app.login_as("leila", "a long passphrase").await;

    let customer = app
        .send(bearer(
            post(
                "/api/users",
                json!({"username": "cust", "email": "cust@x.tn", "password": "a long passphrase", "role": "customer"}),
            ),
            &token,
        ))
        .await;
    assert_eq!(customer.status, StatusCode::BAD_REQUEST);
    assert_eq!(customer.body["errors"][0]["field"], "role");

    let (leila_token, _) = app.login_as("leila", "a long passphrase").await;
    let deleted = app
        .send(bearer(
            request(Method::DELETE, &format!("/api/users/{id}"), None),
            &token,
        ))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.send(bearer(get("/api/users/me"), &leila_token))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(bearer(get(&format!("/api/users/{id}")), &token))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let again = app
        .send(bearer(
            post(
                "/api/users",
                json!({"username": "leila", "email": "leila@garage.tn", "password": "a long passphrase", "role": "staff"}),
            ),
            &token,
        ))
        .await;
    assert_eq!(
        again.status,
        StatusCode::CREATED,
        "username and email are free again"
    );
}

#[tokio::test]
async fn staff_and_customers_cannot_manage_accounts() {
    let app = harness();
    let staff = app.user("amira", Role::Staff).await;
    app.register("sami@example.tn").await;
    let (staff_token, _) = app.login("amira").await;
    let (customer_token, _) = app.login("sami@example.tn").await;
    for token in [&staff_token, &customer_token] {
        for request in [
            get("/api/users"),
            get(&format!("/api/users/{}", staff.id)),
            patch(
                &format!("/api/users/{}", staff.id),
                json!({"role": "admin"}),
            ),
        ] {
            assert_eq!(
                app.send(bearer(request, token)).await.status,
                StatusCode::FORBIDDEN
            );
        }
    }
    assert_eq!(
        app.send(get("/api/users")).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn disabling_a_user_takes_effect_on_their_next_request() {
    let app = harness();
    app.user("boss", Role::Admin).await;
    let amira = app.user("amira", Role::Staff).await;
    let (admin, _) = app.login("boss").await;
    let (access, refresh) = app.login("amira").await;
    let (access2, _) = app.login("amira").await;

    let answer = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"is_active": false}),
            ),
            &admin,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["is_active"], false);
    for token in [&access, &access2] {
        assert_eq!(
            app.send(bearer(get("/api/token/verify"), token))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.send(post("/api/token/refresh", json!({"refresh": refresh})))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let login = app
        .send(post(
            "/api/token",
            json!({"username": "amira", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(login.status, StatusCode::UNAUTHORIZED);

    // Enabled again: a new login works.
    let answer = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"is_active": true}),
            ),
            &admin,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    app.login("amira").await;
}

#[tokio::test]
async fn a_role_change_takes_effect_on_the_next_request_whatever_the_token_says() {
    let app = harness();
    app.user("boss", Role::Admin).await;
    let amira = app.user("amira", Role::Staff).await;
    let (admin, _) = app.login("boss").await;
    let (access, refresh) = app.login("amira").await;
    assert_eq!(
        app.send(bearer(get("/api/users"), &access)).await.status,
        StatusCode::FORBIDDEN
    );

    let promote = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"role": "admin"}),
            ),
            &admin,
        ))
        .await;
    assert_eq!(promote.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer(get("/api/users"), &access)).await.status,
        StatusCode::OK,
        "the old token, claiming staff, now acts as admin"
    );
    let refreshed = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(
        common::claims_of(refreshed.body["access"].as_str().unwrap())["role"],
        "admin"
    );

    let demote = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"role": "staff"}),
            ),
            &admin,
        ))
        .await;
    assert_eq!(demote.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer(get("/api/users"), &access)).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_warm_cache_is_forgotten_by_its_own_container_on_changes() {
    let app = harness_with(|config| config.auth_cache_ttl = std::time::Duration::from_secs(5));
    app.user("boss", Role::Admin).await;
    let amira = app.user("amira", Role::Staff).await;
    let (admin, _) = app.login("boss").await;
    let (access, _) = app.login("amira").await;
    assert_eq!(
        app.send(bearer(get("/api/users/me"), &access)).await.status,
        StatusCode::OK
    );
    let answer = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"is_active": false}),
            ),
            &admin,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer(get("/api/users/me"), &access)).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn admins_cannot_lock_themselves_out_and_customers_stay_customers() {
    let app = harness();
    let boss = app.user("boss", Role::Admin).await;
    let customer = app.register("sami@example.tn").await;
    let (admin, _) = app.login("boss").await;
    for body in [json!({"is_active": false}), json!({"role": "staff"})] {
        let answer = app
            .send(bearer(
                patch(&format!("/api/users/{}", boss.id), body),
                &admin,
            ))
            .await;
        assert_eq!(answer.status, StatusCode::CONFLICT);
    }
    let answer = app
        .send(bearer(
            request(Method::DELETE, &format!("/api/users/{}", boss.id), None),
            &admin,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);

    let customer_id = customer["id"].as_str().unwrap();
    let answer = app
        .send(bearer(
            patch(
                &format!("/api/users/{customer_id}"),
                json!({"role": "staff"}),
            ),
            &admin,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let answer = app
        .send(bearer(
            request(Method::DELETE, &format!("/api/users/{customer_id}"), None),
            &admin,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (current, _) = app.login("amira").await;
    let (other, other_refresh) = app.login("amira").await;

    let wrong = app
        .send(bearer(
            post(
                "/api/auth/change-password",
                json!({"old_password": "not my password", "new_password": "a brand new passphrase"}),
            ),
            &current,
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.body["errors"][0]["field"], "old_password");
    let weak = app
        .send(bearer(
            post(
                "/api/auth/change-password",
                json!({"old_password": PASSWORD, "new_password": "password123"}),
            ),
            &current,
        ))
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert_eq!(weak.body["errors"][0]["field"], "new_password");

    let changed = app
        .send(bearer(
            post(
                "/api/auth/change-password/",
                json!({"old_password": PASSWORD, "new_password": "a brand new passphrase"}),
            ),
            &current,
        ))
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer(get("/api/users/me"), &current))
            .await
            .status,
        StatusCode::OK,
        "the session that changed it goes on"
    );
    assert_eq!(
        app.send(bearer(get("/api/users/me"), &other)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(post(
            "/api/token/refresh",
            json!({"refresh": other_refresh})
        ))
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let old = app
        .send(post(
            "/api/token",
            json!({"username": "amira", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    app.login_as("amira", "a brand new passphrase").await;
}
