//! The invoices function.

use ecar_shared::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
}
