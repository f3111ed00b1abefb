//! The shared authorization matrix test over every cars route: each persona
//! gets what the route's row in the matrix says.

use ecar_http::{
    cars::{
        FuelType, car_key,
        create::{self, NewCar},
        pending,
    },
    domain::{CarMake, CarModel, CustomerId, LicensePlate},
    idempotency::Created,
    store::{Change, WriteOp},
    testing::{
        app::TestApp,
        authz::{Personas, check_matrix},
    },
};

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let app = TestApp::new(ecar_cars::router());
    let personas = Personas::create(&app.state).await;
    let owner = personas.owner.user.customer_id.clone().unwrap();
    let new = NewCar {
        customer_id: CustomerId::parse(&owner).unwrap(),
        make: CarMake::parse("Peugeot").unwrap(),
        model: CarModel::parse("208").unwrap(),
        year: 2019,
        license_plate: LicensePlate::parse("185 TU 4521").unwrap(),
        vin: None,
        fuel_type: FuelType::Diesel,
        initial_mileage: 50_000,
        last_service_date: None,
        last_service_mileage: None,
    };
    let Created::New(car) = create::create(&app.state, new.clone(), None, "setup")
        .await
        .unwrap()
    else {
        panic!("a new car")
    };
    // A service on record keeps the car through the staff's DELETE (409), so
    // that the routes after it still find it.
    app.state
        .table
        .write(WriteOp::Update {
            key: car_key(car.id.as_str()),
            changes: vec![Change::Add("service_count".into(), 1)],
            condition: None,
        })
        .await
        .unwrap();
    // Two cars the owner added: the owner's DELETE withdraws the first, the
    // staff's approval registers the second.
    let mut waiting = Vec::new();
    for plate in ["212 TU 9000", "213 TU 9000"] {
        let added = NewCar {
            license_plate: LicensePlate::parse(plate).unwrap(),
            ..new.clone()
        };
        let owner = CustomerId::parse(&owner).unwrap();
        waiting.push(pending::create(&app.state, &owner, added).await.unwrap().id);
    }
    let (_, openapi) = ecar_cars::api().split_for_parts();
    check_matrix(
        app.router.clone(),
        &openapi,
        &["/api/cars"],
        &personas,
        |template| match template {
            "/api/cars/pending/{id}" => template.replace("{id}", waiting[0].as_str()),
            _ if template.starts_with("/api/cars/pending/") => {
                template.replace("{id}", waiting[1].as_str())
            }
            _ => template.replace("{id}", car.id.as_str()),
        },
    )
    .await;
}
