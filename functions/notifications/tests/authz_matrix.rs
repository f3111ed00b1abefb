//! The authorization matrix: every route of the notifications function as
//! anonymous, another customer, the owning customer, staff and admin.

mod common;

use common::World;
use ecar_http::{
    domain::CustomerId,
    events::{Event, EventType, event_op},
    notifications::devices::{self, Registered},
    notify::Platform,
    testing::authz::{Personas, check_matrix},
};

#[tokio::test]
async fn every_route_answers_every_persona_as_the_matrix_says() {
    let world = World::new().await;
    let state = &world.app.state;
    let personas = Personas::create(state).await;
    let owner = CustomerId::parse(personas.owner.user.customer_id.as_deref().unwrap()).unwrap();

    // A notification and a phone of the owner for the paths to name.
    let event = Event::new(
        EventType::InvoiceIssued,
        owner.clone(),
        "Invoice",
        "Your invoice is ready.",
        state.clock.now(),
    );
    state.table.write(event_op(&event).unwrap()).await.unwrap();
    world.dispatch().await;
    let Registered::New(device) = devices::register(
        state.table.as_ref(),
        state.notifier.as_ref(),
        &owner,
        Platform::Fcm,
        "fcm-token-owner",
        state.clock.now(),
    )
    .await
    .unwrap()
    .outcome
    else {
        panic!("a new device");
    };

    let (_, openapi) = ecar_notifications::api().split_for_parts();
    check_matrix(
        world.app.router.clone(),
        &openapi,
        &["/api/notifications"],
        &personas,
        |template| {
            if template.starts_with("/api/notifications/devices/") {
                template.replace("{id}", device.id.as_str())
            } else {
                template.replace("{id}", &event.event_id)
            }
        },
    )
    .await;
}
