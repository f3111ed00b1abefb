//! What the services tests share: the real router over the embedded table
//! (or a wrapper of it), callers of every role, customers with their cars,
//! and helpers to schedule and move services.

#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use ecar_http::{
    Clock,
    auth::{Role, users},
    cars::{Car, FuelType},
    customers::{
        Customer, Profile,
        create::{self, NewCustomer},
    },
    domain::{
        Address, CarId, CarMake, CarModel, Email, LicensePlate, Notes, PersonName, PhoneNumber,
    },
    idempotency::Created,
    store::{Item, Table, WriteOp},
    testing::app::{Answer, TestApp, request, start},
};
use ecar_store::{
    notify::{EmbeddedNotifier, SentMessage},
    table::EmbeddedTable,
};

use serde_json::{Value as Json, json};

/// The services function with staff, an admin, and a recording notifier.
pub struct World {
    /// The app.
    pub app: TestApp,
    /// What the notifier was asked to send.
    pub notifier: Arc<EmbeddedNotifier>,
    /// A staff member's token.
    pub staff: String,
    /// An admin's token.
    pub admin: String,
}

impl World {
    /// A fresh world over an in-memory table, its clock at [`start`].
    pub async fn new() -> Self {
        Self::at(start()).await
    }

    /// A fresh world, its clock at `now`.
    pub async fn at(now: DateTime<Utc>) -> Self {
        let clock = Clock::fixed(now);
        let table = EmbeddedTable::in_memory(clock.clone()).unwrap();
        Self::over(Arc::new(table), clock).await
    }

    /// A world over `table`.
    pub async fn over(table: Arc<dyn Table>, clock: Clock) -> Self {
        let mut app = TestApp::over(ecar_services::router(), table, clock.clone());
        // Keep a typed handle on the notifier to see what it sent.
        let notifier = Arc::new(EmbeddedNotifier::in_memory(clock));
        app.state.ports.notifier = notifier.clone();
        let router = ecar_services::router();
        app.router = router.with_state(app.state.clone());
        let staff = app.staff_token("staff.member", Role::Staff).await;
        let admin = app.staff_token("the.admin", Role::Admin).await;
        Self {
            app,
            notifier,
            staff,
            admin,
        }
    }

    /// The table.
    pub fn table(&self) -> &dyn Table {
        self.app.state.table.as_ref()
    }

    /// Fresh tokens for staff and admin (after moving the clock past their expiry).
    pub async fn renew_tokens(&mut self) {
        for (name, token) in [
            ("staff.member", &mut self.staff),
            ("the.admin", &mut self.admin),
        ] {
            let user = users::find_for_login(self.app.state.table.as_ref(), name)
                .await
                .unwrap()
                .unwrap();
            *token = self.app.token_of(&user.id).await;
        }
    }

    /// Sends a request.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Json>,
    ) -> Answer {
        self.app
            .send(request(method, path, token, body.as_ref()))
            .await
    }

    /// Sends a request as staff.
    pub async fn staff(&self, method: Method, path: &str, body: Option<Json>) -> Answer {
        self.call(method, path, Some(&self.staff), body).await
    }

    /// Creates a customer (and their login) through the domain.
    pub async fn customer(&self, first: &str, email: &str) -> Customer {
        let new = NewCustomer {
            profile: Profile {
                first_name: PersonName::parse(first).unwrap(),
                last_name: PersonName::parse("Test").unwrap(),
                email: Email::parse(email).unwrap(),
                phone: PhoneNumber::parse("98 123 456", "216").unwrap(),
                address: Address::default(),
                notes: Notes::default(),
            },
            username: None,
            password: None,
        };
        match create::create(&self.app.state, new, None).await.unwrap() {
            Created::New(customer) => customer,
            Created::Replayed(_) => panic!("no key, no replay"),
        }
    }

    /// A customer and an access token of their login.
    pub async fn customer_with_token(&self, first: &str, email: &str) -> (Customer, String) {
        let customer = self.customer(first, email).await;
        let token = self.app.token_of(&customer.user_id).await;
        (customer, token)
    }

    /// Stores a car of `customer` at `mileage` km; returns its id.
    pub async fn car(&self, customer: &Customer, mileage: u64) -> String {
        let id = CarId::generate(self.app.state.clock.now());
        self.table()
            .write(WriteOp::create(car_item(id.as_str(), customer, mileage)))
            .await
            .unwrap();
        id.to_string()
    }

    /// Reads a stored car item.
    pub async fn car_item(&self, id: &str) -> Item {
        let id = CarId::parse(id).unwrap();
        self.table()
            .get(&ecar_http::cars::car_key(id.as_str()))
            .await
            .unwrap()
            .unwrap()
    }

    /// Schedules a service on `car_id` for `date` as staff; returns it.
    pub async fn schedule(&self, car_id: &str, title: &str, date: &str) -> Json {
        let answer = self
            .staff(
                Method::POST,
                "/api/services",
                Some(json!({"car_id": car_id, "title": title, "scheduled_date": date})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.body
    }

    /// Posts `action` on service `id` as staff.
    pub async fn act(&self, id: &str, action: &str, body: Json) -> Answer {
        self.staff(
            Method::POST,
            &format!("/api/services/{id}/{action}"),
            Some(body),
        )
        .await
    }

    /// Reads service `id` as staff (200 expected).
    pub async fn read(&self, id: &str) -> Json {
        let answer = self
            .staff(Method::GET, &format!("/api/services/{id}"), None)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.body
    }

    /// The statistics, as staff.
    pub async fn statistics(&self) -> Json {
        let answer = self
            .staff(Method::GET, "/api/services/statistics", None)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.body
    }

    /// Everything the notifier sent, SMS only.
    pub fn texts(&self) -> Vec<(String, String)> {
        self.notifier
            .sent()
            .into_iter()
            .filter_map(|sent| match sent {
                SentMessage::Sms { phone, message, .. } => Some((phone, message)),
                _ => None,
            })
            .collect()
    }
}

/// A car item as the cars module stores it, registered at the test start.
pub fn car_item(id: &str, customer: &Customer, mileage: u64) -> Item {
    let registered = start();
    let mileage = u32::try_from(mileage).unwrap();
    let car = Car {
        id: CarId::parse(id).unwrap(),
        customer_id: customer.id.clone(),
        make: CarMake::parse("Peugeot").unwrap(),
        model: CarModel::parse("208").unwrap(),
        year: 2019,
        license_plate: LicensePlate::parse("185 TU 4521").unwrap(),
        vin: None,
        fuel_type: FuelType::Diesel,
        initial_mileage: mileage,
        mileage,
        mileage_recorded_at: registered,
        average_daily_mileage: None,
        last_service_date: None,
        last_service_mileage: None,
        next_service_date: None,
        next_service_mileage: None,
        legacy_id: None,
        version: 1,
        created_at: registered,
        updated_at: registered,
    };
    car.item().unwrap()
}
