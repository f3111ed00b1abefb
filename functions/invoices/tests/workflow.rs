//! Drafts, issue, payment, cancellation and refund through the real router:
//! numbering (under concurrency too), exact totals, every state rule, the
//! customer's aggregates and the outbox.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    events::EventType,
    services,
    store::Value,
    testing::app::{request, with_header},
};
use serde_json::json;

const ITEMS: &[(&str, &str, &str)] = &[
    ("Huile moteur 5W-30", "4.5", "12.800"),
    ("Main d'œuvre", "1.5", "40"),
];

#[tokio::test]
async fn a_draft_copies_the_service_and_computes_exact_totals() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["invoice_number"], json!(null));
    assert_eq!(draft["customer_id"], client.id.as_str());
    assert_eq!(draft["lines"].as_array().unwrap().len(), 2);
    // 4.5 × 12.800 = 57.600; 1.5 × 40 = 60.000
    assert_eq!(draft["subtotal"], "117.600");
    assert_eq!(draft["tax_rate"], "19.00");
    // 117.600 × 19 % = 22.344
    assert_eq!(draft["tax_amount"], "22.344");
    assert_eq!(draft["fees"][0]["amount"], "1.000");
    assert_eq!(draft["total"], "140.944");

    // One invoice per service.
    let second = world
        .call(
            Method::POST,
            "/api/invoices",
            Some(&world.staff),
            Some(json!({"service_id": service, "due_date": "2026-04-01"})),
        )
        .await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.text);

    // The service knows its invoice.
    let linked = services::get(world.state().table.as_ref(), &service)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(linked.invoice_id.as_deref(), draft["id"].as_str());
}

#[tokio::test]
async fn bad_creates_are_refused_and_write_nothing() {
    let world = World::new().await;
    let client = world.client("Amira", "Trabelsi").await;
    let service = world.service(&client.id, ITEMS).await;
    let cases = [
        (
            json!({"service_id": service, "due_date": "2026-04-01", "total": "1.000"}),
            "total",
        ),
        (json!({"service_id": service}), "due_date"),
        (
            json!({"service_id": service, "due_date": "01/04/2026"}),
            "due_date",
        ),
        (
            json!({"service_id": service, "due_date": "2026-04-01", "discount": 5}),
            "discount",
        ),
        (
            json!({"service_id": service, "due_date": "2026-04-01", "discount": "117.601"}),
            "discount",
        ),
        (
            json!({"service_id": service, "due_date": "2026-04-01", "discount": "1.0005"}),
            "discount",
        ),
        (
            json!({"service_id": "01JP3N5P8Q1R3S6T9V2W4X7Y9Z", "due_date": "2026-04-01"}),
            "service_id",
        ),
    ];
    for (body, field) in cases {
        let answer = world
            .call(
                Method::POST,
                "/api/invoices",
                Some(&world.staff),
                Some(body.clone()),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    let customer_only = world
        .call(
            Method::POST,
            "/api/invoices",
            Some(&client.token),
            Some(json!({"service_id": service, "due_date": "2026-04-01"})),
        )
        .await;
    assert_eq!(customer_only.status, StatusCode::FORBIDDEN);
    let list = world
        .call(Method::GET, "/api/invoices", Some(&world.staff), None)
        .await;
    assert_eq!(list.body["results"], json!([]), "nothing was written");
    // The service is still free.
    world.draft(&service).await;
}

#[tokio::test]
async fn creating_twice_with_one_idempotency_key_gives_the_first_invoice() {
    let world = World::new().await;
    let client = world.client("Sami", "Gharbi").await;
    let service = world.service(&client.id, ITEMS).await;
    let body = json!({"service_id": service, "due_date": "2026-04-01"});
    let send = || {
        world.send(with_header(
            request(
                Method::POST,
                "/api/invoices",
                Some(&world.staff),
                Some(&body),
            ),
            "idempotency-key",
            "create-once",
        ))
    };
    let first = send().await;
    let again = send().await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.body["id"], again.body["id"]);
}

#[tokio::test]
async fn issuing_numbers_freezes_notifies_and_counts_the_invoice() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let id = draft["id"].as_str().unwrap();
    world.events();

    let issued = world.act(id, "issue", None).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["status"], "pending");
    assert_eq!(issued.body["invoice_number"], "INV-2026-000001");
    assert_eq!(issued.body["issued_date"], "2026-03-02");
    assert_eq!(issued.body["version"], 2);

    let events = world.events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_type, EventType::InvoiceIssued);
    assert_eq!(events[0].customer_id, client.id);
    assert!(
        events[0].message.contains("INV-2026-000001"),
        "{}",
        events[0].message
    );

    // The service's items are frozen now.
    let linked = services::get(world.state().table.as_ref(), &service)
        .await
        .unwrap()
        .unwrap();
    assert!(linked.items_frozen());
    // The customer owes it.
    let customer = world.customer_item(&client.id).await;
    assert_eq!(customer["unpaid_invoice_count"], Value::n(1));
    assert_eq!(customer["unpaid_amount_minor"], Value::n(140_944));

    // Issuing again is an invalid transition, and changes nothing.
    let again = world.act(id, "issue", None).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(world.invoice(id).await["version"], 2);
    assert!(world.events().is_empty());
    // Only drafts are editable or deletable.
    let edit = world
        .call(
            Method::PATCH,
            &format!("/api/invoices/{id}"),
            Some(&world.staff),
            Some(json!({"notes": "x"})),
        )
        .await;
    assert_eq!(edit.status, StatusCode::CONFLICT);
    let delete = world
        .call(
            Method::DELETE,
            &format!("/api/invoices/{id}"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(delete.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn payment_and_refund_follow_the_rules_and_keep_the_aggregates() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let issued = world.issued(&client.id, ITEMS).await;
    let id = issued["id"].as_str().unwrap();
    world.events();

    // A refund before payment is an invalid transition.
    let early = world
        .act(
            id,
            "refund",
            Some(json!({"amount": "1.000", "reason": "x"})),
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    let bad = world
        .act(
            id,
            "mark_as_paid",
            Some(json!({"payment_method": "bitcoin"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let future = world
        .act(
            id,
            "mark_as_paid",
            Some(json!({"payment_method": "cash", "paid_at": "2030-01-01T00:00:00Z"})),
        )
        .await;
    assert_eq!(future.status, StatusCode::BAD_REQUEST);

    let paid = world
        .act(
            id,
            "mark_as_paid",
            Some(json!({"payment_method": "card", "paid_at": "2026-03-02T08:30:00Z"})),
        )
        .await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.text);
    assert_eq!(paid.body["status"], "paid");
    assert_eq!(paid.body["payment_method"], "card");
    assert_eq!(paid.body["paid_at"], "2026-03-02T08:30:00Z");
    let events = world.events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_type, EventType::InvoicePaid);
    let customer = world.customer_item(&client.id).await;
    assert_eq!(customer["unpaid_invoice_count"], Value::n(0));
    assert_eq!(customer["paid_invoice_count"], Value::n(1));
    assert_eq!(customer["paid_amount_minor"], Value::n(140_944));
    let car = issued["car_id"].as_str().unwrap();
    assert_eq!(
        world.car_spent(car).await,
        Value::n(140_944),
        "the car's total spent"
    );

    // Paid twice, cancelled after payment: invalid.
    let twice = world
        .act(id, "mark_as_paid", Some(json!({"payment_method": "cash"})))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(
        world.act(id, "cancel", None).await.status,
        StatusCode::CONFLICT
    );

    // Refunds: more than the total, nothing, or no reason are refused.
    for (body, field) in [
        (json!({"amount": "140.945", "reason": "trop"}), "amount"),
        (json!({"amount": "0", "reason": "rien"}), "amount"),
        (json!({"amount": "10.000"}), "reason"),
        (json!({"amount": "10.000", "reason": "  "}), "reason"),
    ] {
        let answer = world.act(id, "refund", Some(body.clone())).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(world.invoice(id).await["status"], "paid");

    let refunded = world
        .act(
            id,
            "refund",
            Some(json!({"amount": "40.944", "reason": "Pièce retournée"})),
        )
        .await;
    assert_eq!(refunded.status, StatusCode::OK, "{}", refunded.text);
    assert_eq!(refunded.body["status"], "refunded");
    assert_eq!(refunded.body["refund_amount"], "40.944");
    assert_eq!(refunded.body["refund_reason"], "Pièce retournée");
    let customer = world.customer_item(&client.id).await;
    assert_eq!(customer["refunded_amount_minor"], Value::n(40_944));
    assert_eq!(
        world.car_spent(car).await,
        Value::n(100_000),
        "less the refund"
    );
    // Refunded once only.
    let again = world
        .act(id, "refund", Some(json!({"amount": "1", "reason": "x"})))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn cancelling_frees_the_service_and_the_customer() {
    let world = World::new().await;
    let client = world.client("Karim", "Jebali").await;
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let id = draft["id"].as_str().unwrap();
    world.act(id, "issue", None).await;
    let cancelled = world.act(id, "cancel", Some(json!({}))).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(
        cancelled.body["invoice_number"], "INV-2026-000001",
        "the number is kept"
    );
    let customer = world.customer_item(&client.id).await;
    assert_eq!(customer["unpaid_invoice_count"], Value::n(0));
    assert_eq!(customer["unpaid_amount_minor"], Value::n(0));
    // Cancelled is final.
    for action in ["issue", "cancel"] {
        assert_eq!(
            world.act(id, action, None).await.status,
            StatusCode::CONFLICT
        );
    }
    let paid = world
        .act(id, "mark_as_paid", Some(json!({"payment_method": "cash"})))
        .await;
    assert_eq!(paid.status, StatusCode::CONFLICT);
    // The service may be invoiced again, and the next number follows.
    let second = world.draft(&service).await;
    let issued = world
        .act(second["id"].as_str().unwrap(), "issue", None)
        .await;
    assert_eq!(issued.body["invoice_number"], "INV-2026-000002");
}

#[tokio::test]
async fn drafts_are_edited_deleted_and_issued_by_patch() {
    let world = World::new().await;
    let client = world.client("Leila", "Mansour").await;
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let id = draft["id"].as_str().unwrap();
    let path = format!("/api/invoices/{id}");

    let patched = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"discount": "17.600", "notes": "Merci"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    // (117.600 − 17.600) × 19 % = 19.000
    assert_eq!(patched.body["tax_amount"], "19.000");
    assert_eq!(patched.body["total"], "120.000");
    assert_eq!(patched.body["version"], 2);
    // A stale version, a status other than pending, a server-owned field.
    let stale = world
        .send(with_header(
            request(
                Method::PATCH,
                &path,
                Some(&world.staff),
                Some(&json!({"notes": "y"})),
            ),
            "if-match",
            "\"1\"",
        ))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    for body in [
        json!({"status": "paid"}),
        json!({"total": "0.000"}),
        json!({"notes": null}),
    ] {
        let answer = world
            .call(Method::PATCH, &path, Some(&world.staff), Some(body.clone()))
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
    }
    let put = world
        .call(
            Method::PUT,
            &path,
            Some(&world.staff),
            Some(json!({"due_date": "2026-05-01"})),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text);
    assert_eq!(put.body["discount"], "0.000");
    assert_eq!(put.body["notes"], "");

    let issued = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"status": "pending"})),
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["status"], "pending");
    assert_eq!(issued.body["invoice_number"], "INV-2026-000001");

    // A draft deleted frees its service.
    let other = world.service(&client.id, ITEMS).await;
    let doomed = world.draft(&other).await;
    let gone = world
        .call(
            Method::DELETE,
            &format!("/api/invoices/{}", doomed["id"].as_str().unwrap()),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let unlinked = services::get(world.state().table.as_ref(), &other)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unlinked.invoice_id, None);
    world.draft(&other).await;
}

#[tokio::test]
async fn fifty_concurrent_issues_get_fifty_consecutive_numbers() {
    let world = Arc::new(World::new().await);
    let client = world.client("Nour", "Haddad").await;
    let mut drafts = Vec::new();
    for _ in 0..50 {
        let service = world.service(&client.id, &[("Filtre", "1", "10")]).await;
        drafts.push(
            world.draft(&service).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let tasks: Vec<_> = drafts
        .into_iter()
        .map(|id| {
            let world = world.clone();
            tokio::spawn(async move { world.act(&id, "issue", None).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        let answer = task.await.unwrap();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        numbers.push(answer.body["invoice_number"].as_str().unwrap().to_string());
    }
    numbers.sort();
    let expected: Vec<String> = (1..=50).map(|n| format!("INV-2026-{n:06}")).collect();
    assert_eq!(numbers, expected, "distinct, consecutive, no gap");
    let customer = world.customer_item(&client.id).await;
    assert_eq!(customer["unpaid_invoice_count"], Value::n(50));
}

#[tokio::test]
async fn issuing_needs_items_and_a_due_date_ahead() {
    let world = World::new().await;
    let client = world.client("Yassine", "Ferchichi").await;
    let empty = world.service(&client.id, &[]).await;
    let draft = world.draft(&empty).await;
    let refused = world
        .act(draft["id"].as_str().unwrap(), "issue", None)
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        world.invoice(draft["id"].as_str().unwrap()).await["status"],
        "draft"
    );

    let service = world.service(&client.id, ITEMS).await;
    let late = world
        .call(
            Method::POST,
            "/api/invoices",
            Some(&world.staff),
            Some(json!({"service_id": service, "due_date": "2026-03-01"})),
        )
        .await;
    assert_eq!(late.status, StatusCode::CREATED);
    let refused = world
        .act(late.body["id"].as_str().unwrap(), "issue", None)
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    // A refused issue takes no number: the next one is still 1.
    let ok = world.issued(&client.id, ITEMS).await;
    assert_eq!(ok["invoice_number"], "INV-2026-000001");
}

#[tokio::test]
async fn customers_see_their_issued_invoices_only() {
    let world = World::new().await;
    let owner = world.client("Hélène", "Ben Ali").await;
    let other = world.client("Omar", "Saidi").await;
    let service = world.service(&owner.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let path = format!("/api/invoices/{}", draft["id"].as_str().unwrap());
    let hidden = world
        .call(Method::GET, &path, Some(&owner.token), None)
        .await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "a draft is not shown to its customer"
    );
    world
        .act(draft["id"].as_str().unwrap(), "issue", None)
        .await;
    let shown = world
        .call(Method::GET, &path, Some(&owner.token), None)
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    let foreign = world
        .call(Method::GET, &path, Some(&other.token), None)
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let not_an_id = world
        .call(Method::GET, "/api/invoices/nope", Some(&world.staff), None)
        .await;
    assert_eq!(not_an_id.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_messages_are_texted_or_queued_for_push() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let issued = world.issued(&client.id, ITEMS).await;
    let id = issued["id"].as_str().unwrap();
    world.events();
    let sent = world
        .act(
            id,
            "send_notification",
            Some(json!({"message": "Votre facture est prête.", "channels": ["push", "sms"]})),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert!(sent.body["sms_message_id"].is_string());
    let events = world.events();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].event_id,
        sent.body["push_event_id"].as_str().unwrap()
    );
    assert_eq!(events[0].message, "Votre facture est prête.");
    let reminder = world
        .act(id, "send_notification", Some(json!({"channels": ["push"]})))
        .await;
    assert_eq!(reminder.status, StatusCode::OK);
    assert_eq!(reminder.body["sms_message_id"], json!(null));
    assert!(world.events()[0].message.contains("INV-2026-000001"));
    for body in [
        json!({"channels": []}),
        json!({"channels": ["fax"]}),
        json!({"message": "", "channels": ["push"]}),
        json!({"message": "x"}),
    ] {
        let answer = world.act(id, "send_notification", Some(body.clone())).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
    }
    assert!(world.events().is_empty());
}
