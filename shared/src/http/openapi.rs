//! The OpenAPI document's frame: title, version, the bearer scheme and the
//! problem+json schema. Each function adds its paths to it.

use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};

use super::error::{FieldError, Problem};

/// Name of the bearer security scheme that authenticated routes reference.
pub const BEARER: &str = "bearer";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ECAR API",
        description = "Garage management: customers, cars, services, invoices and notifications.",
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
