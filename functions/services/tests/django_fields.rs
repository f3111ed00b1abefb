//! The service routes under the Django ECAR's paths and field names: its
//! forms schedule and change services with date-times, its item routes work
//! on the items of services, and what it let a plain update set (status,
//! car, completion) stays with the routes that own it.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::json;

#[tokio::test]
async fn a_service_is_scheduled_from_the_original_form_with_a_date_time() {
    let world = World::new().await;
    let customer = world.customer("Leila", "leila@example.tn").await;
    let car = world.car(&customer, 59_000).await;
    let form = |status: &str, completed_date: serde_json::Value| {
        json!({
            "car_id": car,
            "title": "Vidange",
            "description": "Vidange et filtre à huile",
            "status": status,
            // 23:30 UTC is already the next day in Tunis.
            "scheduled_date": "2026-03-20T23:30:00Z",
            "completed_date": completed_date,
            "technician_notes": "Client attend sur place",
        })
    };
    for (body, field) in [
        (form("completed", json!(null)), "status"),
        (
            form("scheduled", json!("2026-03-20T10:00:00Z")),
            "completed_date",
        ),
    ] {
        let refused = world
            .staff(Method::POST, "/api/services/", Some(body))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
        assert_eq!(refused.body["errors"][0]["field"], field);
    }
    let none = world.staff(Method::GET, "/api/services", None).await;
    assert_eq!(none.body["results"], json!([]), "nothing was created");

    let created = world
        .staff(
            Method::POST,
            "/api/services/",
            Some(form("scheduled", json!(null))),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["status"], "scheduled");
    assert_eq!(created.body["scheduled_date"], "2026-03-21");
    let id = created.body["id"].as_str().unwrap();

    let moved = world
        .act(
            id,
            "reschedule/",
            json!({"scheduled_date": "2026-03-25T08:00:00+01:00"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["scheduled_date"], "2026-03-25");
    let bad = world
        .act(id, "reschedule", json!({"scheduled_date": "25/03/2026"}))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_original_put_restates_the_status_car_and_completion() {
    let world = World::new().await;
    let customer = world.customer("Leila", "leila@example.tn").await;
    let car = world.car(&customer, 59_000).await;
    let other_car = world.car(&customer, 12_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-20").await;
    let path = format!("/api/services/{}/", service["id"].as_str().unwrap());
    let form = |car_id: &str, status: &str, title: &str| {
        json!({
            "car_id": car_id,
            "title": title,
            "description": "Vidange et filtre à huile",
            "status": status,
            "scheduled_date": "2026-03-20T09:00:00Z",
            "completed_date": null,
            "technician_notes": "",
        })
    };
    for (body, field) in [
        (form(&car, "completed", "Autre"), "status"),
        (form(&other_car, "scheduled", "Autre"), "car_id"),
    ] {
        let refused = world.staff(Method::PUT, &path, Some(body)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
        assert_eq!(refused.body["errors"][0]["field"], field);
    }
    let patched = world
        .staff(Method::PATCH, &path, Some(json!({"status": "in_progress"})))
        .await;
    assert_eq!(patched.status, StatusCode::BAD_REQUEST);
    let unchanged = world.read(service["id"].as_str().unwrap()).await;
    assert_eq!(unchanged["title"], "Vidange");
    assert_eq!(unchanged["status"], "scheduled");

    let replaced = world
        .staff(
            Method::PUT,
            &path,
            Some(form(&car, "scheduled", "Vidange complète")),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.body["title"], "Vidange complète");
    assert_eq!(replaced.body["status"], "scheduled");

    // Once completed, its completion day restated (as a date-time) is no change.
    let id = service["id"].as_str().unwrap();
    let completed = world
        .act(
            id,
            "complete",
            json!({"completed_date": "2026-03-02T08:00:00Z"}),
        )
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);
    assert_eq!(completed.body["completed_date"], "2026-03-02");
    let notes = world
        .staff(
            Method::PATCH,
            &path,
            Some(json!({
                "status": "completed",
                "completed_date": "2026-03-02T08:00:00Z",
                "technician_notes": "Filtre changé",
            })),
        )
        .await;
    assert_eq!(notes.status, StatusCode::OK, "{}", notes.text);
    let moved = world
        .staff(
            Method::PATCH,
            &path,
            Some(json!({"completed_date": "2026-03-01T16:00:00Z"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::BAD_REQUEST);
    assert_eq!(moved.body["errors"][0]["field"], "completed_date");
    // A bulk update does not take them at all.
    let bulk = world
        .call(
            Method::POST,
            "/api/services/bulk_update",
            Some(&world.admin),
            Some(json!({"ids": [id], "changes": {"status": "completed"}})),
        )
        .await;
    assert_eq!(bulk.status, StatusCode::BAD_REQUEST, "{}", bulk.text);
}

#[tokio::test]
async fn send_sms_notification_texts_the_cars_owner() {
    let world = World::new().await;
    let customer = world.customer("Leila", "leila@example.tn").await;
    let car = world.car(&customer, 59_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-20").await;
    let id = service["id"].as_str().unwrap();
    let sent = world
        .staff(
            Method::POST,
            &format!("/api/services/{id}/send_sms_notification/"),
            None,
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    assert!(sent.body["sms_message_id"].is_string());
    assert_eq!(sent.body["push_event_id"], json!(null));
    let texts = world.texts();
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].0, "+21698123456");
    let unknown = world
        .act(id, "send_sms_notification", json!({"channels": ["push"]}))
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(world.texts().len(), 1);
}

#[tokio::test]
async fn service_items_are_the_items_of_services_named_with_their_service() {
    let world = World::new().await;
    let (customer, token) = world.customer_with_token("Leila", "leila@example.tn").await;
    let (_, stranger) = world.customer_with_token("Autre", "autre@example.tn").await;
    let car = world.car(&customer, 59_000).await;
    let service = world.schedule(&car, "Freins", "2026-03-20").await;
    let other = world.schedule(&car, "Pneus", "2026-03-22").await;
    let service_id = service["id"].as_str().unwrap();

    // The original's item form: `service`, a whole-number quantity, a price
    // with two decimals.
    let form = json!({
        "service": service_id,
        "item_type": "part",
        "name": "Plaquettes avant",
        "description": null,
        "quantity": 2,
        "unit_price": "126.50",
    });
    let created = world
        .staff(Method::POST, "/api/service-items/", Some(form.clone()))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let item = created.body;
    let id = item["id"].as_str().unwrap().to_string();
    assert_eq!(
        id,
        format!("{service_id}-{}", item["item_id"].as_str().unwrap())
    );
    assert_eq!(item["service_id"], service_id);
    assert_eq!(item["quantity"], "2");
    assert_eq!(item["unit_price"], "126.500");
    assert_eq!(item["total_price"], "253.000");
    assert_eq!(world.read(service_id).await["subtotal"], "253.000");

    // Both names of the service at once, a fractional JSON number: refused.
    let mut both = form.clone();
    both["service_id"] = json!(service_id);
    let mut fraction = form.clone();
    fraction["quantity"] = json!(1.5);
    for body in [both, fraction] {
        let refused = world
            .staff(Method::POST, "/api/service-items", Some(body.clone()))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
    }
    assert_eq!(
        world.read(service_id).await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let path = format!("/api/service-items/{id}/");
    let read = world.staff(Method::GET, &path, None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.body["name"], "Plaquettes avant");
    let listed = world
        .staff(
            Method::GET,
            &format!("/api/service-items/?service={service_id}"),
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    assert_eq!(listed.body["results"][0]["id"], id.as_str());
    let unnamed = world.staff(Method::GET, "/api/service-items/", None).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    assert_eq!(unnamed.body["errors"][0]["field"], "service");

    // The owner reads their own service's items; another customer finds none.
    let own = world.call(Method::GET, &path, Some(&token), None).await;
    assert_eq!(own.status, StatusCode::OK);
    let foreign = world.call(Method::GET, &path, Some(&stranger), None).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let by_owner = world
        .call(
            Method::PATCH,
            &path,
            Some(&token),
            Some(json!({"quantity": 1})),
        )
        .await;
    assert_eq!(by_owner.status, StatusCode::FORBIDDEN);

    let moved = world
        .staff(
            Method::PUT,
            &path,
            Some(json!({
                "service": other["id"],
                "item_type": "part",
                "name": "Plaquettes avant",
                "quantity": 2,
                "unit_price": "126.50",
            })),
        )
        .await;
    assert_eq!(moved.status, StatusCode::BAD_REQUEST, "{}", moved.text);
    assert_eq!(moved.body["errors"][0]["field"], "service_id");
    let replaced = world
        .staff(
            Method::PUT,
            &path,
            Some(json!({
                "service": service_id,
                "item_type": "part",
                "name": "Plaquettes avant Brembo",
                "quantity": 4,
                "unit_price": "126.50",
            })),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.body["total_price"], "506.000");
    let patched = world
        .staff(
            Method::PATCH,
            &path,
            Some(json!({"quantity": "1.5", "description": "Montage compris"})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["total_price"], "189.750");
    assert_eq!(patched.body["description"], "Montage compris");

    let deleted = world.staff(Method::DELETE, &path, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(
        world.staff(Method::GET, &path, None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(world.read(service_id).await["subtotal"], "0.000");
    // An item of one service named with another's id is not found.
    let crossed = format!(
        "/api/service-items/{}-{}",
        other["id"].as_str().unwrap(),
        item["item_id"].as_str().unwrap()
    );
    assert_eq!(
        world.staff(Method::GET, &crossed, None).await.status,
        StatusCode::NOT_FOUND
    );
}
