//! Mileage readings, the average daily mileage, the next-service prediction
//! and the car's statistics.

mod common;

use axum::http::{Method, StatusCode};
use chrono::Duration;
use common::World;
use serde_json::json;

#[tokio::test]
async fn readings_never_go_down_and_the_average_follows() {
    let mut world = World::new().await;
    let mut owner = world.owner("Amira").await;
    let car = world.car(&owner, "185 TU 4521", json!({})).await;
    let path = format!("/api/cars/{}", car["id"].as_str().unwrap());

    world.advance(Duration::days(10), &mut [&mut owner]).await;
    let reported = world
        .call(
            Method::POST,
            &format!("{path}/report_mileage"),
            Some(&owner.token),
            Some(json!({"mileage": 50_500})),
        )
        .await;
    assert_eq!(reported.status, StatusCode::OK, "{}", reported.text);
    assert_eq!(reported.body["mileage"], 50_500);
    assert_eq!(reported.body["average_daily_mileage"], "50");
    assert_eq!(reported.body["version"], 2);

    let lower = world
        .call(
            Method::POST,
            &format!("{path}/report_mileage"),
            Some(&owner.token),
            Some(json!({"mileage": 50_499})),
        )
        .await;
    assert_eq!(lower.status, StatusCode::BAD_REQUEST);
    assert_eq!(lower.body["errors"][0]["field"], "mileage");
    assert!(
        lower.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("50500")
    );

    world.advance(Duration::days(10), &mut [&mut owner]).await;
    world
        .call(
            Method::POST,
            &format!("{path}/report_mileage"),
            Some(&world.staff),
            Some(json!({"mileage": 51_500})),
        )
        .await;
    let history = world
        .call(
            Method::GET,
            &format!("{path}/mileage_history"),
            Some(&owner.token),
            None,
        )
        .await;
    let readings: Vec<(u64, &str)> = history.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["mileage"].as_u64().unwrap(),
                r["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        readings,
        [(50_000, "initial"), (50_500, "report"), (51_500, "report")],
        "oldest first, the refused one absent"
    );
    let car = world.read(car["id"].as_str().unwrap()).await.body;
    assert_eq!(car["average_daily_mileage"], "75", "1,500 km in 20 days");

    let stale = world
        .call(
            Method::POST,
            &format!("{path}/report_mileage"),
            Some(&owner.token),
            Some(json!({"mileage": 52_000, "version": 2})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_prediction_says_which_limit_comes_first_and_why() {
    let mut world = World::new().await;
    let mut owner = world.owner("Amira").await;
    let car = world
        .car(
            &owner,
            "185 TU 4521",
            json!({"last_service_date": "2026-01-02", "last_service_mileage": 48_000}),
        )
        .await;
    let path = format!("/api/cars/{}", car["id"].as_str().unwrap());
    // Without an average, time decides: 12 months after the last service.
    let first = world
        .call(
            Method::GET,
            &format!("{path}/next_service_prediction"),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(first.body["due_by"], "time");
    assert_eq!(first.body["next_service_date"], "2027-01-02");
    assert_eq!(first.body["next_service_mileage"], 58_000);
    assert_eq!(first.body["based_on"]["source"], "last_service");
    assert_eq!(first.body["interval_source"], "default");

    // 100 km a day: the 6,000 km left after the reading of 2026-03-22 take 60 days.
    world.advance(Duration::days(20), &mut [&mut owner]).await;
    world
        .call(
            Method::POST,
            &format!("{path}/report_mileage"),
            Some(&owner.token),
            Some(json!({"mileage": 52_000})),
        )
        .await;
    let busy = world
        .call(
            Method::GET,
            &format!("{path}/next_service_prediction"),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(busy.body["due_by"], "distance");
    assert_eq!(busy.body["average_daily_mileage"], "100");
    assert_eq!(busy.body["next_service_mileage"], 58_000);
    assert_eq!(busy.body["next_service_date"], "2026-05-21");
    assert_eq!(busy.body["overdue"], false);
    let reason = busy.body["reason"].as_str().unwrap();
    assert!(
        reason.contains("distance limit of 58000 km comes first"),
        "{reason}"
    );
    let stored = world.read(car["id"].as_str().unwrap()).await.body;
    assert_eq!(
        stored["next_service_date"], "2026-05-21",
        "the car keeps the prediction"
    );

    let statistics = world
        .call(
            Method::GET,
            &format!("{path}/statistics"),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(statistics.body["mileage"], 52_000);
    assert_eq!(statistics.body["service_count"], 0);
    assert_eq!(statistics.body["total_spent"], "0.000");
    assert_eq!(statistics.body["next_service_mileage"], 58_000);
}

#[tokio::test]
async fn intervals_come_from_configuration_by_make_and_model() {
    let world = World::configured(|config| {
        config.service_intervals = ecar_http::cars::intervals::ServiceIntervals::parse(
            "default=5000km/6m; Peugeot/208=20000km/24m",
        )
        .unwrap();
    })
    .await;
    let owner = world.owner("Amira").await;
    let peugeot = world.car(&owner, "185 TU 4521", json!({})).await;
    assert_eq!(peugeot["next_service_mileage"], 70_000);
    assert_eq!(peugeot["next_service_date"], "2028-03-02");
    let clio = world
        .car(
            &owner,
            "186 TU 4521",
            json!({"make": "Renault", "model": "Clio"}),
        )
        .await;
    assert_eq!(clio["next_service_mileage"], 55_000);
    assert_eq!(clio["next_service_date"], "2026-09-02");
    let path = format!(
        "/api/cars/{}/next_service_prediction",
        peugeot["id"].as_str().unwrap()
    );
    let prediction = world
        .call(Method::GET, &path, Some(&world.staff), None)
        .await;
    assert_eq!(prediction.body["interval_source"], "model");
    assert_eq!(
        prediction.body["interval"],
        json!({"distance_km": 20_000, "months": 24})
    );
}
