//! Lists and views: filters, orders, pages, and customers seeing only their own.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::{Value, json};

fn titles(answer: &Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|service| service["title"].as_str().unwrap().to_string())
        .collect()
}

/// Two customers, two cars, services in every status (today is 2026-03-02).
struct Garage {
    world: World,
    amira_token: String,
    amira_car: String,
    karim_car: String,
    karim_id: String,
}

async fn garage() -> Garage {
    let world = World::new().await;
    let (amira, amira_token) = world.customer_with_token("Amira", "amira@example.tn").await;
    let karim = world.customer("Karim", "karim@example.tn").await;
    let amira_car = world.car(&amira, 50_000).await;
    let karim_car = world.car(&karim, 80_000).await;
    let plan = [
        (&amira_car, "Vidange ancienne", "2026-02-20", "completed"),
        (&amira_car, "Freins", "2026-03-01", "in_progress"),
        (&amira_car, "Pneus hiver", "2026-03-05", "scheduled"),
        (&amira_car, "Contrôle technique", "2026-02-25", "scheduled"),
        (&karim_car, "Vidange moteur", "2026-03-02", "scheduled"),
        (&karim_car, "Climatisation", "2026-03-20", "scheduled"),
        (&karim_car, "Embrayage", "2026-02-27", "in_progress"),
        (&karim_car, "Batterie", "2026-03-03", "cancelled"),
    ];
    for (car, title, date, status) in plan {
        let service = world.schedule(car, title, date).await;
        let id = service["id"].as_str().unwrap();
        let moved = match status {
            "in_progress" => Some(world.act(id, "start", json!({})).await),
            "completed" => Some(world.act(id, "complete", json!({})).await),
            "cancelled" => Some(world.act(id, "cancel", json!({"reason": "Non"})).await),
            _ => None,
        };
        if let Some(moved) = moved {
            assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
        }
    }
    Garage {
        world,
        amira_token,
        amira_car,
        karim_car,
        karim_id: karim.id.to_string(),
    }
}

impl Garage {
    async fn staff_list(&self, path: &str) -> Vec<String> {
        let answer = self.world.staff(Method::GET, path, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
        titles(&answer.body)
    }

    async fn amira_list(&self, path: &str) -> Vec<String> {
        let answer = self
            .world
            .call(Method::GET, path, Some(&self.amira_token), None)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
        titles(&answer.body)
    }
}

#[tokio::test]
async fn staff_filter_by_status_car_customer_dates_and_words() {
    let g = garage().await;
    assert_eq!(
        g.staff_list("/api/services").await,
        [
            "Climatisation",
            "Pneus hiver",
            "Batterie",
            "Vidange moteur",
            "Freins",
            "Embrayage",
            "Contrôle technique",
            "Vidange ancienne"
        ],
        "latest date first"
    );
    assert_eq!(
        g.staff_list("/api/services?status=in_progress").await,
        ["Freins", "Embrayage"]
    );
    assert_eq!(
        g.staff_list(&format!("/api/services?car_id={}", g.karim_car))
            .await,
        ["Climatisation", "Batterie", "Vidange moteur", "Embrayage"]
    );
    assert_eq!(
        g.staff_list(&format!(
            "/api/services?customer_id={}&status=scheduled",
            g.karim_id
        ))
        .await,
        ["Climatisation", "Vidange moteur"]
    );
    assert_eq!(
        g.staff_list("/api/services?scheduled_after=2026-03-01&scheduled_before=2026-03-03")
            .await,
        ["Batterie", "Vidange moteur", "Freins"]
    );
    assert_eq!(g.staff_list("/api/services?search=vidange").await.len(), 2);
    assert_eq!(
        g.staff_list("/api/services?search=vid%20mot").await,
        ["Vidange moteur"]
    );
    assert_eq!(
        g.staff_list(&format!(
            "/api/services?search=vidange&car_id={}",
            g.amira_car
        ))
        .await,
        ["Vidange ancienne"]
    );
    assert_eq!(
        g.staff_list("/api/services?search=maintenance&status=cancelled")
            .await,
        ["Batterie"]
    );
}

#[tokio::test]
async fn views_have_their_status_and_order() {
    let g = garage().await;
    assert_eq!(
        g.staff_list("/api/services/upcoming").await,
        ["Vidange moteur", "Pneus hiver", "Climatisation"],
        "scheduled from today on, soonest first"
    );
    assert_eq!(
        g.staff_list("/api/services/in_progress").await,
        ["Embrayage", "Freins"],
        "earliest first"
    );
    assert_eq!(
        g.staff_list("/api/services/completed").await,
        ["Vidange ancienne"]
    );
    assert_eq!(
        g.staff_list(&format!("/api/services/upcoming?car_id={}", g.amira_car))
            .await,
        ["Pneus hiver"]
    );
    assert!(
        g.staff_list("/api/services/completed?status=scheduled")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn customers_see_only_their_own_services() {
    let g = garage().await;
    assert_eq!(
        g.amira_list("/api/services").await,
        [
            "Pneus hiver",
            "Freins",
            "Contrôle technique",
            "Vidange ancienne"
        ]
    );
    assert_eq!(
        g.amira_list("/api/services/upcoming").await,
        ["Pneus hiver"]
    );
    assert_eq!(g.amira_list("/api/services/in_progress").await, ["Freins"]);
    assert_eq!(
        g.amira_list("/api/services/completed").await,
        ["Vidange ancienne"]
    );
    // Asking for someone else's gives nothing.
    assert!(
        g.amira_list(&format!("/api/services?customer_id={}", g.karim_id))
            .await
            .is_empty()
    );
    assert!(
        g.amira_list(&format!("/api/services?car_id={}", g.karim_car))
            .await
            .is_empty()
    );
    let karims = g
        .world
        .staff(
            Method::GET,
            &format!("/api/services?car_id={}", g.karim_car),
            None,
        )
        .await;
    let karims_service = karims.body["results"][0]["id"].as_str().unwrap();
    for path in [
        format!("/api/services/{karims_service}"),
        format!("/api/services/{karims_service}/items"),
        format!("/api/services/{karims_service}/invoice"),
    ] {
        let answer = g
            .world
            .call(Method::GET, &path, Some(&g.amira_token), None)
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn pages_follow_their_cursor_and_cursors_stay_with_their_list() {
    let g = garage().await;
    let mut seen = Vec::new();
    let mut path = "/api/services?limit=3".to_string();
    let mut pages = 0;
    loop {
        let answer = g.world.staff(Method::GET, &path, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        seen.extend(titles(&answer.body));
        pages += 1;
        match answer.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/services?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, g.staff_list("/api/services").await);

    let first = g
        .world
        .staff(Method::GET, "/api/services?limit=1", None)
        .await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let elsewhere = g
        .world
        .staff(
            Method::GET,
            &format!("/api/services?status=scheduled&limit=1&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::BAD_REQUEST);
}
