//! Registering, reading, changing and deleting cars; plates and VINs stay unique.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::testing::app::{request, with_header};
use serde_json::json;

#[tokio::test]
async fn staff_register_a_car_with_a_normalized_plate_and_vin() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    let car = world
        .car(
            &owner,
            "185 tu 4521",
            json!({"vin": "1hgcm82633a004352", "fuel_type": "gasoline"}),
        )
        .await;
    assert_eq!(car["license_plate"], "185TU4521");
    assert_eq!(car["vin"], "1HGCM82633A004352");
    assert_eq!(car["mileage"], 50_000);
    assert_eq!(car["initial_mileage"], 50_000);
    assert_eq!(car["average_daily_mileage"], json!(null));
    assert_eq!(
        car["next_service_date"], "2027-03-02",
        "12 months after registration"
    );
    assert_eq!(car["next_service_mileage"], 60_000);
    assert_eq!(car["version"], 1);

    let own = world
        .call(
            Method::GET,
            &format!("/api/cars/{}", car["id"].as_str().unwrap()),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(own.body, car);
    let other = world.owner("Sami").await;
    let hidden = world
        .call(
            Method::GET,
            &format!("/api/cars/{}", car["id"].as_str().unwrap()),
            Some(&other.token),
            None,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn plates_and_vins_are_unique_and_freed_by_changes() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    let car = world
        .car(&owner, "185 TU 4521", json!({"vin": "VF3CCHMZ6KW012345"}))
        .await;
    for (field, body) in [
        ("license_plate", json!({"license_plate": "185-TU-4521"})),
        (
            "vin",
            json!({"license_plate": "186 TU 1", "vin": "vf3cchmz6kw012345"}),
        ),
    ] {
        let mut full = json!({"customer_id": owner.id, "make": "Renault", "model": "Clio", "year": 2020, "fuel_type": "gasoline"});
        for (name, value) in body.as_object().unwrap() {
            full[name] = value.clone();
        }
        let taken = world
            .call(Method::POST, "/api/cars", Some(&world.staff), Some(full))
            .await;
        assert_eq!(
            taken.status,
            StatusCode::CONFLICT,
            "{field}: {}",
            taken.text
        );
        assert_eq!(taken.body["errors"][0]["field"], field);
    }
    let path = format!("/api/cars/{}", car["id"].as_str().unwrap());
    let changed = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"license_plate": "RS 123456", "vin": null})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["license_plate"], "RS123456");
    assert_eq!(changed.body["vin"], json!(null));
    assert_eq!(changed.body["version"], 2);
    // The old plate and VIN are free again.
    world
        .car(&owner, "185 TU 4521", json!({"vin": "VF3CCHMZ6KW012345"}))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_registrations_of_one_plate_give_exactly_one_car() {
    for round in 0..5 {
        let world = World::new().await;
        let owner = world.owner("Amira").await;
        let tasks: Vec<_> = ["Picanto", "Rio"]
            .into_iter()
            .map(|model| {
                let body = json!({"customer_id": owner.id, "make": "Kia", "model": model, "year": 2021,
                                  "license_plate": format!("20{round} TU 77"), "fuel_type": "hybrid"});
                let (app, token) = (world.app.clone(), world.staff.clone());
                tokio::spawn(async move {
                    app.send(request(Method::POST, "/api/cars", Some(&token), Some(&body))).await
                })
            })
            .collect();
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap().status);
        }
        statuses.sort();
        assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
        let list = world
            .call(
                Method::GET,
                &format!("/api/cars?customer_id={}", owner.id),
                Some(&world.staff),
                None,
            )
            .await;
        assert_eq!(list.body["results"].as_array().unwrap().len(), 1);
        let customers = world.app.beside(ecar_customers::router());
        let stats = customers
            .send(request(
                Method::GET,
                &format!("/api/customers/{}/statistics", owner.id),
                Some(&world.staff),
                None,
            ))
            .await;
        assert_eq!(stats.body["cars"], 1, "the loser left no trace");
    }
}

#[tokio::test]
async fn changes_are_optimistic_and_moving_a_car_moves_its_counts() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let sami = world.owner("Sami").await;
    let car = world.car(&amira, "185 TU 4521", json!({})).await;
    let path = format!("/api/cars/{}", car["id"].as_str().unwrap());
    let stale = world
        .app
        .send(with_header(
            request(
                Method::PATCH,
                &path,
                Some(&world.staff),
                Some(&json!({"model": "2008"})),
            ),
            "if-match",
            "\"7\"",
        ))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let moved = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"customer_id": sami.id, "version": 1})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let stats = |id: &str| format!("/api/cars?customer_id={id}");
    let amiras = world
        .call(Method::GET, &stats(&amira.id), Some(&world.staff), None)
        .await;
    assert_eq!(amiras.body["results"].as_array().unwrap().len(), 0);
    let samis = world
        .call(Method::GET, "/api/cars", Some(&sami.token), None)
        .await;
    assert_eq!(samis.body["results"][0]["id"], car["id"]);
    let nobody = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(json!({"customer_id": "01JDQ8Z3N4W5X6Y7Z8A9B0C1D2"})),
        )
        .await;
    assert_eq!(nobody.status, StatusCode::BAD_REQUEST);
    assert_eq!(nobody.body["errors"][0]["field"], "customer_id");

    let customers = world.app.beside(ecar_customers::router());
    let sami_stats = customers
        .send(request(
            Method::GET,
            &format!("/api/customers/{}/statistics", sami.id),
            Some(&world.staff),
            None,
        ))
        .await;
    assert_eq!(sami_stats.body["cars"], 1);
    let amira_stats = customers
        .send(request(
            Method::GET,
            &format!("/api/customers/{}/statistics", amira.id),
            Some(&world.staff),
            None,
        ))
        .await;
    assert_eq!(amira_stats.body["cars"], 0);
    let found = customers
        .send(request(
            Method::GET,
            "/api/customers?search=185%20TU",
            Some(&world.staff),
            None,
        ))
        .await;
    let names: Vec<&str> = found.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["first_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Sami"],
        "the plate follows its car to the new owner"
    );
    let own_cars = customers
        .send(request(
            Method::GET,
            &format!("/api/customers/{}/cars", sami.id),
            Some(&sami.token),
            None,
        ))
        .await;
    assert_eq!(own_cars.body["results"][0]["id"], car["id"]);
}

#[tokio::test]
async fn deleting_a_car_frees_everything_it_held() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    let car = world
        .car(&owner, "185 TU 4521", json!({"vin": "VF3CCHMZ6KW012345"}))
        .await;
    let id = car["id"].as_str().unwrap();
    let path = format!("/api/cars/{id}");
    world
        .call(
            Method::POST,
            &format!("{path}/report_mileage"),
            Some(&world.staff),
            Some(json!({"mileage": 50_500})),
        )
        .await;

    // A service on record forbids the delete.
    let key = ecar_http::cars::car_key(id);
    world
        .app
        .state
        .table
        .write(ecar_http::store::WriteOp::Update {
            key: key.clone(),
            changes: vec![ecar_http::store::Change::Add("service_count".into(), 1)],
            condition: None,
        })
        .await
        .unwrap();
    let refused = world
        .call(Method::DELETE, &path, Some(&world.staff), None)
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    world
        .app
        .state
        .table
        .write(ecar_http::store::WriteOp::Update {
            key,
            changes: vec![ecar_http::store::Change::Add("service_count".into(), -1)],
            condition: None,
        })
        .await
        .unwrap();

    let deleted = world
        .call(Method::DELETE, &path, Some(&world.staff), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    assert_eq!(world.read(id).await.status, StatusCode::NOT_FOUND);
    // One record, of the delete that happened (the refused one wrote none).
    let filter = ecar_http::audit_log::AuditFilter {
        kind: Some(ecar_http::audit_log::EntityKind::Car),
        entity_id: Some(id.into()),
        ..Default::default()
    };
    let request = ecar_http::store::PageRequest {
        limit: 10,
        start: None,
    };
    let records = ecar_http::audit_log::page(world.app.state.table.as_ref(), &filter, request)
        .await
        .unwrap()
        .items;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(
        records[0].action,
        ecar_http::audit_log::AuditAction::CarDeleted
    );
    assert_eq!(
        records[0].before.as_ref().unwrap()["license_plate"],
        car["license_plate"]
    );
    let readings =
        ecar_http::cars::mileage::readings_query(&ecar_http::domain::CarId::parse(id).unwrap());
    assert!(
        world
            .app
            .state
            .table
            .query(&readings)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let search = world
        .call(
            Method::GET,
            "/api/cars?search=185tu",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(search.body["results"], json!([]));
    // Plate and VIN are free, and the customer, with no car left, can go.
    world
        .car(&owner, "185 TU 4521", json!({"vin": "VF3CCHMZ6KW012345"}))
        .await;
}
