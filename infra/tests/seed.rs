//! `ecar seed`: the bulk data is what the API would have written (its lists,
//! searches and counters find it), and a second seed of the same directory
//! is refused.

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use ecar::seed::{self, Options};
use ecar_http::{
    Clock,
    auth::Role,
    testing::app::{TestApp, request, start},
};
use ecar_store::table::EmbeddedTable;

use serde_json::Value;

fn options(customers: u64) -> Options {
    Options {
        customers,
        cars_per_customer: 1.5,
        services_per_car: 2.0,
        data_dir: None,
        demo: false,
        in_flight: seed::IN_FLIGHT,
    }
}

async fn all(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = match &cursor {
            Some(cursor) => format!("{path}?limit=200&cursor={cursor}"),
            None => format!("{path}?limit=200"),
        };
        let answer = app
            .send(request(Method::GET, &page, Some(token), None))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        rows.extend(answer.body["results"].as_array().unwrap().iter().cloned());
        match answer.body["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return rows,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeded_data_is_what_the_api_lists_searches_and_counts() {
    let clock = Clock::fixed(start());
    let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    let app = TestApp::over(ecar::router(), table.clone(), clock);
    let seeded = seed::bulk(&app.state, Some(&table), &options(20))
        .await
        .unwrap();
    assert_eq!(seeded.to_string(), "20 customers, 30 cars and 60 services");

    let staff = app.staff_token("staff.member", Role::Staff).await;
    let customers = all(&app, &staff, "/api/customers").await;
    let cars = all(&app, &staff, "/api/cars").await;
    let services = all(&app, &staff, "/api/services").await;
    assert_eq!((customers.len(), cars.len(), services.len()), (20, 30, 60));

    // A car's plate finds its owner through the customers' search index.
    let car = &cars[0];
    let plate = car["license_plate"].as_str().unwrap();
    let search = app
        .send(request(
            Method::GET,
            &format!("/api/customers?search={plate}"),
            Some(&staff),
            None,
        ))
        .await;
    assert!(
        search.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|customer| customer["id"] == car["customer_id"]),
        "{}",
        search.text
    );

    // The owner's counters follow their services.
    let owner = car["customer_id"].as_str().unwrap();
    let statistics = app
        .send(request(
            Method::GET,
            &format!("/api/customers/{owner}/statistics"),
            Some(&staff),
            None,
        ))
        .await;
    let history = all(
        &app,
        &staff,
        &format!("/api/customers/{owner}/service_history"),
    )
    .await;
    assert_eq!(
        statistics.body["services"],
        history.len(),
        "{}",
        statistics.text
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_seeds_an_empty_directory_once() {
    let dir = std::env::temp_dir().join(format!("ecar-seed-{}", std::process::id()));
    let demo = Options {
        data_dir: Some(dir.clone()),
        demo: true,
        in_flight: seed::IN_FLIGHT,
        ..options(0)
    };
    seed::run(demo.clone()).await.unwrap();
    let again = seed::run(demo).await.unwrap_err().to_string();
    assert!(again.contains("already holds customers"), "{again}");
    std::fs::remove_dir_all(dir).unwrap();
}
