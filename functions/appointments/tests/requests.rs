//! Customers' requests: a customer asks about one of their cars; staff book
//! it, open a service for it, or close it with an answer; the customer may
//! withdraw it while it is open. Each outcome happens once.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    domain::ServiceId,
    events::{EventType, RelatedKind},
    services,
};
use serde_json::json;

/// Asks as `token` about `car`, a minute after the last request (so that
/// the newest-first list has an order to show).
async fn ask(world: &World, token: &str, car: &str) -> serde_json::Value {
    let clock = &world.app.state.clock;
    clock.set(clock.now() + chrono::Duration::minutes(1));
    let answer = world
        .call(
            Method::POST,
            "/api/appointments/requests",
            token,
            Some(json!({"car_id": car, "description": "Bruit au freinage le matin", "preferred_days": ["2026-12-10", "2026-12-09"]})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.body
}

#[tokio::test]
async fn staff_book_a_request_once_and_the_customer_hears_of_it() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let request = ask(&world, &amira.token, &amira.car).await;
    assert_eq!(request["status"], "open");
    assert_eq!(
        request["preferred_days"],
        json!(["2026-12-09", "2026-12-10"])
    );
    let id = request["id"].as_str().unwrap();

    // Staff see it among the open ones.
    let open = world
        .call(
            Method::GET,
            "/api/appointments/requests",
            &world.staff,
            None,
        )
        .await;
    assert_eq!(open.body["results"][0]["id"], id);

    let path = format!("/api/appointments/requests/{id}/book");
    let booked = world
        .call(
            Method::POST,
            &path,
            &world.staff,
            Some(json!({"starts_at": "2026-12-09T08:00:00Z"})),
        )
        .await;
    assert_eq!(booked.status, StatusCode::OK, "{}", booked.text);
    assert_eq!(booked.body["status"], "booked");
    let appointment_id = booked.body["appointment_id"].as_str().unwrap();
    let appointment = world
        .call(
            Method::GET,
            &format!("/api/appointments/{appointment_id}"),
            &amira.token,
            None,
        )
        .await;
    assert_eq!(appointment.body["status"], "confirmed");
    assert_eq!(
        appointment.body["description"],
        "Bruit au freinage le matin"
    );
    assert_eq!(world.booked("2026-12-09T08:00:00Z").await, 1);
    assert_eq!(world.events_of(EventType::AppointmentBooked).await.len(), 1);

    // Once: a second outcome is refused and changes nothing.
    let again = world
        .call(
            Method::POST,
            &path,
            &world.staff,
            Some(json!({"starts_at": "2026-12-09T09:00:00Z"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["detail"], "The request is booked already.");
    assert_eq!(world.booked("2026-12-09T09:00:00Z").await, 0);
    assert_eq!(world.appointment_count().await, 1);
}

#[tokio::test]
async fn a_full_slot_leaves_the_request_open() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let karim = world.owner("karim", "200 TU 1000").await;
    let lina = world.owner("lina", "300 TU 2000").await;
    world
        .book(&world.staff, &karim.car, "2026-12-09T08:00:00Z")
        .await;
    world
        .book(&world.staff, &lina.car, "2026-12-09T08:00:00Z")
        .await;
    let request = ask(&world, &amira.token, &amira.car).await;
    let id = request["id"].as_str().unwrap();
    let full = world
        .call(
            Method::POST,
            &format!("/api/appointments/requests/{id}/book"),
            &world.staff,
            Some(json!({"starts_at": "2026-12-09T08:00:00Z"})),
        )
        .await;
    assert_eq!(full.status, StatusCode::CONFLICT, "{}", full.text);
    let read = world
        .call(
            Method::GET,
            &format!("/api/appointments/requests/{id}"),
            &amira.token,
            None,
        )
        .await;
    assert_eq!(read.body["status"], "open");
    assert_eq!(read.body["version"], 1);
    assert_eq!(world.appointment_count().await, 2);
}

#[tokio::test]
async fn staff_open_a_service_or_close_with_an_answer_and_customers_withdraw() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let first = ask(&world, &amira.token, &amira.car).await;
    let opened = world
        .call(
            Method::POST,
            &format!(
                "/api/appointments/requests/{}/open_service",
                first["id"].as_str().unwrap()
            ),
            &world.staff,
            Some(json!({"title": "Freins", "scheduled_date": "2026-12-08"})),
        )
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text);
    assert_eq!(opened.body["status"], "serviced");
    let service_id = ServiceId::parse(opened.body["service_id"].as_str().unwrap()).unwrap();
    let service = services::get(world.table(), &service_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(service.title.as_str(), "Freins");
    assert_eq!(service.description.as_str(), "Bruit au freinage le matin");

    let second = ask(&world, &amira.token, &amira.car).await;
    let closed = world
        .call(
            Method::POST,
            &format!(
                "/api/appointments/requests/{}/close",
                second["id"].as_str().unwrap()
            ),
            &world.staff,
            Some(json!({"answer": "Passez quand vous voulez le matin, sans rendez-vous."})),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
    assert_eq!(closed.body["status"], "closed");
    let answered = world.events_of(EventType::RequestAnswered).await;
    assert_eq!(answered.len(), 2);
    assert!(
        answered
            .iter()
            .all(|e| e.related_kind == Some(RelatedKind::Request))
    );
    assert!(
        answered
            .iter()
            .any(|e| e.message == "Passez quand vous voulez le matin, sans rendez-vous.")
    );

    let third = ask(&world, &amira.token, &amira.car).await;
    let withdrawn = world
        .call(
            Method::POST,
            &format!(
                "/api/appointments/requests/{}/withdraw",
                third["id"].as_str().unwrap()
            ),
            &amira.token,
            None,
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text);
    assert_eq!(withdrawn.body["status"], "withdrawn");

    // The customer's list holds all three, newest first.
    let mine = world
        .call(
            Method::GET,
            "/api/appointments/requests",
            &amira.token,
            None,
        )
        .await;
    let statuses: Vec<_> = mine.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(statuses, ["withdrawn", "closed", "serviced"]);
}

#[tokio::test]
async fn bad_requests_name_their_field_and_store_nothing() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let karim = world.owner("karim", "200 TU 1000").await;
    let cases = [
        (
            json!({"car_id": karim.car, "description": "Freins"}),
            "car_id",
        ),
        (
            json!({"car_id": amira.car, "description": ""}),
            "description",
        ),
        (
            json!({"car_id": amira.car, "description": "Freins", "preferred_days": ["2026-12-01"]}),
            "preferred_days",
        ),
        (
            json!({"car_id": amira.car, "description": "Freins", "preferred_days":
                ["2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-14"]}),
            "preferred_days",
        ),
    ];
    for (body, field) in cases {
        let answer = world
            .call(
                Method::POST,
                "/api/appointments/requests",
                &amira.token,
                Some(body.clone()),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.text
        );
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{body}: {}",
            answer.text
        );
    }
    let status = world
        .call(
            Method::POST,
            "/api/appointments/requests",
            &amira.token,
            Some(json!({"car_id": amira.car, "description": "Freins", "status": "closed"})),
        )
        .await;
    assert_eq!(status.status, StatusCode::BAD_REQUEST);
    // Staff do not make requests: they book.
    let by_staff = world
        .call(
            Method::POST,
            "/api/appointments/requests",
            &world.staff,
            Some(json!({"car_id": amira.car, "description": "Freins"})),
        )
        .await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);
    let mine = world
        .call(
            Method::GET,
            "/api/appointments/requests",
            &amira.token,
            None,
        )
        .await;
    assert!(mine.body["results"].as_array().unwrap().is_empty());
}
