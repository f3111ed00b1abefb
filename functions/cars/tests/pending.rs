//! Cars customers add themselves: they wait for the garage, which registers
//! them under the same id or turns them down with a reason; a customer has
//! at most three waiting, and a refused change stores nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::{Owner, World};
use ecar_http::{
    cars::pending::MAX_WAITING,
    customers::{self, CustomerError},
    domain::CustomerId,
    events::{EVENT_SK, Event, EventType, PENDING_PARTITION},
    store::{Index, Query, Value, from_item},
};
use serde_json::{Value as Json, json};

fn car_body(plate: &str) -> Json {
    json!({
        "make": "Renault",
        "model": "Clio",
        "year": 2017,
        "license_plate": plate,
        "vin": "",
        "fuel_type": "gasoline",
        "initial_mileage": 81_000,
    })
}

/// Adds a car as `owner`, a minute after the last one (the lists are newest first).
async fn add(world: &World, owner: &Owner, plate: &str) -> Json {
    let clock = &world.app.state.clock;
    clock.set(clock.now() + chrono::Duration::minutes(1));
    let answer = world
        .call(
            Method::POST,
            "/api/cars/pending",
            Some(&owner.token),
            Some(car_body(plate)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.body
}

async fn events_of(world: &World, event_type: EventType) -> Vec<Event> {
    let query = Query::partition(Index::Gsi1, PENDING_PARTITION).limit(1000);
    let page = world.app.state.table.query(&query).await.unwrap();
    page.items
        .into_iter()
        .filter(|item| item.get("sk") == Some(&Value::s(EVENT_SK)))
        .map(|item| from_item::<Event>(item).unwrap())
        .filter(|event| event.event_type == event_type)
        .collect()
}

async fn list(world: &World, token: &str, query: &str) -> Vec<Json> {
    let answer = world
        .call(
            Method::GET,
            &format!("/api/cars/pending{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.body["results"].as_array().unwrap().clone()
}

#[tokio::test]
async fn an_approved_car_is_registered_under_its_id_once_and_its_owner_is_told() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let added = add(&world, &amira, "212 tu 9000").await;
    assert_eq!(added["status"], "pending");
    assert_eq!(added["license_plate"], "212TU9000");
    assert_eq!(added["customer_id"], amira.id.as_str());
    assert_eq!(added["customer_name"], "Amira Test");
    let id = added["id"].as_str().unwrap();

    // Not a car yet: not among the owner's cars, not readable as one.
    let cars = world
        .call(Method::GET, "/api/cars", Some(&amira.token), None)
        .await;
    assert_eq!(cars.body["results"], json!([]), "{}", cars.text);
    assert_eq!(world.read(id).await.status, StatusCode::NOT_FOUND);

    // Staff see it among the cars waiting; the customer among their own.
    let waiting = list(&world, &world.staff, "").await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["id"], id);
    assert_eq!(list(&world, &amira.token, "").await.len(), 1);

    let path = format!("/api/cars/pending/{id}/approve");
    let approved = world
        .call(Method::POST, &path, Some(&world.staff), None)
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.body["status"], "approved");
    assert_eq!(approved.body["version"], 2);

    let car = world
        .call(
            Method::GET,
            &format!("/api/cars/{id}"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(car.status, StatusCode::OK, "{}", car.text);
    assert_eq!(car.body["license_plate"], "212TU9000");
    assert_eq!(car.body["mileage"], 81_000);
    assert_eq!(car.body["customer_id"], amira.id.as_str());
    let history = world
        .call(
            Method::GET,
            &format!("/api/cars/{id}/mileage_history"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(
        history.body["results"][0]["mileage"], 81_000,
        "{}",
        history.text
    );

    // Told once, by push and text message, about the car.
    let told = events_of(&world, EventType::CarReviewed).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].customer_id.as_str(), amira.id);
    assert_eq!(told[0].related_id.as_deref(), Some(id));
    assert!(told[0].message.contains("Renault Clio (212TU9000)"));
    assert_eq!(told[0].channels.len(), 2);

    // Once: a second approval is refused and registers nothing more.
    let again = world
        .call(Method::POST, &path, Some(&world.staff), None)
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(again.text.contains("approved already"), "{}", again.text);
    assert_eq!(events_of(&world, EventType::CarReviewed).await.len(), 1);

    // Gone from the garage's queue, kept in the customer's list as approved.
    assert!(list(&world, &world.staff, "").await.is_empty());
    assert_eq!(
        list(&world, &world.staff, "?status=approved").await[0]["id"],
        id
    );
    assert_eq!(
        list(&world, &amira.token, "").await[0]["status"],
        "approved"
    );
    // The registered car cannot be withdrawn.
    let withdraw = world
        .call(
            Method::DELETE,
            &format!("/api/cars/pending/{id}"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(withdraw.status, StatusCode::CONFLICT, "{}", withdraw.text);
}

#[tokio::test]
async fn a_car_turned_down_keeps_its_reason_and_its_owner_may_clear_it_away() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let id = add(&world, &amira, "212 TU 9000").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/cars/pending/{id}/reject");

    let missing = world
        .call(Method::POST, &path, Some(&world.staff), Some(json!({})))
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.text);

    let rejected = world
        .call(
            Method::POST,
            &path,
            Some(&world.staff),
            Some(json!({"reason": "Nous ne réparons pas les véhicules de plus de 3,5 t.", "version": 1})),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text);
    assert_eq!(rejected.body["status"], "rejected");
    assert_eq!(
        rejected.body["reason"],
        "Nous ne réparons pas les véhicules de plus de 3,5 t."
    );
    let told = events_of(&world, EventType::CarReviewed).await;
    assert_eq!(told.len(), 1);
    assert!(told[0].message.ends_with("plus de 3,5 t."));
    assert_eq!(world.read(&id).await.status, StatusCode::NOT_FOUND);

    // Approving it now is refused.
    let approve = world
        .call(
            Method::POST,
            &format!("/api/cars/pending/{id}/approve"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(approve.status, StatusCode::CONFLICT, "{}", approve.text);

    let cleared = world
        .call(
            Method::DELETE,
            &format!("/api/cars/pending/{id}"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT, "{}", cleared.text);
    assert!(list(&world, &amira.token, "").await.is_empty());
}

#[tokio::test]
async fn a_customer_has_at_most_three_cars_waiting() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let mut ids = Vec::new();
    for n in 0..MAX_WAITING {
        ids.push(add(&world, &amira, &format!("10{n} TU 1000")).await["id"].clone());
    }
    let fourth = world
        .call(
            Method::POST,
            "/api/cars/pending",
            Some(&amira.token),
            Some(car_body("200 TU 2000")),
        )
        .await;
    assert_eq!(fourth.status, StatusCode::CONFLICT, "{}", fourth.text);
    assert!(fourth.text.contains("3 cars waiting"), "{}", fourth.text);
    assert_eq!(list(&world, &amira.token, "").await.len(), 3);

    // Withdrawing one frees a place.
    let withdrawn = world
        .call(
            Method::DELETE,
            &format!("/api/cars/pending/{}", ids[0].as_str().unwrap()),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::NO_CONTENT,
        "{}",
        withdrawn.text
    );
    add(&world, &amira, "200 TU 2000").await;
    assert_eq!(list(&world, &world.staff, "").await.len(), 3);
}

#[tokio::test]
async fn a_plate_the_garage_registered_is_refused_when_added_and_when_approved() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let karim = world.owner("Karim").await;
    world.car(&karim, "185 TU 4521", json!({})).await;

    let taken = world
        .call(
            Method::POST,
            "/api/cars/pending",
            Some(&amira.token),
            Some(car_body("185 tu 4521")),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.text);
    assert!(taken.text.contains("license_plate"), "{}", taken.text);
    assert!(list(&world, &amira.token, "").await.is_empty());

    // A plate the customer's waiting car names stays free for the garage...
    let id = add(&world, &amira, "300 TU 3000").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    world.car(&karim, "300 TU 3000", json!({})).await;
    // ...so approving it afterwards is refused, and changes nothing.
    let approve = world
        .call(
            Method::POST,
            &format!("/api/cars/pending/{id}/approve"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(approve.status, StatusCode::CONFLICT, "{}", approve.text);
    assert!(approve.text.contains("licence plate"), "{}", approve.text);
    assert_eq!(world.read(&id).await.status, StatusCode::NOT_FOUND);
    let still = world
        .call(
            Method::GET,
            &format!("/api/cars/pending/{id}"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(still.body["status"], "pending");
    assert_eq!(still.body["version"], 1);
    assert!(events_of(&world, EventType::CarReviewed).await.is_empty());
}

#[tokio::test]
async fn bad_input_and_other_callers_change_nothing() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let karim = world.owner("Karim").await;
    let id = add(&world, &amira, "212 TU 9000").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/cars/pending/{id}");

    for (body, field) in [
        (
            {
                let mut body = car_body("400 TU 4000");
                body["customer_id"] = json!(karim.id);
                body
            },
            "customer_id",
        ),
        (
            {
                let mut body = car_body("400 TU 4000");
                body["year"] = json!(1800);
                body
            },
            "year",
        ),
        (
            {
                let mut body = car_body("400 TU 4000");
                body["initial_mileage"] = json!(3_000_000);
                body
            },
            "initial_mileage",
        ),
    ] {
        let answer = world
            .call(
                Method::POST,
                "/api/cars/pending",
                Some(&amira.token),
                Some(body),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
        assert!(answer.text.contains(field), "{field}: {}", answer.text);
    }
    // Staff register cars directly; customers do not decide.
    let staff_add = world
        .call(
            Method::POST,
            "/api/cars/pending",
            Some(&world.staff),
            Some(car_body("400 TU 4000")),
        )
        .await;
    assert_eq!(staff_add.status, StatusCode::FORBIDDEN);
    let self_approve = world
        .call(
            Method::POST,
            &format!("{path}/approve"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(self_approve.status, StatusCode::FORBIDDEN);
    // Another customer does not see it, nor withdraw it.
    for method in [Method::GET, Method::DELETE] {
        let answer = world
            .call(method.clone(), &path, Some(&karim.token), None)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{method}");
    }
    assert!(list(&world, &karim.token, "").await.is_empty());
    let bad_status = world
        .call(
            Method::GET,
            "/api/cars/pending?status=lost",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(bad_status.status, StatusCode::BAD_REQUEST);
    // A stale version is refused.
    let stale = world
        .call(
            Method::POST,
            &format!("{path}/reject"),
            Some(&world.staff),
            Some(json!({"reason": "Plaque illisible", "version": 7})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);

    let waiting = list(&world, &world.staff, "").await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["version"], 1);
    assert_eq!(waiting[0]["status"], "pending");
}

#[tokio::test]
async fn a_customer_with_a_car_waiting_is_not_deleted_before_the_garage_decides() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let id = add(&world, &amira, "212 TU 9000").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let customer = CustomerId::parse(&amira.id).unwrap();
    let refused = customers::delete::delete(
        &world.app.state,
        &customer,
        None,
        &ecar_http::audit_log::AuditActor::operator("test"),
        None,
    )
    .await;
    match refused {
        Err(CustomerError::Refused(message)) => {
            assert!(message.contains("1 car(s) waiting"), "{message}");
        }
        other => panic!("refused, not {other:?}"),
    }
    assert!(
        customers::get(world.app.state.table.as_ref(), &customer)
            .await
            .unwrap()
            .is_some()
    );

    // Once turned down, nothing waits any more.
    let rejected = world
        .call(
            Method::POST,
            &format!("/api/cars/pending/{id}/reject"),
            Some(&world.staff),
            Some(json!({"reason": "Doublon"})),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text);
    customers::delete::delete(
        &world.app.state,
        &customer,
        None,
        &ecar_http::audit_log::AuditActor::operator("test"),
        None,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn ten_cars_added_at_once_leave_three_waiting() {
    let world = World::new().await;
    let amira = world.owner("Amira").await;
    let attempts = (0..10).map(|n| {
        world.call(
            Method::POST,
            "/api/cars/pending",
            Some(&amira.token),
            Some(car_body(&format!("5{n:02} TU 5000"))),
        )
    });
    let answers = futures::future::join_all(attempts).await;
    let created = answers
        .iter()
        .filter(|answer| answer.status == StatusCode::CREATED)
        .count();
    let refused = answers
        .iter()
        .filter(|answer| answer.status == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, refused), (3, 7));
    assert_eq!(list(&world, &world.staff, "").await.len(), 3);
}
