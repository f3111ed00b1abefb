//! Every class of bad input, per field, gets a clear 4xx naming the field,
//! and stores nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::testing::app::raw;
use serde_json::{Value, json};

fn valid(customer_id: &str) -> Value {
    json!({
        "customer_id": customer_id,
        "make": "Peugeot",
        "model": "208",
        "year": 2019,
        "license_plate": "185 TU 4521",
        "vin": "VF3CCHMZ6KW012345",
        "fuel_type": "diesel",
        "initial_mileage": 50_000,
    })
}

#[tokio::test]
async fn creates_refuse_each_bad_field_and_store_nothing() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    let with = |field: &str, value: Value| {
        let mut body = valid(&owner.id);
        body[field] = value;
        body
    };
    let without = |field: &str| {
        let mut body = valid(&owner.id);
        body.as_object_mut().unwrap().remove(field);
        body
    };
    let cases: Vec<(&str, Value)> = vec![
        // wrong type
        ("year", with("year", json!("2019"))),
        ("initial_mileage", with("initial_mileage", json!(-1))),
        ("make", with("make", json!(5))),
        ("license_plate", with("license_plate", json!(1234))),
        ("fuel_type", with("fuel_type", json!(["diesel"]))),
        // missing
        ("customer_id", without("customer_id")),
        ("make", without("make")),
        ("model", without("model")),
        ("year", without("year")),
        ("license_plate", without("license_plate")),
        ("fuel_type", without("fuel_type")),
        // one value under both its names (`mileage` is the Django ECAR's)
        ("initial_mileage", with("mileage", json!(99))),
        // unknown, including server-owned fields
        (
            "next_service_date",
            with("next_service_date", json!("2030-01-01")),
        ),
        ("colour", with("colour", json!("red"))),
        // too long
        ("make", with("make", json!("M".repeat(51)))),
        ("model", with("model", json!("m".repeat(51)))),
        (
            "license_plate",
            with("license_plate", json!("1".repeat(33))),
        ),
        ("vin", with("vin", json!("V".repeat(40)))),
        // wrong format or value
        ("customer_id", with("customer_id", json!("someone"))),
        (
            "customer_id",
            with("customer_id", json!("01JDQ8Z3N4W5X6Y7Z8A9B0C1D2")),
        ),
        ("year", with("year", json!(1885))),
        ("year", with("year", json!(2028))),
        ("initial_mileage", with("initial_mileage", json!(2_000_001))),
        (
            "license_plate",
            with("license_plate", json!("1234 TU 5678")),
        ),
        ("license_plate", with("license_plate", json!("12/34"))),
        ("vin", with("vin", json!("VF3CCHMZ6KW01234O"))),
        ("vin", with("vin", json!("1HGCM82643A004352"))),
        ("fuel_type", with("fuel_type", json!("steam"))),
        (
            "last_service_mileage",
            with("last_service_date", json!("2026-01-01")),
        ),
        (
            "last_service_date",
            with("last_service_date", json!("01/01/2026")),
        ),
    ];
    for (field, body) in cases {
        let answer = world
            .call(Method::POST, "/api/cars", Some(&world.staff), Some(body))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{field}: {}",
            answer.text
        );
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{field}: {}",
            answer.text
        );
    }
    for (content_type, status) in [
        ("text/plain", StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ("application/json", StatusCode::BAD_REQUEST),
    ] {
        let answer = world
            .app
            .send(raw(
                Method::POST,
                "/api/cars",
                Some(&world.staff),
                content_type,
                "{\"make\":",
            ))
            .await;
        assert_eq!(answer.status, status);
    }
    let list = world
        .call(Method::GET, "/api/cars", Some(&world.staff), None)
        .await;
    assert_eq!(list.body["results"], json!([]), "nothing was stored");
    world
        .car(&owner, "185 TU 4521", json!({"vin": "VF3CCHMZ6KW012345"}))
        .await;
}

#[tokio::test]
async fn changes_and_readings_refuse_bad_fields_and_change_nothing() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    let car = world.car(&owner, "185 TU 4521", json!({})).await;
    let path = format!("/api/cars/{}", car["id"].as_str().unwrap());
    for (method, suffix, body, field) in [
        (Method::PATCH, "", json!({"make": null}), "make"),
        (Method::PATCH, "", json!({"year": 3000}), "year"),
        (Method::PATCH, "", json!({"mileage": 1}), "mileage"),
        (Method::PUT, "", json!({"make": "Kia"}), "customer_id"),
        (
            Method::POST,
            "/report_mileage",
            json!({"mileage": "many"}),
            "mileage",
        ),
        (
            Method::POST,
            "/report_mileage",
            json!({"mileage": 3_000_000}),
            "mileage",
        ),
        (Method::POST, "/report_mileage", json!({}), "mileage"),
        (
            Method::POST,
            "/report_mileage",
            json!({"mileage": 60_000, "when": "now"}),
            "when",
        ),
    ] {
        let answer = world
            .call(
                method.clone(),
                &format!("{path}{suffix}"),
                Some(&world.staff),
                Some(body),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{method} {suffix} {field}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], field, "{}", answer.text);
    }
    assert_eq!(
        world.read(car["id"].as_str().unwrap()).await.body,
        car,
        "unchanged"
    );
}
