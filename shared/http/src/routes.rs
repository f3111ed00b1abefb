//! A function's routes, declared once and built two ways.
//!
//! Building a `utoipa_axum` router builds every operation's OpenAPI
//! description and schemas as it goes: 1.7 ms for the customers function,
//! 3.9 ms for services (`ecar-bench routers`), which a Lambda would pay at every
//! cold start for a document it never serves (the auth function serves the
//! compiled-in `shared/openapi.json`). So each function writes its routes
//! once, generic over [`RouteSet`]:
//!
//! - as an [`OpenApiRouter`], for `ecar openapi` and the authorization tests,
//!   which read the document;
//! - as a plain axum [`Router`], for the Lambda entry, the local server and
//!   the tests that send requests, so what is served is what is tested.
//!
//! ```text
//! pub fn api() -> OpenApiRouter<AppState> { routes() }
//! pub fn router() -> Router<AppState> { routes() }
//! fn routes<R: RouteSet>() -> R {
//!     R::empty().group(ecar_http::routes!(crud::list, crud::create))
//! }
//! ```

use axum::{Router, extract::DefaultBodyLimit, handler::Handler, routing::MethodRouter};
use utoipa::openapi::HttpMethod;
use utoipa_axum::{PathItemExt, router::OpenApiRouter, router::UtoipaMethodRouter};

use crate::state::AppState;

/// Handlers sharing a path, as [`routes!`](crate::routes!) declares them:
/// each form builds only what it needs.
pub struct RouteGroup {
    /// The method router with the operations' OpenAPI description.
    pub documented: fn() -> UtoipaMethodRouter<AppState>,
    /// Adds the handlers to a plain router, without the description.
    pub plain: fn(Router<AppState>) -> Router<AppState>,
}

/// What a function's routes are built into: see the module's documentation.
pub trait RouteSet: Sized {
    /// No routes yet.
    fn empty() -> Self;
    /// Adds a group of handlers sharing a path.
    fn group(self, group: RouteGroup) -> Self;
    /// Adds the routes of another set.
    fn join(self, other: Self) -> Self;
    /// Raises the body limit of the routes added so far (the file uploads).
    fn body_limit(self, bytes: usize) -> Self;
}

impl RouteSet for OpenApiRouter<AppState> {
    fn empty() -> Self {
        OpenApiRouter::new()
    }

    fn group(self, group: RouteGroup) -> Self {
        self.routes((group.documented)())
    }

    fn join(self, other: Self) -> Self {
        self.merge(other)
    }

    fn body_limit(self, bytes: usize) -> Self {
        self.layer(DefaultBodyLimit::max(bytes))
    }
}

impl RouteSet for Router<AppState> {
    fn empty() -> Self {
        Router::new()
    }

    fn group(self, group: RouteGroup) -> Self {
        (group.plain)(self)
    }

    fn join(self, other: Self) -> Self {
        self.merge(other)
    }

    fn body_limit(self, bytes: usize) -> Self {
        self.layer(DefaultBodyLimit::max(bytes))
    }
}

/// Routes `handler` at `path` for `methods`; a path already routed gets the
/// new methods beside its others (axum merges them).
#[doc(hidden)]
pub fn plain_route<H, T>(
    router: Router<AppState>,
    path: &str,
    methods: &[HttpMethod],
    handler: H,
) -> Router<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let method_router = methods.iter().fold(MethodRouter::new(), |routes, method| {
        routes.on(method.to_method_filter(), handler.clone())
    });
    router.route(path, method_router)
}

/// What [`routes!`](crate::routes!) expands to needs, under a path the
/// functions' crates can name.
#[doc(hidden)]
pub mod __private {
    pub use utoipa_axum;
}

/// A [`RouteGroup`] of handlers sharing a path, each annotated with
/// `#[utoipa::path]`: `ecar_http::routes!(crud::get, crud::replace)`.
#[macro_export]
macro_rules! routes {
    // Handlers as identifiers, not `path` fragments: utoipa's macro splits
    // them to name the generated `__path_` type, which a `path` cannot be.
    ($($($handler:ident)::+),+ $(,)?) => {
        $crate::routes::RouteGroup {
            documented: || $crate::routes::__private::utoipa_axum::routes!($($($handler)::+),+),
            plain: |router| {
                $(
                    let router = $crate::routes::plain_route(
                        router,
                        &$crate::routes::__private::utoipa_axum::routes!(@path [path()] of $($handler)::+),
                        &$crate::routes::__private::utoipa_axum::routes!(@path [methods()] of $($handler)::+),
                        $($handler)::+,
                    );
                )+
                router
            },
        }
    };
}
