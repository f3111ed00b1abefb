//! Replays the Django ECAR's own API document (`fixtures/django-api-swagger.yaml`,
//! a copy of the reference the original published) against every router of
//! this one, on the embedded store, with real accounts and real tokens.
//!
//! Every operation the document lists is either replayed or named in
//! [`WITHOUT_COUNTERPART`] with the reason; a new operation in the document,
//! or a stale entry here, fails the test. A replayed operation sends one
//! request built from the document itself: its path (with the original's
//! trailing slash) on entities made for it, its query parameters, and a body
//! of the fields its schema or form parameters name, with realistic values.
//! The answer must be a success (or a redirect): not refused for its path,
//! method, content type or field names.
//!
//! Where the document's body is not what the original's view read (drf-yasg
//! showed the viewset's serializer on every action), the replay sends what
//! the view read, and says so; where this API needs a field the original did
//! not have, the replay adds it, and says why. Both are listed in the
//! README's compatibility table.

use std::collections::BTreeSet;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use ecar_http::{
    accounts::{self, NewAccount},
    auth::Role,
    notifications::Dispatcher,
    testing::app::{Answer, TestApp, request},
};
use serde_json::{Map, Value, json};

/// The password of the accounts made with one.
const PASSWORD: &str = "Atelier-Gharbi-2024";
/// The customer's password after the document's `PUT` change-password.
const NEW_CUSTOMER_PASSWORD: &str = "Kammoun-Lac-1053-bis";
/// The staff member's password after the document's `PATCH` change-password.
const NEW_STAFF_PASSWORD: &str = "Gharbi-Atelier-2025";
/// A valid two-object PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n107\n%%EOF\n";

/// Operations of the document this API does not serve in the original's
/// shape, and why (the README's table says what to do instead).
const WITHOUT_COUNTERPART: &[(&str, &str)] = &[
    (
        "customers_bulk_create",
        "the original read a multipart upload `file` (a CSV), not the documented body; here the CSV (or a JSON array) is the request body itself",
    ),
    (
        "invoices_bulk_upload",
        "the original read a multipart `metadata` CSV and `pdf_files`, not the documented form; here a multipart of PDFs named by invoice number, or a zip",
    ),
    (
        "services_bulk_update",
        "the original read a CSV `file` of id,status rows that set any status (the plain-update hole); here `{ids, changes}` changes fields, never the status",
    ),
    (
        "notifications_update",
        "a notification is the record of a message sent: only its customer marks it read (mark_read)",
    ),
    (
        "notifications_partial_update",
        "a notification is the record of a message sent: only its customer marks it read (mark_read)",
    ),
    (
        "notifications_delete",
        "a notification is the record of a message sent: it is not deleted",
    ),
];

/// Who sends a replayed request.
#[derive(Clone, Copy, Debug)]
enum Who {
    Admin,
    Staff,
    Customer,
    Anonymous,
}

/// What a replayed request carries.
#[derive(Clone, Copy)]
enum Sent {
    /// The document's body: every writable field of its schema, or its form
    /// parameters (but files).
    Documented,
    /// These fields of the document's body only, and why: the original's
    /// view read no other (the document shows the viewset's serializer).
    Only(&'static [&'static str], &'static str),
    /// No body, and why: the original's view read none.
    Nothing(&'static str),
    /// What the original's view read, which the document does not show, and why.
    Read(fn(&World) -> Value, &'static str),
    /// The document's `pdf_file`, as a multipart upload of a real PDF.
    PdfFile,
}

/// One operation of the document, replayed.
struct Replay {
    operation: &'static str,
    who: Who,
    /// The entity the path's `{id}` names.
    id: Option<fn(&World) -> String>,
    body: Sent,
    /// Fields this API needs that the original did not have, and why.
    extra_fields: Option<(ExtraFields, &'static str)>,
    /// A query this API needs that the document does not show, and why.
    extra_query: Option<(ExtraQuery, &'static str)>,
}

/// Fields added to a replayed body, from the entities made for it.
type ExtraFields = fn(&World) -> Value;
/// A query added to a replayed request (`name=value`).
type ExtraQuery = fn(&World) -> String;

/// Why an action is replayed without the body the document shows.
const READS_NOTHING: &str = "the view read no field (the document shows the viewset's serializer)";

const fn replay(operation: &'static str) -> Replay {
    Replay {
        operation,
        who: Who::Admin,
        id: None,
        body: Sent::Documented,
        extra_fields: None,
        extra_query: None,
    }
}

impl Replay {
    const fn by(mut self, who: Who) -> Self {
        self.who = who;
        self
    }
    const fn on(mut self, id: fn(&World) -> String) -> Self {
        self.id = Some(id);
        self
    }
    const fn body(mut self, body: Sent) -> Self {
        self.body = body;
        self
    }
    const fn adding(mut self, fields: ExtraFields, why: &'static str) -> Self {
        self.extra_fields = Some((fields, why));
        self
    }
    const fn querying(mut self, query: ExtraQuery, why: &'static str) -> Self {
        self.extra_query = Some((query, why));
        self
    }

    /// Where the request leaves the document, and why.
    fn deviations(&self) -> Vec<&'static str> {
        let body = match self.body {
            Sent::Only(_, why) | Sent::Nothing(why) | Sent::Read(_, why) => Some(why),
            Sent::Documented | Sent::PdfFile => None,
        };
        body.into_iter()
            .chain(self.extra_fields.map(|(_, why)| why))
            .chain(self.extra_query.map(|(_, why)| why))
            .collect()
    }
}

/// Every replayed operation, in the order they are sent (entities that an
/// operation changes or deletes are its own).
fn replays() -> Vec<Replay> {
    vec![
        // Authentication
        replay("auth_token_create").by(Who::Anonymous),
        replay("auth_token_refresh_create").by(Who::Anonymous),
        replay("admin-login_create").by(Who::Anonymous),
        replay("auth_register_create").by(Who::Anonymous),
        replay("auth_change-password_update").by(Who::Customer),
        replay("auth_change-password_partial_update").by(Who::Staff),
        replay("get-user-data_list"),
        // Users
        replay("users_list"),
        replay("users_create").adding(
            |_| json!({"role": "staff", "password": "Jaziri-Atelier-2026"}),
            "an account here has a role (staff or admin; customers come with their profile) and a password",
        ),
        replay("users_read").on(|w| w.staff_user.clone()),
        replay("users_update").on(|w| w.staff_user.clone()),
        replay("users_partial_update").on(|w| w.staff_user.clone()),
        replay("users_delete").on(|w| w.spare_user.clone()),
        // Customers
        replay("customers_list"),
        replay("customers_create"),
        replay("customers_export"),
        replay("customers_me").by(Who::Customer),
        replay("customers_read").on(|w| w.customer.clone()),
        replay("customers_update").on(|w| w.customer.clone()),
        replay("customers_partial_update").on(|w| w.customer.clone()),
        replay("customers_cars").on(|w| w.customer.clone()),
        replay("customers_service_history").on(|w| w.customer.clone()),
        replay("customers_statistics").on(|w| w.customer.clone()),
        replay("customers_update_address")
            .on(|w| w.customer.clone())
            .body(Sent::Only(&["address"], "the view read only `address`")),
        replay("customers_delete").on(|w| w.spare_customer.clone()),
        // Cars
        replay("cars_list"),
        replay("cars_create"),
        replay("cars_read").on(|w| w.car.clone()),
        replay("cars_update").on(|w| w.car.clone()),
        replay("cars_partial_update").on(|w| w.car.clone()),
        replay("cars_services").on(|w| w.car.clone()),
        replay("cars_delete").on(|w| w.spare_car.clone()),
        // Services
        replay("services_list"),
        replay("services_create"),
        replay("services_upcoming"),
        replay("services_in_progress"),
        replay("services_completed"),
        replay("services_statistics"),
        replay("services_read").on(|w| w.service.clone()),
        replay("services_update").on(|w| w.service.clone()),
        replay("services_partial_update").on(|w| w.service.clone()),
        replay("services_items").on(|w| w.service.clone()),
        replay("services_invoice").on(|w| w.issued_service.clone()),
        replay("services_reschedule")
            .on(|w| w.service.clone())
            .body(Sent::Only(
                &["scheduled_date"],
                "the view read only `scheduled_date`",
            )),
        replay("services_complete")
            .on(|w| w.service_to_complete.clone())
            .body(Sent::Only(
                &["technician_notes"],
                "the view read only `technician_notes`",
            )),
        replay("services_cancel")
            .on(|w| w.service_to_cancel.clone())
            .body(Sent::Read(
                |_| json!({"reason": "Client injoignable"}),
                "the view read `reason`, which the document does not show",
            )),
        replay("services_send_sms_notification")
            .on(|w| w.service.clone())
            .body(Sent::Nothing(READS_NOTHING)),
        replay("services_delete").on(|w| w.service_to_delete.clone()),
        // Service items
        replay("service-items_list").querying(
            |w| format!("service={}", w.service),
            "items are listed per service here: a list of every item of the garage would read every service",
        ),
        replay("service-items_create"),
        replay("service-items_read").on(|w| w.item.clone()),
        replay("service-items_update").on(|w| w.item.clone()),
        replay("service-items_partial_update").on(|w| w.item.clone()),
        replay("service-items_delete").on(|w| w.spare_item.clone()),
        // Invoices
        replay("invoices_list"),
        replay("invoices_create"),
        replay("invoices_paid"),
        replay("invoices_unpaid"),
        replay("invoices_refunded"),
        replay("invoices_statistics"),
        replay("invoices_read").on(|w| w.draft.clone()),
        replay("invoices_update").on(|w| w.draft.clone()),
        replay("invoices_partial_update").on(|w| w.draft.clone()),
        replay("invoices_upload_pdf")
            .on(|w| w.issued.clone())
            .body(Sent::PdfFile),
        replay("invoices_download").on(|w| w.issued.clone()),
        replay("invoices_send_sms_notification")
            .on(|w| w.issued.clone())
            .body(Sent::Nothing(READS_NOTHING)),
        replay("invoices_mark_as_paid")
            .on(|w| w.to_pay.clone())
            .body(Sent::Nothing("the view read only payment_notes"))
            .adding(
                |_| json!({"payment_method": "cash"}),
                "the original's view read only payment_notes (kept nowhere here); a payment here records how it was paid",
            ),
        replay("invoices_refund").on(|w| w.paid.clone()),
        replay("invoices_delete").on(|w| w.spare_draft.clone()),
        // Notifications
        replay("notifications_list"),
        replay("notifications_create"),
        replay("notifications_read").on(|w| w.notification.clone()),
        replay("notifications_mark_read")
            .by(Who::Customer)
            .on(|w| w.notification.clone())
            .body(Sent::Nothing(READS_NOTHING)),
        replay("notifications_mark_all_read")
            .by(Who::Customer)
            .body(Sent::Nothing(READS_NOTHING)),
    ]
}

/// The document.
struct Document {
    yaml: Value,
}

/// One operation of the document.
struct Operation {
    id: String,
    method: Method,
    /// As the document writes it, from its base path: `/cars/{id}/`.
    path: String,
    /// The path item's parameters and the operation's.
    parameters: Vec<Value>,
}

impl Document {
    fn read() -> Self {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/django-api-swagger.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let yaml: serde_norway::Value = serde_norway::from_str(&text).unwrap();
        Self {
            yaml: serde_json::to_value(yaml).unwrap(),
        }
    }

    fn operations(&self) -> Vec<Operation> {
        let mut operations = Vec::new();
        for (path, item) in self.yaml["paths"].as_object().unwrap() {
            let shared: Vec<Value> = item["parameters"].as_array().cloned().unwrap_or_default();
            for (method, operation) in item.as_object().unwrap() {
                let method = match method.as_str() {
                    "get" => Method::GET,
                    "post" => Method::POST,
                    "put" => Method::PUT,
                    "patch" => Method::PATCH,
                    "delete" => Method::DELETE,
                    "parameters" => continue,
                    other => panic!("{path}: an operation {other} the replay does not know"),
                };
                let mut parameters = shared.clone();
                parameters.extend(
                    operation["parameters"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default(),
                );
                operations.push(Operation {
                    id: operation["operationId"].as_str().unwrap().to_string(),
                    method,
                    path: path.clone(),
                    parameters,
                });
            }
        }
        operations
    }

    /// A definition, by `$ref` (`#/definitions/Car`) or name.
    fn definition<'a>(&'a self, reference: &'a str) -> (&'a str, &'a Value) {
        let name = reference.trim_start_matches("#/definitions/");
        let definition = &self.yaml["definitions"][name];
        assert!(definition.is_object(), "no definition {name}");
        (name, definition)
    }
}

/// Entities made for the replays, and the tokens of who sends them.
struct World {
    app: TestApp,
    admin: String,
    staff: String,
    customer_token: String,
    admin_refresh: String,
    staff_user: String,
    staff_username: String,
    spare_user: String,
    customer: String,
    customer_user: String,
    customer_username: String,
    customer_email: String,
    spare_customer: String,
    car: String,
    car_plate: String,
    car_vin: String,
    spare_car: String,
    service: String,
    service_to_complete: String,
    service_to_cancel: String,
    service_to_delete: String,
    service_to_invoice: String,
    issued_service: String,
    item: String,
    spare_item: String,
    draft: String,
    draft_service: String,
    spare_draft: String,
    issued: String,
    to_pay: String,
    paid: String,
    notification: String,
}

impl World {
    async fn call(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Answer {
        self.app
            .send(request(method, path, Some(token), body.as_ref()))
            .await
    }

    async fn made(&self, path: &str, body: Value) -> Value {
        let answer = self.call(Method::POST, path, &self.admin, Some(body)).await;
        assert!(answer.status.is_success(), "{path}: {}", answer.text);
        answer.body
    }

    async fn login(app: &TestApp, username: &str, password: &str) -> (String, String) {
        let answer = app
            .send(request(
                Method::POST,
                "/api/token",
                None,
                Some(&json!({"username": username, "password": password})),
            ))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        (
            answer.body["access"].as_str().unwrap().to_string(),
            answer.body["refresh"].as_str().unwrap().to_string(),
        )
    }

    async fn account(app: &TestApp, username: &str, role: Role) {
        let state = &app.state;
        accounts::create_user(
            state.table.as_ref(),
            &state.passwords,
            &state.clock,
            NewAccount {
                username: username.into(),
                email: format!("{username}@garage.tn"),
                password: PASSWORD.into(),
                role,
                first_name: "Hatem".into(),
                last_name: "Gharbi".into(),
            },
        )
        .await
        .unwrap();
    }

    /// The garage the replays work on, made through this API's own routes.
    async fn make() -> Self {
        let app = TestApp::new(ecar::router());
        Self::account(&app, "admin", Role::Admin).await;
        Self::account(&app, "h.gharbi", Role::Staff).await;
        let (admin, _) = Self::login(&app, "admin", PASSWORD).await;
        // A session of its own, whose refresh token the replay spends.
        let (_, admin_refresh) = Self::login(&app, "admin", PASSWORD).await;
        let (staff, _) = Self::login(&app, "h.gharbi", PASSWORD).await;
        let mut world = Self {
            app,
            admin,
            staff,
            admin_refresh,
            customer_token: String::new(),
            staff_user: String::new(),
            staff_username: String::new(),
            spare_user: String::new(),
            customer: String::new(),
            customer_user: String::new(),
            customer_username: String::new(),
            customer_email: String::new(),
            spare_customer: String::new(),
            car: String::new(),
            car_plate: String::new(),
            car_vin: String::new(),
            spare_car: String::new(),
            service: String::new(),
            service_to_complete: String::new(),
            service_to_cancel: String::new(),
            service_to_delete: String::new(),
            service_to_invoice: String::new(),
            issued_service: String::new(),
            item: String::new(),
            spare_item: String::new(),
            draft: String::new(),
            draft_service: String::new(),
            spare_draft: String::new(),
            issued: String::new(),
            to_pay: String::new(),
            paid: String::new(),
            notification: String::new(),
        };
        world.make_people().await;
        world.make_cars_and_services().await;
        world.make_invoices().await;
        world.make_notification().await;
        world
    }

    async fn make_people(&mut self) {
        let user = |username: &str| {
            json!({
                "username": username,
                "email": format!("{username}@garage.tn"),
                "password": PASSWORD,
                "role": "staff",
            })
        };
        let staff = self.made("/api/users", user("s.jaziri")).await;
        self.staff_user = staff["id"].as_str().unwrap().into();
        self.staff_username = "s.jaziri".into();
        let spare = self.made("/api/users", user("spare.staff")).await;
        self.spare_user = spare["id"].as_str().unwrap().into();

        let customer = self
            .made(
                "/api/customers",
                json!({
                    "first_name": "Leila",
                    "last_name": "Kammoun",
                    "email": "leila.kammoun@example.tn",
                    "phone": "+216 98 123 456",
                    "username": "l.kammoun",
                    "password": PASSWORD,
                }),
            )
            .await;
        self.customer = customer["id"].as_str().unwrap().into();
        self.customer_user = customer["user_id"].as_str().unwrap().into();
        self.customer_username = "l.kammoun".into();
        self.customer_email = "leila.kammoun@example.tn".into();
        (self.customer_token, _) = Self::login(&self.app, "l.kammoun", PASSWORD).await;
        let spare = self
            .made(
                "/api/customers",
                json!({
                    "first_name": "Karim",
                    "last_name": "Mansour",
                    "email": "karim.mansour@example.tn",
                    "phone": "+216 22 456 789",
                }),
            )
            .await;
        self.spare_customer = spare["id"].as_str().unwrap().into();
    }

    async fn car(&self, plate: &str, vin: Option<&str>) -> String {
        let car = self
            .made(
                "/api/cars",
                json!({
                    "customer_id": self.customer,
                    "make": "Peugeot",
                    "model": "208",
                    "year": 2019,
                    "license_plate": plate,
                    "vin": vin,
                    "fuel_type": "diesel",
                    "initial_mileage": 59_000,
                }),
            )
            .await;
        car["id"].as_str().unwrap().into()
    }

    async fn service(&self, title: &str) -> String {
        let service = self
            .made(
                "/api/services",
                json!({"car_id": self.car, "title": title, "scheduled_date": "2026-03-20"}),
            )
            .await;
        service["id"].as_str().unwrap().into()
    }

    /// Adds a part to a service; returns its `<service>-<item>` id.
    async fn item(&self, service: &str) -> String {
        let changed = self
            .made(
                &format!("/api/services/{service}/items"),
                json!({"item_type": "part", "name": "Plaquettes", "quantity": "1", "unit_price": "100"}),
            )
            .await;
        let item = changed["items"].as_array().unwrap().last().unwrap();
        format!("{service}-{}", item["id"].as_str().unwrap())
    }

    async fn make_cars_and_services(&mut self) {
        self.car_plate = "123TU4567".into();
        self.car_vin = "VF3CCHMZ6KW012345".into();
        self.car = self.car("123 TU 4567", Some("VF3CCHMZ6KW012345")).await;
        self.spare_car = self.car("124 TU 4567", None).await;
        self.service = self.service("Freins avant").await;
        self.item = self.item(&self.service).await;
        self.spare_item = self.item(&self.service).await;
        self.service_to_complete = self.service("Vidange").await;
        self.service_to_cancel = self.service("Pneus").await;
        self.service_to_delete = self.service("Climatisation").await;
        self.service_to_invoice = self.service("Distribution").await;
    }

    /// A service with a part, and its invoice: a draft, or issued.
    async fn invoice(&self, title: &str, issue: bool) -> (String, String) {
        let service = self.service(title).await;
        self.item(&service).await;
        let draft = self
            .made(
                "/api/invoices",
                json!({"service_id": service, "due_date": "2026-04-01"}),
            )
            .await;
        let id = draft["id"].as_str().unwrap().to_string();
        if issue {
            self.made(&format!("/api/invoices/{id}/issue"), json!({}))
                .await;
        }
        (service, id)
    }

    async fn make_invoices(&mut self) {
        (self.draft_service, self.draft) = self.invoice("Révision", false).await;
        (_, self.spare_draft) = self.invoice("Batterie", false).await;
        (self.issued_service, self.issued) = self.invoice("Embrayage", true).await;
        (_, self.to_pay) = self.invoice("Amortisseurs", true).await;
        let (_, paid) = self.invoice("Échappement", true).await;
        self.made(
            &format!("/api/invoices/{paid}/mark_as_paid"),
            json!({"payment_method": "card"}),
        )
        .await;
        self.paid = paid;
    }

    async fn make_notification(&mut self) {
        self.made(
            "/api/notifications",
            json!({"title": "Bienvenue", "message": "Votre espace est prêt.", "customer_id": self.customer}),
        )
        .await;
        Dispatcher::new(&self.app.state.ports)
            .dispatch_pending()
            .await
            .unwrap();
        let inbox = self
            .call(
                Method::GET,
                "/api/notifications",
                &self.customer_token,
                None,
            )
            .await;
        self.notification = inbox.body["results"][0]["id"].as_str().unwrap().into();
    }

    fn token(&self, who: Who) -> Option<&str> {
        match who {
            Who::Admin => Some(&self.admin),
            Who::Staff => Some(&self.staff),
            Who::Customer => Some(&self.customer_token),
            Who::Anonymous => None,
        }
    }
}

/// A realistic value for a field of an operation's body, as a client of the
/// original would fill it in (the entities' own values where a form restates
/// them). A field without one fails the test: a new field of the document
/// must get a value here.
fn value(world: &World, operation: &str, field: &str) -> Value {
    let restating = operation.ends_with("_update") || operation.ends_with("_partial_update");
    match (operation, field) {
        ("auth_token_create" | "admin-login_create", "username") => json!("admin"),
        ("auth_token_create" | "admin-login_create", "password") => json!(PASSWORD),
        ("auth_token_refresh_create", "refresh") => json!(world.admin_refresh),
        ("auth_change-password_update", "old_password") => json!(PASSWORD),
        ("auth_change-password_update", "new_password" | "confirm_password") => {
            json!(NEW_CUSTOMER_PASSWORD)
        }
        ("auth_change-password_partial_update", "old_password") => json!(PASSWORD),
        ("auth_change-password_partial_update", "new_password" | "confirm_password") => {
            json!(NEW_STAFF_PASSWORD)
        }
        ("auth_register_create", "username") => json!("s.trabelsi"),
        ("auth_register_create", "password" | "password_confirm") => json!("Trabelsi-Sfax-2024"),
        ("auth_register_create", "email") => json!("sami.trabelsi@example.tn"),
        ("auth_register_create", "phone") => json!("+216 22 345 678"),
        ("users_create", "username") => json!("m.jaziri"),
        ("users_create", "email") => json!("m.jaziri@garage.tn"),
        ("users_update" | "users_partial_update", "username") => json!(world.staff_username),
        ("users_update" | "users_partial_update", "email") => json!("s.jaziri@garage.tn"),
        ("customers_create", "username") => json!("n.bensalah"),
        ("customers_create", "email") => json!("nour.bensalah@example.tn"),
        ("customers_update" | "customers_partial_update", "username") => {
            json!(world.customer_username)
        }
        ("customers_update" | "customers_partial_update", "email") => json!(world.customer_email),
        (_, "username") => json!("n.bensalah"),
        (_, "email") => json!("nour.bensalah@example.tn"),
        (_, "first_name") => json!("Nour"),
        (_, "last_name") => json!("Ben Salah"),
        (_, "phone") => json!("+216 98 765 432"),
        (_, "address") => json!("Rue du Lac Léman\n1053 Les Berges du Lac"),
        ("cars_create", "license_plate") => json!("RS123456"),
        ("cars_create", "vin") => json!(null),
        ("cars_create", "mileage") => json!(42_000),
        (_, "license_plate") => json!(world.car_plate),
        (_, "vin") => json!(world.car_vin),
        (_, "mileage") => json!(59_000),
        (_, "customer_id") => json!(world.customer),
        (_, "make") => json!("Peugeot"),
        (_, "model") => json!("2008"),
        (_, "year") => json!(2019),
        (_, "fuel_type") => json!("diesel"),
        (_, "car_id") => json!(world.car),
        (_, "title") => json!("Plaquettes et disques avant"),
        (_, "description") => json!("Remplacement des plaquettes et des disques"),
        (_, "status") if operation.starts_with("services_") => json!("scheduled"),
        (_, "status") if operation.starts_with("invoices_") => json!("draft"),
        (_, "scheduled_date") => json!("2026-03-25T09:30:00+01:00"),
        (_, "completed_date") => json!(null),
        (_, "technician_notes") => json!("Disques à surveiller"),
        ("invoices_create", "service_id") => json!(world.service_to_invoice),
        (_, "service_id") if restating => json!(world.draft_service),
        (_, "service_id") => json!(world.service_to_invoice),
        (_, "due_date") => json!("2026-04-15"),
        (_, "notes") => json!("Paiement à réception"),
        ("invoices_refund", "refund_amount") => json!("25.50"),
        ("invoices_refund", "refund_reason") => json!("Pièce retournée"),
        (_, "refund_date" | "refund_amount" | "refund_reason") => json!(null),
        (_, "user_id") => json!(world.customer_user),
        (_, "message") => json!("Votre voiture est prête."),
        (_, "notification_type") => json!("general"),
        (_, "is_read") => json!(false),
        ("service-items_create", "service") => json!(world.service),
        (_, "service") => json!(world.service),
        (_, "item_type") => json!("part"),
        (_, "name") => json!("Plaquettes avant"),
        (_, "quantity") => json!(2),
        (_, "unit_price") => json!("126.50"),
        _ => panic!("{operation}: no realistic value for `{field}`: add one"),
    }
}

/// Nested objects the original's serializers wrote (every other `$ref`
/// property is a read-only representation beside an `*_id` field).
const WRITTEN_NESTED: &[(&str, &str)] = &[("Customer", "user")];

/// The body of a definition: its writable fields (only `only` when given).
fn object_of(
    document: &Document,
    world: &World,
    operation: &str,
    reference: &str,
    only: Option<&[&str]>,
) -> Value {
    let (name, definition) = document.definition(reference);
    let mut body = Map::new();
    for (field, schema) in definition["properties"].as_object().unwrap() {
        if only.is_some_and(|only| !only.contains(&field.as_str())) {
            continue;
        }
        if schema["readOnly"] == true {
            continue;
        }
        if let Some(nested) = schema["$ref"].as_str() {
            if WRITTEN_NESTED.contains(&(name, field.as_str())) {
                body.insert(
                    field.clone(),
                    object_of(document, world, operation, nested, None),
                );
            }
            continue;
        }
        body.insert(field.clone(), value(world, operation, field));
    }
    if let Some(only) = only {
        for field in only {
            assert!(
                body.contains_key(*field),
                "{operation}: the document has no `{field}`"
            );
        }
    }
    Value::Object(body)
}

/// The request the document describes for `operation`.
fn documented_request(
    document: &Document,
    world: &World,
    operation: &Operation,
    how: &Replay,
) -> Request<Body> {
    let mut path = format!("/api{}", operation.path);
    if operation.path.contains("{id}") {
        let id = how
            .id
            .unwrap_or_else(|| panic!("{}: which entity does {{id}} name?", operation.id));
        path = path.replace("{id}", &id(world));
    }
    let mut query = Vec::new();
    for parameter in operation.parameters.iter().filter(|p| p["in"] == "query") {
        let name = parameter["name"].as_str().unwrap();
        let value = match name {
            "search" => "Kammoun",
            "ordering" => "-created_at",
            "limit" => "10",
            "offset" => "0",
            other => panic!("{}: no value for the query parameter {other}", operation.id),
        };
        query.push(format!("{name}={value}"));
    }
    if let Some((extra, _)) = how.extra_query {
        query.push(extra(world));
    }
    if !query.is_empty() {
        path = format!("{path}?{}", query.join("&"));
    }

    let body_schema = operation
        .parameters
        .iter()
        .find(|p| p["in"] == "body")
        .map(|p| &p["schema"]);
    let form: Vec<&Value> = operation
        .parameters
        .iter()
        .filter(|p| p["in"] == "formData")
        .collect();
    let documented = |only: Option<&[&str]>| -> Value {
        if let Some(schema) = body_schema {
            if let Some(reference) = schema["$ref"].as_str() {
                return object_of(document, world, &operation.id, reference, only);
            }
            // An inline schema (the admin login's).
            let mut body = Map::new();
            for field in schema["properties"].as_object().unwrap().keys() {
                if only.is_none_or(|only| only.contains(&field.as_str())) {
                    body.insert(field.clone(), value(world, &operation.id, field));
                }
            }
            return Value::Object(body);
        }
        // Form parameters: the original's parsers took them as JSON too. A
        // file is uploaded with its own route here.
        let mut body = Map::new();
        for parameter in &form {
            let field = parameter["name"].as_str().unwrap();
            if parameter["type"] == "file" || only.is_some_and(|only| !only.contains(&field)) {
                continue;
            }
            body.insert(field.to_string(), value(world, &operation.id, field));
        }
        Value::Object(body)
    };
    let body = match how.body {
        Sent::Documented if body_schema.is_none() && form.is_empty() => None,
        Sent::Documented => Some(documented(None)),
        Sent::Only(fields, _) => Some(documented(Some(fields))),
        Sent::Read(read, _) => Some(read(world)),
        Sent::Nothing(_) => None,
        Sent::PdfFile => {
            assert!(
                form.iter()
                    .any(|p| p["name"] == "pdf_file" && p["type"] == "file"),
                "{}: the document has no pdf_file",
                operation.id
            );
            return multipart_pdf(&operation.method, &path, world.token(how.who));
        }
    };
    let body = match (body, how.extra_fields) {
        (Some(Value::Object(mut body)), Some((extra, _))) => {
            body.extend(extra(world).as_object().unwrap().clone());
            Some(Value::Object(body))
        }
        (None, Some((extra, _))) => Some(extra(world)),
        (body, _) => body,
    };
    request(
        operation.method.clone(),
        &path,
        world.token(how.who),
        body.as_ref(),
    )
}

fn multipart_pdf(method: &Method, path: &str, token: Option<&str>) -> Request<Body> {
    let boundary = "ecarreplayboundary";
    let mut body = format!(
        "--{boundary}\r\ncontent-disposition: form-data; name=\"pdf_file\"; filename=\"facture.pdf\"\r\ncontent-type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(PDF);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut builder = Request::builder().method(method.clone()).uri(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder.body(Body::from(body)).unwrap()
}

#[test]
fn every_documented_operation_is_replayed_or_named_with_the_reason() {
    let document = Document::read();
    let documented: BTreeSet<String> = document.operations().into_iter().map(|op| op.id).collect();
    let replayed: Vec<&str> = replays().iter().map(|r| r.operation).collect();
    let mut accounted = BTreeSet::new();
    for id in replayed
        .iter()
        .chain(WITHOUT_COUNTERPART.iter().map(|(id, _)| id))
    {
        assert!(accounted.insert(id.to_string()), "{id} is listed twice");
        assert!(documented.contains(*id), "{id} is not in the document");
    }
    let unaccounted: Vec<&String> = documented.difference(&accounted).collect();
    assert!(
        unaccounted.is_empty(),
        "operations of the document neither replayed nor named without a counterpart: {unaccounted:?}"
    );
    assert!(WITHOUT_COUNTERPART.iter().all(|(_, why)| !why.is_empty()));
}

#[tokio::test]
async fn every_operation_with_a_counterpart_accepts_the_documents_request() {
    let document = Document::read();
    let operations = document.operations();
    let world = World::make().await;
    let mut refused = Vec::new();
    for how in replays() {
        let operation = operations
            .iter()
            .find(|op| op.id == how.operation)
            .unwrap_or_else(|| panic!("{} is not in the document", how.operation));
        let request = documented_request(&document, &world, operation, &how);
        let shown = format!("{} {}", request.method(), request.uri());
        let answer = world.app.send(request).await;
        if !(answer.status.is_success() || answer.status.is_redirection()) {
            refused.push(format!(
                "{} ({shown}) as {:?}, leaving the document where {:?}: {} {}",
                how.operation,
                how.who,
                how.deviations(),
                answer.status,
                answer.text
            ));
        }
    }
    assert!(
        refused.is_empty(),
        "refused replays:\n{}",
        refused.join("\n")
    );
}

#[tokio::test]
async fn operations_without_a_counterpart_get_a_clear_refusal() {
    let document = Document::read();
    let operations = document.operations();
    let world = World::make().await;
    for (id, _) in WITHOUT_COUNTERPART {
        let operation = operations.iter().find(|op| op.id == *id).unwrap();
        let how = replay(id).on(|w| w.notification.clone());
        let request = documented_request(&document, &world, operation, &how);
        let answer = world.app.send(request).await;
        assert!(
            answer.status.is_client_error(),
            "{id}: {} {}",
            answer.status,
            answer.text
        );
        assert_eq!(
            answer.headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{id}"
        );
    }
}
