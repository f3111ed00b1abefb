//! A slot never holds more appointments than its capacity: concurrent
//! bookings, cancellations and reschedules move its count atomically.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use futures::future::join_all;
use serde_json::json;

const SLOT: &str = "2026-12-08T08:00:00Z";
const OTHER_SLOT: &str = "2026-12-08T09:00:00Z";

/// Sets the slots' capacity.
async fn capacity(world: &World, cars: u32) {
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
    schedule["capacity"] = json!(cars);
    let saved = world
        .call(
            Method::PUT,
            "/api/appointments/schedule",
            &world.admin,
            Some(schedule),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_bookings_of_a_three_car_slot() {
    let world = World::new().await;
    capacity(&world, 3).await;
    let mut owners = Vec::new();
    for n in 0..50 {
        owners.push(
            world
                .owner(
                    &format!("owner{n}"),
                    &format!("{} TU {}", 100 + n, 1000 + n),
                )
                .await,
        );
    }
    let answers = join_all(
        owners
            .iter()
            .map(|owner| world.try_book(&owner.token, &owner.car, SLOT)),
    )
    .await;
    let booked = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    let refused: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::CONFLICT)
        .collect();
    assert_eq!(booked, 3);
    assert_eq!(refused.len(), 47);
    assert!(
        refused
            .iter()
            .all(|a| a.body["detail"] == "The slot is full: choose another time."),
        "{:?}",
        refused
            .iter()
            .map(|a| &a.body["detail"])
            .collect::<Vec<_>>()
    );
    assert_eq!(world.booked(SLOT).await, 3);
    assert_eq!(world.free(SLOT).await, 0);
    assert_eq!(world.appointment_count().await, 3);
    // One event per booking made, none for the refused.
    assert_eq!(world.events().await.len(), 3);
}

#[tokio::test]
async fn cancelling_frees_the_place_and_rescheduling_moves_it() {
    let world = World::new().await;
    capacity(&world, 1).await;
    let amira = world.owner("amira", "185 TU 4521").await;
    let karim = world.owner("karim", "200 TU 1000").await;
    let hers = world.book(&amira.token, &amira.car, SLOT).await;
    let id = hers["id"].as_str().unwrap();

    // Full: Karim cannot book it.
    let full = world.try_book(&karim.token, &karim.car, SLOT).await;
    assert_eq!(full.status, StatusCode::CONFLICT, "{}", full.text);

    // Amira moves to the next hour: the first slot frees as the second fills.
    let moved = world
        .act(
            &amira.token,
            id,
            "reschedule",
            json!({"starts_at": OTHER_SLOT}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["starts_at"], OTHER_SLOT);
    assert_eq!(
        (world.booked(SLOT).await, world.booked(OTHER_SLOT).await),
        (0, 1)
    );

    // Karim takes the first; now Amira cannot move back into it, and nothing moves.
    let karims = world.book(&karim.token, &karim.car, SLOT).await;
    let back = world
        .act(&amira.token, id, "reschedule", json!({"starts_at": SLOT}))
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT, "{}", back.text);
    assert_eq!(
        (world.booked(SLOT).await, world.booked(OTHER_SLOT).await),
        (1, 1)
    );
    let still = world
        .call(
            Method::GET,
            &format!("/api/appointments/{id}"),
            &amira.token,
            None,
        )
        .await;
    assert_eq!(still.body["starts_at"], OTHER_SLOT);
    assert_eq!(still.body["version"], moved.body["version"]);

    // Karim cancels: his place is free again.
    let karim_id = karims["id"].as_str().unwrap();
    let cancelled = world
        .act(
            &karim.token,
            karim_id,
            "cancel",
            json!({"reason": "Plus besoin"}),
        )
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text);
    assert_eq!(cancelled.body["status"], "cancelled");
    assert_eq!(world.booked(SLOT).await, 0);
    assert_eq!(world.free(SLOT).await, 1);
}
