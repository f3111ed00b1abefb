//! Statistics in the garage's time zone (Africa/Tunis, UTC+1): "today",
//! "this week" and "this month" turn at local midnight, not at UTC midnight.

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use common::World;
use serde_json::json;

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[tokio::test]
async fn days_weeks_and_months_turn_at_local_midnight() {
    // 2026-02-28T23:30Z is Sunday 2026-03-01 00:30 in Tunis: UTC still says
    // Saturday the 28th of February.
    let mut world = World::at(at("2026-02-28T23:30:00Z")).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    for date in [
        "2026-02-28",
        "2026-02-28",
        "2026-03-01",
        "2026-03-02",
        "2026-03-08",
    ] {
        world.schedule(&car, "Vidange", date).await;
    }
    let cancelled = world.schedule(&car, "Annulé", "2026-03-01").await;
    world
        .act(
            cancelled["id"].as_str().unwrap(),
            "cancel",
            json!({"reason": "Non"}),
        )
        .await;

    let statistics = world.statistics().await;
    assert_eq!(statistics["today"], "2026-03-01");
    assert_eq!(statistics["time_zone"], "Africa/Tunis");
    assert_eq!(statistics["scheduled_today"], 1, "{statistics}");
    // Monday 23 February to Sunday 1 March.
    assert_eq!(statistics["scheduled_this_week"], 3);
    assert_eq!(statistics["scheduled_this_month"], 3, "March, not February");
    assert_eq!(statistics["by_status"]["scheduled"], 5);
    assert_eq!(statistics["by_status"]["cancelled"], 1);
    assert_eq!(statistics["total"], 6);

    // Completing now counts in March, the garage's month.
    let service = world.schedule(&car, "Freins", "2026-02-27").await;
    let id = service["id"].as_str().unwrap();
    world.act(id, "start", json!({})).await;
    world.app.state.clock.advance(Duration::minutes(45));
    world.renew_tokens().await;
    let completed = world.act(id, "complete", json!({})).await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);
    assert_eq!(completed.body["completed_date"], "2026-03-01");
    let statistics = world.statistics().await;
    assert_eq!(statistics["completed_this_month"], 1);
    assert_eq!(statistics["average_completion_seconds"], 45 * 60);

    // One local day later it is Monday 2 March: a new day and a new week.
    world.app.state.clock.set(at("2026-03-01T23:30:00Z"));
    world.renew_tokens().await;
    let statistics = world.statistics().await;
    assert_eq!(statistics["today"], "2026-03-02");
    assert_eq!(statistics["scheduled_today"], 1);
    assert_eq!(statistics["scheduled_this_week"], 2, "2 and 8 March");
    assert_eq!(statistics["scheduled_this_month"], 3);

    // Tunis is UTC+1 all year: a minute before local midnight, still March.
    world.app.state.clock.set(at("2026-03-31T22:59:00Z"));
    world.renew_tokens().await;
    let statistics = world.statistics().await;
    assert_eq!(statistics["today"], "2026-03-31");
    assert_eq!(statistics["completed_this_month"], 1);
    // At local midnight, April.
    world.app.state.clock.set(at("2026-03-31T23:00:00Z"));
    world.renew_tokens().await;
    let statistics = world.statistics().await;
    assert_eq!(statistics["today"], "2026-04-01");
    assert_eq!(statistics["completed_this_month"], 0);
    assert_eq!(statistics["scheduled_this_month"], 0);
    assert_eq!(statistics["revenue"], "0.000");
}

#[tokio::test]
async fn the_average_counts_only_services_that_were_started() {
    let mut world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    assert_eq!(
        world.statistics().await["average_completion_seconds"],
        serde_json::Value::Null
    );
    let one = world.schedule(&car, "Un", "2026-03-02").await;
    let two = world.schedule(&car, "Deux", "2026-03-02").await;
    let three = world.schedule(&car, "Trois", "2026-03-02").await;
    for service in [&one, &two] {
        world
            .act(service["id"].as_str().unwrap(), "start", json!({}))
            .await;
    }
    world.app.state.clock.advance(Duration::hours(1));
    world.renew_tokens().await;
    world
        .act(one["id"].as_str().unwrap(), "complete", json!({}))
        .await;
    world.app.state.clock.advance(Duration::hours(2));
    world.renew_tokens().await;
    world
        .act(two["id"].as_str().unwrap(), "complete", json!({}))
        .await;
    world
        .act(three["id"].as_str().unwrap(), "complete", json!({}))
        .await;
    let statistics = world.statistics().await;
    assert_eq!(statistics["by_status"]["completed"], 3);
    assert_eq!(
        statistics["average_completion_seconds"],
        2 * 3600,
        "(1 h + 3 h) / 2"
    );
}
