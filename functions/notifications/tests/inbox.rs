//! A customer's notifications: created from outbox events, listed newest
//! first with filters, read one by one or all at once, counted; and nobody
//! else's.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::events::EventType;
use serde_json::json;

#[tokio::test]
async fn events_become_the_customers_notifications_newest_first() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let completed = world
        .event(&amira.id, EventType::ServiceCompleted, "Service completed")
        .await;
    let issued = world
        .event(&amira.id, EventType::InvoiceIssued, "Invoice issued")
        .await;
    assert_eq!(world.dispatch().await.dispatched, 2);

    let list = world
        .call(Method::GET, "/api/notifications", Some(&token), None)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let results = list.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["id"], issued.event_id.as_str());
    assert_eq!(results[1]["id"], completed.event_id.as_str());
    assert_eq!(
        results[1],
        json!({
            "id": completed.event_id,
            "customer_id": amira.id.as_str(),
            "title": "Service completed",
            "message": "Service completed: details",
            "notification_type": "service_update",
            "is_read": false,
            "created_at": completed.created_at,
            "read_at": null,
            "related": {"kind": "service", "id": "01JP3N5P8Q1R3S6T9V2W4X7Y9Z"},
        })
    );
    assert_eq!(results[0]["notification_type"], "invoice");
    assert_eq!(list.body["next_cursor"], json!(null));
    assert_eq!(world.unread(&token).await, 2);
}

#[tokio::test]
async fn lists_filter_by_read_state_and_type_and_page_with_cursors() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let mut ids = Vec::new();
    for (event_type, title) in [
        (EventType::ServiceCompleted, "one"),
        (EventType::InvoiceIssued, "two"),
        (EventType::ServiceDue, "three"),
        (EventType::InvoicePaid, "four"),
    ] {
        ids.push(world.event(&amira.id, event_type, title).await.event_id);
    }
    world.dispatch().await;
    let read = world
        .call(
            Method::PATCH,
            &format!("/api/notifications/{}/mark_read", ids[1]),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);

    let unread = world
        .list_ids("/api/notifications?is_read=false", &token)
        .await;
    assert_eq!(unread, vec![ids[3].clone(), ids[2].clone(), ids[0].clone()]);
    let read_ones = world
        .list_ids("/api/notifications?is_read=true", &token)
        .await;
    assert_eq!(read_ones, vec![ids[1].clone()]);
    let invoices = world
        .list_ids("/api/notifications?notification_type=invoice", &token)
        .await;
    assert_eq!(invoices, vec![ids[3].clone(), ids[1].clone()]);
    let unread_invoices = world
        .list_ids(
            "/api/notifications?notification_type=invoice&is_read=false",
            &token,
        )
        .await;
    assert_eq!(unread_invoices, vec![ids[3].clone()]);

    let first = world
        .call(
            Method::GET,
            "/api/notifications?limit=3",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(first.body["results"].as_array().unwrap().len(), 3);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let rest = world
        .list_ids(
            &format!("/api/notifications?limit=3&cursor={cursor}"),
            &token,
        )
        .await;
    assert_eq!(rest, vec![ids[0].clone()]);

    let bad = world
        .call(
            Method::GET,
            "/api/notifications?notification_type=spam",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
}

#[tokio::test]
async fn reading_moves_the_unread_count_exactly_once() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let first = world.event(&amira.id, EventType::ServiceDue, "due").await;
    world.event(&amira.id, EventType::InvoicePaid, "paid").await;
    world
        .event(&amira.id, EventType::InvoiceIssued, "issued")
        .await;
    world.dispatch().await;
    assert_eq!(world.unread(&token).await, 3);

    let path = format!("/api/notifications/{}/mark_read", first.event_id);
    for _ in 0..2 {
        let answer = world.call(Method::PATCH, &path, Some(&token), None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.body["is_read"], true);
        assert_eq!(answer.body["read_at"], json!(world.app.state.clock.now()));
    }
    assert_eq!(world.unread(&token).await, 2);

    let all = world
        .call(
            Method::PATCH,
            "/api/notifications/mark_all_read",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.text);
    assert_eq!(all.body, json!({"count": 2}));
    assert_eq!(world.unread(&token).await, 0);
    let again = world
        .call(
            Method::PATCH,
            "/api/notifications/mark_all_read",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(again.body, json!({"count": 0}));
    assert!(
        world
            .list_ids("/api/notifications?is_read=false", &token)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn mark_all_read_walks_more_than_one_transaction() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    for n in 0..120 {
        world
            .event(&amira.id, EventType::GeneralMessage, &format!("n{n}"))
            .await;
    }
    world.dispatch().await;
    assert_eq!(world.unread(&token).await, 120);
    let all = world
        .call(
            Method::PATCH,
            "/api/notifications/mark_all_read",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(all.body, json!({"count": 120}));
    assert_eq!(world.unread(&token).await, 0);
}

#[tokio::test]
async fn a_customer_sees_only_their_own_notifications() {
    let world = World::new().await;
    let (amira, amira_token) = world.customer("amira").await;
    let (_, bilel_token) = world.customer("bilel").await;
    let hers = world
        .event(&amira.id, EventType::InvoiceIssued, "Invoice")
        .await;
    world.dispatch().await;

    assert!(
        world
            .list_ids("/api/notifications", &bilel_token)
            .await
            .is_empty()
    );
    let detail = format!("/api/notifications/{}", hers.event_id);
    for (method, path) in [
        (Method::GET, detail.clone()),
        (Method::PATCH, format!("{detail}/mark_read")),
        (
            Method::GET,
            format!("/api/notifications?customer_id={}", amira.id),
        ),
    ] {
        let answer = world.call(method, &path, Some(&bilel_token), None).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            answer.text
        );
    }
    assert_eq!(world.unread(&amira_token).await, 1, "nothing was marked");
    assert_eq!(world.unread(&bilel_token).await, 0);

    let own = world
        .call(Method::GET, &detail, Some(&amira_token), None)
        .await;
    assert_eq!(own.status, StatusCode::OK);
    let unknown = world
        .call(
            Method::GET,
            "/api/notifications/01JP3R4S6T8V0W2X4Y6Z8A0B2C",
            Some(&amira_token),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let malformed = world
        .call(
            Method::GET,
            "/api/notifications/not-an-id",
            Some(&amira_token),
            None,
        )
        .await;
    assert_eq!(malformed.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_see_everybodys_or_one_customers_but_mark_nothing() {
    let world = World::new().await;
    let (amira, amira_token) = world.customer("amira").await;
    let (bilel, _) = world.customer("bilel").await;
    let hers = world.event(&amira.id, EventType::InvoiceIssued, "a").await;
    let his = world.event(&bilel.id, EventType::InvoiceIssued, "b").await;
    world.dispatch().await;

    let all = world.list_ids("/api/notifications", &world.staff).await;
    assert_eq!(all, vec![his.event_id.clone(), hers.event_id.clone()]);
    let amiras = world
        .list_ids(
            &format!("/api/notifications?customer_id={}", amira.id),
            &world.staff,
        )
        .await;
    assert_eq!(amiras, vec![hers.event_id.clone()]);
    let detail = world
        .call(
            Method::GET,
            &format!("/api/notifications/{}", hers.event_id),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(detail.status, StatusCode::OK);

    for (method, path) in [
        (
            Method::PATCH,
            format!("/api/notifications/{}/mark_read", hers.event_id),
        ),
        (Method::PATCH, "/api/notifications/mark_all_read".into()),
        (Method::GET, "/api/notifications/unread_count".into()),
    ] {
        let answer = world.call(method, &path, Some(&world.staff), None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(world.unread(&amira_token).await, 1);
    let bad = world
        .call(
            Method::GET,
            "/api/notifications?customer_id=nope",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["errors"][0]["field"], "customer_id");
}
