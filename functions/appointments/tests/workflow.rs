//! The appointment workflow: confirm, decline, check in (opening the
//! service, linked both ways), no-show, and the customer's cut-off.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{domain::ServiceId, events::EventType, services};
use serde_json::json;

const TUESDAY_9: &str = "2026-12-08T08:00:00Z";
const WEDNESDAY_9: &str = "2026-12-09T08:00:00Z";

#[tokio::test]
async fn staff_confirm_then_check_in_opens_the_service() {
    let mut world = World::new().await;
    let mut amira = world.owner("amira", "185 TU 4521").await;
    let booked = world.book(&amira.token, &amira.car, TUESDAY_9).await;
    let id = booked["id"].as_str().unwrap();

    // The customer cannot confirm their own request.
    let own = world.act(&amira.token, id, "confirm", json!({})).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);

    let confirmed = world
        .act(&world.staff, id, "confirm", json!({"version": 1}))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(confirmed.body["status"], "confirmed");
    // A stale version changes nothing.
    let stale = world
        .act(&world.staff, id, "check_in", json!({"version": 1}))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    world.move_to("2026-12-08T07:55:00Z", &mut amira).await;
    let checked_in = world
        .act(
            &world.staff,
            id,
            "check_in",
            json!({"service_type": "repair"}),
        )
        .await;
    assert_eq!(checked_in.status, StatusCode::OK, "{}", checked_in.text);
    assert_eq!(checked_in.body["status"], "checked_in");
    let service_id = ServiceId::parse(checked_in.body["service_id"].as_str().unwrap()).unwrap();
    let service = services::get(world.table(), &service_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        service.appointment_id.as_ref().map(|a| a.as_str()),
        Some(id)
    );
    assert_eq!(service.car_id.as_str(), amira.car);
    assert_eq!(service.title.as_str(), "Vidange");
    assert_eq!(service.service_type.as_str(), "repair");
    assert_eq!(service.status, services::Status::Scheduled);
    assert_eq!(service.scheduled_date.to_string(), "2026-12-08");
    // A checked-in appointment keeps its place and cannot be cancelled.
    assert_eq!(world.booked(TUESDAY_9).await, 1);
    let cancel = world.act(&world.staff, id, "cancel", json!({})).await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    assert_eq!(
        cancel.body["detail"],
        "Invalid transition: cannot cancel an appointment that is checked_in."
    );

    // Booked and confirmed: the check-in is the garage's own business.
    assert_eq!(world.events().await.len(), 2);
    assert_eq!(
        world.events_of(EventType::AppointmentConfirmed).await.len(),
        1
    );
}

#[tokio::test]
async fn a_declined_request_frees_its_place_and_says_why() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let booked = world.book(&amira.token, &amira.car, TUESDAY_9).await;
    let id = booked["id"].as_str().unwrap();
    let no_reason = world.act(&world.staff, id, "decline", json!({})).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    let declined = world
        .act(
            &world.staff,
            id,
            "decline",
            json!({"reason": "Pont élévateur en panne"}),
        )
        .await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.text);
    assert_eq!(declined.body["decline_reason"], "Pont élévateur en panne");
    assert_eq!(world.booked(TUESDAY_9).await, 0);
    let last = world
        .events_of(EventType::AppointmentDeclined)
        .await
        .pop()
        .unwrap();
    assert!(
        last.message.ends_with("Pont élévateur en panne"),
        "{}",
        last.message
    );
}

#[tokio::test]
async fn no_show_only_once_the_slot_has_started() {
    let mut world = World::new().await;
    let mut amira = world.owner("amira", "185 TU 4521").await;
    let booked = world.book(&world.staff, &amira.car, TUESDAY_9).await;
    let id = booked["id"].as_str().unwrap();
    let early = world.act(&world.staff, id, "no_show", json!({})).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    world.move_to("2026-12-08T08:30:00Z", &mut amira).await;
    let missed = world.act(&world.staff, id, "no_show", json!({})).await;
    assert_eq!(missed.status, StatusCode::OK, "{}", missed.text);
    assert_eq!(missed.body["status"], "no_show");
}

#[tokio::test]
async fn customers_change_their_own_until_the_cutoff() {
    let mut world = World::new().await;
    let mut amira = world.owner("amira", "185 TU 4521").await;
    // Staff booked and confirmed it; Amira moves it: the garage confirms again.
    let booked = world.book(&world.staff, &amira.car, WEDNESDAY_9).await;
    let id = booked["id"].as_str().unwrap();
    let moved = world
        .act(
            &amira.token,
            id,
            "reschedule",
            json!({"starts_at": TUESDAY_9}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["status"], "requested");
    let last = world
        .events_of(EventType::AppointmentChanged)
        .await
        .pop()
        .unwrap();
    assert!(last.message.contains("to be confirmed"), "{}", last.message);

    // Within 24 hours of the slot (the default cut-off): too late online.
    // (Tuesday 09:00 in Tunis, less 23 hours.)
    world.move_to("2026-12-07T09:00:00Z", &mut amira).await;
    let late = world.act(&amira.token, id, "cancel", json!({})).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(
        late.body["detail"],
        "Appointments can be changed online up to 24 hours before; please call the garage."
    );
    // Staff still can.
    let by_staff = world.act(&world.staff, id, "cancel", json!({})).await;
    assert_eq!(by_staff.status, StatusCode::OK, "{}", by_staff.text);
    // An unknown action is not a route.
    let unknown = world.act(&world.staff, id, "teleport", json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_reschedule_onto_the_cars_other_appointment_is_refused() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let first = world.book(&world.staff, &amira.car, TUESDAY_9).await;
    world.book(&world.staff, &amira.car, WEDNESDAY_9).await;
    let id = first["id"].as_str().unwrap();
    let answer = world
        .act(
            &world.staff,
            id,
            "reschedule",
            json!({"starts_at": WEDNESDAY_9}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    assert_eq!(answer.body["errors"][0]["field"], "starts_at");
    assert_eq!(world.booked(WEDNESDAY_9).await, 1);
    let read = world
        .call(
            Method::GET,
            &format!("/api/appointments/{id}"),
            &world.staff,
            None,
        )
        .await;
    assert_eq!(read.body["starts_at"], TUESDAY_9);
}

#[tokio::test]
async fn the_technician_given_an_appointment_gets_the_service_it_opens() {
    let mut world = World::new().await;
    let mut amira = world.owner("amira", "185 TU 4521").await;
    let samir = world
        .app
        .staff_account("samir.tech", ecar_http::auth::Role::Technician)
        .await;
    let booked = world.book(&amira.token, &amira.car, TUESDAY_9).await;
    let id = booked["id"].as_str().unwrap();

    // Only an active technician, and only staff give the work.
    let not_a_technician = world
        .act(
            &world.staff,
            id,
            "assign",
            json!({"technician_id": world.staff_id}),
        )
        .await;
    assert_eq!(
        not_a_technician.status,
        StatusCode::BAD_REQUEST,
        "{}",
        not_a_technician.text
    );
    let by_customer = world
        .act(&amira.token, id, "assign", json!({"technician_id": samir}))
        .await;
    assert_eq!(by_customer.status, StatusCode::FORBIDDEN);
    let assigned = world
        .act(&world.staff, id, "assign", json!({"technician_id": samir}))
        .await;
    assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
    assert_eq!(assigned.body["technician_id"], json!(samir));
    assert_eq!(assigned.body["status"], "requested");
    // The customer is not told who does the work.
    assert_eq!(world.events().await.len(), 1);

    world.act(&world.staff, id, "confirm", json!({})).await;
    world.move_to("2026-12-08T07:55:00Z", &mut amira).await;
    let checked_in = world.act(&world.staff, id, "check_in", json!({})).await;
    assert_eq!(checked_in.status, StatusCode::OK, "{}", checked_in.text);
    let service_id = ServiceId::parse(checked_in.body["service_id"].as_str().unwrap()).unwrap();
    let service = services::get(world.table(), &service_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(service.technician_id.as_deref(), Some(samir.as_str()));
    // The service is on the technician's list, written with it.
    let jobs = world
        .table()
        .query(&ecar_http::store::Query::partition(
            ecar_http::store::Index::Gsi1,
            services::assignment::by_technician(&samir),
        ))
        .await
        .unwrap();
    assert_eq!(jobs.items.len(), 1);

    let too_late = world
        .act(&world.staff, id, "assign", json!({"technician_id": null}))
        .await;
    assert_eq!(too_late.status, StatusCode::CONFLICT);
}
