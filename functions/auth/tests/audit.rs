//! The audit log of accounts: each critical action writes one record, in
//! the transaction of the change, with the fields it changed before and
//! after and never a secret; a failed change writes none; only admins read
//! it, with filters, and export it.

mod common;

use axum::http::{Method, StatusCode, header};
use common::{Harness, PASSWORD, bearer, from_peer, get, harness, post, request};
use ecar_http::auth::Role;
use serde_json::{Value, json};

fn patch(path: &str, body: Value) -> axum::http::Request<axum::body::Body> {
    request(Method::PATCH, path, Some(body))
}

/// The records an admin reads with `query` (e.g. `?action=user_deleted`).
async fn records(app: &Harness, admin: &str, query: &str) -> Vec<Value> {
    let answer = app
        .send(bearer(get(&format!("/api/audit{query}")), admin))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    answer.body["results"].as_array().unwrap().clone()
}

/// The one record of `action`.
async fn only_record(app: &Harness, admin: &str, action: &str) -> Value {
    let found = records(app, admin, &format!("?action={action}")).await;
    assert_eq!(found.len(), 1, "{action}: {found:?}");
    found[0].clone()
}

/// An admin logged in (their login is recorded), and their access token.
async fn admin(app: &Harness) -> (String, String) {
    let admin = app.user("nadia", Role::Admin).await;
    let (access, _) = app.login("nadia").await;
    (admin.id, access)
}

#[tokio::test]
async fn account_changes_are_recorded_with_what_they_changed_and_no_secret() {
    let app = harness();
    let (admin_id, access) = admin(&app).await;

    let created = app
        .send(bearer(
            post(
                "/api/users",
                json!({"username": "amira", "email": "amira@garage.tn", "password": "Correct-Horse-42!", "role": "staff", "first_name": "Amira", "last_name": "Ben Ali"}),
            ),
            &access,
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let amira = created.body["id"].as_str().unwrap().to_string();
    let record = only_record(&app, &access, "user_created").await;
    assert_eq!(record["entity_kind"], "user");
    assert_eq!(record["entity_id"], amira.as_str());
    assert_eq!(record["label"], "amira");
    assert_eq!(record["actor"]["user_id"], admin_id.as_str());
    assert_eq!(record["actor"]["name"], "nadia Test");
    assert_eq!(record["actor"]["role"], "admin");
    assert_eq!(record["before"], Value::Null);
    assert_eq!(record["after"]["role"], "staff");
    assert_eq!(record["after"]["email"], "amira@garage.tn");
    assert!(record["after"].get("password_hash").is_none());

    app.advance(1);
    let promoted = app
        .send(bearer(
            patch(&format!("/api/users/{amira}"), json!({"role": "admin"})),
            &access,
        ))
        .await;
    assert_eq!(promoted.status, StatusCode::OK, "{:?}", promoted.body);
    let record = only_record(&app, &access, "user_role_changed").await;
    assert_eq!(record["before"], json!({"role": "staff"}));
    assert_eq!(record["after"], json!({"role": "admin"}));

    app.advance(1);
    let disabled = app
        .send(bearer(
            patch(&format!("/api/users/{amira}"), json!({"is_active": false})),
            &access,
        ))
        .await;
    assert_eq!(disabled.status, StatusCode::OK);
    let record = only_record(&app, &access, "user_deactivated").await;
    assert_eq!(record["before"], json!({"is_active": true}));
    assert_eq!(record["after"], json!({"is_active": false}));

    app.advance(1);
    let deleted = app
        .send(bearer(
            request(Method::DELETE, &format!("/api/users/{amira}"), None),
            &access,
        ))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let record = only_record(&app, &access, "user_deleted").await;
    assert_eq!(record["label"], "amira");
    assert_eq!(record["before"]["username"], "amira");
    assert_eq!(record["after"], Value::Null);
    assert!(record["before"].get("password_hash").is_none());

    // Everything done to amira, newest first.
    let history = records(
        &app,
        &access,
        &format!("?entity_kind=user&entity_id={amira}"),
    )
    .await;
    let actions: Vec<&str> = history
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "user_deleted",
            "user_deactivated",
            "user_role_changed",
            "user_created"
        ]
    );
}

#[tokio::test]
async fn a_refused_change_writes_no_record() {
    let app = harness();
    let (_, access) = admin(&app).await;
    let amira = app.user("amira", Role::Staff).await;
    app.user("sami", Role::Staff).await;

    // A stale version, then an email another account has.
    let stale = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"role": "admin", "version": 7}),
            ),
            &access,
        ))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{:?}", stale.body);
    let taken = app
        .send(bearer(
            patch(
                &format!("/api/users/{}", amira.id),
                json!({"email": "sami@garage.tn"}),
            ),
            &access,
        ))
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{:?}", taken.body);

    let about_amira = records(
        &app,
        &access,
        &format!("?entity_kind=user&entity_id={}", amira.id),
    )
    .await;
    assert_eq!(about_amira, Vec::<Value>::new());
}

#[tokio::test]
async fn admin_logins_and_failed_admin_logins_are_recorded_with_the_address() {
    let app = harness();
    let (admin_id, access) = admin(&app).await;
    app.user("amira", Role::Staff).await;
    app.login("amira").await;
    let wrong = app
        .send(from_peer(
            post(
                "/api/token",
                json!({"username": "nadia", "password": "not-the-password"}),
            ),
            "192.0.2.44:50000",
        ))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);

    let logins = records(&app, &access, "?action=admin_login").await;
    assert_eq!(logins.len(), 1, "staff logins are not audited: {logins:?}");
    assert_eq!(logins[0]["entity_id"], admin_id.as_str());
    let failed = only_record(&app, &access, "admin_login_failed").await;
    assert_eq!(failed["entity_id"], admin_id.as_str());
    assert_eq!(failed["actor"]["ip"], "192.0.2.44");
}

#[tokio::test]
async fn a_staff_password_change_is_recorded_without_the_password() {
    let app = harness();
    let (_, admin_access) = admin(&app).await;
    let amira = app.user("amira", Role::Staff).await;
    let (access, _) = app.login("amira").await;
    let changed = app
        .send(bearer(
            post(
                "/api/auth/change-password",
                json!({"old_password": PASSWORD, "new_password": "Another-Long-Secret-7"}),
            ),
            &access,
        ))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);

    let record = only_record(&app, &admin_access, "password_changed").await;
    assert_eq!(record["entity_id"], amira.id.as_str());
    assert_eq!(record["actor"]["user_id"], amira.id.as_str());
    let text = record.to_string();
    assert!(
        !text.contains("Another-Long-Secret-7") && !text.contains("argon2"),
        "{text}"
    );
}

#[tokio::test]
async fn only_admins_read_the_log_and_filters_are_checked() {
    let app = harness();
    let (admin_id, access) = admin(&app).await;
    app.user("amira", Role::Staff).await;
    let (staff, _) = app.login("amira").await;
    for path in ["/api/audit", "/api/audit/export"] {
        let refused = app.send(bearer(get(path), &staff)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        let anonymous = app.send(get(path)).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
    }

    for (query, field) in [
        ("?action=user_hacked", "action"),
        ("?entity_kind=garage", "entity_kind"),
        ("?entity_id=x", "entity_id"),
        ("?from=yesterday", "from"),
        ("?from=2026-12-07T10:00:00Z&to=2026-12-06T10:00:00Z", "to"),
    ] {
        let bad = app
            .send(bearer(get(&format!("/api/audit{query}")), &access))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(bad.body["errors"][0]["field"], field, "{query}");
    }

    // By actor and period: the admin's login is in the hour around it, not after.
    let now = common::start();
    let hour = chrono::Duration::hours(1);
    let around = format!(
        "?user={admin_id}&from={}&to={}",
        (now - hour).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        (now + hour).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
    .replace('+', "%2B");
    assert_eq!(records(&app, &access, &around).await.len(), 1);
    let later = format!(
        "?from={}",
        (now + hour).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(records(&app, &access, &later).await, Vec::<Value>::new());
}

#[tokio::test]
async fn the_log_pages_and_exports_as_csv() {
    let app = harness();
    let (_, access) = admin(&app).await;
    for name in ["amira", "sami", "lina"] {
        app.advance(1);
        let created = app
            .send(bearer(
                post(
                    "/api/users",
                    json!({"username": name, "email": format!("{name}@garage.tn"), "password": "Correct-Horse-42!", "role": "staff"}),
                ),
                &access,
            ))
            .await;
        assert_eq!(created.status, StatusCode::CREATED);
    }
    let first = app
        .send(bearer(
            get("/api/audit?action=user_created&limit=2"),
            &access,
        ))
        .await;
    assert_eq!(first.body["results"].as_array().unwrap().len(), 2);
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .send(bearer(
            get(&format!(
                "/api/audit?action=user_created&limit=2&cursor={cursor}"
            )),
            &access,
        ))
        .await;
    let labels: Vec<&str> = first.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second.body["results"].as_array().unwrap())
        .map(|record| record["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["lina", "sami", "amira"]);
    assert_eq!(second.body["next_cursor"], Value::Null);
    // A cursor is bound to its filter.
    let other_filter = app
        .send(bearer(
            get(&format!(
                "/api/audit?action=user_deleted&limit=2&cursor={cursor}"
            )),
            &access,
        ))
        .await;
    assert_eq!(other_filter.status, StatusCode::BAD_REQUEST);

    let mut export = bearer(get("/api/audit/export?action=user_created"), &access);
    export
        .headers_mut()
        .insert(header::ACCEPT, "text/csv".parse().unwrap());
    let (status, csv) = app.send_text(export).await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("at,actor_name,actor_role,actor_ip,actor_user_id,action,entity_kind,entity_id,label,before,after,id"));
    assert!(
        lines[1].contains(",user_created,user,") && lines[1].contains(",lina,"),
        "{}",
        lines[1]
    );
    assert!(
        !csv.contains("admin_login") && !csv.contains("argon2"),
        "{csv}"
    );
}

#[tokio::test]
async fn a_rare_action_over_a_long_log_comes_in_bounded_pages() {
    use ecar_http::audit_log::{AuditAction, AuditActor, AuditRecord, Changes, READ_BUDGET};

    let app = harness();
    let (_, access) = admin(&app).await;
    let actor = AuditActor::operator("test");
    let long_ago = common::start() - chrono::Duration::days(30);
    let deleted = AuditRecord::new(
        actor.clone(),
        AuditAction::UserDeleted,
        "u-old",
        Changes::default(),
        long_ago,
    );
    app.state
        .table
        .write(deleted.op(&app.state.config).unwrap())
        .await
        .unwrap();
    // More records than a page reads, all newer than the one wanted.
    for minute in 0..=READ_BUDGET as i64 {
        let at = long_ago + chrono::Duration::minutes(minute + 1);
        let record = AuditRecord::new(
            actor.clone(),
            AuditAction::UserUpdated,
            "u-busy",
            Changes::default(),
            at,
        );
        app.state
            .table
            .write(record.op(&app.state.config).unwrap())
            .await
            .unwrap();
    }

    // The first page reads its budget, finds nothing, and says where to go on.
    let first = app
        .send(bearer(
            get("/api/audit?action=user_deleted&limit=20"),
            &access,
        ))
        .await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    assert_eq!(first.body["results"], json!([]));
    let cursor = first.body["next_cursor"]
        .as_str()
        .expect("a cursor to go on");
    let next = app
        .send(bearer(
            get(&format!(
                "/api/audit?action=user_deleted&limit=20&cursor={cursor}"
            )),
            &access,
        ))
        .await;
    assert_eq!(next.status, StatusCode::OK, "{:?}", next.body);
    let found = next.body["results"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["entity_id"], "u-old");
    assert_eq!(next.body["next_cursor"], Value::Null);
}

#[tokio::test]
async fn an_admin_sets_a_forgotten_password_ending_the_users_sessions() {
    let app = harness();
    let (_, access) = admin(&app).await;
    let amira = app.user("amira", Role::Staff).await;
    let (_, amira_refresh) = app.login("amira").await;
    let path = format!("/api/users/{}/set_password", amira.id);

    // Refused: a weak password, a stale version, staff, one's own account.
    let weak = app
        .send(bearer(
            post(&path, json!({"new_password": "123456"})),
            &access,
        ))
        .await;
    assert_eq!(weak.status, StatusCode::BAD_REQUEST);
    assert_eq!(weak.body["errors"][0]["field"], "new_password");
    let stale = app
        .send(bearer(
            post(
                &path,
                json!({"new_password": "Fresh-Start-2026!", "version": 9}),
            ),
            &access,
        ))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let (staff, _) = app.login("amira").await;
    let by_staff = app
        .send(bearer(
            post(&path, json!({"new_password": "Fresh-Start-2026!"})),
            &staff,
        ))
        .await;
    assert_eq!(by_staff.status, StatusCode::FORBIDDEN);
    let admin_id = records(&app, &access, "?action=admin_login").await[0]["entity_id"]
        .as_str()
        .unwrap()
        .to_string();
    let own = app
        .send(bearer(
            post(
                &format!("/api/users/{admin_id}/set_password"),
                json!({"new_password": "Fresh-Start-2026!"}),
            ),
            &access,
        ))
        .await;
    assert_eq!(own.status, StatusCode::CONFLICT);
    assert_eq!(
        records(&app, &access, "?action=password_reset").await,
        Vec::<Value>::new()
    );

    let set = app
        .send(bearer(
            post(
                &path,
                json!({"new_password": "Fresh-Start-2026!", "version": 1}),
            ),
            &access,
        ))
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    assert_eq!(set.body["version"], 2);

    // The old password and the old sessions are gone; the new password works.
    let old = app
        .send(post(
            "/api/token",
            json!({"username": "amira", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let refresh = app
        .send(post(
            "/api/token/refresh",
            json!({"refresh": amira_refresh}),
        ))
        .await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    app.login_as("amira", "Fresh-Start-2026!").await;

    let record = only_record(&app, &access, "password_reset").await;
    assert_eq!(record["entity_id"], amira.id.as_str());
    assert_eq!(record["actor"]["role"], "admin");
    assert!(!record.to_string().contains("Fresh-Start"), "{record}");
}
