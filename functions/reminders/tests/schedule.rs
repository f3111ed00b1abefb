//! The sample schedule event through the real handler, over cars written by
//! the cars module: the cars due within the window (by date, or by the
//! mileage their readings predict) are found through the due index and their
//! owners reminded once per service cycle, day after day.

use std::sync::Arc;

use axum::Router;
use chrono::{DateTime, NaiveDate, Utc};
use ecar_http::{
    AppState, Clock, Config,
    bootstrap::{Ports, Storage},
    cars::{
        self, Car, FuelType,
        create::{self, NewCar},
        due::{due_entry_key, due_entry_op},
        mileage,
    },
    customers::Customer,
    domain::{CarMake, CarModel, LicensePlate},
    idempotency::Created,
    notifications::{
        Dispatcher, Notification, NotificationType, items::customer_partition,
        reminders::ReminderReport,
    },
    services::car::service_completed_ops,
    store::{Index, Query, Value, WriteOp, from_item},
    testing::app::TestApp,
};
use ecar_http::{
    appointments::book::{self, Actor, NewAppointment},
    domain::Notes,
};
use ecar_reminders::{Report, ScheduledEvent, handle};
use ecar_store::table::{CountingTable, EmbeddedTable};

struct World {
    state: AppState,
    ports: Ports,
    counted: Arc<CountingTable<EmbeddedTable>>,
    customer: Customer,
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The sample schedule event, fired at `time` (its own time when `None`).
fn schedule(time: Option<&str>) -> ScheduledEvent {
    let path = format!(
        "{}/../../events/reminders/schedule.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut event: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    if let Some(time) = time {
        event["time"] = time.into();
    }
    serde_json::from_value(event).unwrap()
}

/// The report of a service-due run.
fn service_due(report: Report) -> ReminderReport {
    match report {
        Report::ServiceDue(report) => report,
        other => panic!("a service-due run, not {other:?}"),
    }
}

impl World {
    async fn new(config: Config) -> Self {
        let clock = Clock::fixed(at("2026-02-01T09:00:00Z"));
        let local = AppState::embedded(config, Storage::Memory, clock).unwrap();
        let counted = Arc::new(CountingTable::new((*local.table).clone()));
        let ports = Ports {
            table: counted.clone(),
            ..local.state.ports.clone()
        };
        let app = TestApp {
            state: local.state.clone(),
            router: Router::new(),
        };
        let (customer, _) = app.customer_token("amira").await;
        Self {
            state: local.state,
            ports,
            counted,
            customer,
        }
    }

    /// A car as staff create it: last serviced on `last_service` at 50,000 km, now at 55,000.
    async fn car(&self, plate: &str, last_service: &str) -> Car {
        let new = NewCar {
            customer_id: self.customer.id.clone(),
            make: CarMake::parse("Peugeot").unwrap(),
            model: CarModel::parse("208").unwrap(),
            year: 2019,
            license_plate: LicensePlate::parse(plate).unwrap(),
            vin: None,
            fuel_type: FuelType::Diesel,
            initial_mileage: 55_000,
            last_service_date: Some(day(last_service)),
            last_service_mileage: Some(50_000),
        };
        match create::create(&self.state, new, None, "staff")
            .await
            .unwrap()
        {
            Created::New(car) => car,
            Created::Replayed(_) => panic!("a new car"),
        }
    }

    /// Runs the reminders on the sample event at `time`, then dispatches.
    async fn run(&self, time: Option<&str>) -> ReminderReport {
        let event = schedule(time);
        self.state.clock.set(event.time.unwrap());
        let report = service_due(handle(&self.ports, &event).await.unwrap());
        Dispatcher::new(&self.ports)
            .dispatch_pending()
            .await
            .unwrap();
        report
    }

    async fn reminders(&self) -> Vec<Notification> {
        let query = Query::partition(Index::Gsi1, customer_partition(&self.customer.id)).backward();
        let page = self.state.table.query(&query).await.unwrap();
        page.items
            .into_iter()
            .map(|item| from_item(item).unwrap())
            .collect()
    }
}

#[tokio::test]
async fn cars_due_by_date_or_mileage_are_reminded_once_per_cycle() {
    let world = World::new(Config::default()).await;
    // Due a year after their last service (10,000 km or 12 months).
    let by_date = world.car("111 TU 1111", "2025-03-20").await;
    assert_eq!(by_date.next_service_date, Some(day("2026-03-20")));
    let overdue = world.car("444 TU 4444", "2025-02-20").await;
    world.car("333 TU 3333", "2025-12-01").await;
    let driven = world.car("222 TU 2222", "2025-09-01").await;
    // A month of 160 km a day: the 60,000 km fall due before the date.
    world.state.clock.set(at("2026-03-01T09:00:00Z"));
    let driven = mileage::report(&world.state, driven, 59_800, None, "amira")
        .await
        .unwrap();
    assert_eq!(driven.next_service_date, Some(day("2026-03-03")));

    let first = world.run(None).await;
    assert_eq!(
        first,
        ReminderReport {
            due: 3,
            reminded: 3,
            already_reminded: 0
        }
    );
    let reminders = world.reminders().await;
    assert_eq!(reminders.len(), 3);
    assert!(
        reminders
            .iter()
            .all(|n| n.notification_type == NotificationType::ServiceReminder)
    );
    let messages: Vec<&str> = reminders.iter().map(|n| n.message.as_str()).collect();
    assert!(messages.contains(
        &"Your Peugeot 208 (111TU1111) is due for a service on 2026-03-20 or at 60000 km, whichever comes first."
    ), "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("(222TU2222)") && m.contains("2026-03-03"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains(&format!("({})", overdue.license_plate)))
    );
    assert!(!messages.iter().any(|m| m.contains("333TU3333")));

    // The next days: nobody is reminded twice.
    for time in ["2026-03-13T06:00:00Z", "2026-03-14T06:00:00Z"] {
        let again = world.run(Some(time)).await;
        assert_eq!(
            (again.due, again.reminded, again.already_reminded),
            (3, 0, 3)
        );
    }
    assert_eq!(world.reminders().await.len(), 3);

    // Serviced: a new cycle, due again in the window (a short interval).
    let mut serviced = cars::get(world.state.table.as_ref(), &by_date.id)
        .await
        .unwrap()
        .unwrap();
    serviced.last_service_date = Some(day("2026-03-14"));
    serviced.next_service_date = Some(day("2026-03-28"));
    world
        .state
        .table
        .transact(vec![
            WriteOp::put(serviced.item().unwrap()),
            due_entry_op(&serviced.id, serviced.next_service_date),
        ])
        .await
        .unwrap();
    let next_cycle = world.run(Some("2026-03-15T06:00:00Z")).await;
    assert_eq!(next_cycle.reminded, 1);
    assert_eq!(world.reminders().await.len(), 4);
}

#[tokio::test]
async fn a_completed_service_moves_the_car_out_of_the_window() {
    let world = World::new(Config::default()).await;
    let car = world.car("111 TU 1111", "2025-03-20").await;
    world.state.clock.set(at("2026-03-10T09:00:00Z"));
    let serviced = cars::get(world.state.table.as_ref(), &car.id)
        .await
        .unwrap()
        .unwrap();
    let ops = service_completed_ops(
        &serviced,
        day("2026-03-10"),
        56_000,
        world.state.clock.now(),
        &world.state.config,
    )
    .unwrap();
    world.state.table.transact(ops).await.unwrap();
    let entry = world
        .state
        .table
        .get(&due_entry_key(&car.id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry["gsi1pk"], Value::s("CARS#DUE#2027-03"));

    let report = world.run(None).await;
    assert_eq!(report.reminded, 0);
}

#[tokio::test]
async fn an_entry_that_lags_its_car_reminds_nobody() {
    let world = World::new(Config::default()).await;
    let car = world.car("111 TU 1111", "2025-03-20").await;
    // The car moved on without its entry (a writer that forgot it).
    let mut moved = car.clone();
    moved.next_service_date = Some(day("2026-09-01"));
    world
        .state
        .table
        .write(WriteOp::put(moved.item().unwrap()))
        .await
        .unwrap();
    let report = world.run(None).await;
    assert_eq!((report.due, report.reminded), (0, 0));
}

#[tokio::test]
async fn the_window_follows_the_configuration_and_the_garages_day() {
    let config = Config {
        reminder_days: 3,
        ..Config::default()
    };
    let world = World::new(config).await;
    world.car("111 TU 1111", "2025-03-15").await;
    world.car("222 TU 2222", "2025-03-16").await;
    // 23:30 UTC on the 11th is already the 12th in Tunis (UTC+1).
    let report = world.run(Some("2026-03-11T23:30:00Z")).await;
    assert_eq!(report.reminded, 1);
}

#[tokio::test]
async fn only_the_cars_due_are_read() {
    let world = World::new(Config::default()).await;
    for n in 0..120 {
        world.car(&format!("{n} TU 9999"), "2025-09-01").await;
    }
    world.car("111 TU 1111", "2025-03-20").await;
    world.state.clock.set(at("2026-03-12T06:00:00Z"));
    world.counted.reset();
    let report = service_due(handle(&world.ports, &schedule(None)).await.unwrap());
    assert_eq!(report.reminded, 1);
    // Its due entry and the car itself.
    assert!(
        world.counted.snapshot().items_read <= 2,
        "{:?}",
        world.counted.snapshot()
    );
}

#[tokio::test]
async fn the_quarter_hourly_rule_runs_the_appointment_reminders() {
    let world = World::new(Config::default()).await;
    // Sunday 1 February, 09:00 UTC: Monday 08:00 in Tunis is within the day's window.
    let car = world.car("185 TU 4521", "2025-12-01").await;
    let new = NewAppointment {
        car_id: car.id.clone(),
        starts_at: at("2026-02-02T07:00:00Z"),
        description: Notes::default(),
    };
    book::book(&world.state, &Actor::Staff, new, None)
        .await
        .unwrap();
    let path = format!(
        "{}/../../events/reminders/appointments.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let event: ScheduledEvent =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    match handle(&world.ports, &event).await.unwrap() {
        Report::Appointments(report) => assert_eq!((report.due, report.reminded), (1, 1)),
        other => panic!("the appointment reminders, not {other:?}"),
    }
}
