//! Every customer route × every kind of caller: anonymous, the customer the
//! object belongs to, another customer, staff, admin.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    Owner,
    OtherCustomer,
    Staff,
    Admin,
}

const EVERYONE: [Who; 5] = [
    Who::Anonymous,
    Who::Owner,
    Who::OtherCustomer,
    Who::Staff,
    Who::Admin,
];

/// A route: method, path (with `{id}` for the owner's profile), a body, and
/// the status each caller gets.
struct Route {
    method: Method,
    path: &'static str,
    body: fn(usize) -> Option<Value>,
    expect: fn(Who) -> StatusCode,
}

fn no_body(_: usize) -> Option<Value> {
    None
}

fn new_customer(n: usize) -> Option<Value> {
    Some(
        json!({"first_name": "New", "last_name": "One", "email": format!("new{n}@example.tn"), "phone": format!("9{n:07}")}),
    )
}

fn staff_only(ok: StatusCode) -> fn(Who) -> StatusCode {
    match ok {
        StatusCode::OK => |who| match who {
            Who::Anonymous => StatusCode::UNAUTHORIZED,
            Who::Owner | Who::OtherCustomer => StatusCode::FORBIDDEN,
            Who::Staff | Who::Admin => StatusCode::OK,
        },
        StatusCode::CREATED => |who| match who {
            Who::Anonymous => StatusCode::UNAUTHORIZED,
            Who::Owner | Who::OtherCustomer => StatusCode::FORBIDDEN,
            Who::Staff | Who::Admin => StatusCode::CREATED,
        },
        _ => |who| match who {
            Who::Anonymous => StatusCode::UNAUTHORIZED,
            Who::Owner | Who::OtherCustomer => StatusCode::FORBIDDEN,
            Who::Staff | Who::Admin => StatusCode::NO_CONTENT,
        },
    }
}

fn staff_or_owner(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => StatusCode::UNAUTHORIZED,
        Who::OtherCustomer => StatusCode::NOT_FOUND,
        Who::Owner | Who::Staff | Who::Admin => StatusCode::OK,
    }
}

fn admin_only(who: Who) -> StatusCode {
    match who {
        Who::Anonymous => StatusCode::UNAUTHORIZED,
        Who::Owner | Who::OtherCustomer | Who::Staff => StatusCode::FORBIDDEN,
        Who::Admin => StatusCode::OK,
    }
}

fn routes() -> Vec<Route> {
    vec![
        Route {
            method: Method::POST,
            path: "/api/customers/bulk_create",
            body: |n| {
                Some(
                    json!([{"first_name": "Bulk", "last_name": "Row", "email": format!("bulk{n}@example.tn"), "phone": format!("7{n:07}")}]),
                )
            },
            expect: admin_only,
        },
        Route {
            method: Method::GET,
            path: "/api/customers/export",
            body: no_body,
            expect: admin_only,
        },
        Route {
            method: Method::GET,
            path: "/api/customers",
            body: no_body,
            expect: staff_only(StatusCode::OK),
        },
        Route {
            method: Method::POST,
            path: "/api/customers",
            body: new_customer,
            expect: staff_only(StatusCode::CREATED),
        },
        Route {
            method: Method::GET,
            path: "/api/customers/me",
            body: no_body,
            expect: |who| match who {
                Who::Anonymous => StatusCode::UNAUTHORIZED,
                Who::Owner | Who::OtherCustomer => StatusCode::OK,
                Who::Staff | Who::Admin => StatusCode::NOT_FOUND,
            },
        },
        Route {
            method: Method::GET,
            path: "/api/customers/{id}",
            body: no_body,
            expect: staff_or_owner,
        },
        Route {
            method: Method::PUT,
            path: "/api/customers/{id}",
            body: |n| {
                Some(
                    json!({"first_name": "Re", "last_name": "Placed", "email": format!("put{n}@example.tn"), "phone": "98123456"}),
                )
            },
            expect: staff_only(StatusCode::OK),
        },
        Route {
            method: Method::PATCH,
            path: "/api/customers/{id}",
            body: |_| Some(json!({"notes": "n"})),
            expect: staff_only(StatusCode::OK),
        },
        Route {
            method: Method::DELETE,
            path: "/api/customers/{id}",
            body: no_body,
            expect: staff_only(StatusCode::NO_CONTENT),
        },
        Route {
            method: Method::GET,
            path: "/api/customers/{id}/statistics",
            body: no_body,
            expect: staff_or_owner,
        },
        Route {
            method: Method::PATCH,
            path: "/api/customers/{id}/update_address",
            body: |_| Some(json!({"address": "Sfax"})),
            expect: staff_or_owner,
        },
    ]
}

#[tokio::test]
async fn every_route_answers_every_caller_as_the_matrix_says() {
    let world = World::new().await;
    let mut n = 0;
    for route in routes() {
        for who in EVERYONE {
            n += 1;
            // A fresh owner for each call, so that deletes and changes do not interfere.
            let (owner, owner_token) = world
                .customer_with_token(
                    "Owner",
                    &format!("owner{n}@example.tn"),
                    &format!("2{n:07}"),
                )
                .await;
            let (_, other_token) = world
                .customer_with_token(
                    "Other",
                    &format!("other{n}@example.tn"),
                    &format!("5{n:07}"),
                )
                .await;
            let token = match who {
                Who::Anonymous => None,
                Who::Owner => Some(owner_token.as_str()),
                Who::OtherCustomer => Some(other_token.as_str()),
                Who::Staff => Some(world.staff.as_str()),
                Who::Admin => Some(world.admin.as_str()),
            };
            let path = route.path.replace("{id}", owner["id"].as_str().unwrap());
            let answer = world
                .call(route.method.clone(), &path, token, (route.body)(n))
                .await;
            assert_eq!(
                answer.status,
                (route.expect)(who),
                "{} {} as {who:?}: {}",
                route.method,
                route.path,
                answer.text
            );
            if !answer.status.is_success() {
                assert_eq!(answer.headers["content-type"], "application/problem+json");
                let still = world.read(owner["id"].as_str().unwrap()).await;
                assert_eq!(
                    still.body, owner,
                    "a refused {} changed nothing",
                    route.method
                );
            }
        }
    }
}

#[tokio::test]
async fn staffs_notes_about_a_customer_stay_with_staff() {
    let world = World::new().await;
    let (customer, token) = world
        .customer_with_token("Amira", "amira@example.tn", "98 123 456")
        .await;
    let id = customer["id"].as_str().unwrap();
    let notes = "Paie en retard, demander un acompte";
    let patched = world
        .call(
            Method::PATCH,
            &format!("/api/customers/{id}"),
            Some(&world.staff),
            Some(json!({"notes": notes})),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(world.read(id).await.body["notes"], notes);

    for path in [
        format!("/api/customers/{id}"),
        "/api/customers/me".to_string(),
    ] {
        let own = world.call(Method::GET, &path, Some(&token), None).await;
        assert_eq!(own.status, StatusCode::OK, "{path}: {}", own.text);
        assert_eq!(own.body["id"], id);
        assert_eq!(own.body["notes"], "", "{path}");
    }
    let moved = world
        .call(
            Method::PATCH,
            &format!("/api/customers/{id}/update_address"),
            Some(&token),
            Some(json!({"address": "12 rue de Marseille, Tunis"})),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["notes"], "");
    assert_eq!(world.read(id).await.body["notes"], notes, "kept for staff");
}
