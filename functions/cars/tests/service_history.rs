//! A car's services and a customer's service history: read from their index
//! partitions, newest first, and only by staff or the owner.

mod common;

use axum::http::{Method, StatusCode};
use common::{Owner, World};
use ecar_http::{
    domain::{CarId, Notes, ServiceTitle, ServiceType},
    services::create::{self, Created, NewService},
    testing::app::{TestApp, request},
};
use serde_json::{Value, json};

async fn book(world: &World, car: &Value, title: &str, day: &str) -> String {
    let new = NewService {
        car_id: CarId::parse(car["id"].as_str().unwrap()).unwrap(),
        title: ServiceTitle::parse(title).unwrap(),
        description: Notes::default(),
        service_type: ServiceType::parse("maintenance").unwrap(),
        scheduled_date: day.parse().unwrap(),
        technician_notes: Notes::default(),
    };
    let Created::New(service) = create::create(&world.app.state, new, None).await.unwrap() else {
        panic!("a new service")
    };
    service.id.to_string()
}

fn titles(page: &Value) -> Vec<&str> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|service| service["title"].as_str().unwrap())
        .collect()
}

async fn get(app: &TestApp, path: &str, token: &str) -> (StatusCode, Value) {
    let answer = app
        .send(request(Method::GET, path, Some(token), None))
        .await;
    (answer.status, answer.body)
}

struct Garage {
    world: World,
    customers: TestApp,
    amira: Owner,
    karim: Owner,
    clio: Value,
}

/// Amira has two cars with three services, Karim one car with one.
async fn garage() -> Garage {
    let world = World::new().await;
    let customers = world.app.beside(ecar_customers::router());
    let amira = world.owner("Amira").await;
    let karim = world.owner("Karim").await;
    let peugeot = world.car(&amira, "185 TU 4521", json!({})).await;
    let clio = world
        .car(
            &amira,
            "200 TU 1000",
            json!({"make": "Renault", "model": "Clio"}),
        )
        .await;
    let golf = world
        .car(
            &karim,
            "RS 123456",
            json!({"make": "Volkswagen", "model": "Golf"}),
        )
        .await;
    book(&world, &peugeot, "Vidange", "2026-03-05").await;
    book(&world, &clio, "Freins", "2026-03-10").await;
    book(&world, &clio, "Pneus", "2026-03-03").await;
    book(&world, &golf, "Distribution", "2026-03-07").await;
    Garage {
        world,
        customers,
        amira,
        karim,
        clio,
    }
}

#[tokio::test]
async fn a_cars_services_are_its_own_newest_first_for_staff_and_its_owner() {
    let garage = garage().await;
    let path = format!("/api/cars/{}/services", garage.clio["id"].as_str().unwrap());
    for token in [&garage.world.staff, &garage.amira.token] {
        let (status, page) = get(&garage.world.app, &path, token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(titles(&page), ["Freins", "Pneus"]);
    }
    let (status, _) = get(&garage.world.app, &path, &garage.karim.token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another customer's car");
}

#[tokio::test]
async fn a_customers_history_covers_every_car_newest_first_in_pages() {
    let garage = garage().await;
    let path = format!("/api/customers/{}/service_history", garage.amira.id);
    for token in [&garage.world.staff, &garage.amira.token] {
        let (status, page) = get(&garage.customers, &path, token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(titles(&page), ["Freins", "Vidange", "Pneus"]);
    }

    let (_, first) = get(
        &garage.customers,
        &format!("{path}?limit=2"),
        &garage.amira.token,
    )
    .await;
    assert_eq!(titles(&first), ["Freins", "Vidange"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = get(
        &garage.customers,
        &format!("{path}?limit=2&cursor={cursor}"),
        &garage.amira.token,
    )
    .await;
    assert_eq!(titles(&second), ["Pneus"]);

    let (status, _) = get(&garage.customers, &path, &garage.karim.token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another customer's history");
    let (status, _) = get(
        &garage.customers,
        &format!("{path}?limit=0"),
        &garage.world.staff,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
