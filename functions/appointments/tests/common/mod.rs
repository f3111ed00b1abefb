//! What the appointments tests share: the real router over the embedded
//! table (or DynamoDB), staff, an admin, customers with their cars, a clock
//! the tests move, and helpers to book and act on appointments.

#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use ecar_http::{
    Clock,
    auth::Role,
    cars::{Car, FuelType, create::NewCar, pending},
    customers::Customer,
    domain::{CarId, CarMake, CarModel, LicensePlate},
    events::{EVENT_SK, Event},
    store::{Index, Query, Table, Value, WriteOp, from_item},
    testing::app::{Answer, TestApp, request},
};
use serde_json::{Value as Json, json};

/// Monday 7 December 2026, 09:00 in Tunis.
pub fn monday_morning() -> DateTime<Utc> {
    "2026-12-07T08:00:00Z".parse().unwrap()
}

/// The appointments function with staff and an admin.
pub struct World {
    /// The app.
    pub app: TestApp,
    /// A staff member's token.
    pub staff: String,
    /// An admin's token.
    pub admin: String,
    /// The staff member's user id.
    pub staff_id: String,
}

/// A customer with one car and a token.
pub struct Owner {
    /// Their profile.
    pub customer: Customer,
    /// Their token.
    pub token: String,
    /// Their car's id.
    pub car: String,
}

impl World {
    /// A fresh world over an in-memory table, its clock on Monday morning.
    pub async fn new() -> Self {
        Self::at(monday_morning()).await
    }

    /// A fresh world over an in-memory table, its clock at `now`.
    pub async fn at(now: DateTime<Utc>) -> Self {
        let clock = Clock::fixed(now);
        let table = ecar_store::table::EmbeddedTable::in_memory(clock.clone()).unwrap();
        Self::over(Arc::new(table), clock).await
    }

    /// A world over `table`.
    pub async fn over(table: Arc<dyn Table>, clock: Clock) -> Self {
        let app = TestApp::over(ecar_appointments::router(), table, clock);
        let staff_id = app.staff_account("staff.member", Role::Staff).await;
        let staff = app.token_of(&staff_id).await;
        let admin = app.staff_token("the.admin", Role::Admin).await;
        Self {
            app,
            staff,
            admin,
            staff_id,
        }
    }

    /// Moves the clock to `at` and gives staff and `owner` fresh tokens
    /// (theirs last minutes).
    pub async fn move_to(&mut self, at: &str, owner: &mut Owner) {
        self.app.state.clock.set(at.parse().unwrap());
        self.staff = self.app.token_of(&self.staff_id).await;
        owner.token = self.app.token_of(&owner.customer.user_id).await;
    }

    /// The table.
    pub fn table(&self) -> &dyn Table {
        self.app.state.table.as_ref()
    }

    /// Sends a request.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Json>,
    ) -> Answer {
        self.app
            .send(request(method, path, Some(token), body.as_ref()))
            .await
    }

    /// A customer (phone +216 20 000 000) with a car, plate `plate`.
    pub async fn owner(&self, name: &str, plate: &str) -> Owner {
        let (customer, token) = self.app.customer_token(name).await;
        let car = self.car(&customer, plate).await;
        Owner {
            customer,
            token,
            car,
        }
    }

    /// A car `owner` added, waiting for the garage's approval; returns its id.
    pub async fn added_car(&self, owner: &Owner, plate: &str) -> CarId {
        let new = NewCar {
            customer_id: owner.customer.id.clone(),
            make: CarMake::parse("Renault").unwrap(),
            model: CarModel::parse("Clio").unwrap(),
            year: 2017,
            license_plate: LicensePlate::parse(plate).unwrap(),
            vin: None,
            fuel_type: FuelType::Gasoline,
            initial_mileage: 81_000,
            last_service_date: None,
            last_service_mileage: None,
        };
        pending::create(&self.app.state, &owner.customer.id, new)
            .await
            .unwrap()
            .id
    }

    /// Stores a car of `customer`; returns its id.
    pub async fn car(&self, customer: &Customer, plate: &str) -> String {
        let id = CarId::generate(self.app.state.clock.now());
        self.car_with_id(customer, plate, id).await
    }

    /// Stores car `id` of `customer`; returns its id.
    pub async fn car_with_id(&self, customer: &Customer, plate: &str, id: CarId) -> String {
        let now = self.app.state.clock.now();
        let car = Car {
            id,
            customer_id: customer.id.clone(),
            make: CarMake::parse("Peugeot").unwrap(),
            model: CarModel::parse("208").unwrap(),
            year: 2019,
            license_plate: LicensePlate::parse(plate).unwrap(),
            vin: None,
            fuel_type: FuelType::Diesel,
            initial_mileage: 50_000,
            mileage: 50_000,
            mileage_recorded_at: now,
            average_daily_mileage: None,
            last_service_date: None,
            last_service_mileage: None,
            next_service_date: None,
            next_service_mileage: None,
            legacy_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        self.table()
            .write(WriteOp::create(car.item().unwrap()))
            .await
            .unwrap();
        car.id.to_string()
    }

    /// Books `car` at `starts_at` with `token`; the answer as it comes.
    pub async fn try_book(&self, token: &str, car: &str, starts_at: &str) -> Answer {
        self.call(
            Method::POST,
            "/api/appointments",
            token,
            Some(json!({"car_id": car, "starts_at": starts_at, "description": "Vidange\nEt les freins qui grincent"})),
        )
        .await
    }

    /// Books `car` at `starts_at` with `token` (201 expected); the appointment.
    pub async fn book(&self, token: &str, car: &str, starts_at: &str) -> Json {
        let answer = self.try_book(token, car, starts_at).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.body
    }

    /// Posts `action` on appointment `id` with `token`.
    pub async fn act(&self, token: &str, id: &str, action: &str, body: Json) -> Answer {
        self.call(
            Method::POST,
            &format!("/api/appointments/{id}/{action}"),
            token,
            Some(body),
        )
        .await
    }

    /// The free places of the slot starting at `starts_at` (its day's slots read as staff).
    pub async fn free(&self, starts_at: &str) -> u64 {
        let day = &starts_at[..10];
        let answer = self
            .call(
                Method::GET,
                &format!("/api/appointments/slots?from={day}"),
                &self.staff,
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let at: DateTime<Utc> = starts_at.parse().unwrap();
        answer.body["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|slot| {
                slot["starts_at"]
                    .as_str()
                    .unwrap()
                    .parse::<DateTime<Utc>>()
                    .unwrap()
                    == at
            })
            .unwrap_or_else(|| panic!("no slot at {starts_at}: {}", answer.text))["free"]
            .as_u64()
            .unwrap()
    }

    /// The places taken in the slot starting at `starts_at`, as its counter holds them.
    pub async fn booked(&self, starts_at: &str) -> i64 {
        let at: DateTime<Utc> = starts_at.parse().unwrap();
        self.table()
            .get(&ecar_http::appointments::slots::counter_key(at))
            .await
            .unwrap()
            .and_then(|item| item.get("booked").and_then(Value::as_i64))
            .unwrap_or(0)
    }

    /// The outbox events of one type (events written within the same
    /// millisecond have no order).
    pub async fn events_of(&self, event_type: ecar_http::events::EventType) -> Vec<Event> {
        let mut events = self.events().await;
        events.retain(|event| event.event_type == event_type);
        events
    }

    /// Every event in the outbox, by id.
    pub async fn events(&self) -> Vec<Event> {
        let query = Query::partition(Index::Gsi1, ecar_http::events::PENDING_PARTITION).limit(1000);
        let page = self.table().query(&query).await.unwrap();
        page.items
            .into_iter()
            .filter(|item| item.get("sk") == Some(&Value::s(EVENT_SK)))
            .map(|item| from_item(item).unwrap())
            .collect()
    }

    /// How many appointment items the table holds.
    pub async fn appointment_count(&self) -> usize {
        let query = Query::partition(Index::Gsi1, ecar_http::appointments::CALENDAR).limit(1000);
        self.table().query(&query).await.unwrap().items.len()
    }
}
