//! The garage's schedule: admins change hours, closed days, slots and
//! capacity; the free slots follow; bad settings name their field and
//! change nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    audit_log::{self, AuditAction, AuditFilter},
    store::PageRequest,
    testing::app::{request, with_header},
};
use serde_json::{Value, json};

/// The schedule as a PUT body (without what the server owns).
async fn settings(world: &World) -> Value {
    let mut schedule = world
        .call(
            Method::GET,
            "/api/appointments/schedule",
            &world.staff,
            None,
        )
        .await
        .body;
    for field in ["time_zone", "version", "updated_at"] {
        schedule.as_object_mut().unwrap().remove(field);
    }
    schedule
}

async fn slot_starts(world: &World, day: &str) -> Vec<String> {
    let answer = world
        .call(
            Method::GET,
            &format!("/api/appointments/slots?from={day}&to={day}"),
            &world.staff,
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["time_zone"], "Africa/Tunis");
    answer.body["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|slot| slot["starts_at"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_default_week_until_an_admin_changes_it() {
    let world = World::new().await;
    let schedule = world
        .call(
            Method::GET,
            "/api/appointments/schedule",
            &world.staff,
            None,
        )
        .await;
    assert_eq!(schedule.body["version"], 0);
    assert_eq!(
        schedule.body["opening_hours"]["saturday"],
        json!([{"open": "08:00", "close": "13:00"}])
    );
    // Tuesday: 08:00 to 12:30 and 14:00 to 18:00, hour slots, in Tunis (UTC+1).
    let tuesday = slot_starts(&world, "2026-12-08").await;
    assert_eq!(tuesday.len(), 8);
    assert_eq!(tuesday[0], "2026-12-08T07:00:00Z");
    assert_eq!(tuesday[4], "2026-12-08T13:00:00Z");
    // Today's slots that already started are gone (09:00 in Tunis now).
    assert_eq!(
        slot_starts(&world, "2026-12-07").await[0],
        "2026-12-07T09:00:00Z"
    );

    // Admins shorten the slots and close Tuesday afternoon.
    let mut new = settings(&world).await;
    new["slot_minutes"] = json!(30);
    new["opening_hours"]["tuesday"] = json!([{"open": "08:00", "close": "10:00"}]);
    let put = with_header(
        request(
            Method::PUT,
            "/api/appointments/schedule",
            Some(&world.admin),
            Some(&new),
        ),
        "if-match",
        "\"0\"",
    );
    let saved = world.app.send(put).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["version"], 1);
    assert_eq!(
        slot_starts(&world, "2026-12-08").await,
        [
            "2026-12-08T07:00:00Z",
            "2026-12-08T07:30:00Z",
            "2026-12-08T08:00:00Z",
            "2026-12-08T08:30:00Z"
        ]
    );

    // A second save from the same read is stale.
    let stale = world
        .app
        .send(with_header(
            request(
                Method::PUT,
                "/api/appointments/schedule",
                Some(&world.admin),
                Some(&new),
            ),
            "if-match",
            "\"0\"",
        ))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    // Staff read it but do not change it.
    let staff = world
        .call(
            Method::PUT,
            "/api/appointments/schedule",
            &world.staff,
            Some(new),
        )
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_settings_name_their_field_and_change_nothing() {
    let world = World::new().await;
    let base = settings(&world).await;
    let cases = [
        ("slot_minutes", json!(7), "slot_minutes"),
        ("capacity", json!(0), "capacity"),
        ("cutoff_hours", json!(500), "cutoff_hours"),
        ("reminder_hours", json!(0), "reminder_hours"),
    ];
    for (field, value, named) in cases {
        let mut body = base.clone();
        body[field] = value;
        let answer = world
            .call(
                Method::PUT,
                "/api/appointments/schedule",
                &world.admin,
                Some(body),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{field}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], named, "{field}");
    }
    let mut reversed = base.clone();
    reversed["opening_hours"]["monday"] = json!([{"open": "18:00", "close": "08:00"}]);
    let mut overlapping = base.clone();
    overlapping["opening_hours"]["friday"] =
        json!([{"open": "08:00", "close": "12:00"}, {"open": "11:00", "close": "15:00"}]);
    for (body, field) in [
        (reversed, "opening_hours.monday[0]"),
        (overlapping, "opening_hours.friday[1]"),
    ] {
        let answer = world
            .call(
                Method::PUT,
                "/api/appointments/schedule",
                &world.admin,
                Some(body),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
        assert_eq!(answer.body["errors"][0]["field"], field);
    }
    let mut malformed = base.clone();
    malformed["opening_hours"]["monday"] = json!([{"open": "8h", "close": "12:00"}]);
    let mut unknown = base.clone();
    unknown["time_zone"] = json!("Europe/Paris");
    for body in [malformed, unknown] {
        let answer = world
            .call(
                Method::PUT,
                "/api/appointments/schedule",
                &world.admin,
                Some(body),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    }
    // A month and more of slots at once is refused.
    let long = world
        .call(
            Method::GET,
            "/api/appointments/slots?from=2026-12-08&to=2027-02-08",
            &world.staff,
            None,
        )
        .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert_eq!(long.body["errors"][0]["field"], "to");
    let after = world
        .call(
            Method::GET,
            "/api/appointments/schedule",
            &world.staff,
            None,
        )
        .await;
    assert_eq!(after.body["version"], 0);
}

#[tokio::test]
async fn a_saved_schedule_is_audited_with_the_settings_it_changed() {
    let world = World::new().await;
    let mut new = settings(&world).await;
    new["capacity"] = json!(5);
    let put = |body: &Value| {
        request(
            Method::PUT,
            "/api/appointments/schedule",
            Some(&world.admin),
            Some(body),
        )
    };
    let saved = world.app.send(put(&new)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    new["slot_minutes"] = json!(7);
    let refused = world.app.send(put(&new)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);

    let filter = AuditFilter {
        action: Some(AuditAction::ScheduleUpdated),
        ..AuditFilter::default()
    };
    let request = PageRequest {
        limit: 10,
        start: None,
    };
    let records = audit_log::page(world.table(), &filter, request)
        .await
        .unwrap()
        .items;
    assert_eq!(records.len(), 1, "the refused save wrote none: {records:?}");
    let record = &records[0];
    assert_eq!(
        record.actor.role.map(|role| role.to_string()).as_deref(),
        Some("admin")
    );
    assert_eq!(
        Value::Object(record.before.clone().unwrap()),
        json!({"capacity": 2})
    );
    assert_eq!(
        Value::Object(record.after.clone().unwrap()),
        json!({"capacity": 5})
    );
}
