//! The shared authorization matrix test over every customers route: each
//! persona gets what the route's row in the matrix says.

use ecar_http::{
    customers::ledger,
    domain::CustomerId,
    testing::{
        app::TestApp,
        authz::{Personas, check_matrix},
    },
};

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let app = TestApp::new(ecar_customers::router());
    let personas = Personas::create(&app.state).await;
    let (_, openapi) = ecar_customers::api().split_for_parts();
    let owner = personas.owner.user.customer_id.clone().unwrap();
    // An unpaid invoice keeps the owner's profile through the staff's DELETE
    // (409), so that the routes after it still find it.
    let id = CustomerId::parse(&owner).unwrap();
    app.state
        .table
        .transact(ledger::invoice_issued_ops(&id, "INV-1", 1_000))
        .await
        .unwrap();
    check_matrix(
        app.router.clone(),
        &openapi,
        &["/api/customers"],
        &personas,
        |template| template.replace("{id}", &owner),
    )
    .await;
}
