//! Appointments over the DynamoDB adapter (on the emulator): the slot's
//! capacity holds under concurrent bookings there too. One test, as the
//! emulator's table is shared by the process.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::{World, monday_morning};
use ecar_http::{Clock, testing::dynamo};
use futures::future::join_all;
use serde_json::json;

const SLOT: &str = "2026-12-08T08:00:00Z";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_is_never_overbooked_on_dynamodb() {
    let clock = Clock::fixed(monday_morning());
    let table = Arc::new(dynamo::table(clock.clone()).await);
    let world = World::over(table, clock).await;
    let mut owners = Vec::new();
    for n in 0..12 {
        owners.push(
            world
                .owner(&format!("dyn{n}"), &format!("{} TU {}", 300 + n, 3000 + n))
                .await,
        );
    }
    // The default capacity: two cars a slot.
    let answers = join_all(
        owners
            .iter()
            .map(|owner| world.try_book(&owner.token, &owner.car, SLOT)),
    )
    .await;
    let mut statuses: Vec<_> = answers.iter().map(|a| a.status).collect();
    statuses.sort();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        2,
        "{:?}",
        answers.iter().map(|a| &a.text).collect::<Vec<_>>()
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT)
    );
    assert_eq!(world.booked(SLOT).await, 2);

    // A booked one moves and cancels through the same transactions.
    let booked = answers
        .iter()
        .find(|a| a.status == StatusCode::CREATED)
        .unwrap();
    let id = booked.body["id"].as_str().unwrap();
    let owner = owners
        .iter()
        .find(|o| o.car == booked.body["car_id"].as_str().unwrap())
        .unwrap();
    let moved = world
        .act(
            &owner.token,
            id,
            "reschedule",
            json!({"starts_at": "2026-12-08T09:00:00Z"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(world.booked(SLOT).await, 1);
    let read = world
        .call(
            Method::GET,
            &format!("/api/appointments/{id}"),
            &owner.token,
            None,
        )
        .await;
    assert_eq!(read.body["starts_at"], "2026-12-08T09:00:00Z");
}
