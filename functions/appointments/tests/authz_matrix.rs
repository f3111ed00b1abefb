//! The shared authorization matrix test over every appointments route: each
//! persona gets what the route's row in the matrix says.

mod common;

use chrono::DateTime;
use ecar_http::{
    appointments::{
        book::{self, Actor, NewAppointment},
        requests::{self, NewRequest},
    },
    cars::{Car, FuelType},
    domain::{CarId, CarMake, CarModel, CustomerId, LicensePlate, Notes, ProblemText},
    idempotency::Created,
    store::WriteOp,
    testing::{
        app::TestApp,
        authz::{Personas, check_matrix},
    },
};

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let app = TestApp::new(ecar_appointments::router());
    app.state.clock.set(common::monday_morning());
    let personas = Personas::create(&app.state).await;
    let owner = CustomerId::parse(personas.owner.user.customer_id.as_deref().unwrap()).unwrap();
    let now = app.state.clock.now();
    let car = Car {
        id: CarId::generate(now),
        customer_id: owner.clone(),
        make: CarMake::parse("Peugeot").unwrap(),
        model: CarModel::parse("208").unwrap(),
        year: 2019,
        license_plate: LicensePlate::parse("185 TU 4521").unwrap(),
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
    app.state
        .table
        .write(WriteOp::create(car.item().unwrap()))
        .await
        .unwrap();
    let new = NewAppointment {
        car_id: car.id.clone(),
        starts_at: DateTime::parse_from_rfc3339("2026-12-10T08:00:00Z")
            .unwrap()
            .to_utc(),
        description: Notes::default(),
    };
    let request = requests::create(
        &app.state,
        &owner,
        NewRequest {
            car_id: car.id.clone(),
            description: ProblemText::parse("Bruit au freinage").unwrap(),
            preferred_days: Vec::new(),
        },
    )
    .await
    .unwrap();
    let Created::New(appointment) = book::book(&app.state, &Actor::Customer(owner), new, None)
        .await
        .unwrap()
    else {
        panic!("a new appointment")
    };
    let (_, openapi) = ecar_appointments::api().split_for_parts();
    check_matrix(
        app.router.clone(),
        &openapi,
        &["/api/appointments"],
        &personas,
        |template| match template.strip_prefix("/api/appointments/requests/") {
            Some(rest) => format!(
                "/api/appointments/requests/{}",
                rest.replace("{id}", request.id.as_str())
            ),
            None => template.replace("{id}", appointment.id.as_str()),
        },
    )
    .await;
}
