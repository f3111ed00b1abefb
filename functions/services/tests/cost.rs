//! What the statistics and the views read, at 10,000 services: a bounded
//! number of items, whatever the number of services (printed, and bounded).

mod common;

use std::{collections::BTreeMap, sync::Arc};

use axum::http::{Method, StatusCode};
use chrono::{Duration, NaiveDate};
use common::World;
use ecar_http::{
    Clock,
    domain::{CarId, Money, Notes, ServiceId, ServiceTitle, ServiceType},
    entity,
    services::{Service, Status, stats},
    store::{Change, Key, Table, WriteOp, table::MAX_TRANSACTION_ACTIONS},
    testing::app::start,
};
use ecar_store::table::{CountingTable, EmbeddedTable};

const SERVICES: usize = 10_000;

/// The `n`th service of the seed: spread over a year around today, a tenth
/// in progress, a third completed, a twentieth cancelled.
fn seeded(n: usize, car: &CarId, customer: &ecar_http::domain::CustomerId) -> Service {
    let now = start();
    let day = i64::try_from(n % 365).unwrap() - 200;
    let scheduled_date: NaiveDate = now.date_naive() + Duration::days(day);
    let status = match n % 20 {
        0 => Status::Cancelled,
        1 | 2 => Status::InProgress,
        3..=9 => Status::Completed,
        _ => Status::Scheduled,
    };
    let completed = status == Status::Completed;
    Service {
        id: ServiceId::generate(now - Duration::seconds(i64::try_from(n).unwrap())),
        car_id: car.clone(),
        customer_id: customer.clone(),
        title: ServiceTitle::parse(&format!("Service {n}")).unwrap(),
        description: Notes::default(),
        service_type: ServiceType::parse("maintenance").unwrap(),
        status,
        scheduled_date,
        started_at: (status != Status::Scheduled).then_some(now),
        completed_date: completed.then_some(scheduled_date.min(now.date_naive())),
        completed_at: completed.then_some(now + Duration::hours(2)),
        service_mileage: None,
        technician_notes: Notes::default(),
        cancel_reason: None,
        items: Vec::new(),
        subtotal: Money::from_minor(if completed { 100_000 } else { 0 }, 3),
        invoice_id: None,
        invoice_status: None,
        legacy_id: None,
        appointment_id: None,
        technician_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

/// Stores the services as their own writes would (the service, its list
/// entry, its counters), in a few hundred transactions of many services
/// each rather than one each: the items are the same, sooner. Their search
/// index items are left out: nothing read here uses them, and they are
/// twenty items a service.
async fn seed(table: &EmbeddedTable, seeds: &[Service]) {
    let mut ops = Vec::new();
    let mut counters: BTreeMap<Key, BTreeMap<&str, i64>> = BTreeMap::new();
    for service in seeds {
        ops.push(WriteOp::create(service.item().unwrap()));
        ops.extend(
            entity::index::ops(None, Some(service))
                .into_iter()
                .filter(|op| op.key().is_some_and(|key| key.pk.starts_with("SERVICE#"))),
        );
        for ((key, attribute), amount) in stats::contributions(service, 3).unwrap() {
            *counters
                .entry(key)
                .or_default()
                .entry(attribute)
                .or_default() += amount;
        }
    }
    ops.extend(counters.into_iter().map(|(key, counts)| {
        WriteOp::Update {
            key,
            changes: counts
                .into_iter()
                .map(|(attribute, amount)| Change::Add(attribute.into(), amount))
                .collect(),
            condition: None,
        }
    }));
    for batch in ops.chunks(MAX_TRANSACTION_ACTIONS) {
        table.transact(batch.to_vec()).await.unwrap();
    }
}

#[tokio::test]
async fn statistics_and_views_read_a_bounded_number_of_items_at_ten_thousand_services() {
    let clock = Clock::fixed(start());
    let embedded = EmbeddedTable::in_memory(clock.clone()).unwrap();
    let counting = Arc::new(CountingTable::new(embedded.clone()));
    let world = World::over(counting.clone(), clock).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = CarId::generate(start());

    let seeds: Vec<Service> = (0..SERVICES)
        .map(|n| seeded(n, &car, &customer.id))
        .collect();
    seed(&embedded, &seeds).await;
    let completed = seeds
        .iter()
        .filter(|s| s.status == Status::Completed)
        .count();

    counting.reset();
    let statistics = world.statistics().await;
    let usage = counting.snapshot();
    println!(
        "GET /api/services/statistics at {SERVICES} services: {} calls, {} items read, {} read units (the caller's session read included)",
        usage.calls, usage.items_read, usage.read_units
    );
    assert_eq!(statistics["total"], SERVICES);
    assert_eq!(statistics["by_status"]["completed"], completed);
    assert_eq!(
        statistics["revenue"],
        format!("{}.000", completed * 100),
        "{statistics}"
    );
    assert_eq!(statistics["average_completion_seconds"], 2 * 3600);
    // One session read, then the totals, the month and the week's seven days.
    assert!(usage.calls <= 2, "{usage:?}");
    assert!(usage.items_read <= 10, "{usage:?}");

    for (path, bound) in [
        ("/api/services/in_progress?limit=20", 22),
        ("/api/services/upcoming?limit=20", 22),
        ("/api/services?status=completed&limit=20", 22),
        ("/api/services?limit=20", 43),
    ] {
        counting.reset();
        let answer = world.staff(Method::GET, path, None).await;
        let usage = counting.snapshot();
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.body["results"].as_array().unwrap().len(), 20);
        println!(
            "GET {path} at {SERVICES} services: {} calls, {} items read, {} read units",
            usage.calls, usage.items_read, usage.read_units
        );
        assert!(usage.items_read <= bound, "{path}: {usage:?}");
    }
}
