//! Booking: customers book their own cars into free slots and the garage
//! confirms; staff book any car, confirmed. Every bad input is a clear 4xx
//! naming the problem, with nothing stored.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    cars::pending::{self, Decision},
    domain::MessageText,
    events::{Channel, EventType},
};
use serde_json::json;

/// Tuesday 8 December 2026, 09:00 in Tunis.
const TUESDAY_9: &str = "2026-12-08T08:00:00Z";

#[tokio::test]
async fn a_customer_books_their_car_and_hears_the_request_was_received() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    assert_eq!(world.free(TUESDAY_9).await, 2);

    let booked = world.book(&amira.token, &amira.car, TUESDAY_9).await;
    assert_eq!(booked["status"], "requested");
    assert_eq!(booked["booked_by"], "customer");
    assert_eq!(booked["ends_at"], "2026-12-08T09:00:00Z");
    assert_eq!(booked["car"]["license_plate"], "185TU4521");
    assert_eq!(booked["customer_name"], "amira Test");
    assert_eq!(world.free(TUESDAY_9).await, 1);

    let events = world.events().await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].event_type, EventType::AppointmentBooked);
    assert_eq!(events[0].customer_id, amira.customer.id);
    assert_eq!(events[0].channels, [Channel::Push, Channel::Sms]);
    assert!(
        events[0].message.contains("Tue 8 Dec 2026 at 09:00"),
        "{}",
        events[0].message
    );

    // The customer sees it in their list, and by id.
    let id = booked["id"].as_str().unwrap();
    let mine = world
        .call(Method::GET, "/api/appointments", &amira.token, None)
        .await;
    assert_eq!(mine.body["results"][0]["id"], id);
    let one = world
        .call(
            Method::GET,
            &format!("/api/appointments/{id}"),
            &amira.token,
            None,
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);
}

#[tokio::test]
async fn staff_book_any_car_confirmed() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let booked = world.book(&world.staff, &amira.car, TUESDAY_9).await;
    assert_eq!(booked["status"], "confirmed");
    assert_eq!(booked["booked_by"], "staff");
    let events = world.events().await;
    assert_eq!(events[0].title, "Appointment booked");
}

#[tokio::test]
async fn the_same_key_books_once() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let body = json!({"car_id": amira.car, "starts_at": TUESDAY_9});
    let send = || {
        let mut request = ecar_http::testing::app::request(
            Method::POST,
            "/api/appointments",
            Some(&amira.token),
            Some(&body),
        );
        request
            .headers_mut()
            .insert("idempotency-key", "book-tuesday-1".parse().unwrap());
        world.app.send(request)
    };
    let first = send().await;
    let again = send().await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(world.appointment_count().await, 1);
    assert_eq!(world.booked(TUESDAY_9).await, 1);
}

#[tokio::test]
async fn each_bad_booking_names_its_problem_and_stores_nothing() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let karim = world.owner("karim", "200 TU 1000").await;
    // A closed day (a holiday) for the check below.
    let mut schedule = world
        .call(
            Method::GET,
            "/api/appointments/schedule",
            &world.admin,
            None,
        )
        .await
        .body;
    for field in ["time_zone", "version", "updated_at"] {
        schedule.as_object_mut().unwrap().remove(field);
    }
    schedule["closed_days"] = json!(["2026-12-09"]);
    let saved = world
        .call(
            Method::PUT,
            "/api/appointments/schedule",
            &world.admin,
            Some(schedule),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    world.book(&amira.token, &amira.car, TUESDAY_9).await;
    // Cars amira added: one waits for the garage, one it turned down.
    let waiting = world.added_car(&amira, "300 TU 3000").await;
    let turned_down = world.added_car(&amira, "301 TU 3000").await;
    let reason = MessageText::parse("Plaque illisible").unwrap();
    pending::decide(
        &world.app.state,
        None,
        &turned_down,
        Decision::Reject(reason),
        None,
        "staff",
    )
    .await
    .unwrap();
    let (waiting, turned_down) = (waiting.to_string(), turned_down.to_string());
    let before = world.appointment_count().await;

    let cases = [
        (
            &amira.token,
            &waiting,
            "2026-12-10T08:00:00Z",
            "car_id",
            "is waiting for the garage's approval",
        ),
        (
            &world.staff,
            &waiting,
            "2026-12-10T08:00:00Z",
            "car_id",
            "is waiting for the garage's approval",
        ),
        (
            &amira.token,
            &turned_down,
            "2026-12-10T08:00:00Z",
            "car_id",
            "was not registered by the garage",
        ),
        (
            &karim.token,
            &waiting,
            "2026-12-10T08:00:00Z",
            "car_id",
            "no such car",
        ),
        (
            &amira.token,
            &amira.car,
            "2026-12-07T07:00:00Z",
            "starts_at",
            "is in the past",
        ),
        (
            &amira.token,
            &amira.car,
            "2026-12-08T17:00:00Z",
            "starts_at",
            "is outside opening hours",
        ),
        (
            &amira.token,
            &amira.car,
            "2026-12-08T08:30:00Z",
            "starts_at",
            "is not the start of a slot (slots last 60 minutes)",
        ),
        (
            &amira.token,
            &amira.car,
            "2026-12-09T08:00:00Z",
            "starts_at",
            "the garage is closed on 2026-12-09",
        ),
        (
            &amira.token,
            &amira.car,
            "2026-12-13T08:00:00Z",
            "starts_at",
            "the garage is closed on Sundays",
        ),
        (
            &amira.token,
            &amira.car,
            TUESDAY_9,
            "starts_at",
            "the car already has an appointment at 2026-12-08T08:00:00Z",
        ),
        (
            &amira.token,
            &karim.car,
            "2026-12-10T08:00:00Z",
            "car_id",
            "no such car",
        ),
        (
            &amira.token,
            &"01JDQ8Z9K2M3N4P5Q6R7S8T9V0".to_string(),
            "2026-12-10T08:00:00Z",
            "car_id",
            "no such car",
        ),
    ];
    for (token, car, starts_at, field, message) in cases {
        let answer = world.try_book(token, car, starts_at).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{starts_at}: {}",
            answer.text
        );
        assert_eq!(
            answer.headers["content-type"], "application/problem+json",
            "{starts_at}"
        );
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{starts_at}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["message"], message, "{starts_at}");
    }
    // Fields a client may not set, and a body that is not a booking.
    for body in [
        json!({"car_id": amira.car, "starts_at": "2026-12-10T08:00:00Z", "status": "confirmed"}),
        json!({"car_id": amira.car, "starts_at": "2026-12-10T08:00:00Z", "customer_id": karim.customer.id}),
        json!({"car_id": amira.car, "starts_at": "next tuesday"}),
        json!({"car_id": amira.car}),
        json!({"car_id": amira.car, "starts_at": "2026-12-10T08:00:00Z", "description": "x".repeat(2001)}),
    ] {
        let answer = world
            .call(
                Method::POST,
                "/api/appointments",
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
    }
    assert_eq!(world.appointment_count().await, before);
    assert_eq!(world.booked("2026-12-10T08:00:00Z").await, 0);
    // The booking's event and the turned-down car's.
    assert_eq!(world.events().await.len(), 2);
}

#[tokio::test]
async fn a_customer_sees_only_their_own_appointments() {
    let world = World::new().await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let karim = world.owner("karim", "200 TU 1000").await;
    let hers = world.book(&amira.token, &amira.car, TUESDAY_9).await;
    world.book(&karim.token, &karim.car, TUESDAY_9).await;
    let id = hers["id"].as_str().unwrap();

    let karims = world
        .call(Method::GET, "/api/appointments", &karim.token, None)
        .await;
    assert_eq!(karims.body["results"].as_array().unwrap().len(), 1);
    assert_ne!(karims.body["results"][0]["id"], id);
    for (method, path) in [
        (Method::GET, format!("/api/appointments/{id}")),
        (Method::POST, format!("/api/appointments/{id}/cancel")),
    ] {
        let answer = world.call(method, &path, &karim.token, None).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Naming another customer is refused, not answered with their list.
    let theirs = world
        .call(
            Method::GET,
            &format!("/api/appointments?customer_id={}", amira.customer.id),
            &karim.token,
            None,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::BAD_REQUEST);
    // Staff see both, in the calendar of the day.
    let day = world
        .call(
            Method::GET,
            "/api/appointments?from=2026-12-08&to=2026-12-08",
            &world.staff,
            None,
        )
        .await;
    assert_eq!(day.body["results"].as_array().unwrap().len(), 2);
    let next_day = world
        .call(
            Method::GET,
            "/api/appointments?from=2026-12-09&to=2026-12-09",
            &world.staff,
            None,
        )
        .await;
    assert!(next_day.body["results"].as_array().unwrap().is_empty());
}
