//! Login throttling per account and per client IP.

mod common;

use axum::http::{StatusCode, header};
use common::{PASSWORD, from_peer, harness, harness_with, post};
use ecar_http::auth::Role;
use lambda_http::{
    aws_lambda_events::apigw::ApiGatewayV2httpRequestContext, request::RequestContext,
};
use serde_json::json;

fn wrong_login(username: &str) -> axum::http::Request<axum::body::Body> {
    post(
        "/api/token",
        json!({"username": username, "password": "not the password"}),
    )
}

#[tokio::test]
async fn fifty_concurrent_wrong_logins_against_a_limit_of_five_hash_five_times() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    assert_eq!(app.state.config.login_max_attempts, 5);
    let before = app.state.passwords.computations();
    let attempts = (0..50).map(|_| {
        let app = app.clone();
        tokio::spawn(async move {
            app.send(from_peer(wrong_login("amira"), "203.0.113.10:40000"))
                .await
        })
    });
    let answers: Vec<_> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let count = |status| answers.iter().filter(|a| a.status == status).count();
    assert_eq!(count(StatusCode::UNAUTHORIZED), 5);
    assert_eq!(count(StatusCode::TOO_MANY_REQUESTS), 45);
    assert_eq!(app.state.passwords.computations() - before, 5);
    for answer in answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
    {
        let retry: u64 = answer.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=900).contains(&retry), "{retry}");
    }
}

#[tokio::test]
async fn the_right_password_is_refused_too_once_throttled() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    for _ in 0..5 {
        let answer = app.send(wrong_login("amira")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let before = app.state.passwords.computations();
    let answer = app
        .send(post(
            "/api/token",
            json!({"username": "amira", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.state.passwords.computations(),
        before,
        "no hash when throttled"
    );
    assert!(answer.body.get("access").is_none());

    // The window ends (15 minutes): the account may try again.
    app.advance(15 * 60);
    app.login("amira").await;
}

#[tokio::test]
async fn forged_forwarded_for_headers_do_not_reset_the_ip_count() {
    let app = harness_with(|config| config.login_ip_max_attempts = 5);
    for name in ["user1", "user2", "user3", "user4", "user5", "user6"] {
        app.user(name, Role::Staff).await;
    }
    // Five accounts, one wrong attempt each, each claiming another origin.
    for (i, name) in ["user1", "user2", "user3", "user4", "user5"]
        .iter()
        .enumerate()
    {
        let mut request = from_peer(wrong_login(name), "198.51.100.20:5000");
        request
            .headers_mut()
            .insert("x-forwarded-for", format!("10.0.0.{i}").parse().unwrap());
        assert_eq!(app.send(request).await.status, StatusCode::UNAUTHORIZED);
    }
    let mut request = from_peer(
        post(
            "/api/token",
            json!({"username": "user6", "password": PASSWORD}),
        ),
        "198.51.100.20:5001",
    );
    request
        .headers_mut()
        .insert("x-forwarded-for", "10.9.9.9".parse().unwrap());
    assert_eq!(
        app.send(request).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );

    // Another client address is not affected.
    let request = from_peer(
        post(
            "/api/token",
            json!({"username": "user6", "password": PASSWORD}),
        ),
        "198.51.100.21:5000",
    );
    assert_eq!(app.send(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn in_lambda_the_api_gateway_source_ip_is_the_client() {
    let app = harness_with(|config| config.login_ip_max_attempts = 5);
    for name in ["user1", "user2", "user3", "user4", "user5", "user6"] {
        app.user(name, Role::Staff).await;
    }
    let from_gateway = |request: axum::http::Request<axum::body::Body>, ip: &str| {
        let mut context = ApiGatewayV2httpRequestContext::default();
        context.http.source_ip = Some(ip.to_string());
        let mut request = request;
        request
            .extensions_mut()
            .insert(RequestContext::ApiGatewayV2(context));
        request
            .headers_mut()
            .insert("x-forwarded-for", "10.1.2.3".parse().unwrap());
        request
    };
    for name in ["user1", "user2", "user3", "user4", "user5"] {
        let answer = app
            .send(from_gateway(wrong_login(name), "192.0.2.77"))
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let answer = app
        .send(from_gateway(
            post(
                "/api/token",
                json!({"username": "user6", "password": PASSWORD}),
            ),
            "192.0.2.77",
        ))
        .await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    let answer = app
        .send(from_gateway(
            post(
                "/api/token",
                json!({"username": "user6", "password": PASSWORD}),
            ),
            "192.0.2.78",
        ))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "another client is not throttled"
    );
}

#[tokio::test]
async fn an_account_is_throttled_from_every_address() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    for i in 0..5 {
        let request = from_peer(wrong_login("AMIRA"), &format!("203.0.113.{i}:1000"));
        assert_eq!(app.send(request).await.status, StatusCode::UNAUTHORIZED);
    }
    let request = from_peer(wrong_login("amira"), "203.0.113.99:1000");
    assert_eq!(
        app.send(request).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn successful_logins_do_not_count_against_the_limit() {
    let app = harness_with(|config| config.login_max_attempts = 3);
    app.user("amira", Role::Staff).await;
    for _ in 0..2 {
        assert_eq!(
            app.send(wrong_login("amira")).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    for _ in 0..4 {
        app.login("amira").await;
    }
    assert_eq!(
        app.send(wrong_login("amira")).await.status,
        StatusCode::UNAUTHORIZED,
        "the third failure is still within the limit"
    );
    assert_eq!(
        app.send(wrong_login("amira")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}
