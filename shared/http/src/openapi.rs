//! The OpenAPI document's frame: title, version, the bearer scheme and the
//! problem+json schema. Each function adds its paths to it, and [`complete`]
//! derives what every operation shares from one source each: the security
//! requirement from the authorization matrix, the error bodies from
//! [`Problem`].

use axum::http::Method;
use utoipa::{
    Modify, OpenApi,
    openapi::{
        Content, Ref, RefOr, Response,
        path::{Operation, PathItem},
        security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme},
    },
};

use crate::auth::{Role, authz};
use crate::http::error::{FieldError, PROBLEM_JSON, Problem};

/// Name of the bearer security scheme that authenticated routes reference.
pub const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ECAR API",
        description = "Garage management: customers, cars, appointments, services, invoices and notifications.",
        license(name = "MIT"),
    ),
    components(schemas(Problem, FieldError)),
    modifiers(&BearerScheme),
)]
struct Frame;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, document: &mut utoipa::openapi::OpenApi) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document frame every router starts from.
pub fn frame() -> utoipa::openapi::OpenApi {
    let mut document = Frame::openapi();
    document.info.version = env!("CARGO_PKG_VERSION").to_string();
    document
}

/// Completes a document of merged routes: every operation the matrix does not
/// make public requires the bearer scheme and documents its 401 (and its 403
/// when some role may not call it); every 4xx/5xx answer is a problem+json
/// [`Problem`], as [`ApiError`](crate::http::ApiError) renders it.
pub fn complete(document: &mut utoipa::openapi::OpenApi) {
    for (path, item) in document.paths.paths.iter_mut() {
        for (method, operation) in operations_mut(item) {
            let rule = authz::rule(&method, path);
            if let Some(rule) = rule.filter(|rule| !rule.is_public()) {
                operation.security =
                    Some(vec![SecurityRequirement::new(BEARER, Vec::<String>::new())]);
                add_error(operation, "401", "Not authenticated");
                if !Role::ALL.iter().all(|role| rule.allows(*role)) {
                    add_error(operation, "403", "The caller's role may not do this");
                }
            } else {
                operation.security = None;
            }
            for (status, response) in operation.responses.responses.iter_mut() {
                if let RefOr::T(response) = response
                    && (status.starts_with('4') || status.starts_with('5'))
                {
                    response.content.clear();
                    response
                        .content
                        .insert(PROBLEM_JSON.to_string(), problem_content());
                }
            }
        }
    }
}

/// Each operation of a path item, with its method.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (Method, &mut Operation)> {
    [
        (Method::GET, &mut item.get),
        (Method::PUT, &mut item.put),
        (Method::POST, &mut item.post),
        (Method::DELETE, &mut item.delete),
        (Method::PATCH, &mut item.patch),
        (Method::HEAD, &mut item.head),
        (Method::OPTIONS, &mut item.options),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_mut().map(|operation| (method, operation)))
}

fn add_error(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_string())
        .or_insert_with(|| RefOr::T(Response::new(description)));
}

fn problem_content() -> RefOr<Content> {
    RefOr::T(Content::new(Some(Ref::from_schema_name("Problem"))))
}
