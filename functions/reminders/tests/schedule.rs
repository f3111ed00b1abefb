//! The sample schedule event through the real handler: the cars due within
//! the window (by date or by predicted mileage) are found through the due
//! index and their owners reminded once per service cycle, day after day.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use ecar_reminders::{ScheduledEvent, handle};
use ecar_shared::{
    Clock, Config,
    bootstrap::Ports,
    domain::{CarId, CustomerId},
    notifications::{
        Dispatcher, Notification, NotificationType,
        due::{ServiceSchedule, due_index_attributes},
        items::customer_partition,
        reminders::ReminderReport,
    },
    notify::EmbeddedNotifier,
    store::{
        CountingTable, EmbeddedTable, Index, Item, Key, Query, Table, Value, WriteOp, from_item,
        to_value,
    },
};
use rust_decimal::Decimal;

struct World {
    table: Arc<CountingTable<EmbeddedTable>>,
    ports: Ports,
    customer: CustomerId,
}

fn day(text: &str) -> NaiveDate {
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

impl World {
    fn new() -> Self {
        let now: DateTime<Utc> = "2026-03-12T06:00:00Z".parse().unwrap();
        let clock = Clock::fixed(now);
        let table = Arc::new(CountingTable::new(
            EmbeddedTable::in_memory(clock.clone()).unwrap(),
        ));
        let ports = Ports {
            table: table.clone(),
            notifier: Arc::new(EmbeddedNotifier::in_memory(clock.clone())),
            clock,
            config: Arc::new(Config::default()),
        };
        Self {
            table,
            ports,
            customer: CustomerId::generate(now),
        }
    }

    /// Writes a car as the cars module does: its fields and the due index.
    async fn car(
        &self,
        plate: &str,
        schedule: ServiceSchedule,
        last_service: Option<&str>,
    ) -> CarId {
        let id = CarId::generate(self.ports.clock.now());
        self.ports.clock.advance(chrono::Duration::milliseconds(1));
        self.put_car(&id, plate, schedule, last_service).await;
        id
    }

    async fn put_car(
        &self,
        id: &CarId,
        plate: &str,
        schedule: ServiceSchedule,
        last_service: Option<&str>,
    ) {
        let mut item: Item = Key::new(format!("CAR#{id}"), "CAR").to_item();
        let fields = serde_json::json!({
            "id": id,
            "customer_id": self.customer,
            "make": "Peugeot",
            "model": "208",
            "license_plate": plate,
            "mileage": schedule.mileage,
            "average_daily_mileage": schedule.average_daily_mileage.map(|d| d.to_string()),
            "next_service_date": schedule.next_service_date,
            "next_service_mileage": schedule.next_service_mileage,
            "last_service_date": last_service,
        });
        for (name, value) in fields.as_object().unwrap() {
            item.insert(name.clone(), to_value(value).unwrap());
        }
        item.insert("entity".into(), Value::s("car"));
        item.extend(due_index_attributes(id, &schedule));
        self.table.write(WriteOp::put(item)).await.unwrap();
    }

    async fn run(&self, time: Option<&str>) -> ReminderReport {
        let report = handle(&self.ports, &schedule(time)).await.unwrap();
        Dispatcher::new(&self.ports)
            .dispatch_pending()
            .await
            .unwrap();
        report
    }

    async fn reminders(&self) -> Vec<Notification> {
        let query = Query::partition(Index::Gsi1, customer_partition(&self.customer)).backward();
        let page = self.table.query(&query).await.unwrap();
        page.items
            .into_iter()
            .map(|item| from_item(item).unwrap())
            .collect()
    }
}

fn by_date(next: &str) -> ServiceSchedule {
    ServiceSchedule {
        next_service_date: Some(day(next)),
        next_service_mileage: None,
        mileage: 40_000,
        mileage_read_on: day("2026-03-01"),
        average_daily_mileage: None,
    }
}

#[tokio::test]
async fn cars_due_in_the_window_are_reminded_once_per_cycle() {
    let world = World::new();
    let soon = world.car("111 TU 1111", by_date("2026-03-20"), None).await;
    let driven = ServiceSchedule {
        next_service_date: Some(day("2026-05-01")),
        next_service_mileage: Some(60_000),
        mileage: 59_000,
        mileage_read_on: day("2026-03-10"),
        average_daily_mileage: Some(Decimal::from(100)),
    };
    world.car("222 TU 2222", driven, Some("2025-09-01")).await;
    world.car("333 TU 3333", by_date("2026-06-01"), None).await;
    world.car("444 TU 4444", by_date("2026-03-01"), None).await;

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
    assert!(
        messages.contains(&"Your Peugeot 208 (111 TU 1111) is due for a service on 2026-03-20.")
    );
    assert!(messages.contains(
        &"Your Peugeot 208 (222 TU 2222) is due for a service around 2026-03-20, when it reaches 60000 km."
    ));
    assert!(
        messages.contains(&"Your Peugeot 208 (444 TU 4444) is due for a service on 2026-03-01.")
    );
    assert!(!messages.iter().any(|m| m.contains("333 TU 3333")));

    // The next days: nobody is reminded twice.
    for time in ["2026-03-13T06:00:00Z", "2026-03-14T06:00:00Z"] {
        let again = world.run(Some(time)).await;
        assert_eq!(
            (again.due, again.reminded, again.already_reminded),
            (3, 0, 3)
        );
    }
    assert_eq!(world.reminders().await.len(), 3);

    // The car is serviced: a new cycle, reminded again when it falls due.
    world
        .put_car(
            &soon,
            "111 TU 1111",
            by_date("2026-03-30"),
            Some("2026-03-19"),
        )
        .await;
    let next_cycle = world.run(Some("2026-03-20T06:00:00Z")).await;
    assert_eq!(next_cycle.reminded, 1);
    assert_eq!(world.reminders().await.len(), 4);
}

#[tokio::test]
async fn the_window_follows_the_configuration_and_the_garages_day() {
    let mut world = World::new();
    world.ports.config = Arc::new(Config {
        reminder_days: 3,
        ..Config::default()
    });
    world.car("111 TU 1111", by_date("2026-03-15"), None).await;
    world.car("222 TU 2222", by_date("2026-03-16"), None).await;
    // 23:30 UTC on the 11th is already the 12th in Tunis (UTC+1).
    let report = world.run(Some("2026-03-11T23:30:00Z")).await;
    assert_eq!(report.reminded, 1);
}

#[tokio::test]
async fn only_the_cars_due_are_read() {
    let world = World::new();
    for n in 0..150 {
        world
            .car(&format!("{n} TU 9999"), by_date("2026-09-01"), None)
            .await;
    }
    world.car("111 TU 1111", by_date("2026-03-20"), None).await;
    world.table.reset();
    let report = handle(&world.ports, &schedule(None)).await.unwrap();
    assert_eq!(report.reminded, 1);
    let usage = world.table.snapshot();
    assert!(usage.items_read <= 2, "read {} items", usage.items_read);
}
