//! Creating, reading, changing and deleting customers, with their logins.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    auth::users,
    customers::ledger,
    domain::{CustomerId, Email},
};
use serde_json::json;

#[tokio::test]
async fn staff_create_a_customer_with_a_normalized_profile_and_a_login() {
    let world = World::new().await;
    let customer = world
        .customer(
            "  Amira ",
            "Ben  Ali",
            "Amira.BenAli@Example.TN",
            "98 123 456",
        )
        .await;
    assert_eq!(customer["first_name"], "Amira");
    assert_eq!(customer["last_name"], "Ben Ali");
    assert_eq!(customer["email"], "amira.benali@example.tn");
    assert_eq!(customer["phone"], "+21698123456");
    assert_eq!(customer["address"], "");
    assert_eq!(customer["version"], 1);
    assert_eq!(customer["created_at"], "2026-03-02T09:00:00Z");

    let table = world.app.state.table.as_ref();
    let user = users::get_user(table, customer["user_id"].as_str().unwrap())
        .await
        .unwrap()
        .expect("the login exists");
    assert_eq!(
        user.username, "amira.benali@example.tn",
        "the username defaults to the email"
    );
    assert_eq!(user.customer_id.as_deref(), customer["id"].as_str());
    assert!(user.password_hash.is_none(), "no password was given");

    let read = world.read(customer["id"].as_str().unwrap()).await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(read.body, customer);
}

#[tokio::test]
async fn an_email_belongs_to_one_account() {
    let world = World::new().await;
    world
        .customer("Amira", "B", "amira@example.tn", "98123456")
        .await;
    let again = world
        .call(
            Method::POST,
            "/api/customers",
            Some(&world.staff),
            Some(json!({"first_name": "X", "last_name": "Y", "email": "AMIRA@example.tn", "phone": "98123457"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert_eq!(again.body["errors"][0]["field"], "email");
}

#[tokio::test]
async fn a_customer_reads_their_own_profile_and_nobody_elses() {
    let world = World::new().await;
    let (amira, amira_token) = world
        .customer_with_token("Amira", "amira@example.tn", "98123456")
        .await;
    let (sami, _) = world
        .customer_with_token("Sami", "sami@example.tn", "98123457")
        .await;
    let id = amira["id"].as_str().unwrap();

    let own = world
        .call(
            Method::GET,
            &format!("/api/customers/{id}"),
            Some(&amira_token),
            None,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let me = world
        .call(Method::GET, "/api/customers/me", Some(&amira_token), None)
        .await;
    assert_eq!(me.body, own.body);

    let other = format!("/api/customers/{}", sami["id"].as_str().unwrap());
    let answer = world
        .call(Method::GET, &other, Some(&amira_token), None)
        .await;
    assert_eq!(
        answer.status,
        StatusCode::NOT_FOUND,
        "another customer's profile does not exist for them"
    );
    let staff_me = world
        .call(Method::GET, "/api/customers/me", Some(&world.staff), None)
        .await;
    assert_eq!(
        staff_me.status,
        StatusCode::NOT_FOUND,
        "staff have no profile"
    );
}

#[tokio::test]
async fn changes_are_optimistic_on_the_version() {
    let world = World::new().await;
    let customer = world
        .customer("Amira", "B", "amira@example.tn", "98123456")
        .await;
    let path = format!("/api/customers/{}", customer["id"].as_str().unwrap());

    let patched = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"notes": "VIP", "version": 1})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["notes"], "VIP");
    assert_eq!(patched.body["version"], 2);

    let stale = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"notes": "lost", "version": 1})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let stale_header = world
        .app
        .send(ecar_http::testing::app::with_header(
            ecar_http::testing::app::request(
                Method::PATCH,
                &path,
                Some(&world.staff),
                Some(&json!({"notes": "lost"})),
            ),
            "if-match",
            "\"1\"",
        ))
        .await;
    assert_eq!(stale_header.status, StatusCode::CONFLICT);
    assert_eq!(
        world.read(customer["id"].as_str().unwrap()).await.body["notes"],
        "VIP"
    );

    let unchanged = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"notes": "VIP"})),
        )
        .await;
    assert_eq!(
        unchanged.body["version"], 2,
        "a change that changes nothing writes nothing"
    );
}

#[tokio::test]
async fn a_new_email_moves_the_login_and_its_guard() {
    let world = World::new().await;
    let customer = world
        .customer("Amira", "B", "amira@example.tn", "98123456")
        .await;
    world
        .customer("Sami", "B", "sami@example.tn", "98123457")
        .await;
    let path = format!("/api/customers/{}", customer["id"].as_str().unwrap());

    let taken = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"email": "sami@example.tn"})),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);

    let moved = world
        .call(Method::PUT, &path, Some(&world.staff), Some(json!({
            "first_name": "Amira", "last_name": "Trabelsi", "email": "amira.t@example.tn", "phone": "98123456"
        })))
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let table = world.app.state.table.as_ref();
    let user = users::get_user(table, customer["user_id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.email.as_str(), "amira.t@example.tn");
    assert_eq!(user.last_name, "Trabelsi");
    let old_guard = users::email_guard_key(&Email::parse("amira@example.tn").unwrap());
    assert!(
        table.get(&old_guard).await.unwrap().is_none(),
        "the old email is free again"
    );
    world
        .customer("Other", "B", "amira@example.tn", "98123458")
        .await;
}

#[tokio::test]
async fn deleting_removes_the_login_and_every_guard_and_index_item() {
    let world = World::new().await;
    let (customer, token) = world
        .customer_with_token("Amira", "amira@example.tn", "98123456")
        .await;
    let id = customer["id"].as_str().unwrap();
    let deleted = world
        .call(
            Method::DELETE,
            &format!("/api/customers/{id}"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(world.read(id).await.status, StatusCode::NOT_FOUND);
    let table = world.app.state.table.as_ref();
    assert!(
        users::get_user(table, customer["user_id"].as_str().unwrap())
            .await
            .unwrap()
            .is_none()
    );
    let after = world
        .call(Method::GET, "/api/customers/me", Some(&token), None)
        .await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "the login's sessions ended"
    );
    // The email and the username are free, and the search finds nothing.
    world
        .customer("Amira", "Again", "amira@example.tn", "98123456")
        .await;
    let search = world
        .call(
            Method::GET,
            "/api/customers?search=amira",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(search.body["results"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_customer_with_unpaid_invoices_cannot_be_deleted() {
    let world = World::new().await;
    let customer = world
        .customer("Amira", "B", "amira@example.tn", "98123456")
        .await;
    let id = CustomerId::parse(customer["id"].as_str().unwrap()).unwrap();
    let table = world.app.state.table.as_ref();
    table
        .transact(ledger::invoice_issued_ops(&id, "INV1", 119_000))
        .await
        .unwrap();

    let path = format!("/api/customers/{id}");
    let refused = world
        .call(Method::DELETE, &path, Some(&world.staff), None)
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body["detail"].as_str().unwrap().contains("unpaid"));
    assert_eq!(world.read(id.as_str()).await.status, StatusCode::OK);

    table
        .transact(ledger::invoice_paid_ops(&id, "INV1", 119_000))
        .await
        .unwrap();
    let statistics = world
        .call(
            Method::GET,
            &format!("{path}/statistics"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(statistics.body["paid_invoices"]["count"], 1);
    assert_eq!(statistics.body["total_spent"], "119.000");
    assert_eq!(statistics.body["unpaid_invoices"]["amount"], "0.000");
    let deleted = world
        .call(Method::DELETE, &path, Some(&world.staff), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer() {
    let world = World::new().await;
    let body = json!({"first_name": "Amira", "last_name": "B", "email": "amira@example.tn", "phone": "98123456"});
    let send = |body: serde_json::Value| {
        let request = ecar_http::testing::app::request(
            Method::POST,
            "/api/customers",
            Some(&world.staff),
            Some(&body),
        );
        world.app.send(ecar_http::testing::app::with_header(
            request,
            "idempotency-key",
            "create-amira",
        ))
    };
    let first = send(body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let second = send(body.clone()).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(
        second.body, first.body,
        "the same customer, not a second one"
    );
    let mut other = body;
    other["first_name"] = json!("Sami");
    let conflict = send(other).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn customers_change_their_address_and_nothing_else() {
    let world = World::new().await;
    let (customer, token) = world
        .customer_with_token("Amira", "amira@example.tn", "98123456")
        .await;
    let path = format!("/api/customers/{}", customer["id"].as_str().unwrap());
    let moved = world
        .call(
            Method::PATCH,
            &format!("{path}/update_address"),
            Some(&token),
            Some(json!({"address": "12 rue de Marseille\n1000 Tunis"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["address"], "12 rue de Marseille\n1000 Tunis");
    let refused = world
        .call(
            Method::PATCH,
            &path,
            Some(&token),
            Some(json!({"notes": "mine"})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
