//! What the invoices tests share: the real router over the embedded table
//! (and blobs, served on a port for presigned URLs, or S3 on moto), staff
//! and admin tokens, customers with logins, services with items, the outbox.

#![allow(dead_code)] // each test file uses its own subset

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicU64, Ordering},
};

use axum::{
    Router,
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use chrono::Utc;
use ecar_http::{
    AppState, Clock,
    auth::Role,
    blobs::Blobs,
    cars::{Car, FuelType, car_key},
    customers::{
        Profile,
        create::{self, NewCustomer},
    },
    domain::{
        Address, CarId, CarMake, CarModel, CustomerId, Email, ItemDescription, ItemName,
        LicensePlate, Money, Notes, PersonName, PhoneNumber, Quantity, ServiceId, ServiceItemId,
        ServiceTitle, ServiceType,
    },
    events::Event,
    idempotency::Created,
    services::{ItemType, Service, Status, commit::create_ops, items::ItemFields},
    store::{Table, Value, WriteOp},
    testing::app::{Answer, TestApp, raw, request, start},
};

use ecar_store::{
    blobs::EmbeddedBlobs,
    table::{ChangeRecord, EmbeddedTable, FaultyTable},
};

use serde_json::{Value as Json, json};
use tokio::sync::broadcast::{Receiver, error::TryRecvError};

/// A valid two-object PDF, small.
pub const SMALL_PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n107\n%%EOF\n";

/// The invoices function with staff, an admin, and the table's change feed.
pub struct World {
    /// The app.
    pub app: TestApp,
    /// The embedded table, for its change feed.
    pub table: Arc<EmbeddedTable>,
    /// A staff member's token.
    pub staff: String,
    /// An admin's token.
    pub admin: String,
    feed: Mutex<Receiver<ChangeRecord>>,
}

/// A customer with a login.
#[derive(Clone, Debug)]
pub struct Client {
    /// Their profile id.
    pub id: CustomerId,
    /// A token of their login.
    pub token: String,
}

impl World {
    /// A fresh world on in-memory blobs (presigned URLs are not served).
    pub async fn new() -> Self {
        let clock = Clock::fixed(start());
        let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
        let app = TestApp::over(ecar_invoices::router(), table.clone(), clock);
        Self::over(app, table).await
    }

    /// A fresh world whose table fails the calls armed on the returned wrapper.
    pub async fn with_faults() -> (Self, Arc<FaultyTable>) {
        let clock = Clock::fixed(start());
        let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
        let faulty = Arc::new(FaultyTable::new(table.clone()));
        let app = TestApp::over(ecar_invoices::router(), faulty.clone(), clock);
        (Self::over(app, table).await, faulty)
    }

    /// A world whose PDFs go to `blobs`.
    pub async fn with_blobs(blobs: Arc<dyn Blobs>) -> Self {
        let world = Self::new().await;
        let mut state = world.app.state.clone();
        state.ports.blobs = blobs;
        let router = ecar_invoices::router();
        let app = TestApp {
            router: router.with_state(state.clone()),
            state,
        };
        Self { app, ..world }
    }

    /// A world whose PDFs go to embedded blobs served on a local port, as
    /// the local runner serves them; returns the blobs too.
    pub async fn with_served_blobs() -> (Self, Arc<EmbeddedBlobs>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}/local-blobs", listener.local_addr().unwrap());
        let clock = Clock::fixed(start());
        let blobs = Arc::new(EmbeddedBlobs::in_memory(&base, &[9; 32], clock).unwrap());
        let served = Router::new().nest(
            "/local-blobs",
            ecar_http::http::local_blobs::router(blobs.clone()),
        );
        tokio::spawn(async move { axum::serve(listener, served).await.unwrap() });
        (Self::with_blobs(blobs.clone()).await, blobs)
    }

    async fn over(app: TestApp, table: Arc<EmbeddedTable>) -> Self {
        let staff = app.staff_token("staff.member", Role::Staff).await;
        let admin = app.staff_token("the.admin", Role::Admin).await;
        let feed = Mutex::new(table.subscribe());
        Self {
            app,
            table,
            staff,
            admin,
            feed,
        }
    }

    /// The state.
    pub fn state(&self) -> &AppState {
        &self.app.state
    }

    /// Sends a JSON request (or none).
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

    /// Sends a raw body.
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> Answer {
        self.app
            .send(raw(method, path, Some(token), content_type, body))
            .await
    }

    /// Sends a request as built.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        self.app.send(request).await
    }

    /// A customer with a login and a token.
    pub async fn client(&self, first: &str, last: &str) -> Client {
        static CLIENTS: AtomicU64 = AtomicU64::new(0);
        let email = format!(
            "client{}@client.tn",
            CLIENTS.fetch_add(1, Ordering::Relaxed)
        );
        let new = NewCustomer {
            profile: Profile {
                first_name: PersonName::parse(first).unwrap(),
                last_name: PersonName::parse(last).unwrap(),
                email: Email::parse(&email).unwrap(),
                phone: PhoneNumber::parse("+21698123456", "216").unwrap(),
                address: Address::parse("12 rue de Marseille\n1000 Tunis").unwrap(),
                notes: Notes::default(),
            },
            username: None,
            password: None,
        };
        let Created::New(customer) = create::create(self.state(), new, None).await.unwrap() else {
            panic!("a new customer");
        };
        let token = self.app.token_of(&customer.user_id).await;
        Client {
            id: customer.id,
            token,
        }
    }

    /// A car of `owner`, stored as the cars module writes it.
    pub async fn car(&self, owner: &CustomerId, make: &str, model: &str, plate: &str) -> CarId {
        let now = Utc::now();
        let car = Car {
            id: CarId::generate(now),
            customer_id: owner.clone(),
            make: CarMake::parse(make).unwrap(),
            model: CarModel::parse(model).unwrap(),
            year: 2019,
            license_plate: LicensePlate::parse(plate).unwrap(),
            vin: None,
            fuel_type: FuelType::Diesel,
            initial_mileage: 59_000,
            mileage: 59_000,
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
        self.table
            .write(WriteOp::create(car.item().unwrap()))
            .await
            .unwrap();
        car.id
    }

    /// A completed service of `owner` on `car` with items `(name, quantity, unit price)`.
    pub async fn service_on(
        &self,
        owner: &CustomerId,
        car: &CarId,
        items: &[(&str, &str, &str)],
    ) -> ServiceId {
        let id = ServiceId::generate(Utc::now());
        self.service_with_id(id, owner, car, items).await
    }

    /// A completed service with a given id (the sample events name theirs).
    pub async fn service_with_id(
        &self,
        id: ServiceId,
        owner: &CustomerId,
        car: &CarId,
        items: &[(&str, &str, &str)],
    ) -> ServiceId {
        let now = self.state().clock.now();
        let decimals = self.state().config.currency_decimals;
        let items: Vec<_> = items
            .iter()
            .map(|(name, quantity, price)| {
                ItemFields {
                    item_type: ItemType::Part,
                    name: ItemName::parse(name).unwrap(),
                    description: ItemDescription::default(),
                    quantity: Quantity::parse(quantity).unwrap(),
                    unit_price: serde_json::from_value::<Money>(json!(price)).unwrap(),
                }
                .priced(ServiceItemId::generate(Utc::now()), decimals)
                .unwrap()
            })
            .collect();
        let subtotal = ecar_http::services::items::subtotal(&items, decimals);
        let service = Service {
            id,
            car_id: car.clone(),
            customer_id: owner.clone(),
            title: ServiceTitle::parse("Révision des 60 000 km").unwrap(),
            description: Notes::default(),
            service_type: ServiceType::parse("maintenance").unwrap(),
            status: Status::Completed,
            scheduled_date: now.date_naive(),
            started_at: Some(now),
            completed_date: Some(now.date_naive()),
            completed_at: Some(now),
            service_mileage: Some(60_000),
            technician_notes: Notes::default(),
            cancel_reason: None,
            items,
            subtotal,
            invoice_id: None,
            invoice_status: None,
            legacy_id: None,
            appointment_id: None,
            technician_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let settings = self.state().config.counter_settings();
        let layout = create_ops(Vec::new(), &service, &settings).unwrap();
        self.table.transact(layout.ops).await.unwrap();
        service.id
    }

    /// A completed service of `owner` on a new car.
    pub async fn service(&self, owner: &CustomerId, items: &[(&str, &str, &str)]) -> ServiceId {
        let car = self.car(owner, "Peugeot", "208", "123TU4567").await;
        self.service_on(owner, &car, items).await
    }

    /// A draft for `service`, due in 30 days.
    pub async fn draft(&self, service: &ServiceId) -> Json {
        let answer = self
            .call(
                Method::POST,
                "/api/invoices",
                Some(&self.staff),
                Some(json!({"service_id": service, "due_date": "2026-04-01"})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.body
    }

    /// An action route as staff (`issue`, `cancel`...).
    pub async fn act(&self, id: &str, action: &str, body: Option<Json>) -> Answer {
        self.call(
            Method::POST,
            &format!("/api/invoices/{id}/{action}"),
            Some(&self.staff),
            body,
        )
        .await
    }

    /// An issued invoice of a new service of `owner`.
    pub async fn issued(&self, owner: &CustomerId, items: &[(&str, &str, &str)]) -> Json {
        let service = self.service(owner, items).await;
        let draft = self.draft(&service).await;
        let answer = self.act(draft["id"].as_str().unwrap(), "issue", None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.body
    }

    /// The outbox events committed since the last call.
    pub fn events(&self) -> Vec<Event> {
        let mut feed = self.feed.lock().unwrap();
        let mut events = Vec::new();
        loop {
            match feed.try_recv() {
                Ok(record) => {
                    if let Some(new) = record.new
                        && record.old.is_none()
                        && new.get("entity") == Some(&Value::s("event"))
                    {
                        events.push(Event::from_stored(new).unwrap());
                    }
                }
                Err(TryRecvError::Lagged(_)) => continue,
                Err(_) => return events,
            }
        }
    }

    /// The raw item of a customer profile.
    pub async fn customer_item(&self, id: &CustomerId) -> ecar_http::store::Item {
        self.table
            .get(&ecar_http::customers::customer_key(id.as_str()))
            .await
            .unwrap()
            .unwrap()
    }

    /// What was paid for a car's services (`total_spent_minor` on its item).
    pub async fn car_spent(&self, car_id: &str) -> Value {
        let car = self.table.get(&car_key(car_id)).await.unwrap().unwrap();
        car.get("total_spent_minor").cloned().unwrap_or(Value::n(0))
    }

    /// Reads an invoice as staff.
    pub async fn invoice(&self, id: &str) -> Json {
        let answer = self
            .call(
                Method::GET,
                &format!("/api/invoices/{id}"),
                Some(&self.staff),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.body
    }
}

/// A multipart body with one file part.
pub fn multipart(
    field: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> (String, Vec<u8>) {
    multipart_files(&[(field, file_name, content_type, bytes)])
}

/// A multipart body with several file parts.
pub fn multipart_files(parts: &[(&str, &str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "ecar-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (field, file_name, content_type, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(format!("Content-Type: {content_type}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A request with a raw body and a bearer token.
pub fn upload(path: &str, token: &str, content_type: &str, body: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap()
}
