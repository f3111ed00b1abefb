//! The car routes with the Django ECAR's field names: its create form's
//! `mileage` and blank VIN, and its update forms' `mileage`, which the car
//! keeps unless a reading is reported.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::json;

#[tokio::test]
async fn a_car_is_registered_from_the_original_form() {
    let world = World::new().await;
    let owner = world.owner("Leila").await;
    let form = json!({
        "customer_id": owner.id,
        "make": "Peugeot",
        "model": "208",
        "year": 2019,
        "license_plate": "123TU4567",
        "vin": "",
        "fuel_type": "diesel",
        "mileage": 59_000,
    });
    // One reading under both names: refused, not one of them picked.
    let mut both = form.clone();
    both["initial_mileage"] = json!(58_000);
    let refused = world
        .call(Method::POST, "/api/cars/", Some(&world.staff), Some(both))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    let none = world
        .call(Method::GET, "/api/cars", Some(&world.staff), None)
        .await;
    assert_eq!(none.body["results"], json!([]), "nothing was created");

    let created = world
        .call(Method::POST, "/api/cars/", Some(&world.staff), Some(form))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["mileage"], 59_000);
    assert_eq!(created.body["initial_mileage"], 59_000);
    assert_eq!(created.body["vin"], json!(null));
    assert_eq!(created.body["license_plate"], "123TU4567");
}

#[tokio::test]
async fn an_update_form_restates_the_mileage_and_never_changes_it() {
    let world = World::new().await;
    let owner = world.owner("Leila").await;
    let car = world.car(&owner, "123 TU 4567", json!({})).await;
    let path = format!("/api/cars/{}/", car["id"].as_str().unwrap());
    let form = |mileage: u32, model: &str| {
        json!({
            "customer_id": owner.id,
            "make": "Peugeot",
            "model": model,
            "year": 2019,
            "license_plate": "123TU4567",
            "vin": null,
            "fuel_type": "diesel",
            "mileage": mileage,
        })
    };
    let higher = world
        .call(
            Method::PUT,
            &path,
            Some(&world.staff),
            Some(form(61_000, "2008")),
        )
        .await;
    assert_eq!(higher.status, StatusCode::BAD_REQUEST, "{}", higher.text);
    assert_eq!(higher.body["errors"][0]["field"], "mileage");
    assert!(
        higher.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("report_mileage")
    );
    let unchanged = world.read(car["id"].as_str().unwrap()).await;
    assert_eq!(unchanged.body["model"], "208");

    let replaced = world
        .call(
            Method::PUT,
            &path,
            Some(&world.staff),
            Some(form(50_000, "2008")),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(replaced.body["model"], "2008");
    let patched = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"mileage": 50_000, "vin": "", "year": 2020})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.body["year"], 2020);
    let lower = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"mileage": 40_000})),
        )
        .await;
    assert_eq!(lower.status, StatusCode::BAD_REQUEST);
}
