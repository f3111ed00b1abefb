//! Finding cars by plate, VIN, make or model, and the list's filters; a
//! customer lists only their own cars.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::json;

async fn plates(world: &World, query: &str, token: &str) -> Vec<String> {
    let answer = world
        .call(
            Method::GET,
            &format!("/api/cars?{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.text);
    let mut plates: Vec<String> = answer.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|car| car["license_plate"].as_str().unwrap().to_string())
        .collect();
    plates.sort();
    plates
}

#[tokio::test]
async fn search_and_filters_find_the_right_cars() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let sami = world.owner("Sami").await;
    world
        .car(&amira, "185 TU 4521", json!({"vin": "VF3CCHMZ6KW012345"}))
        .await;
    world
        .car(
            &amira,
            "RS 123456",
            json!({"make": "Renault", "model": "Clio V", "fuel_type": "gasoline"}),
        )
        .await;
    world
        .car(
            &sami,
            "AB-123-CD",
            json!({"make": "Mercedes-Benz", "model": "C 200", "fuel_type": "hybrid"}),
        )
        .await;
    let staff = world.staff.clone();
    assert_eq!(
        plates(&world, "search=185%20tu", &staff).await,
        ["185TU4521"]
    );
    assert_eq!(plates(&world, "search=rs123", &staff).await, ["RS123456"]);
    assert_eq!(
        plates(&world, "search=vf3cc", &staff).await,
        ["185TU4521"],
        "VIN prefix"
    );
    assert_eq!(
        plates(&world, "search=benz", &staff).await,
        ["AB123CD"],
        "a word of the make"
    );
    assert_eq!(
        plates(&world, "search=peugeot%20208", &staff).await,
        ["185TU4521"]
    );
    assert_eq!(plates(&world, "search=clio", &staff).await, ["RS123456"]);
    assert_eq!(plates(&world, "make=PEUGEOT", &staff).await, ["185TU4521"]);
    assert_eq!(
        plates(&world, "fuel_type=gasoline", &staff).await,
        ["RS123456"]
    );
    assert_eq!(
        plates(&world, &format!("customer_id={}", amira.id), &staff).await,
        ["185TU4521", "RS123456"]
    );
    assert_eq!(
        plates(
            &world,
            &format!("customer_id={}&fuel_type=diesel", amira.id),
            &staff
        )
        .await,
        ["185TU4521"]
    );
    assert_eq!(plates(&world, "", &staff).await.len(), 3);

    // A customer sees their own cars, whatever they ask for.
    assert_eq!(plates(&world, "", &sami.token).await, ["AB123CD"]);
    assert_eq!(
        plates(&world, "search=185", &sami.token).await,
        Vec::<String>::new()
    );
    assert_eq!(
        plates(&world, &format!("customer_id={}", amira.id), &sami.token).await,
        Vec::<String>::new()
    );
    assert_eq!(
        plates(&world, "search=c%20200", &sami.token).await,
        ["AB123CD"]
    );

    for (query, field) in [
        ("fuel_type=steam", "fuel_type"),
        ("customer_id=nope", "customer_id"),
        ("limit=500", "limit"),
    ] {
        let answer = world
            .call(
                Method::GET,
                &format!("/api/cars?{query}"),
                Some(&staff),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{query}: {}",
            answer.text
        );
    }
}

#[tokio::test]
async fn lists_page_with_cursors() {
    let world = World::new().await;
    let owner = world.owner("Amira").await;
    for n in 1..=5 {
        world.car(&owner, &format!("{n} TU {n}"), json!({})).await;
    }
    let mut seen = Vec::new();
    let mut query = "limit=2".to_string();
    loop {
        let answer = world
            .call(
                Method::GET,
                &format!("/api/cars?{query}"),
                Some(&world.staff),
                None,
            )
            .await;
        for car in answer.body["results"].as_array().unwrap() {
            seen.push(car["license_plate"].as_str().unwrap().to_string());
        }
        match answer.body["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
    }
    seen.sort();
    assert_eq!(seen, ["1TU1", "2TU2", "3TU3", "4TU4", "5TU5"]);
}
