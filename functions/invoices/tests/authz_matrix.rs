//! The authorization matrix, generated from the matrix itself: every route
//! of the invoices function as anonymous, another customer, the owning
//! customer, staff and admin.

mod common;

use axum::http::StatusCode;
use common::World;
use ecar_http::{
    domain::CustomerId,
    testing::authz::{Personas, check_matrix},
};

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let world = World::new().await;
    let personas = Personas::create(world.state()).await;
    let owner = personas.owner.user.customer_id.clone().unwrap();
    let owner = CustomerId::parse(&owner).unwrap();
    // An issued invoice of the owner, with a PDF, so that what they may
    // read they find.
    let invoice = world
        .issued(&owner, &[("Plaquettes de frein", "1", "85")])
        .await;
    let id = invoice["id"].as_str().unwrap().to_string();
    let generated = world.act(&id, "generate_pdf", None).await;
    assert_eq!(generated.status, StatusCode::OK, "{}", generated.text);
    let (_, openapi) = ecar_invoices::api().split_for_parts();
    check_matrix(
        world.app.router.clone(),
        &openapi,
        &["/api/invoices"],
        &personas,
        |template| template.replace("{id}", &id),
    )
    .await;
}
