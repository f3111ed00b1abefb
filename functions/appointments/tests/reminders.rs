//! The appointment reminders: a confirmed appointment is reminded once,
//! within the schedule's window before it; a second run sends nothing new;
//! a moved appointment is reminded of its new time.

mod common;

use common::World;
use ecar_http::{appointments::reminders, events::EventType};
use serde_json::json;

#[tokio::test]
async fn a_confirmed_appointment_is_reminded_once_a_day_before() {
    let mut world = World::new().await;
    let mut amira = world.owner("amira", "185 TU 4521").await;
    let karim = world.owner("karim", "200 TU 1000").await;
    // Amira's is confirmed (staff booked it); Karim's waits for confirmation.
    let hers = world
        .book(&world.staff, &amira.car, "2026-12-08T08:00:00Z")
        .await;
    world
        .book(&karim.token, &karim.car, "2026-12-08T08:00:00Z")
        .await;
    world
        .book(&world.staff, &amira.car, "2026-12-10T08:00:00Z")
        .await;

    // Monday 09:00: Tuesday 09:00 is within the 24 hours; Thursday is not.
    let report = reminders::run(&world.app.state).await.unwrap();
    assert_eq!((report.due, report.reminded), (1, 1));
    let sent = world.events_of(EventType::AppointmentReminder).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].customer_id, amira.customer.id);
    assert!(
        sent[0].message.contains("Tue 8 Dec 2026 at 09:00"),
        "{}",
        sent[0].message
    );

    // Again: nothing new.
    let again = reminders::run(&world.app.state).await.unwrap();
    assert_eq!((again.reminded, again.already_reminded), (0, 1));
    assert_eq!(
        world.events_of(EventType::AppointmentReminder).await.len(),
        1
    );

    // Moved an hour earlier: reminded of the new time.
    let id = hers["id"].as_str().unwrap();
    let moved = world
        .act(
            &world.staff,
            id,
            "reschedule",
            json!({"starts_at": "2026-12-08T07:00:00Z"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    let after_move = reminders::run(&world.app.state).await.unwrap();
    assert_eq!(after_move.reminded, 1);
    let sent = world.events_of(EventType::AppointmentReminder).await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().any(|e| e.message.contains("at 08:00")));

    // Thursday's comes into the window on Wednesday.
    world.move_to("2026-12-09T09:00:00Z", &mut amira).await;
    let wednesday = reminders::run(&world.app.state).await.unwrap();
    assert_eq!(wednesday.reminded, 1);
}
