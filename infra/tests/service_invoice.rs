//! `GET /api/services/{id}/invoice` answers the invoice exactly as the
//! invoices routes show it (the document gives both the `Invoice` schema).

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Method, Request, StatusCode, header},
};
use ecar_http::{
    AppState, Clock, Config,
    accounts::{self, NewAccount},
    auth::Role,
    bootstrap::Storage,
};
use serde_json::{Value, json};
use tower::ServiceExt;

const PASSWORD: &str = "a long admin passphrase";

async fn call(
    app: &Router,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_services_invoice_is_the_invoice_the_invoices_routes_show() {
    let local = AppState::embedded(Config::default(), Storage::Memory, Clock::system()).unwrap();
    let state = local.state.clone();
    accounts::create_user(
        state.table.as_ref(),
        &state.passwords,
        &state.clock,
        NewAccount {
            username: "admin".into(),
            email: "admin@ecar.local".into(),
            password: PASSWORD.into(),
            role: Role::Admin,
            first_name: "Garage".into(),
            last_name: "Admin".into(),
        },
    )
    .await
    .unwrap();
    let spa = std::env::temp_dir().join("ecar-service-invoice-no-spa");
    let app = ecar::serve::app(local.state, local.blobs, &spa);
    let post = |path: &'static str, token: Option<String>, body: Value| {
        let app = app.clone();
        async move {
            let (status, answer) =
                call(&app, Method::POST, path, token.as_deref(), Some(body)).await;
            assert!(status.is_success(), "{path}: {status} {answer}");
            answer
        }
    };
    let login = post(
        "/api/token",
        None,
        json!({"username": "admin", "password": PASSWORD}),
    )
    .await;
    let token = login["access"].as_str().unwrap().to_string();
    let customer = post(
        "/api/customers",
        Some(token.clone()),
        json!({"first_name": "Amira", "last_name": "Ben Ali", "email": "amira@example.tn", "phone": "+21698123456"}),
    )
    .await;
    let car = post(
        "/api/cars",
        Some(token.clone()),
        json!({"customer_id": customer["id"], "make": "Peugeot", "model": "208", "year": 2019,
               "license_plate": "185 TU 4521", "fuel_type": "diesel"}),
    )
    .await;
    let service = post(
        "/api/services",
        Some(token.clone()),
        json!({"car_id": car["id"], "title": "Vidange", "scheduled_date": "2026-12-01"}),
    )
    .await;
    let invoice = post(
        "/api/invoices",
        Some(token.clone()),
        json!({"service_id": service["id"], "due_date": "2026-12-31"}),
    )
    .await;

    let service_id = service["id"].as_str().unwrap();
    let invoice_id = invoice["id"].as_str().unwrap();
    let (status, via_service) = call(
        &app,
        Method::GET,
        &format!("/api/services/{service_id}/invoice"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{via_service}");
    let (_, via_invoices) = call(
        &app,
        Method::GET,
        &format!("/api/invoices/{invoice_id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(via_service, via_invoices);
    assert_eq!(via_service["service_id"], service["id"]);
}
