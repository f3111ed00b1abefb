//! The sample API Gateway events of `events/auth/`, parsed by `lambda_http`
//! as in Lambda, through the real router: the whole session life cycle.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::{Answer, Harness, PASSWORD, harness, harness_with};
use ecar_http::auth::Role;

const NEW_PASSWORD: &str = "another long passphrase";

/// Sends `events/auth/<name>.json` with its placeholders filled in.
async fn send_event(app: &Harness, name: &str, fill: &[(&str, &str)]) -> Answer {
    send_changed_event(app, name, fill, |_| {}).await
}

/// Sends a sample event after filling it in and changing it.
async fn send_changed_event(
    app: &Harness,
    name: &str,
    fill: &[(&str, &str)],
    change: impl FnOnce(&mut serde_json::Value),
) -> Answer {
    let path = format!(
        "{}/../../events/auth/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (placeholder, value) in fill {
        text = text.replace(placeholder, value);
    }
    // A filled-in body has another length than the sample's.
    let mut event: serde_json::Value = serde_json::from_str(&text).unwrap();
    if let Some(headers) = event["headers"].as_object_mut() {
        headers.remove("content-length");
    }
    change(&mut event);
    let request = lambda_http::request::from_str(&event.to_string()).unwrap();
    let (parts, body) = request.into_parts();
    app.send(Request::from_parts(parts, Body::from(body.to_vec())))
        .await
}

#[tokio::test]
async fn the_sample_events_drive_a_whole_session() {
    let app = harness();
    app.user("admin", Role::Admin).await;

    let login = send_event(&app, "token-obtain", &[("REPLACE_WITH_PASSWORD", PASSWORD)]).await;
    assert_eq!(login.status, StatusCode::OK, "{:?}", login.body);
    let access = login.body["access"].as_str().unwrap().to_string();
    let refresh = login.body["refresh"].as_str().unwrap().to_string();

    let verify = send_event(
        &app,
        "token-verify",
        &[("REPLACE_WITH_ACCESS_TOKEN", &access)],
    )
    .await;
    assert_eq!(verify.status, StatusCode::OK);
    let me = send_event(&app, "users-me", &[("REPLACE_WITH_ACCESS_TOKEN", &access)]).await;
    assert_eq!(me.body["username"], "admin");
    let list = send_event(
        &app,
        "users-list",
        &[("REPLACE_WITH_ACCESS_TOKEN", &access)],
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    let create = send_event(
        &app,
        "users-create",
        &[
            ("REPLACE_WITH_ACCESS_TOKEN", &access),
            ("REPLACE_WITH_PASSWORD", NEW_PASSWORD),
        ],
    )
    .await;
    assert_eq!(create.status, StatusCode::CREATED, "{:?}", create.body);
    let register = send_event(&app, "register", &[("REPLACE_WITH_PASSWORD", NEW_PASSWORD)]).await;
    assert_eq!(register.status, StatusCode::CREATED, "{:?}", register.body);

    let refreshed = send_event(
        &app,
        "token-refresh",
        &[("REPLACE_WITH_REFRESH_TOKEN", &refresh)],
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK);
    let refresh = refreshed.body["refresh"].as_str().unwrap().to_string();

    // The SPA's cookie refresh: body `{}`, token in the cookie, new token in a cookie.
    let by_cookie = send_event(
        &app,
        "token-refresh-cookie",
        &[("REPLACE_WITH_REFRESH_TOKEN", &refresh)],
    )
    .await;
    assert_eq!(by_cookie.status, StatusCode::OK, "{:?}", by_cookie.body);
    assert!(by_cookie.body.get("refresh").is_none());
    let cookie = by_cookie.headers[header::SET_COOKIE].to_str().unwrap();
    let refresh = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("ecar_refresh=")
        .to_string();
    let access = by_cookie.body["access"].as_str().unwrap().to_string();

    let changed = send_event(
        &app,
        "change-password",
        &[
            ("REPLACE_WITH_ACCESS_TOKEN", &access),
            ("REPLACE_WITH_NEW_PASSWORD", NEW_PASSWORD),
            ("REPLACE_WITH_PASSWORD", PASSWORD),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);

    let out = send_event(
        &app,
        "token-blacklist",
        &[
            ("REPLACE_WITH_ACCESS_TOKEN", &access),
            ("REPLACE_WITH_REFRESH_TOKEN", &refresh),
        ],
    )
    .await;
    assert_eq!(out.status, StatusCode::OK);
    let after = send_event(
        &app,
        "token-verify",
        &[("REPLACE_WITH_ACCESS_TOKEN", &access)],
    )
    .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn in_lambda_the_throttle_counts_the_gateway_source_ip() {
    let app = harness_with(|config| config.login_ip_max_attempts = 5);
    app.user("admin", Role::Admin).await;
    for i in 0..5 {
        let answer = send_changed_event(&app, "token-obtain", &[], |event| {
            let body =
                serde_json::json!({"username": format!("nobody{i}"), "password": "wrong password"});
            event["body"] = body.to_string().into();
            // Each attempt claims another origin; only sourceIp counts.
            event["headers"]["x-forwarded-for"] = format!("10.0.0.{i}").into();
        })
        .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = send_event(&app, "token-obtain", &[("REPLACE_WITH_PASSWORD", PASSWORD)]).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    let elsewhere = send_changed_event(
        &app,
        "token-obtain",
        &[("REPLACE_WITH_PASSWORD", PASSWORD)],
        |event| event["requestContext"]["http"]["sourceIp"] = "198.51.100.1".into(),
    )
    .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::OK,
        "another client is not throttled"
    );
}
