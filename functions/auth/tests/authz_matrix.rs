//! The authorization matrix, generated from the matrix itself: every route
//! of the auth function as anonymous, another customer, the owning customer,
//! staff and admin.

mod common;

use ecar_http::testing::authz::{Personas, check_matrix};

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let app = common::harness();
    let personas = Personas::create(&app.state).await;
    let (_, openapi) = ecar_auth::api().split_for_parts();
    // The only id in the auth routes is a user's (admin-only routes): one
    // apart from the personas, as an admin deletes it on the way.
    let target = app.user("target", ecar_http::auth::Role::Staff).await.id;
    check_matrix(
        app.router.clone(),
        &openapi,
        &[
            "/api/token",
            "/api/auth",
            "/api/users",
            "/api/admin-login",
            "/api/get-user-data",
        ],
        &personas,
        |template| template.replace("{id}", &target),
    )
    .await;
}
