//! The authorization matrix test, for any function: every route of the
//! function's OpenAPI document must have a row in [`crate::auth::authz::MATRIX`]
//! (and every row under the function's prefixes a route), and calling every
//! route as anonymous, another customer, the owning customer, staff and admin
//! must give what the row says.
//!
//! Routes are called with an empty JSON object as body: a role the row lets
//! through must get past authorization (any answer but 401 and 403, and no 404
//! for the owner of an owned object), a role it refuses must get 403 (401 when
//! anonymous), and another customer reaching an owned object must get 404.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use tower::ServiceExt;
use utoipa::openapi::OpenApi;

use crate::{
    AppState,
    accounts::login,
    auth::{
        Role,
        authz::{self, MATRIX},
        users::{self, NewUser, User, Username},
    },
    customers::{Customer, Profile},
    domain::{Address, CustomerId, Email, Notes, PersonName, PhoneNumber},
    http::into_service,
};

/// The password of every persona.
pub const PERSONA_PASSWORD: &str = "persona passphrase";

/// A logged-in test user.
#[derive(Clone, Debug)]
pub struct Persona {
    /// The account.
    pub user: User,
    /// A valid access token.
    pub token: String,
}

/// The five authenticated personas of the matrix test.
#[derive(Clone, Debug)]
pub struct Personas {
    /// An admin.
    pub admin: Persona,
    /// A staff member.
    pub staff: Persona,
    /// The customer who owns the objects the paths name.
    pub owner: Persona,
    /// A customer who owns none of them.
    pub other: Persona,
    /// A technician assigned to none of them.
    pub technician: Persona,
}

impl Personas {
    /// Creates the five accounts (customers with a profile) and logs them in.
    pub async fn create(state: &AppState) -> Self {
        Self {
            admin: persona(state, "matrix-admin", Role::Admin).await,
            staff: persona(state, "matrix-staff", Role::Staff).await,
            owner: persona(state, "matrix-owner", Role::Customer).await,
            other: persona(state, "matrix-other", Role::Customer).await,
            technician: persona(state, "matrix-technician", Role::Technician).await,
        }
    }
}

async fn persona(state: &AppState, username: &str, role: Role) -> Persona {
    let now = state.clock.now();
    let email = Email::parse(&format!("{username}@matrix.test")).expect("valid email");
    let customer_id = (role == Role::Customer).then(|| CustomerId::generate(now));
    let hash = state
        .passwords
        .hash(PERSONA_PASSWORD.into())
        .await
        .expect("hashing works");
    let user = NewUser {
        username: Username::parse(username).expect("valid username"),
        email: email.clone(),
        first_name: username.into(),
        last_name: "Matrix".into(),
        role,
        customer_id: customer_id.as_ref().map(CustomerId::to_string),
        password_hash: Some(hash),
    }
    .into_user(now);
    let mut ops = users::create_ops(&user).expect("user item");
    if let Some(id) = customer_id {
        let profile = Profile {
            first_name: PersonName::parse(&user.first_name).expect("valid name"),
            last_name: PersonName::parse(&user.last_name).expect("valid name"),
            email,
            phone: PhoneNumber::parse("+21620000000", "216").expect("valid phone"),
            address: Address::default(),
            notes: Notes::default(),
        };
        let customer = Customer::new(id, user.id.clone(), profile, now);
        ops.extend(customer.create_ops().expect("customer items"));
    }
    state.table.transact(ops).await.expect("persona stored");
    let logged_in = login::login(
        state,
        &state.tokens,
        username,
        PERSONA_PASSWORD.into(),
        None,
    )
    .await
    .expect("persona logs in");
    Persona {
        user: logged_in.user,
        token: logged_in.tokens.access,
    }
}

/// Every `(method, path)` of an OpenAPI document.
pub fn operations(openapi: &OpenApi) -> Vec<(Method, String)> {
    let mut found = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let methods = [
            (Method::GET, item.get.is_some()),
            (Method::POST, item.post.is_some()),
            (Method::PUT, item.put.is_some()),
            (Method::PATCH, item.patch.is_some()),
            (Method::DELETE, item.delete.is_some()),
        ];
        for (method, present) in methods {
            if present {
                found.push((method, path.clone()));
            }
        }
    }
    found
}

/// Runs the matrix test over a function's router (already given its state)
/// and OpenAPI document. `prefixes` are the paths the function serves;
/// `concrete` turns a path template into a path whose ids name objects of
/// `personas.owner` (or any existing object for staff-only routes).
pub async fn check_matrix(
    router: Router,
    openapi: &OpenApi,
    prefixes: &[&str],
    personas: &Personas,
    concrete: impl Fn(&str) -> String,
) {
    let served = operations(openapi);
    for (method, path) in &served {
        assert!(
            authz::rule(method, path).is_some(),
            "{method} {path} is missing from the authorization matrix"
        );
    }
    for rule in MATRIX
        .iter()
        .filter(|rule| prefixes.iter().any(|p| rule.path.starts_with(p)))
    {
        assert!(
            served
                .iter()
                .any(|(method, path)| method.as_str() == rule.method && path == rule.path),
            "the matrix has {} {} but the function does not serve it",
            rule.method,
            rule.path
        );
    }

    let service = Arc::new(into_service(router));
    let cases: [(&str, Option<&Persona>); 6] = [
        ("anonymous", None),
        ("another customer", Some(&personas.other)),
        ("an unassigned technician", Some(&personas.technician)),
        ("the owning customer", Some(&personas.owner)),
        ("staff", Some(&personas.staff)),
        ("admin", Some(&personas.admin)),
    ];
    for (method, template) in &served {
        let rule = authz::rule(method, template).expect("checked above");
        let path = concrete(template);
        for (who, persona) in cases {
            let mut request = Request::builder().method(method.clone()).uri(&path);
            if let Some(persona) = persona {
                request =
                    request.header(header::AUTHORIZATION, format!("Bearer {}", persona.token));
            }
            let request = if matches!(*method, Method::POST | Method::PUT | Method::PATCH) {
                request
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from("{}"))
            } else {
                request.body(Body::empty())
            }
            .expect("valid request");
            let status = (*service)
                .clone()
                .oneshot(request)
                .await
                .expect("infallible service")
                .status();
            let role = persona.map(|p| p.user.role);
            let expected = expectation(
                rule,
                role,
                who == "another customer",
                who == "the owning customer",
            );
            assert!(
                expected.accepts(status),
                "{method} {path} as {who}: got {status}, expected {expected:?}"
            );
        }
    }
}

/// What a persona must get from a route.
#[derive(Debug)]
enum Expected {
    /// Past authorization: neither 401 nor 403 (nor 404 when `found`).
    Through { found: bool },
    /// Exactly this status.
    Exactly(StatusCode),
}

impl Expected {
    fn accepts(&self, status: StatusCode) -> bool {
        match self {
            Expected::Through { found } => {
                status != StatusCode::UNAUTHORIZED
                    && status != StatusCode::FORBIDDEN
                    && !(*found && status == StatusCode::NOT_FOUND)
            }
            Expected::Exactly(expected) => status == *expected,
        }
    }
}

fn expectation(
    rule: &authz::Rule,
    role: Option<Role>,
    other_customer: bool,
    owner: bool,
) -> Expected {
    if rule.is_public() {
        return Expected::Through { found: false };
    }
    let Some(role) = role else {
        return Expected::Exactly(StatusCode::UNAUTHORIZED);
    };
    if !rule.allows(role) {
        return Expected::Exactly(StatusCode::FORBIDDEN);
    }
    // Neither another customer's object nor a job assigned to someone else
    // exists for the caller.
    if rule.is_owned() && (other_customer || role == Role::Technician) {
        return Expected::Exactly(StatusCode::NOT_FOUND);
    }
    Expected::Through {
        found: rule.is_owned() && owner,
    }
}
