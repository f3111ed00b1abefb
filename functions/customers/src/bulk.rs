//! `POST /api/customers/bulk_create` and `GET /api/customers/export`.

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    auth::Caller,
    bulk::{
        BulkReport, JsonRows, RowErrors, claim, create_rows,
        export::{self, CSV_MEDIA_TYPE},
        import::{self, Columns, Row},
        refuse_repeats,
    },
    customers::{
        BY_CREATION, Customer, Profile,
        create::{self, NewCustomer},
    },
    domain::{Address, Email, Notes, PersonName, PhoneText},
    http::{ApiError, Problem},
    idempotency::Idempotent,
    store::{Index, Item, ItemError, Query, from_item},
};
use serde::Deserialize;

use crate::requests::phone;

/// Columns of the CSV export, in order; an import reads the same file back.
const EXPORT_COLUMNS: [&str; 11] = [
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "address",
    "notes",
    "user_id",
    "version",
    "created_at",
    "updated_at",
];

/// Columns of a CSV import.
const IMPORT_COLUMNS: Columns = Columns {
    fields: &[
        "first_name",
        "last_name",
        "email",
        "phone",
        "address",
        "notes",
        "username",
    ],
    required: &["first_name", "last_name", "email", "phone"],
    numbers: &[],
    ignored: &["id", "user_id", "version", "created_at", "updated_at"],
};

/// One customer of a bulk create (no password: the logins are created
/// without one, to be set later).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkCustomerRow {
    /// Given name.
    pub first_name: PersonName,
    /// Family name.
    pub last_name: PersonName,
    /// Email.
    pub email: Email,
    /// Phone number.
    pub phone: PhoneText,
    /// Postal address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<Notes>,
    /// Login name; the email by default.
    #[serde(default)]
    pub username: Option<String>,
}

fn check(row: &Row, default_country_code: &str) -> Result<NewCustomer, RowErrors> {
    let parsed: BulkCustomerRow = row.parse()?;
    let phone =
        phone(&parsed.phone, default_country_code).map_err(|error| row.errors_of(&error))?;
    Ok(NewCustomer {
        profile: Profile {
            first_name: parsed.first_name,
            last_name: parsed.last_name,
            email: parsed.email,
            phone,
            address: parsed.address.unwrap_or_default(),
            notes: parsed.notes.unwrap_or_default(),
        },
        username: parsed.username,
        password: None,
    })
}

/// Creates many customers (admins): a JSON array or CSV with a header row,
/// up to 1,000 rows. Valid rows are created, each whole (profile, login,
/// guards and index items together); invalid ones are reported. With an
/// `Idempotency-Key`, repeating the request creates nothing twice.
#[utoipa::path(post, path = "/api/customers/bulk_create", tag = "customers",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely")),
    request_body(description = "Rows as `POST /api/customers` takes them, without `password`: a JSON array, or CSV with a header row",
        content(
        (JsonRows = "application/json"),
        (String = "text/csv", example = "first_name,last_name,email,phone\r\nAmira,Ben Ali,amira@example.tn,98 123 456\r\n"),
    )),
    responses(
        (status = 200, description = "What was created and why the other rows were not", body = BulkReport<Customer>),
        (status = 400, description = "Not rows, too many rows, or a bad CSV header", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
        (status = 409, description = "The key was used for another request", body = Problem),
        (status = 415, description = "Neither JSON nor CSV", body = Problem),
    ))]
pub async fn bulk_create(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<axum::Json<BulkReport<Customer>>, ApiError> {
    let route = "POST /api/customers/bulk_create";
    let idempotent = Idempotent::from_request(&headers, &caller.user_id, route, &body)?;
    let rows = import::rows(&headers, &body, &IMPORT_COLUMNS)?;
    if let Some(idempotent) = &idempotent {
        claim(state.table.as_ref(), idempotent, state.clock.now()).await?;
    }
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    for row in rows {
        match check(&row, &state.config.default_country_code) {
            Ok(new) => checked.push((row, new)),
            Err(row_errors) => errors.push(row_errors),
        }
    }
    let email = |new: &NewCustomer| Some(new.profile.email.to_string());
    let username = |new: &NewCustomer| {
        Some(
            new.username
                .as_deref()
                .unwrap_or(new.profile.email.as_str())
                .to_lowercase(),
        )
    };
    let checked = refuse_repeats(
        checked,
        &[("email", &email), ("username", &username)],
        &mut errors,
    );
    let report = create_rows(checked, errors, idempotent.as_ref(), |new, part| {
        let state = &state;
        async move {
            create::create(state, new, part.as_ref())
                .await
                .map_err(ApiError::from)
        }
    })
    .await;
    tracing::info!(created = report.created.len(), refused = report.errors.len(), actor = %caller.user_id, "bulk customer create");
    Ok(axum::Json(report))
}

fn customer_cells(item: Item) -> Result<Vec<String>, ItemError> {
    let customer: Customer = from_item(item)?;
    Ok(vec![
        customer.id.to_string(),
        customer.first_name.to_string(),
        customer.last_name.to_string(),
        customer.email.to_string(),
        customer.phone.to_string(),
        customer.address.to_string(),
        customer.notes.to_string(),
        customer.user_id,
        customer.version.to_string(),
        customer
            .created_at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        customer
            .updated_at
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
    ])
}

/// Every customer as CSV, oldest first (admins), streamed page by page.
/// Cells starting with `=`, `+`, `-` or `@` get a `'` before them, so that a
/// spreadsheet shows them as text; `bulk_create` reads the file back.
#[utoipa::path(get, path = "/api/customers/export", tag = "customers",
    responses(
        (status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn export(State(state): State<AppState>, caller: Caller) -> Response {
    tracing::info!(actor = %caller.user_id, "customer export");
    let body = export::stream(
        state.table.clone(),
        Query::partition(Index::Gsi1, BY_CREATION),
        &EXPORT_COLUMNS,
        customer_cells,
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(CSV_MEDIA_TYPE),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"customers.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}
