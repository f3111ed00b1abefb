//! Who may call what: the matrix for every route and persona, and the
//! ownership rules a customer meets.

mod common;

use axum::http::{Method, StatusCode};
use common::{World, car_item};
use ecar_http::{
    customers,
    domain::{CarId, CustomerId, InvoiceId, InvoiceStatus, ServiceId, ServiceTitle, ServiceType},
    invoices,
    services::{
        self,
        create::{self, Created, NewService},
        invoice::link_op,
        workflow,
    },
    store::{Value, WriteOp},
    testing::authz::{Personas, check_matrix},
};
use serde_json::json;

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let world = World::new().await;
    let state = &world.app.state;
    let personas = Personas::create(state).await;
    let owner_id = CustomerId::parse(personas.owner.user.customer_id.as_deref().unwrap()).unwrap();
    let owner = customers::get(state.table.as_ref(), &owner_id)
        .await
        .unwrap()
        .unwrap();

    // The owner's service, in progress, with an item and an issued invoice:
    // every route reaches something, and no route can delete it under the
    // test's feet.
    let car = CarId::generate(state.clock.now());
    state
        .table
        .write(WriteOp::create(car_item(car.as_str(), &owner, 90_000)))
        .await
        .unwrap();
    let new = NewService {
        car_id: car,
        title: ServiceTitle::parse("Vidange").unwrap(),
        description: Default::default(),
        service_type: ServiceType::parse("maintenance").unwrap(),
        scheduled_date: "2026-03-02".parse().unwrap(),
        technician_notes: Default::default(),
    };
    let Created::New(service) = create::create(state, new, None).await.unwrap() else {
        panic!("created");
    };
    let id = service.id.clone();
    workflow::start(state, &id, None).await.unwrap();
    let with_item = world
        .act(
            id.as_str(),
            "items",
            json!({"item_type": "part", "name": "Filtre", "quantity": "1", "unit_price": "10"}),
        )
        .await;
    assert_eq!(with_item.status, StatusCode::CREATED, "{}", with_item.text);
    let item_id = with_item.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let invoice_id = "01JP3P9R2S4T6V8W0X2Y4Z6A8B";
    let mut invoice = invoices::invoice_key(&InvoiceId::parse(invoice_id).unwrap()).to_item();
    invoice.insert("id".into(), Value::s(invoice_id));
    invoice.insert("status".into(), Value::s("pending"));
    state.table.write(WriteOp::create(invoice)).await.unwrap();
    let current = services::get(state.table.as_ref(), &id)
        .await
        .unwrap()
        .unwrap();
    state
        .table
        .write(
            link_op(
                &current,
                invoice_id,
                InvoiceStatus::Pending,
                state.clock.now(),
            )
            .unwrap(),
        )
        .await
        .unwrap();

    let (_, openapi) = ecar_services::api().split_for_parts();
    check_matrix(
        world.app.router.clone(),
        &openapi,
        &["/api/services", "/api/service-items"],
        &personas,
        |template| {
            if template.starts_with("/api/service-items/") {
                // These routes name an item by its service and its own id.
                return template.replace("{id}", &format!("{id}-{item_id}"));
            }
            template
                .replace("{id}", id.as_str())
                .replace("{item_id}", &item_id)
        },
    )
    .await;
}

#[tokio::test]
async fn customers_read_their_own_services_and_change_none() {
    let world = World::new().await;
    let (amira, amira_token) = world.customer_with_token("Amira", "amira@example.tn").await;
    let (_, karim_token) = world.customer_with_token("Karim", "karim@example.tn").await;
    let car = world.car(&amira, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let path = format!("/api/services/{id}");

    let own = world
        .call(Method::GET, &path, Some(&amira_token), None)
        .await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.body, service);
    let other = world
        .call(Method::GET, &path, Some(&karim_token), None)
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let absent = ServiceId::generate(world.app.state.clock.now());
    let missing = world
        .call(
            Method::GET,
            &format!("/api/services/{absent}"),
            Some(&amira_token),
            None,
        )
        .await;
    assert_eq!(
        missing.status,
        StatusCode::NOT_FOUND,
        "same answer as another's"
    );

    for (method, path, body) in [
        (
            Method::POST,
            "/api/services".to_string(),
            json!({"car_id": car, "title": "T", "scheduled_date": "2026-03-10"}),
        ),
        (Method::PATCH, path.clone(), json!({"title": "Mine"})),
        (Method::DELETE, path.clone(), json!({})),
        (Method::POST, format!("{path}/start"), json!({})),
        (Method::POST, format!("{path}/complete"), json!({})),
        (
            Method::POST,
            format!("{path}/cancel"),
            json!({"reason": "No"}),
        ),
        (
            Method::POST,
            format!("{path}/items"),
            json!({"item_type": "part", "name": "X", "quantity": "1", "unit_price": "0"}),
        ),
        (
            Method::GET,
            "/api/services/statistics".to_string(),
            json!({}),
        ),
        (
            Method::POST,
            "/api/services/bulk_update".to_string(),
            json!({"ids": [id], "changes": {"title": "X"}}),
        ),
    ] {
        let body = (method != Method::GET && method != Method::DELETE).then_some(body);
        let answer = world
            .call(method.clone(), &path, Some(&amira_token), body)
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {path}");
    }
    assert_eq!(world.read(id).await, service, "nothing changed");

    let anonymous = world.call(Method::GET, &path, None, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let staff_bulk = world
        .staff(
            Method::POST,
            "/api/services/bulk_update",
            Some(json!({"ids": [id], "changes": {"title": "X"}})),
        )
        .await;
    assert_eq!(staff_bulk.status, StatusCode::FORBIDDEN, "admins only");
}

#[tokio::test]
async fn a_customer_sees_neither_internal_notes_nor_a_draft_invoice() {
    let world = World::new().await;
    let (amira, token) = world.customer_with_token("Amira", "amira@example.tn").await;
    let car = world.car(&amira, 90_000).await;
    let created = world
        .staff(
            Method::POST,
            "/api/services",
            Some(json!({
                "car_id": car,
                "title": "Vidange",
                "scheduled_date": "2026-03-10",
                "technician_notes": "Client pressé, vérifier le bruit du train avant",
            })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = ServiceId::parse(created.body["id"].as_str().unwrap()).unwrap();
    let state = &world.app.state;
    let current = services::get(state.table.as_ref(), &id)
        .await
        .unwrap()
        .unwrap();
    let draft = "01JP3P9R2S4T6V8W0X2Y4Z6A8C";
    state
        .table
        .write(link_op(&current, draft, InvoiceStatus::Draft, state.clock.now()).unwrap())
        .await
        .unwrap();

    let detail = format!("/api/services/{id}");
    let staff = world.staff(Method::GET, &detail, None).await;
    assert_eq!(
        staff.body["technician_notes"],
        "Client pressé, vérifier le bruit du train avant"
    );
    assert_eq!(staff.body["invoice_id"], draft);

    for path in [detail.as_str(), "/api/services", "/api/services/upcoming"] {
        let answer = world.call(Method::GET, path, Some(&token), None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
        let seen = match answer.body.get("results") {
            Some(results) => results[0].clone(),
            None => answer.body.clone(),
        };
        assert_eq!(seen["id"], id.as_str(), "{path}");
        assert_eq!(seen["technician_notes"], "", "{path}");
        assert_eq!(seen["invoice_id"], json!(null), "{path}");
        assert_eq!(seen["invoice_status"], json!(null), "{path}");
    }

    // Once issued, the customer sees the invoice link.
    let current = services::get(state.table.as_ref(), &id)
        .await
        .unwrap()
        .unwrap();
    state
        .table
        .write(link_op(&current, draft, InvoiceStatus::Pending, state.clock.now()).unwrap())
        .await
        .unwrap();
    let answer = world.call(Method::GET, &detail, Some(&token), None).await;
    assert_eq!(answer.body["invoice_id"], draft);
    assert_eq!(answer.body["invoice_status"], "pending");
    assert_eq!(answer.body["technician_notes"], "");
}
