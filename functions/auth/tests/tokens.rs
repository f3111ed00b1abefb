//! Login, refresh, logout and verify through the real router, with the
//! token attacks of issue 3.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode, header};
use base64::Engine;
use common::{
    PASSWORD, bearer, claims_of, doubles::FailingTable, get, harness, harness_over, harness_with,
    post, request, start,
};
use ecar_http::{
    Clock,
    auth::{Role, TokenKeys},
    store::Table,
};
use ecar_store::table::EmbeddedTable;

use serde_json::json;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[tokio::test]
async fn login_with_username_or_email_returns_tokens_and_the_user() {
    let app = harness();
    let user = app.user("amira", Role::Staff).await;
    let answer = app
        .send(post(
            "/api/token/",
            json!({"username": "amira", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["user"]["id"], user.id.as_str());
    assert_eq!(answer.body["user"]["role"], "staff");
    assert_eq!(answer.body["user"]["customer_id"], serde_json::Value::Null);
    assert!(answer.body["user"].get("password_hash").is_none());

    let access = claims_of(answer.body["access"].as_str().unwrap());
    assert_eq!(access["sub"], user.id.as_str());
    assert_eq!(access["role"], "staff");
    assert_eq!(access["typ"], "access");
    assert_eq!(access["iss"], "ecar");
    assert_eq!(access["aud"], "ecar-api");
    let lifetime = access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap();
    assert_eq!(
        lifetime, 600,
        "access tokens live the configured 10 minutes"
    );
    let refresh = claims_of(answer.body["refresh"].as_str().unwrap());
    assert_eq!(refresh["typ"], "refresh");
    assert_eq!(refresh["sid"], access["sid"]);
    let header = jsonwebtoken_header(answer.body["access"].as_str().unwrap());
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(
        header["kid"],
        app.state.tokens.signing().unwrap().active_kid()
    );

    let by_email = app
        .send(post(
            "/api/token",
            json!({"username": "AMIRA@Garage.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(by_email.status, StatusCode::OK, "emails match without case");
}

fn jsonwebtoken_header(token: &str) -> serde_json::Value {
    let header = token.split('.').next().unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn unknown_users_wrong_passwords_and_disabled_accounts_look_the_same() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let disabled = app.user("karim", Role::Staff).await;
    let admin = app.user("boss", Role::Admin).await;
    let (admin_token, _) = app.login(&admin.username).await;
    let answer = app
        .send(bearer(
            request(
                Method::PATCH,
                &format!("/api/users/{}", disabled.id),
                Some(json!({"is_active": false})),
            ),
            &admin_token,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);

    let before = app.state.passwords.computations();
    let wrong = app
        .send(post(
            "/api/token",
            json!({"username": "amira", "password": "wrong password!"}),
        ))
        .await;
    let unknown = app
        .send(post(
            "/api/token",
            json!({"username": "nobody", "password": PASSWORD}),
        ))
        .await;
    let inactive = app
        .send(post(
            "/api/token",
            json!({"username": "karim", "password": PASSWORD}),
        ))
        .await;
    for answer in [&wrong, &unknown, &inactive] {
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.body, wrong.body, "one message whatever the cause");
    }
    assert_eq!(
        app.state.passwords.computations() - before,
        3,
        "each failure costs exactly one hash, known account or not"
    );
}

#[tokio::test]
async fn verify_accepts_a_valid_access_token_only() {
    let app = harness();
    let user = app.user("amira", Role::Staff).await;
    let (access, refresh) = app.login("amira").await;

    let ok = app.send(bearer(get("/api/token/verify/"), &access)).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.body["id"], user.id.as_str());

    let refused = |token: String| {
        let app = app.clone();
        async move {
            app.send(bearer(get("/api/token/verify"), &token))
                .await
                .status
        }
    };
    // No token, garbage, a refresh token used as an access token.
    assert_eq!(
        app.send(get("/api/token/verify")).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        refused("not-a-token".into()).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(refused(refresh).await, StatusCode::UNAUTHORIZED);

    // alg: none with the same claims.
    let parts: Vec<&str> = access.split('.').collect();
    let none_header = json!({"alg": "none", "typ": "JWT", "kid": app.state.tokens.signing().unwrap().active_kid()});
    let none = format!("{}.{}.", b64(none_header.to_string().as_bytes()), parts[1]);
    assert_eq!(refused(none).await, StatusCode::UNAUTHORIZED);

    // HS256 signed with the public key as HMAC secret (key confusion).
    let mut hs_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    hs_header.kid = Some(app.state.tokens.signing().unwrap().active_kid().to_string());
    let confused = jsonwebtoken::encode(
        &hs_header,
        &claims_of(&access),
        &jsonwebtoken::EncodingKey::from_secret(&public_key(app.state.tokens.signing().unwrap())),
    )
    .unwrap();
    assert_eq!(refused(confused).await, StatusCode::UNAUTHORIZED);

    // A tampered payload: role raised to admin, signature kept.
    let mut claims = claims_of(&access);
    claims["role"] = "admin".into();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(claims.to_string().as_bytes()),
        parts[2]
    );
    assert_eq!(refused(tampered).await, StatusCode::UNAUTHORIZED);

    // A token from another key set (unknown kid).
    let foreign = TokenKeys::generate();
    let mut claims = claims_of(&access);
    claims["jti"] = "other".into();
    let foreign_token = foreign
        .sign(&serde_json::from_value(claims).unwrap())
        .unwrap();
    assert_eq!(refused(foreign_token).await, StatusCode::UNAUTHORIZED);

    // Wrong audience, correctly signed.
    let mut claims = claims_of(&access);
    claims["aud"] = "another-api".into();
    let other_audience = app
        .state
        .tokens
        .signing()
        .unwrap()
        .sign(&serde_json::from_value(claims).unwrap())
        .unwrap();
    assert_eq!(refused(other_audience).await, StatusCode::UNAUTHORIZED);

    // Expired: past 10 minutes plus the leeway.
    app.advance(600 + 31);
    assert_eq!(refused(access).await, StatusCode::UNAUTHORIZED);
}

/// The raw public key of the active key, as anyone holding it could know it.
fn public_key(keys: &TokenKeys) -> Vec<u8> {
    use ed25519_dalek::pkcs8::DecodePrivateKey;
    let set: serde_json::Value = serde_json::from_str(&keys.to_json()).unwrap();
    let pem = set["keys"][0]["private_pem"].as_str().unwrap();
    let der = jsonwebtoken::EncodingKey::from_ed_pem(pem.as_bytes()).unwrap();
    ed25519_dalek::SigningKey::from_pkcs8_der(der.inner())
        .unwrap()
        .verifying_key()
        .to_bytes()
        .to_vec()
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_not_yet_valid() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (access, _) = app.login("amira").await;
    app.state
        .clock
        .set(start() - chrono::Duration::seconds(120));
    let answer = app.send(bearer(get("/api/token/verify"), &access)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_rotates_and_a_spent_token_revokes_the_whole_session() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (access, refresh) = app.login("amira").await;

    let first = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let access2 = first.body["access"].as_str().unwrap().to_string();
    let refresh2 = first.body["refresh"].as_str().unwrap().to_string();
    assert_ne!(refresh2, refresh);
    assert_eq!(claims_of(&refresh2)["sid"], claims_of(&refresh)["sid"]);
    assert_eq!(
        app.send(bearer(get("/api/token/verify"), &access2))
            .await
            .status,
        StatusCode::OK
    );

    // The spent token comes back: 401, and every token of the session dies.
    let replay = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.send(post("/api/token/refresh", json!({"refresh": refresh2})))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    for token in [&access, &access2] {
        assert_eq!(
            app.send(bearer(get("/api/token/verify"), token))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
}

#[tokio::test]
async fn an_access_token_is_not_a_refresh_token() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (access, _) = app.login("amira").await;
    let answer = app
        .send(post("/api/token/refresh", json!({"refresh": access})))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn of_twenty_concurrent_refreshes_exactly_one_wins() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (_, refresh) = app.login("amira").await;
    let attempts = (0..20).map(|_| {
        let app = app.clone();
        let refresh = refresh.clone();
        tokio::spawn(async move {
            app.send(post("/api/token/refresh", json!({"refresh": refresh})))
                .await
                .status
        })
    });
    let statuses: Vec<StatusCode> = futures::future::join_all(attempts)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1);
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count(),
        19
    );
}

#[tokio::test]
async fn refresh_needs_a_token_and_refuses_unknown_fields() {
    let app = harness();
    let missing = app.send(post("/api/token/refresh", json!({}))).await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.body["errors"][0]["field"], "refresh");
    let extra = app
        .send(post(
            "/api/token/refresh",
            json!({"refresh": "x", "sid": "y"}),
        ))
        .await;
    assert_eq!(extra.status, StatusCode::BAD_REQUEST);
    assert_eq!(extra.body["errors"][0]["field"], "sid");
    let login_extra = app
        .send(post(
            "/api/token",
            json!({"username": "a", "password": "b", "role": "admin"}),
        ))
        .await;
    assert_eq!(login_extra.status, StatusCode::BAD_REQUEST);
    assert_eq!(login_extra.body["errors"][0]["field"], "role");
}

#[tokio::test]
async fn logout_ends_the_session_and_the_access_token_presented() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (access, refresh) = app.login("amira").await;
    let (other_access, _) = app.login("amira").await;

    let answer = app
        .send(bearer(
            post("/api/token/blacklist/", json!({"refresh": refresh})),
            &access,
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        app.send(bearer(get("/api/token/verify"), &access))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(post("/api/token/refresh", json!({"refresh": refresh})))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.send(bearer(get("/api/token/verify"), &other_access))
            .await
            .status,
        StatusCode::OK,
        "another login of the same user is another session"
    );
}

#[tokio::test]
async fn logout_needs_authentication() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let (_, refresh) = app.login("amira").await;
    let answer = app
        .send(post("/api/token/blacklist", json!({"refresh": refresh})))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_end_at_their_absolute_limit_whatever_the_refreshes() {
    let app = harness_with(|config| {
        config.refresh_token_ttl = std::time::Duration::from_secs(2 * 24 * 3600);
        config.session_max_age = std::time::Duration::from_secs(3 * 24 * 3600);
        // Refreshes a day apart: no idle limit here (see the test below).
        config.staff_idle_timeout = None;
    });
    app.user("amira", Role::Staff).await;
    let (_, mut refresh) = app.login("amira").await;
    for _ in 0..2 {
        app.advance(30 * 3600);
        let answer = app
            .send(post("/api/token/refresh", json!({"refresh": refresh})))
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        refresh = answer.body["refresh"].as_str().unwrap().to_string();
    }
    app.advance(36 * 3600);
    let answer = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNAUTHORIZED,
        "past the 3-day limit"
    );
}

#[tokio::test]
async fn a_staff_session_idle_past_its_limit_ends_at_the_next_refresh() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let login = app
        .send(post(
            "/api/token/",
            json!({"username": "amira", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(login.body["idle_timeout_seconds"], 30 * 60);
    let mut refresh = login.body["refresh"].as_str().unwrap().to_string();

    // In use: a refresh every access token's lifetime keeps it going, for
    // longer than the idle limit in all.
    for _ in 0..4 {
        app.advance(10 * 60);
        let answer = app
            .send(post("/api/token/refresh", json!({"refresh": refresh})))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        assert_eq!(answer.body["idle_timeout_seconds"], 30 * 60);
        refresh = answer.body["refresh"].as_str().unwrap().to_string();
    }
    let access = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    refresh = access.body["refresh"].as_str().unwrap().to_string();
    let access = access.body["access"].as_str().unwrap().to_string();

    // A closed laptop: 31 minutes without a refresh end the session.
    app.advance(31 * 60);
    let idle = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(idle.status, StatusCode::UNAUTHORIZED);
    assert!(
        idle.body["detail"]
            .as_str()
            .is_some_and(|detail| detail.contains("30 minutes without activity")),
        "{}",
        idle.body
    );
    // Ended for good: the same token again, and the session's access token.
    let again = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    app.advance(-(31 * 60));
    assert_eq!(
        app.send(bearer(get("/api/token/verify"), &access))
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "the session is revoked, not just refused once"
    );
}

#[tokio::test]
async fn customers_sessions_have_no_idle_limit() {
    let app = harness();
    app.register("karim@mail.tn").await;
    let login = app
        .send(post(
            "/api/token/",
            json!({"username": "karim@mail.tn", "password": PASSWORD}),
        ))
        .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    assert_eq!(login.body["idle_timeout_seconds"], serde_json::Value::Null);
    app.advance(3 * 3600);
    let answer = app
        .send(post(
            "/api/token/refresh",
            json!({"refresh": login.body["refresh"]}),
        ))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
}

#[tokio::test]
async fn cookie_mode_keeps_the_refresh_token_out_of_the_body() {
    let app = harness();
    app.user("amira", Role::Staff).await;
    let mut login = post(
        "/api/token",
        json!({"username": "amira", "password": PASSWORD}),
    );
    login
        .headers_mut()
        .insert("x-refresh-mode", "cookie".parse().unwrap());
    let answer = app.send(login).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.get("refresh").is_none());
    let cookie = answer.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    for attribute in [
        "ecar_refresh=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/api/token",
    ] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let access = answer.body["access"].as_str().unwrap().to_string();
    let token = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("ecar_refresh=")
        .to_string();

    let with_cookie = |path: &str, token: &str| {
        let mut request = post(path, json!({}));
        request
            .headers_mut()
            .insert("x-refresh-mode", "cookie".parse().unwrap());
        request.headers_mut().insert(
            header::COOKIE,
            format!("ecar_refresh={token}").parse().unwrap(),
        );
        request
    };
    let refreshed = app.send(with_cookie("/api/token/refresh", &token)).await;
    assert_eq!(refreshed.status, StatusCode::OK);
    assert!(refreshed.body.get("refresh").is_none());
    assert!(refreshed.body["access"].is_string());
    let next = refreshed.headers[header::SET_COOKIE].to_str().unwrap();
    let next_token = next
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("ecar_refresh=")
        .to_string();
    assert_ne!(next_token, token);

    let out = app
        .send(bearer(
            with_cookie("/api/token/blacklist", &next_token),
            &access,
        ))
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(
        out.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.send(with_cookie("/api/token/refresh", &next_token))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_store_failure_during_refresh_issues_nothing() {
    let clock = Clock::fixed(start());
    let table = Arc::new(FailingTable::new(
        EmbeddedTable::in_memory(clock.clone()).unwrap(),
    ));
    let app = harness_over(table.clone() as Arc<dyn Table>, clock, |_| {});
    app.user("amira", Role::Staff).await;
    let (access, refresh) = app.login("amira").await;

    table.fail_writes(true);
    let answer = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(answer.headers.contains_key(header::RETRY_AFTER));
    assert!(answer.body.get("access").is_none());
    assert!(answer.body.get("refresh").is_none());

    table.fail_reads(true);
    let answer = app.send(bearer(get("/api/token/verify"), &access)).await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "an unreadable session is neither accepted nor a logout"
    );

    table.fail_reads(false);
    table.fail_writes(false);
    let answer = app
        .send(post("/api/token/refresh", json!({"refresh": refresh})))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "the failed attempt spent nothing: the token still works once"
    );
}

#[tokio::test]
async fn a_hash_with_weaker_parameters_is_upgraded_at_login() {
    use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version, password_hash::SaltString};
    use ecar_http::{
        auth::users::{self, User},
        store::{Change, Value, WriteOp, from_item},
    };

    let app = harness();
    let user = app.user("amira", Role::Staff).await;
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(
        PASSWORD.as_bytes(),
        &SaltString::encode_b64(b"some fixed salt!").unwrap(),
    )
    .unwrap()
    .to_string();
    app.state
        .table
        .write(WriteOp::Update {
            key: users::user_key(&user.id),
            changes: vec![Change::Set("password_hash".into(), Value::s(&weak))],
            condition: None,
        })
        .await
        .unwrap();

    app.login("amira").await;
    let item = app
        .state
        .table
        .get(&users::user_key(&user.id))
        .await
        .unwrap()
        .unwrap();
    let stored: User = from_item(item).unwrap();
    let hash = stored.password_hash.unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert_eq!(stored.version, user.version + 1);
    app.login("amira").await;
}
