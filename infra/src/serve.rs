//! `ecar serve`: every function's router, the local blob URLs and the SPA in
//! one process on the embedded store.

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use axum::{
    Router,
    http::{Method, Uri},
    middleware,
    routing::any,
};
use ecar_http::{
    AppState, Clock, Config,
    accounts::{self, NewAccount},
    auth::{Role, users},
    bootstrap::{LOCAL_BLOBS_PATH, Storage},
    http::{
        ApiError,
        cors::{CorsPolicy, apply_cors},
        problem_for_bare_errors, with_layers, with_security_headers,
    },
    notifications::Dispatcher,
};
use ecar_store::blobs::EmbeddedBlobs;

use tower::Layer;
use tower_http::normalize_path::NormalizePathLayer;

use crate::{CliResult, spa};

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// Port on 127.0.0.1.
    pub port: u16,
    /// Data directory (default from the configuration, `./.ecar`).
    pub data_dir: Option<PathBuf>,
    /// Keep nothing on disk.
    pub in_memory: bool,
    /// Folder of the built SPA.
    pub spa_dir: PathBuf,
}

/// Serves until Ctrl-C.
pub async fn run(options: Options) -> CliResult {
    let mut config = Config::from_env()?;
    if let Some(dir) = options.data_dir {
        config.data_dir = dir;
    }
    if std::env::var("ECAR_PUBLIC_URL").is_err() {
        config.public_url = format!("http://127.0.0.1:{}", options.port);
    }
    let storage = if options.in_memory {
        Storage::Memory
    } else {
        Storage::Dir(config.data_dir.clone())
    };
    let where_data = match &storage {
        Storage::Memory => "in memory".to_string(),
        Storage::Dir(dir) => dir.display().to_string(),
    };
    let local = AppState::embedded(config, storage, Clock::system())?;
    if let Some(password) = create_first_admin(&local.state).await? {
        print_first_admin(&password);
    }
    // What the stream trigger and the daily schedule do on AWS.
    let ports = local.state.ports.clone();
    ecar_dispatcher::feed::spawn(&local.table, Dispatcher::new(&ports));
    crate::reminders::spawn_schedules(ports);

    let app = app(local.state, local.blobs, &options.spa_dir);
    let address = SocketAddr::from(([127, 0, 0, 1], options.port));
    let listener = tokio::net::TcpListener::bind(address).await?;
    println!("ECAR is serving on http://{address} (data: {where_data}); Ctrl-C stops it");
    let service = NormalizePathLayer::trim_trailing_slash().layer(app);
    axum::serve(
        listener,
        axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
            SocketAddr,
        >(service),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// The whole local application: API, OpenAPI document, blob URLs, SPA.
pub fn app(state: AppState, blobs: Arc<EmbeddedBlobs>, spa_dir: &std::path::Path) -> Router {
    let api = crate::router();
    let cors = Arc::new(CorsPolicy::new(state.config.cors_origins.clone()));
    let api = api
        // Unknown API paths get a problem+json 404, not the SPA's index page.
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .with_state(state.clone());
    let mut api = with_layers(api);
    // As API Gateway with the template's CorsConfiguration: preflights are
    // answered before routing, and only the configured origins get CORS
    // headers; with none configured (the default), no cross-origin access.
    if !cors.origins.is_empty() {
        api = api.layer(middleware::from_fn_with_state(cors, apply_cors));
    }
    let blob_urls = crate::uploads::checked(
        ecar_http::http::local_blobs::router(blobs.clone()),
        state,
        blobs,
    )
    .layer(middleware::map_response(problem_for_bare_errors));
    Router::new()
        .merge(api)
        .nest(
            LOCAL_BLOBS_PATH,
            with_security_headers(blob_urls, BLOB_CONTENT_SECURITY_POLICY),
        )
        .merge(spa::router(spa_dir))
}

/// Signed blob URLs serve PDFs that a browser opens in a tab of their own
/// (its PDF viewer is left alone): only framing is forbidden.
const BLOB_CONTENT_SECURITY_POLICY: &str = "frame-ancestors 'none'";

async fn api_not_found(method: Method, uri: Uri) -> ApiError {
    tracing::debug!(%method, path = %uri.path(), "no such API route");
    ApiError::not_found()
}

/// On first start with an empty store, creates `admin` with a random password
/// and returns the password (to be shown once).
pub(crate) async fn create_first_admin(
    state: &AppState,
) -> Result<Option<String>, Box<dyn std::error::Error + Send + Sync>> {
    let existing = state.table.query(&users::list_query().limit(1)).await?;
    if !existing.items.is_empty() {
        return Ok(None);
    }
    let password = random_password();
    let account = NewAccount {
        username: "admin".into(),
        email: "admin@ecar.local".into(),
        password: password.clone(),
        role: Role::Admin,
        first_name: "Garage".into(),
        last_name: "Admin".into(),
    };
    accounts::create_user(
        state.table.as_ref(),
        &state.passwords,
        &state.clock,
        account,
    )
    .await?;
    Ok(Some(password))
}

/// The first admin's credentials, in the lines `make dev` users and the
/// end-to-end harness read.
pub(crate) fn print_first_admin(password: &str) {
    println!();
    println!("  First start: created the admin account (shown once)");
    println!("    username: admin");
    println!("    password: {password}");
    println!();
}

fn random_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    (0..16)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}
