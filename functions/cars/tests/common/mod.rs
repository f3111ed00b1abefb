//! What the cars tests share: the real router over the embedded table,
//! customers made through the customers domain, and callers of every role.

#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use ecar_http::{
    Clock, Config,
    auth::Role,
    customers::{
        Profile,
        create::{self, NewCustomer},
    },
    domain::{Email, PersonName, PhoneNumber},
    idempotency::Created,
    store::Table,
    testing::app::{Answer, TestApp, request, start},
};
use ecar_store::table::EmbeddedTable;

use serde_json::{Value, json};

/// The cars function with staff, an admin, and two customers.
pub struct World {
    /// The app.
    pub app: TestApp,
    /// A staff member's token.
    pub staff: String,
    /// An admin's token.
    pub admin: String,
    staff_id: String,
    admin_id: String,
}

/// A customer and a token of their login.
pub struct Owner {
    /// The customer id.
    pub id: String,
    /// Their login.
    pub user_id: String,
    /// Their token (minted at creation: it lasts 10 minutes of test clock).
    pub token: String,
}

impl World {
    /// A fresh world with the default configuration.
    pub async fn new() -> Self {
        Self::configured(|_| {}).await
    }

    /// A fresh world with a tweaked configuration.
    pub async fn configured(configure: impl FnOnce(&mut Config)) -> Self {
        let clock = Clock::fixed(start());
        let table: Arc<dyn Table> = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
        Self::build(table, clock, configure).await
    }

    /// A world over `table` (the DynamoDB adapter, say).
    pub async fn over(table: Arc<dyn Table>, clock: Clock) -> Self {
        Self::build(table, clock, |_| {}).await
    }

    async fn build(
        table: Arc<dyn Table>,
        clock: Clock,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let app = TestApp::configured(ecar_cars::router(), table, clock, configure);
        let staff_id = app.staff_account("staff.member", Role::Staff).await;
        let admin_id = app.staff_account("the.admin", Role::Admin).await;
        Self {
            staff: app.token_of(&staff_id).await,
            admin: app.token_of(&admin_id).await,
            app,
            staff_id,
            admin_id,
        }
    }

    /// Sends a request.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        self.app
            .send(request(method, path, token, body.as_ref()))
            .await
    }

    /// A customer, created through the customers domain, and their token.
    pub async fn owner(&self, name: &str) -> Owner {
        let new = NewCustomer {
            profile: Profile {
                first_name: PersonName::parse(name).unwrap(),
                last_name: PersonName::parse("Test").unwrap(),
                email: Email::parse(&format!("{}@example.tn", name.to_lowercase())).unwrap(),
                phone: PhoneNumber::parse("98 123 456", "216").unwrap(),
                address: Default::default(),
                notes: Default::default(),
            },
            username: None,
            password: None,
        };
        let Created::New(customer) = create::create(&self.app.state, new, None).await.unwrap()
        else {
            panic!("a new customer")
        };
        Owner {
            id: customer.id.to_string(),
            token: self.app.token_of(&customer.user_id).await,
            user_id: customer.user_id,
        }
    }

    /// Registers a car as staff; returns the car JSON.
    pub async fn car(&self, owner: &Owner, plate: &str, extra: Value) -> Value {
        let mut body = json!({
            "customer_id": owner.id,
            "make": "Peugeot",
            "model": "208",
            "year": 2019,
            "license_plate": plate,
            "fuel_type": "diesel",
            "initial_mileage": 50_000,
        });
        for (name, value) in extra.as_object().unwrap() {
            body[name] = value.clone();
        }
        let answer = self
            .call(Method::POST, "/api/cars", Some(&self.staff), Some(body))
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.body
    }

    /// Reads a car as staff.
    pub async fn read(&self, id: &str) -> Answer {
        self.call(
            Method::GET,
            &format!("/api/cars/{id}"),
            Some(&self.staff),
            None,
        )
        .await
    }

    /// Moves the clock forward; staff, admin and `owners` get fresh tokens.
    pub async fn advance(&mut self, by: chrono::Duration, owners: &mut [&mut Owner]) {
        self.app.state.clock.advance(by);
        self.staff = self.app.token_of(&self.staff_id).await;
        self.admin = self.app.token_of(&self.admin_id).await;
        for owner in owners {
            owner.token = self.app.token_of(&owner.user_id).await;
        }
    }
}
