//! Completion: one transaction over the service, the car, the counters, the
//! customer's aggregates and the outbox event; nothing half-written when the
//! store fails in the middle; one winner between a completion and a
//! cancellation racing.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::World;
use ecar_http::{
    Clock, customers, domain::CustomerId, events::Event, store::Value, testing::app::start,
};
use ecar_store::table::{ChangeRecord, EmbeddedTable, Fault, FaultyTable, Trigger};

use serde_json::{Value as Json, json};
use tokio::sync::broadcast::Receiver;

/// The events written to the outbox since `feed` was opened.
fn events(feed: &mut Receiver<ChangeRecord>) -> Vec<Event> {
    let mut events = Vec::new();
    while let Ok(change) = feed.try_recv() {
        if change.key.pk.starts_with("EVENT#")
            && change.old.is_none()
            && let Some(item) = change.new
        {
            events.push(Event::from_stored(item).unwrap());
        }
    }
    events
}

#[tokio::test]
async fn completion_updates_the_car_the_customer_and_tells_them() {
    let clock = Clock::fixed(start());
    let table = EmbeddedTable::in_memory(clock.clone()).unwrap();
    let mut feed = table.subscribe();
    let world = World::over(Arc::new(table), clock).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world
        .schedule(&car, "Vidange et filtres", "2026-03-02")
        .await;
    let id = service["id"].as_str().unwrap();
    world.act(id, "start", json!({})).await;
    let item =
        json!({"item_type": "part", "name": "Filtre", "quantity": "2", "unit_price": "19.250"});
    world.act(id, "items", item).await;

    let completed = world
        .act(
            id,
            "complete",
            json!({"service_mileage": 91_802, "technician_notes": "Plaquettes à 30%"}),
        )
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);
    let completed = completed.body;
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["completed_date"], "2026-03-02", "today in Tunis");
    assert_eq!(completed["service_mileage"], 91_802);
    assert_eq!(completed["technician_notes"], "Plaquettes à 30%");
    assert_eq!(completed["subtotal"], "38.500");

    let car_item = world.car_item(&car).await;
    assert_eq!(car_item["mileage"], Value::n(91_802), "raised");
    assert_eq!(car_item["last_service_date"], Value::s("2026-03-02"));
    assert_eq!(car_item["last_service_mileage"], Value::n(91_802));
    assert_eq!(car_item["next_service_date"], Value::s("2027-03-02"));
    assert_eq!(car_item["next_service_mileage"], Value::n(101_802));
    assert_eq!(car_item["version"], Value::n(2));
    assert_eq!(car_item["service_count"], Value::n(1));

    let (_, aggregates) = customers::get_with_aggregates(world.table(), &customer.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(aggregates.service_count, 1);
    assert_eq!(aggregates.completed_service_count, 1);
    assert_eq!(
        aggregates.last_service_date,
        Some("2026-03-02".parse().unwrap())
    );

    let events = events(&mut feed);
    assert_eq!(events.len(), 1, "{events:?}");
    let event = &events[0];
    assert_eq!(
        serde_json::to_value(event.event_type).unwrap(),
        "service_completed"
    );
    assert_eq!(event.customer_id, customer.id);
    assert_eq!(event.related_id.as_deref(), Some(id));
    assert_eq!(
        event.message,
        "Vidange et filtres on your Peugeot 208 (185TU4521) is done."
    );

    let statistics = world.statistics().await;
    assert_eq!(statistics["by_status"]["completed"], 1);
    assert_eq!(statistics["completed_this_month"], 1);
    assert_eq!(statistics["revenue"], "38.500");
}

#[tokio::test]
async fn a_lower_reading_never_lowers_the_car_mileage() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 120_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-02").await;
    let id = service["id"].as_str().unwrap();
    let completed = world
        .act(id, "complete", json!({"service_mileage": 100_000}))
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);
    let car_item = world.car_item(&car).await;
    assert_eq!(car_item["mileage"], Value::n(120_000));
    assert_eq!(car_item["last_service_mileage"], Value::n(100_000));

    // Without a reading, the car's own mileage is the service's.
    let other = world.schedule(&car, "Pneus", "2026-03-02").await;
    let completed = world
        .act(other["id"].as_str().unwrap(), "complete", json!({}))
        .await;
    assert_eq!(completed.body["service_mileage"], 120_000);

    let future = world.schedule(&car, "Freins", "2026-03-02").await;
    let refused = world
        .act(
            future["id"].as_str().unwrap(),
            "complete",
            json!({"completed_date": "2026-03-03"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0]["field"], "completed_date");
}

/// Everything a completion touches, to compare before and after.
async fn snapshot(world: &World, service: &str, car: &str, customer: &CustomerId) -> Json {
    let (_, aggregates) = customers::get_with_aggregates(world.table(), customer)
        .await
        .unwrap()
        .unwrap();
    json!({
        "service": world.read(service).await,
        "car": format!("{:?}", world.car_item(car).await),
        "customer": format!("{aggregates:?}"),
        "statistics": world.statistics().await,
    })
}

#[tokio::test]
async fn a_store_failure_in_the_middle_of_a_completion_leaves_nothing_half_written() {
    let clock = Clock::fixed(start());
    let embedded = EmbeddedTable::in_memory(clock.clone()).unwrap();
    let mut feed = embedded.subscribe();
    let table = Arc::new(FaultyTable::new(Arc::new(embedded)));
    let world = World::over(table.clone(), clock).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-02").await;
    let id = service["id"].as_str().unwrap();
    world.act(id, "start", json!({})).await;
    events(&mut feed);

    // The car's update sits in the middle of the completion's writes, the
    // event at the end, the customer's aggregates and counters before them.
    for failing in ["CAR#", "EVENT#", "CUSTOMER#", "STATS#"] {
        let before = snapshot(&world, id, &car, &customer.id).await;
        table.arm(Trigger::WritesTo(failing.into()), Fault::Throttle);
        let answer = world
            .act(id, "complete", json!({"service_mileage": 95_000}))
            .await;
        table.disarm();
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{failing}");
        assert_eq!(answer.headers["retry-after"], "1", "{failing}");
        assert_eq!(
            snapshot(&world, id, &car, &customer.id).await,
            before,
            "a failure on {failing} changed something"
        );
        assert!(events(&mut feed).is_empty(), "{failing}: an event escaped");
    }

    let answer = world
        .act(id, "complete", json!({"service_mileage": 95_000}))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(world.car_item(&car).await["mileage"], Value::n(95_000));
    assert_eq!(events(&mut feed).len(), 1);
}

#[tokio::test]
async fn a_completion_retried_after_a_timeout_that_committed_counts_once() {
    let clock = Clock::fixed(start());
    let embedded = EmbeddedTable::in_memory(clock.clone()).unwrap();
    let mut feed = embedded.subscribe();
    let table = Arc::new(FaultyTable::new(Arc::new(embedded)));
    let world = World::over(table.clone(), clock).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-02").await;
    let id = service["id"].as_str().unwrap();
    world.act(id, "start", json!({})).await;
    events(&mut feed);

    table.arm(Trigger::WritesTo("CAR#".into()), Fault::TimeoutAfterCommit);
    let answer = world
        .act(id, "complete", json!({"service_mileage": 95_000}))
        .await;
    table.disarm();
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(answer.headers["retry-after"], "1");
    let committed = snapshot(&world, id, &car, &customer.id).await;
    assert_eq!(world.read(id).await["status"], "completed");

    // The client retries: the service is no longer in progress, and nothing counts twice.
    let retry = world
        .act(id, "complete", json!({"service_mileage": 95_000}))
        .await;
    assert_eq!(retry.status, StatusCode::CONFLICT, "{}", retry.text);
    assert_eq!(snapshot(&world, id, &car, &customer.id).await, committed);
    assert_eq!(events(&mut feed).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completion_and_a_cancellation_racing_have_exactly_one_winner() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let rounds = 12;
    for round in 0..rounds {
        let service = world.schedule(&car, "Vidange", "2026-03-02").await;
        let id = service["id"].as_str().unwrap();
        if round % 2 == 1 {
            world.act(id, "start", json!({})).await;
        }
        let (completed, cancelled) = tokio::join!(
            world.act(id, "complete", json!({})),
            world.act(id, "cancel", json!({"reason": "Changed their mind"})),
        );
        let statuses = [completed.status, cancelled.status];
        let winners = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let losers = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((winners, losers), (1, 1), "round {round}: {statuses:?}");
        let read = world.read(id).await;
        let expected = if completed.status == StatusCode::OK {
            "completed"
        } else {
            "cancelled"
        };
        assert_eq!(read["status"], expected, "round {round}");
    }
    let statistics = world.statistics().await;
    let by_status = &statistics["by_status"];
    assert_eq!(
        by_status["completed"].as_i64().unwrap() + by_status["cancelled"].as_i64().unwrap(),
        rounds
    );
    assert_eq!(by_status["scheduled"], 0);
    assert_eq!(by_status["in_progress"], 0);
    let (_, aggregates) = customers::get_with_aggregates(world.table(), &customer.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        aggregates.completed_service_count,
        by_status["completed"].as_i64().unwrap()
    );
}
