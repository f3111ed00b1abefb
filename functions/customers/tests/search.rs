//! Finding customers: by the prefix of any word of their name, their email,
//! their phone digits; the filters and orderings of the list.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{customers::ledger, domain::CustomerId};
use serde_json::Value;

async fn names(world: &World, query: &str) -> Vec<String> {
    let answer = world
        .call(
            Method::GET,
            &format!("/api/customers?{query}"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{query}: {}", answer.text);
    answer.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|customer| {
            format!(
                "{} {}",
                customer["first_name"].as_str().unwrap(),
                customer["last_name"].as_str().unwrap()
            )
        })
        .collect()
}

async fn three(world: &World) -> [Value; 3] {
    [
        world
            .customer("Hélène", "Ben-Ali", "helene@example.tn", "98 123 456")
            .await,
        world
            .customer(
                "Ahmed",
                "Trabelsi",
                "a.trabelsi@mail.tn",
                "+33 6 12 34 56 78",
            )
            .await,
        world
            .customer("Ahlem", "Ben Salah", "ahlem@example.tn", "22 333 444")
            .await,
    ]
}

#[tokio::test]
async fn search_finds_any_word_prefix_email_and_phone_digits() {
    let world = World::new().await;
    three(&world).await;
    assert_eq!(names(&world, "search=hel").await, ["Hélène Ben-Ali"]);
    assert_eq!(
        names(&world, "search=HÉLÈ").await,
        ["Hélène Ben-Ali"],
        "case and accents do not matter"
    );
    assert_eq!(
        names(&world, "search=ali").await,
        ["Hélène Ben-Ali"],
        "any word of a hyphenated name"
    );
    let mut ben = names(&world, "search=ben").await;
    ben.sort();
    assert_eq!(ben, ["Ahlem Ben Salah", "Hélène Ben-Ali"]);
    assert_eq!(
        names(&world, "search=ben%20sal").await,
        ["Ahlem Ben Salah"],
        "every word must match"
    );
    assert_eq!(
        names(&world, "search=a.trab").await,
        ["Ahmed Trabelsi"],
        "email prefix"
    );
    assert_eq!(names(&world, "search=ahmed@").await, Vec::<String>::new());
    assert_eq!(
        names(&world, "search=98%20123").await,
        ["Hélène Ben-Ali"],
        "national digits"
    );
    assert_eq!(
        names(&world, "search=%2B216%2098%20123").await,
        ["Hélène Ben-Ali"],
        "international digits"
    );
    assert_eq!(names(&world, "search=336123").await, ["Ahmed Trabelsi"]);
    assert_eq!(names(&world, "search=zz").await, Vec::<String>::new());
}

#[tokio::test]
async fn a_customer_matching_twice_is_listed_once() {
    let world = World::new().await;
    world
        .customer("Ahlem", "Ahlem", "ahlem@example.tn", "22 333 444")
        .await;
    assert_eq!(names(&world, "search=ahl").await, ["Ahlem Ahlem"]);
}

#[tokio::test]
async fn search_follows_changes_and_deletions() {
    let world = World::new().await;
    let [helene, ..] = three(&world).await;
    let path = format!("/api/customers/{}", helene["id"].as_str().unwrap());
    let renamed = world
        .call(
            Method::PATCH,
            &path,
            Some(&world.staff),
            Some(serde_json::json!({"last_name": "Gharbi"})),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(names(&world, "search=ali").await, Vec::<String>::new());
    let found = world
        .call(
            Method::GET,
            "/api/customers?search=gha",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(
        found.body["results"][0], renamed.body,
        "the search shows the profile as it is now"
    );
    world
        .call(Method::DELETE, &path, Some(&world.staff), None)
        .await;
    assert_eq!(names(&world, "search=gha").await, Vec::<String>::new());
}

#[tokio::test]
async fn lists_order_by_creation_or_name_and_page_with_cursors() {
    let world = World::new().await;
    for (i, last) in ["Zaouali", "Abidi", "Mansour", "Bouzid", "Karoui"]
        .iter()
        .enumerate()
    {
        world.app.state.clock.advance(chrono::Duration::minutes(1));
        world
            .customer(
                "Sami",
                last,
                &format!("s{i}@example.tn"),
                &format!("9812345{i}"),
            )
            .await;
    }
    assert_eq!(
        names(&world, "ordering=name").await,
        [
            "Sami Abidi",
            "Sami Bouzid",
            "Sami Karoui",
            "Sami Mansour",
            "Sami Zaouali"
        ]
    );
    assert_eq!(
        names(&world, "").await[0],
        "Sami Karoui",
        "newest first by default"
    );
    assert_eq!(
        names(&world, "ordering=created_at").await[0],
        "Sami Zaouali"
    );

    let mut seen = Vec::new();
    let mut query = "limit=2&ordering=-name".to_string();
    loop {
        let answer = world
            .call(
                Method::GET,
                &format!("/api/customers?{query}"),
                Some(&world.staff),
                None,
            )
            .await;
        for customer in answer.body["results"].as_array().unwrap() {
            seen.push(customer["last_name"].as_str().unwrap().to_string());
        }
        match answer.body["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&ordering=-name&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Zaouali", "Mansour", "Karoui", "Bouzid", "Abidi"]);

    let first = world
        .call(
            Method::GET,
            "/api/customers?limit=2",
            Some(&world.staff),
            None,
        )
        .await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let reused = world
        .call(
            Method::GET,
            &format!("/api/customers?limit=2&ordering=name&cursor={cursor}"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(
        reused.status,
        StatusCode::BAD_REQUEST,
        "a cursor only works for its own list"
    );
}

#[tokio::test]
async fn filters_by_creation_time_and_unpaid_invoices() {
    let mut world = World::new().await;
    world
        .customer("Early", "Bird", "early@example.tn", "98000001")
        .await;
    world.advance(chrono::Duration::days(2)).await;
    let late = world
        .customer("Late", "Comer", "late@example.tn", "98000002")
        .await;
    assert_eq!(
        names(&world, "created_after=2026-03-03").await,
        ["Late Comer"]
    );
    assert_eq!(
        names(&world, "created_before=2026-03-02").await,
        ["Early Bird"]
    );
    assert_eq!(
        names(
            &world,
            "created_after=2026-03-02T08:00:00Z&created_before=2026-03-02T10:00:00%2B01:00"
        )
        .await,
        ["Early Bird"]
    );

    let id = CustomerId::parse(late["id"].as_str().unwrap()).unwrap();
    let table = world.app.state.table.as_ref();
    table
        .transact(ledger::invoice_issued_ops(&id, "INV1", 5_000))
        .await
        .unwrap();
    table
        .transact(ledger::invoice_issued_ops(&id, "INV2", 7_000))
        .await
        .unwrap();
    assert_eq!(
        names(&world, "has_unpaid_invoices=true").await,
        ["Late Comer"],
        "once, whatever the invoice count"
    );
    assert_eq!(
        names(&world, "has_unpaid_invoices=false").await,
        ["Early Bird"]
    );
    assert_eq!(
        names(&world, "has_unpaid_invoices=true&search=comer").await,
        ["Late Comer"]
    );
    assert_eq!(
        names(&world, "has_unpaid_invoices=true&created_before=2026-03-03").await,
        Vec::<String>::new()
    );

    for (query, field) in [
        ("ordering=email", "ordering"),
        ("created_after=yesterday", "created_after"),
        ("has_unpaid_invoices=maybe", "has_unpaid_invoices"),
        ("limit=0", "limit"),
        ("has_unpaid_invoices=true&ordering=name", "ordering"),
    ] {
        let answer = world
            .call(
                Method::GET,
                &format!("/api/customers?{query}"),
                Some(&world.staff),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            answer.body["errors"][0]["field"], field,
            "{query}: {}",
            answer.text
        );
    }
}
