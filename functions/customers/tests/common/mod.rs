//! What the customers tests share: the real router over the embedded table,
//! callers of every role, and a customer factory.

#![allow(dead_code)] // each test file uses its own subset

use axum::http::{Method, StatusCode};
use ecar_http::{
    auth::Role,
    testing::app::{Answer, TestApp, request},
};
use serde_json::{Value, json};

/// The customers function with a staff member, an admin, and tokens.
pub struct World {
    /// The app.
    pub app: TestApp,
    /// A staff member's token.
    pub staff: String,
    /// An admin's token.
    pub admin: String,
    staff_id: String,
    admin_id: String,
}

impl World {
    /// A fresh world.
    pub async fn new() -> Self {
        Self::over(TestApp::new(ecar_customers::router())).await
    }

    /// A world over an existing app.
    pub async fn over(app: TestApp) -> Self {
        let staff_id = app.staff_account("staff.member", Role::Staff).await;
        let admin_id = app.staff_account("the.admin", Role::Admin).await;
        Self {
            staff: app.token_of(&staff_id).await,
            admin: app.token_of(&admin_id).await,
            app,
            staff_id,
            admin_id,
        }
    }

    /// Moves the clock forward; staff and admin get fresh tokens.
    pub async fn advance(&mut self, by: chrono::Duration) {
        self.app.state.clock.advance(by);
        self.staff = self.app.token_of(&self.staff_id).await;
        self.admin = self.app.token_of(&self.admin_id).await;
    }

    /// Sends a request.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        self.app
            .send(request(method, path, token, body.as_ref()))
            .await
    }

    /// Creates a customer as staff; returns the customer JSON.
    pub async fn customer(&self, first: &str, last: &str, email: &str, phone: &str) -> Value {
        let answer = self
            .call(
                Method::POST,
                "/api/customers",
                Some(&self.staff),
                Some(json!({
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "phone": phone,
                })),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.body
    }

    /// A customer and a token of their login.
    pub async fn customer_with_token(
        &self,
        first: &str,
        email: &str,
        phone: &str,
    ) -> (Value, String) {
        let customer = self.customer(first, "Test", email, phone).await;
        let token = self
            .app
            .token_of(customer["user_id"].as_str().unwrap())
            .await;
        (customer, token)
    }

    /// Reads a customer as staff.
    pub async fn read(&self, id: &str) -> Answer {
        self.call(
            Method::GET,
            &format!("/api/customers/{id}"),
            Some(&self.staff),
            None,
        )
        .await
    }
}
