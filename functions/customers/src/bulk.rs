//! `POST /api/customers/bulk_create` and `GET /api/customers/export`.

use axum::{body::Bytes, extract::State, http::HeaderMap, response::Response};
use ecar_http::{
    AppState, audit,
    audit_log::AuditAction,
    auth::Caller,
    bulk::{
        BulkReport, JsonRows, RowErrors,
        export::{CsvExport, time_cell},
        import::{Columns, Row},
        route::BulkCreate,
    },
    customers::{
        BY_CREATION, Customer, Profile,
        create::{self, NewCustomer},
    },
    domain::{Address, Email, Notes, PersonName, PhoneText},
    http::{ApiError, Problem},
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
    let email = |new: &NewCustomer| Some(new.profile.email.to_string());
    // Logins are unique without regard to case.
    let username = |new: &NewCustomer| {
        Some(
            new.username
                .as_deref()
                .unwrap_or(new.profile.email.as_str())
                .to_lowercase(),
        )
    };
    let bulk = BulkCreate {
        route: "POST /api/customers/bulk_create",
        entity: "customer",
        columns: &IMPORT_COLUMNS,
        unique: &[("email", &email), ("username", &username)],
    };
    let country_code = &state.config.default_country_code;
    let check = |row: &Row| check(row, country_code);
    let state = &state;
    let report = bulk
        .run(
            state,
            &caller,
            &headers,
            &body,
            check,
            |new, part| async move {
                create::create(state, new, part.as_ref())
                    .await
                    .map_err(ApiError::from)
            },
        )
        .await?;
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
        time_cell(customer.created_at),
        time_cell(customer.updated_at),
    ])
}

/// The CSV export of customers.
const EXPORT: CsvExport = CsvExport {
    entity: "customer",
    columns: &EXPORT_COLUMNS,
    to_cells: customer_cells,
    file_name: "customers.csv",
};

/// Every customer as CSV, oldest first (admins), streamed page by page.
/// Cells starting with `=`, `+`, `-` or `@` get a `'` before them, so that a
/// spreadsheet shows them as text; `bulk_create` reads the file back.
#[utoipa::path(get, path = "/api/customers/export", tag = "customers",
    responses(
        (status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn export(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let summary = serde_json::json!({"route": "GET /api/customers/export"});
    audit::record_bulk(
        &state,
        &caller,
        AuditAction::DataExported,
        "customer",
        summary,
    )
    .await?;
    let every_customer = Query::partition(Index::Gsi1, BY_CREATION);
    Ok(EXPORT.respond(state.table.clone(), every_customer, &caller.user_id))
}
