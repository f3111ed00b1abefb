//! What authentication costs the store: one keyed read per request (none
//! while a warm container remembers the session), and the same reads for an
//! unknown login as for a known one.

mod common;

use std::{sync::Arc, time::Duration};

use axum::{Router, http::StatusCode, routing::get as get_route};
use common::{Harness, bearer, get, harness_over, post, start};
use ecar_http::{
    Clock,
    auth::{Caller, Role},
    store::Table,
};
use ecar_store::table::{CountingTable, EmbeddedTable};

use serde_json::json;

fn counted(cache: Duration) -> (Harness, Arc<CountingTable<EmbeddedTable>>) {
    let clock = Clock::fixed(start());
    let table = Arc::new(CountingTable::new(
        EmbeddedTable::in_memory(clock.clone()).unwrap(),
    ));
    let app = harness_over(table.clone() as Arc<dyn Table>, clock, |config| {
        config.auth_cache_ttl = cache;
    });
    (app, table)
}

/// A route whose handler needs nothing but an authenticated caller.
fn caller_only(app: &Harness) -> Router {
    async fn handler(caller: Caller) -> axum::Json<String> {
        axum::Json(caller.user_id)
    }
    Router::new()
        .route("/api/token/verify", get_route(handler))
        .with_state(app.state.clone())
}

#[tokio::test]
async fn checking_a_caller_is_one_keyed_read_and_a_warm_cache_saves_it() {
    let (app, table) = counted(Duration::from_secs(5));
    app.user("amira", Role::Staff).await;
    let (access, _) = app.login("amira").await;
    let router = caller_only(&app);
    let probe = Harness {
        state: app.state.clone(),
        router,
    };

    table.reset();
    let answer = probe.send(bearer(get("/api/token/verify"), &access)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let usage = table.snapshot();
    assert_eq!((usage.calls, usage.items_read), (1, 1));

    table.reset();
    probe.send(bearer(get("/api/token/verify"), &access)).await;
    assert_eq!(table.snapshot().calls, 0, "the warm cache answers");

    app.advance(5);
    table.reset();
    probe.send(bearer(get("/api/token/verify"), &access)).await;
    assert_eq!(
        table.snapshot().calls,
        1,
        "past its ttl the cache reads again"
    );
}

#[tokio::test]
async fn an_unknown_login_reads_as_much_as_a_known_one() {
    let (app, table) = counted(Duration::ZERO);
    app.user("amira", Role::Staff).await;
    let mut reads = Vec::new();
    for username in ["amira", "nobody"] {
        table.reset();
        let answer = app
            .send(post(
                "/api/token",
                json!({"username": username, "password": "not the password"}),
            ))
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        reads.push(table.snapshot().calls);
    }
    assert_eq!(reads[0], reads[1]);
}
