//! A customer's change history: each change to the profile writes one audit
//! record (who, and the fields before and after) in the transaction of the
//! change; staff read them on the customer; customers cannot.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    audit_log::{self, AuditAction, AuditFilter, EntityKind},
    store::PageRequest,
};
use serde_json::{Value, json};

#[tokio::test]
async fn staff_see_what_changed_on_a_customer_and_who_changed_it() {
    let mut world = World::new().await;
    let (customer, own_token) = world
        .customer_with_token("Amira", "amira@example.tn", "98123456")
        .await;
    let id = customer["id"].as_str().unwrap().to_string();
    let path = format!("/api/customers/{id}");
    let history_path = format!("{path}/history");

    let empty = world
        .call(Method::GET, &history_path, Some(&world.staff), None)
        .await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text);
    assert_eq!(empty.body["results"], json!([]));

    let patched = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"notes": "VIP", "phone": "22 333 444", "version": 1})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    // Refused changes write no record: a stale version, a bad phone.
    for body in [json!({"notes": "x", "version": 1}), json!({"phone": "12"})] {
        let refused = world
            .call(Method::PATCH, &path, Some(&world.staff), Some(body.clone()))
            .await;
        assert!(refused.status.is_client_error(), "{body}: {}", refused.text);
    }
    world.advance(chrono::Duration::seconds(1)).await;
    let renamed = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.admin),
            Some(json!({"last_name": "Trabelsi"})),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);

    let history = world
        .call(Method::GET, &history_path, Some(&world.staff), None)
        .await;
    assert_eq!(history.status, StatusCode::OK, "{}", history.text);
    let records = history.body["results"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{}", history.text);
    let (newest, oldest) = (&records[0], &records[1]);
    assert_eq!(newest["action"], "customer_updated");
    assert_eq!(newest["actor"]["role"], "admin");
    assert_eq!(newest["label"], "Amira Trabelsi");
    assert_eq!(newest["before"], json!({"last_name": "Test"}));
    assert_eq!(newest["after"], json!({"last_name": "Trabelsi"}));
    assert_eq!(oldest["actor"]["role"], "staff");
    assert_eq!(
        oldest["before"],
        json!({"notes": "", "phone": "+21698123456"})
    );
    assert_eq!(
        oldest["after"],
        json!({"notes": "VIP", "phone": "+21622333444"})
    );

    // Not the customer's to read, even their own.
    let own = world
        .call(Method::GET, &history_path, Some(&own_token), None)
        .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let unknown = world
        .call(
            Method::GET,
            "/api/customers/01JP3K8Z4M6Q2R7T9V1W5X8Y3A/history",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_customer_is_recorded_with_the_profile_it_removed() {
    let world = World::new().await;
    let customer = world
        .customer("Karim", "Jebali", "karim@example.tn", "98765432")
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

    let filter = AuditFilter {
        kind: Some(EntityKind::Customer),
        entity_id: Some(id.into()),
        ..AuditFilter::default()
    };
    let request = PageRequest {
        limit: 10,
        start: None,
    };
    let records = audit_log::page(world.app.state.table.as_ref(), &filter, request)
        .await
        .unwrap()
        .items;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].action, AuditAction::CustomerDeleted);
    assert_eq!(records[0].label.as_deref(), Some("Karim Jebali"));
    let before = Value::Object(records[0].before.clone().unwrap());
    assert_eq!(before["email"], "karim@example.tn");
    assert_eq!(records[0].after, None);
}

#[tokio::test]
async fn bulk_imports_and_exports_are_recorded_with_what_they_did() {
    let world = World::new().await;
    let rows = json!([
        {"first_name": "Amira", "last_name": "Ben Ali", "email": "amira@example.tn", "phone": "98123456"},
        {"first_name": "Sami", "last_name": "Trabelsi", "email": "not-an-email", "phone": "98123457"},
    ]);
    let imported = world
        .call(
            Method::POST,
            "/api/customers/bulk_create",
            Some(&world.admin),
            Some(rows),
        )
        .await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    let exported = world
        .call(
            Method::GET,
            "/api/customers/export",
            Some(&world.admin),
            None,
        )
        .await;
    assert_eq!(exported.status, StatusCode::OK);

    let of = |action| AuditFilter {
        action: Some(action),
        ..AuditFilter::default()
    };
    let request = || PageRequest {
        limit: 10,
        start: None,
    };
    let table = world.app.state.table.as_ref();
    let imports = audit_log::page(table, &of(AuditAction::DataImported), request())
        .await
        .unwrap()
        .items;
    assert_eq!(imports.len(), 1, "{imports:?}");
    assert_eq!(imports[0].entity_id, "customer");
    assert_eq!(
        imports[0]
            .actor
            .role
            .map(|role| role.to_string())
            .as_deref(),
        Some("admin")
    );
    let summary = Value::Object(imports[0].after.clone().unwrap());
    assert_eq!(summary["created"], 1);
    assert_eq!(summary["refused"], 1);
    let exports = audit_log::page(table, &of(AuditAction::DataExported), request())
        .await
        .unwrap()
        .items;
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(exports[0].entity_id, "customer");
}
