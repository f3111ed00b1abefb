//! The services function over the DynamoDB adapter (on the emulator): the
//! same routes, transactions, conditions and indexes as over the embedded
//! store. One test, as the emulator's table is shared by the process.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    Clock,
    audit_log::{self, AuditAction, AuditFilter, EntityKind},
    auth::Role,
    customers,
    store::{PageRequest, Value},
    testing::{
        app::{request, start, with_header},
        dynamo,
    },
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_workflow_on_dynamodb() {
    let clock = Clock::fixed(start());
    let table = Arc::new(dynamo::table(clock.clone()).await);
    let world = World::over(table, clock).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;

    // Creating under an idempotency key, twice: one service.
    let body =
        json!({"car_id": car, "title": "Vidange et filtres", "scheduled_date": "2026-03-02"});
    let post = || {
        with_header(
            request(
                Method::POST,
                "/api/services",
                Some(&world.staff),
                Some(&body),
            ),
            "idempotency-key",
            "dynamo-1",
        )
    };
    let first = world.app.send(post()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(world.app.send(post()).await.body, first.body);
    let id = first.body["id"].as_str().unwrap();
    let later = world.schedule(&car, "Pneus", "2026-03-20").await;

    // Items, exact totals.
    let added = world
        .act(id, "items", json!({"item_type": "labor", "name": "Pose", "quantity": "1.5", "unit_price": "40.333"}))
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.body["subtotal"], "60.500");

    // A refused move changes nothing.
    world.act(id, "start", json!({})).await;
    let started = world.read(id).await;
    let refused = world.act(id, "start", json!({})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(world.read(id).await, started);

    // Completion: the service, the car, the customer, in one transaction.
    let completed = world
        .act(id, "complete", json!({"service_mileage": 91_802}))
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);
    let car_item = world.car_item(&car).await;
    assert_eq!(car_item["mileage"], Value::n(91_802));
    assert_eq!(car_item["next_service_mileage"], Value::n(101_802));
    let (_, aggregates) = customers::get_with_aggregates(world.table(), &customer.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (aggregates.service_count, aggregates.completed_service_count),
        (2, 1)
    );

    // A completion and a cancellation racing: one winner.
    let racing = world.schedule(&car, "Freins", "2026-03-05").await;
    let racing = racing["id"].as_str().unwrap();
    let (complete, cancel) = tokio::join!(
        world.act(racing, "complete", json!({})),
        world.act(racing, "cancel", json!({"reason": "Non"})),
    );
    let mut statuses = [complete.status.as_u16(), cancel.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);

    // Views and statistics read the indexes and counters.
    let by_car = world
        .staff(
            Method::GET,
            &format!("/api/services?car_id={car}&limit=2"),
            None,
        )
        .await;
    assert_eq!(by_car.status, StatusCode::OK, "{}", by_car.text);
    assert_eq!(by_car.body["results"][0]["id"], later["id"]);
    let cursor = by_car.body["next_cursor"].as_str().unwrap();
    let rest = world
        .staff(
            Method::GET,
            &format!("/api/services?car_id={car}&limit=2&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(rest.body["results"].as_array().unwrap().len(), 1);
    let upcoming = world
        .staff(Method::GET, "/api/services/upcoming", None)
        .await;
    assert_eq!(upcoming.body["results"][0]["id"], later["id"]);
    let found = world
        .staff(Method::GET, "/api/services?search=vidan", None)
        .await;
    assert_eq!(found.body["results"][0]["id"], id);
    let statistics = world.statistics().await;
    assert_eq!(statistics["total"], 3);
    assert_eq!(
        statistics["by_status"]["completed"].as_i64().unwrap()
            + statistics["by_status"]["cancelled"].as_i64().unwrap(),
        2
    );
    assert_eq!(statistics["scheduled_today"], 1);

    // A completed service's price changed: its audit record, written in the
    // same transaction, read back by the entity's index within a period.
    let item = added.body["items"][0]["id"].as_str().unwrap();
    let repriced = world
        .staff(
            Method::PATCH,
            &format!("/api/services/{id}/items/{item}"),
            Some(json!({"unit_price": "45"})),
        )
        .await;
    assert_eq!(repriced.status, StatusCode::OK, "{}", repriced.text);
    let hour = chrono::Duration::hours(1);
    let filter = AuditFilter {
        kind: Some(EntityKind::Service),
        entity_id: Some(id.into()),
        from: Some(start() - hour),
        to: Some(start() + hour),
        ..AuditFilter::default()
    };
    let request = PageRequest {
        limit: 10,
        start: None,
    };
    let records = audit_log::page(world.table(), &filter, request)
        .await
        .unwrap()
        .items;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].action, AuditAction::ServiceItemsChanged);
    let after = records[0].after.as_ref().unwrap();
    assert_eq!(after["subtotal"], "67.500");
    assert_eq!(after["items"][0]["unit_price"], "45.000");

    // A technician's day on DynamoDB: the assignment entries (GSI1, GSI2),
    // the clock's conditional writes and the time entries' indexes.
    let samir = world
        .app
        .staff_account("samir.tech", Role::Technician)
        .await;
    let token = world.app.token_of(&samir).await;
    let mut jobs = Vec::new();
    for title in ["Embrayage", "Climatisation"] {
        let job = world.schedule(&car, title, "2026-03-02").await;
        let job = job["id"].as_str().unwrap().to_string();
        let assigned = world
            .act(&job, "assign", json!({"technician_id": samir}))
            .await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.text);
        jobs.push(job);
    }
    let as_samir = async |method: Method, path: String, body: Option<serde_json::Value>| {
        world.call(method, &path, Some(&token), body).await
    };
    let day = as_samir(Method::GET, "/api/technicians/me/jobs".into(), None).await;
    assert_eq!(
        day.body["results"].as_array().unwrap().len(),
        2,
        "{}",
        day.text
    );
    let clock_on = |job: &str| {
        as_samir(
            Method::POST,
            "/api/technicians/me/clock_on".into(),
            Some(json!({"service_id": job})),
        )
    };
    assert_eq!(clock_on(&jobs[0]).await.status, StatusCode::OK);
    world.app.state.clock.advance(chrono::Duration::minutes(6));
    // Clocking on the other job closes the first in the same transaction.
    let moved = clock_on(&jobs[1]).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    let off = as_samir(Method::POST, "/api/technicians/me/clock_off".into(), None).await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    let time = as_samir(Method::GET, format!("/api/services/{}/time", jobs[0]), None).await;
    assert_eq!(time.body["total_hours"], "0.10", "{}", time.text);
    let billed = world
        .act(&jobs[0], "bill_time", json!({"unit_price": "40"}))
        .await;
    assert_eq!(billed.status, StatusCode::OK, "{}", billed.text);
    assert_eq!(billed.body["items"][0]["total_price"], "4.000");
    let twice = world
        .act(&jobs[0], "bill_time", json!({"unit_price": "40"}))
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    let hours = world
        .staff(
            Method::GET,
            "/api/technicians/hours?from=2026-03-02&to=2026-03-02",
            None,
        )
        .await;
    assert_eq!(
        hours.body["technicians"][0]["total_hours"], "0.10",
        "{}",
        hours.text
    );
    assert_eq!(hours.body["technicians"][0]["billed_hours"], "0.10");
    let load = world
        .staff(
            Method::GET,
            "/api/technicians/workload?from=2026-03-02&to=2026-03-02",
            None,
        )
        .await;
    assert_eq!(
        load.body["technicians"][0]["days"][0]["jobs"], 2,
        "{}",
        load.text
    );
}
