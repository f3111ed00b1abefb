//! The invoice routes under the Django ECAR's paths and field names: its
//! forms create, change, refund and text invoices unchanged, while what it
//! let a plain update set (status, refunds, the service) stays with the
//! routes that own it.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::json;

const ITEMS: &[(&str, &str, &str)] = &[("Plaquettes de frein", "1", "100")];

#[tokio::test]
async fn a_draft_is_created_from_the_original_form_and_only_as_a_draft() {
    let world = World::new().await;
    let client = world.client("Leila", "Kammoun").await;
    let service = world.service(&client.id, ITEMS).await;
    let form = |status: &str, refund_amount: serde_json::Value| {
        json!({
            "service_id": service,
            "due_date": "2026-04-01",
            "status": status,
            "notes": "Paiement à réception",
            "refund_date": null,
            "refund_amount": refund_amount,
            "refund_reason": null,
        })
    };
    for (body, field) in [
        (form("paid", json!(null)), "status"),
        (form("draft", json!("10.00")), "refund_amount"),
    ] {
        let refused = world
            .call(
                Method::POST,
                "/api/invoices/",
                Some(&world.staff),
                Some(body),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
        assert_eq!(refused.body["errors"][0]["field"], field);
    }
    let none = world
        .call(Method::GET, "/api/invoices", Some(&world.staff), None)
        .await;
    assert_eq!(none.body["results"], json!([]), "nothing was created");

    let created = world
        .call(
            Method::POST,
            "/api/invoices/",
            Some(&world.staff),
            Some(form("draft", json!(null))),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["notes"], "Paiement à réception");
}

#[tokio::test]
async fn the_original_put_restates_the_service_and_issues_with_pending() {
    let world = World::new().await;
    let client = world.client("Leila", "Kammoun").await;
    let service = world.service(&client.id, ITEMS).await;
    let other = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let path = format!("/api/invoices/{}/", draft["id"].as_str().unwrap());
    let form = |service_id: &str, status: &str| {
        json!({
            "service_id": service_id,
            "due_date": "2026-04-15",
            "status": status,
            "notes": "Révisé",
            "refund_date": null,
            "refund_amount": null,
            "refund_reason": null,
        })
    };

    let moved = world
        .call(
            Method::PUT,
            &path,
            Some(&world.staff),
            Some(form(other.as_str(), "draft")),
        )
        .await;
    assert_eq!(moved.status, StatusCode::BAD_REQUEST, "{}", moved.text);
    assert_eq!(moved.body["errors"][0]["field"], "service_id");
    let paid = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"status": "paid"})),
        )
        .await;
    assert_eq!(paid.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        world.invoice(draft["id"].as_str().unwrap()).await["due_date"],
        "2026-04-01"
    );

    let replaced = world
        .call(
            Method::PUT,
            &path,
            Some(&world.staff),
            Some(form(service.as_str(), "draft")),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.body["status"], "draft");
    assert_eq!(replaced.body["due_date"], "2026-04-15");
    let patched = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"service_id": service, "status": "draft", "notes": "Deux fois"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["notes"], "Deux fois");

    let issued = world
        .call(
            Method::PUT,
            &path,
            Some(&world.staff),
            Some(form(service.as_str(), "pending")),
        )
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["status"], "pending");
    assert_eq!(issued.body["invoice_number"], "INV-2026-000001");
}

#[tokio::test]
async fn a_refund_takes_the_original_names_and_defaults_to_the_total() {
    let world = World::new().await;
    let client = world.client("Leila", "Kammoun").await;
    let paid_invoice = || async {
        let issued = world.issued(&client.id, ITEMS).await;
        let id = issued["id"].as_str().unwrap().to_string();
        let paid = world
            .act(&id, "mark_as_paid", Some(json!({"payment_method": "cash"})))
            .await;
        assert_eq!(paid.status, StatusCode::OK, "{}", paid.text);
        (id, issued["total"].clone())
    };

    let (id, _) = paid_invoice().await;
    // One amount under both names: refused, not one of them picked.
    let both = world
        .act(
            &id,
            "refund/",
            Some(json!({"amount": "10.000", "refund_amount": "20.000", "refund_reason": "x"})),
        )
        .await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST, "{}", both.text);
    assert_eq!(world.invoice(&id).await["status"], "paid");
    let partial = world
        .act(
            &id,
            "refund/",
            Some(json!({"refund_amount": "25.50", "refund_reason": "Pièce retournée"})),
        )
        .await;
    assert_eq!(partial.status, StatusCode::OK, "{}", partial.text);
    assert_eq!(partial.body["refund_amount"], "25.500");
    assert_eq!(partial.body["refund_reason"], "Pièce retournée");

    let (id, total) = paid_invoice().await;
    let whole = world
        .act(&id, "refund", Some(json!({"refund_reason": "Annulé"})))
        .await;
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.text);
    assert_eq!(
        whole.body["refund_amount"], total,
        "the whole amount billed"
    );

    let refunded = world
        .call(
            Method::GET,
            "/api/invoices/refunded/",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(refunded.status, StatusCode::OK, "{}", refunded.text);
    let listed = refunded.body["results"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|invoice| invoice["status"] == "refunded"));
    let own = world
        .call(
            Method::GET,
            "/api/invoices/refunded",
            Some(&client.token),
            None,
        )
        .await;
    assert_eq!(own.body["results"].as_array().unwrap().len(), 2);
    let stranger = world.client("Autre", "Client").await;
    let foreign = world
        .call(
            Method::GET,
            "/api/invoices/refunded",
            Some(&stranger.token),
            None,
        )
        .await;
    assert_eq!(foreign.body["results"], json!([]));
}

#[tokio::test]
async fn send_sms_notification_texts_the_customer() {
    let world = World::new().await;
    let client = world.client("Leila", "Kammoun").await;
    let issued = world.issued(&client.id, ITEMS).await;
    let id = issued["id"].as_str().unwrap();
    world.events();
    let sent = world.act(id, "send_sms_notification/", None).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert!(sent.body["sms_message_id"].is_string());
    assert_eq!(sent.body["push_event_id"], json!(null));
    assert!(world.events().is_empty(), "no push queued");
    let worded = world
        .act(
            id,
            "send_sms_notification",
            Some(json!({"message": "Votre facture est prête."})),
        )
        .await;
    assert_eq!(worded.status, StatusCode::OK, "{}", worded.text);
    let unknown = world
        .act(
            id,
            "send_sms_notification",
            Some(json!({"channels": ["push"]})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let by_customer = world
        .call(
            Method::POST,
            &format!("/api/invoices/{id}/send_sms_notification"),
            Some(&client.token),
            None,
        )
        .await;
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
}
