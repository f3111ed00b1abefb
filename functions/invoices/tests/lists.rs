//! Lists, views, filters, search and statistics through the real router,
//! and the cost of the statistics as invoices pile up.

mod common;

use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use common::World;
use ecar_http::{auth::Role, invoices::stats, testing::app::Answer};
use ecar_store::table::CountingTable;

use serde_json::{Value, json};

const ITEMS: &[(&str, &str, &str)] = &[("Vidange", "1", "100")];

/// The numbers of a page, in the page's order.
fn ids(answer: &Answer) -> Vec<String> {
    answer.body["results"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", answer.text))
        .iter()
        .map(|invoice| {
            invoice["invoice_number"]
                .as_str()
                .unwrap_or("draft")
                .to_string()
        })
        .collect()
}

/// Two customers: Hélène (one paid, one pending due soon) and Omar (a draft,
/// one pending due later).
async fn ledger() -> (World, common::Client, common::Client) {
    let world = World::new().await;
    let helene = world.client("Hélène", "Ben Ali").await;
    let omar = world.client("Omar", "Saidi").await;
    let paid = world.issued(&helene.id, ITEMS).await;
    world
        .act(
            paid["id"].as_str().unwrap(),
            "mark_as_paid",
            Some(json!({"payment_method": "cash"})),
        )
        .await;
    let service = world.service(&helene.id, ITEMS).await;
    let soon = world
        .call(
            Method::POST,
            "/api/invoices",
            Some(&world.staff),
            Some(json!({"service_id": service, "due_date": "2026-03-05"})),
        )
        .await;
    world
        .act(soon.body["id"].as_str().unwrap(), "issue", None)
        .await;
    let draft_service = world.service(&omar.id, ITEMS).await;
    world.draft(&draft_service).await;
    world.issued(&omar.id, ITEMS).await;
    (world, helene, omar)
}

/// The numbers of a page, sorted: invoices listed on the same day come in id
/// order, and ids made at one fixed test instant are in no particular order.
fn sorted(answer: &Answer) -> Vec<String> {
    let mut numbers = ids(answer);
    numbers.sort();
    numbers
}

/// Moves the clock, and returns a staff token valid then.
async fn later(world: &World, at: &str) -> String {
    world
        .state()
        .clock
        .set(at.parse::<DateTime<Utc>>().unwrap());
    world
        .app
        .staff_token(&format!("staff.{}", &at[..10]), Role::Staff)
        .await
}

async fn list(world: &World, path: &str, token: &str) -> Answer {
    let answer = world.call(Method::GET, path, Some(token), None).await;
    assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
    answer
}

#[tokio::test]
async fn filters_and_views_select_from_their_index() {
    let (world, helene, omar) = ledger().await;
    let staff = world.staff.clone();
    assert_eq!(
        sorted(&list(&world, "/api/invoices", &staff).await),
        [
            "INV-2026-000001",
            "INV-2026-000002",
            "INV-2026-000003",
            "draft"
        ]
    );
    assert_eq!(
        ids(&list(&world, "/api/invoices?status=draft", &staff).await),
        ["draft"]
    );
    assert_eq!(
        ids(&list(&world, "/api/invoices/paid", &staff).await),
        ["INV-2026-000001"]
    );
    assert_eq!(
        sorted(&list(&world, "/api/invoices/unpaid", &staff).await),
        ["INV-2026-000002", "INV-2026-000003"]
    );
    let omars = format!("/api/invoices?customer_id={}", omar.id);
    assert_eq!(
        sorted(&list(&world, &omars, &staff).await),
        ["INV-2026-000003", "draft"]
    );
    assert_eq!(
        sorted(
            &list(
                &world,
                "/api/invoices?issued_after=2026-03-02&issued_before=2026-03-02",
                &staff
            )
            .await
        ),
        ["INV-2026-000001", "INV-2026-000002", "INV-2026-000003"]
    );
    assert!(ids(&list(&world, "/api/invoices?issued_after=2026-03-03", &staff).await).is_empty());

    // Customers: their own, never drafts, whatever they ask for.
    assert_eq!(
        ids(&list(&world, "/api/invoices", &omar.token).await),
        ["INV-2026-000003"]
    );
    assert!(ids(&list(&world, "/api/invoices?status=draft", &omar.token).await).is_empty());
    let foreign = format!("/api/invoices?customer_id={}", helene.id);
    assert!(ids(&list(&world, &foreign, &omar.token).await).is_empty());
    assert_eq!(
        ids(&list(&world, "/api/invoices/paid", &helene.token).await),
        ["INV-2026-000001"]
    );

    // Nothing is overdue yet; three weeks later the one due on the 5th is.
    assert!(ids(&list(&world, "/api/invoices?overdue=true", &staff).await).is_empty());
    let staff = later(&world, "2026-03-20T10:00:00Z").await;
    assert_eq!(
        ids(&list(&world, "/api/invoices?overdue=true", &staff).await),
        ["INV-2026-000002"]
    );
    assert_eq!(
        ids(&list(&world, "/api/invoices/unpaid?overdue=false", &staff).await),
        ["INV-2026-000003"]
    );
    let helene_overdue = format!("/api/invoices?overdue=true&customer_id={}", helene.id);
    assert_eq!(
        ids(&list(&world, &helene_overdue, &staff).await),
        ["INV-2026-000002"]
    );
    assert!(ids(&list(&world, "/api/invoices?overdue=true&status=paid", &staff).await).is_empty());

    for bad in [
        "/api/invoices?status=unpaid",
        "/api/invoices?customer_id=me",
        "/api/invoices?issued_after=yesterday",
        "/api/invoices?overdue=maybe",
        "/api/invoices?limit=0",
        "/api/invoices?cursor=forged",
    ] {
        let answer = world.call(Method::GET, bad, Some(&staff), None).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn search_finds_numbers_and_customer_names() {
    let (world, _, omar) = ledger().await;
    let staff = world.staff.clone();
    let search = |text: &str| format!("/api/invoices?search={}", text.replace(' ', "%20"));
    assert_eq!(
        ids(&list(&world, &search("INV-2026-000002"), &staff).await),
        ["INV-2026-000002"]
    );
    assert_eq!(
        ids(&list(&world, &search("3"), &staff).await),
        ["INV-2026-000003"]
    );
    let mut helene = ids(&list(&world, &search("helene"), &staff).await);
    helene.sort();
    assert_eq!(helene, ["INV-2026-000001", "INV-2026-000002"]);
    let mut ben_ali = ids(&list(&world, &search("Ben Ali"), &staff).await);
    ben_ali.sort();
    assert_eq!(ben_ali, ["INV-2026-000001", "INV-2026-000002"]);
    assert_eq!(
        ids(&list(&world, &search("saidi"), &staff).await).len(),
        2,
        "with the draft"
    );
    assert!(ids(&list(&world, &search("zz"), &staff).await).is_empty());
    // A customer searching finds only their own issued invoices.
    assert_eq!(
        ids(&list(&world, &search("INV-2026"), &omar.token).await),
        ["INV-2026-000003"]
    );
}

#[tokio::test]
async fn pages_follow_their_cursor() {
    let (world, _, _) = ledger().await;
    let first = list(&world, "/api/invoices?limit=3", &world.staff).await;
    assert_eq!(ids(&first).len(), 3);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = list(
        &world,
        &format!("/api/invoices?limit=3&cursor={cursor}"),
        &world.staff,
    )
    .await;
    assert_eq!(ids(&second).len(), 1);
    assert_eq!(second.body["next_cursor"], Value::Null);
    let mut all = [ids(&first), ids(&second)].concat();
    all.sort();
    assert_eq!(
        all,
        [
            "INV-2026-000001",
            "INV-2026-000002",
            "INV-2026-000003",
            "draft"
        ]
    );
    // A cursor is bound to its query.
    let other = world
        .call(
            Method::GET,
            &format!("/api/invoices?status=paid&cursor={cursor}"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST);
    // And to its caller: another member of staff, on the same query, cannot replay it.
    let replayed = world
        .call(
            Method::GET,
            &format!("/api/invoices?limit=3&cursor={cursor}"),
            Some(&world.admin),
            None,
        )
        .await;
    assert_eq!(replayed.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn statistics_add_up_the_ledger() {
    let (world, _, _) = ledger().await;
    let forbidden = world
        .call(
            Method::GET,
            "/api/invoices/statistics",
            Some(&world.client("C", "D").await.token),
            None,
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let staff = later(&world, "2026-03-20T10:00:00Z").await;
    let answer = list(&world, "/api/invoices/statistics", &staff).await;
    let stats = answer.body;
    // Each invoice: 100.000 + 19.000 tax + 1.000 stamp = 120.000.
    assert_eq!(stats["total"], 4);
    assert_eq!(stats["by_status"]["draft"]["count"], 1);
    assert_eq!(stats["by_status"]["paid"]["amount"], "120.000");
    assert_eq!(
        stats["outstanding"],
        json!({"count": 2, "amount": "240.000"})
    );
    assert_eq!(stats["overdue"], json!({"count": 1, "amount": "120.000"}));
    assert_eq!(stats["revenue"], "120.000");
    assert_eq!(stats["this_month"]["issued"]["count"], 3);
    assert_eq!(stats["this_month"]["paid"]["count"], 1);
    assert_eq!(stats["today"], "2026-03-20");
    assert_eq!(stats["time_zone"], "Africa/Tunis");
}

#[tokio::test]
async fn statistics_cost_the_same_at_5_and_at_60_invoices() {
    let world = World::new().await;
    let client = world.client("Nour", "Haddad").await;
    let counting = CountingTable::new(world.table.as_ref().clone());
    let mut usage = Vec::new();
    for target in [5, 60] {
        while count(&world).await < target {
            world.issued(&client.id, ITEMS).await;
        }
        counting.reset();
        let now = world.state().clock.now();
        let zone = world.state().config.time_zone;
        let statistics = stats::statistics(&counting, now, zone, 3).await.unwrap();
        assert_eq!(statistics.total, target);
        usage.push(counting.snapshot());
    }
    assert_eq!(usage[0].calls, usage[1].calls, "{usage:?}");
    assert_eq!(usage[0].read_units, usage[1].read_units, "{usage:?}");
    assert_eq!(usage[1].calls, 4, "one batch get and three small queries");
}

async fn count(world: &World) -> i64 {
    let now = world.state().clock.now();
    stats::statistics(world.table.as_ref(), now, world.state().config.time_zone, 3)
        .await
        .unwrap()
        .total
}
