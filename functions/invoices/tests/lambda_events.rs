//! The sample API Gateway events of `events/invoices/`, parsed by
//! `lambda_http` as in Lambda, through the real router: a draft for the
//! sample service, issued, given a PDF, downloaded, listed and paid.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use chrono::{DateTime, Utc};
use common::World;
use ecar_http::{auth::Role, domain::ServiceId, testing::app::Answer};

/// The sample events' service and invoice.
const SERVICE: &str = "01JP3N5P8Q1R3S6T9V2W4X7Y9Z";
const SAMPLE_INVOICE: &str = "01JP3P9R2S4T6V8W0X2Y4Z6A8B";

/// Sends `events/invoices/<name>.json` with the token and invoice id filled in.
async fn send_event(world: &World, name: &str, token: &str, invoice: &str) -> Answer {
    let path = format!(
        "{}/../../events/invoices/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("REPLACE_WITH_ACCESS_TOKEN", token)
        .replace(SAMPLE_INVOICE, invoice);
    let request = lambda_http::request::from_str(&text).unwrap();
    let (parts, body) = request.into_parts();
    world
        .send(Request::from_parts(parts, Body::from(body.to_vec())))
        .await
}

#[tokio::test]
async fn the_sample_events_drive_an_invoice_from_draft_to_paid() {
    let (world, _) = World::with_served_blobs().await;
    // The samples were made on 18 March 2026 (mark-as-paid pays at 10:42).
    world
        .state()
        .clock
        .set("2026-03-18T11:00:00Z".parse::<DateTime<Utc>>().unwrap());
    let staff = world.app.staff_token("sample.staff", Role::Staff).await;
    let client = world.client("Hélène", "Ben Ali").await;
    let car = world.car(&client.id, "Peugeot", "208", "185TU4521").await;
    let items = [("Vidange", "1", "120"), ("Filtre à huile", "1", "25.500")];
    world
        .service_with_id(ServiceId::parse(SERVICE).unwrap(), &client.id, &car, &items)
        .await;

    let created = send_event(&world, "create", &staff, SAMPLE_INVOICE).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["notes"], "Payable by transfer or cash");
    let id = created.body["id"].as_str().unwrap().to_string();

    let issued = send_event(&world, "issue", &staff, &id).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["invoice_number"], "INV-2026-000001");

    let uploaded = send_event(&world, "upload-pdf", &staff, &id).await;
    assert_eq!(uploaded.status, StatusCode::OK, "{}", uploaded.text);
    assert_eq!(uploaded.body["pdf"]["size"], 590);

    let url = send_event(&world, "upload-url", &staff, &id).await;
    assert_eq!(url.status, StatusCode::OK, "{}", url.text);
    assert_eq!(url.body["headers"]["content-length"], "284731");

    let download = send_event(&world, "download", &staff, &id).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.text);
    assert!(download.body["url"].is_string());

    // Due on 15 April: pending, not overdue yet.
    let list = send_event(&world, "list", &staff, &id).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["results"].as_array().unwrap().len(), 0);

    let paid = send_event(&world, "mark-as-paid", &staff, &id).await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.text);
    assert_eq!(paid.body["status"], "paid");
    assert_eq!(paid.body["paid_at"], "2026-03-18T10:42:00Z");
}
