//! Bulk registration from JSON or CSV, and the CSV export read back in.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::testing::app::{Answer, raw, with_header};
use serde_json::json;

async fn bulk(world: &World, content_type: &str, body: String, key: Option<&str>) -> Answer {
    let request = raw(
        Method::POST,
        "/api/cars/bulk_create",
        Some(&world.admin),
        content_type,
        body,
    );
    let request = match key {
        Some(key) => with_header(request, "idempotency-key", key),
        None => request,
    };
    world.app.send(request).await
}

#[tokio::test]
async fn valid_rows_are_created_and_invalid_rows_reported() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    world.car(&owner, "100 TU 1", json!({})).await;
    let csv = format!(
        "customer_id,make,model,year,license_plate,vin,fuel_type,initial_mileage\r\n\
         {id},Peugeot,208,2019,185 TU 4521,VF3CCHMZ6KW012345,diesel,50000\r\n\
         {id},Renault,Clio,2020,186 TU 4521,,gasoline,\r\n\
         {id},Kia,Rio,2021,185-TU-4521,,hybrid,0\r\n\
         {id},Kia,Rio,2021,100 TU 1,,hybrid,0\r\n\
         {id},Kia,Rio,twenty,187 TU 4521,,hybrid,0\r\n\
         {id},Kia,Rio,2021,188 TU 4521,,steam,0\r\n\
         01JDQ8Z3N4W5X6Y7Z8A9B0C1D2,Kia,Rio,2021,189 TU 4521,,lpg,0\r\n",
        id = owner.id
    );
    let first = bulk(&world, "text/csv", csv.clone(), Some("cars-1")).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let created: Vec<&str> = first.body["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["license_plate"].as_str().unwrap())
        .collect();
    assert_eq!(created, ["185TU4521", "186TU4521"]);
    let errors: Vec<(u64, &str)> = first.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap(),
                e["errors"][0]["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (3, "license_plate"),
            (4, "license_plate"),
            (5, "year"),
            (6, "fuel_type"),
            (7, "customer_id")
        ]
    );
    let again = bulk(&world, "text/csv", csv, Some("cars-1")).await;
    assert_eq!(
        again.body, first.body,
        "a repeated request creates nothing twice"
    );
    let list = world
        .call(Method::GET, "/api/cars", Some(&world.staff), None)
        .await;
    assert_eq!(list.body["results"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_export_is_safe_csv_that_imports_back() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    let cars = [
        world
            .car(
                &owner,
                "185 TU 4521",
                json!({"vin": "VF3CCHMZ6KW012345", "make": "=cmd|' /C calc'!A0"}),
            )
            .await,
        world
            .car(
                &owner,
                "RS 123456",
                json!({"model": "Clio, \"V\"", "fuel_type": "lpg"}),
            )
            .await,
    ];
    let export = world
        .call(Method::GET, "/api/cars/export", Some(&world.admin), None)
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    let text = export.text;
    assert!(text.starts_with("id,customer_id,make,model,year,license_plate,vin,fuel_type,"));
    assert!(
        text.contains(",'=cmd|' /C calc'!A0,"),
        "formula neutralized: {text}"
    );
    assert!(
        text.contains(",\"Clio, \"\"V\"\"\","),
        "RFC 4180 quoting: {text}"
    );

    // Delete the cars, then import the export: the same cars come back.
    for car in &cars {
        let path = format!("/api/cars/{}", car["id"].as_str().unwrap());
        let deleted = world
            .call(Method::DELETE, &path, Some(&world.staff), None)
            .await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    }
    let imported = bulk(&world, "text/csv", text, None).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    assert_eq!(imported.body["errors"], json!([]));
    let created = imported.body["created"].as_array().unwrap();
    assert_eq!(created.len(), 2);
    for original in &cars {
        let copy = created
            .iter()
            .find(|copy| copy["license_plate"] == original["license_plate"])
            .unwrap();
        for field in [
            "customer_id",
            "make",
            "model",
            "year",
            "vin",
            "fuel_type",
            "initial_mileage",
        ] {
            assert_eq!(copy[field], original[field], "{field}");
        }
    }
}

#[tokio::test]
async fn export_and_bulk_create_are_for_admins() {
    let world = World::new().await;
    let export = world
        .call(Method::GET, "/api/cars/export", Some(&world.staff), None)
        .await;
    assert_eq!(export.status, StatusCode::FORBIDDEN);
    let bulk = world
        .app
        .send(raw(
            Method::POST,
            "/api/cars/bulk_create",
            Some(&world.staff),
            "application/json",
            "[]",
        ))
        .await;
    assert_eq!(bulk.status, StatusCode::FORBIDDEN);
}
