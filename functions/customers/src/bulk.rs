//! `POST /api/customers/bulk_create` and `GET /api/customers/export`.

use axum::{
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Response},
};
use ecar_shared::{
    AppState,
    auth::Caller,
    bulk::{
        BulkReport, RowErrors,
        export::{self, CSV_MEDIA_TYPE},
        import::{self, Columns, Row},
    },
    customers::{
        BY_CREATION, Customer, CustomerError, Profile,
        create::{self, Created, NewCustomer},
    },
    domain::{Address, Email, Notes, PersonName, PhoneText},
    http::{ApiError, Problem},
    idempotency::Idempotent,
    store::{Index, Item, ItemError, Query, StoreError, from_item},
};
use futures::{StreamExt, stream};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::requests::phone;

/// Rows created at once (each is its own transaction).
const CONCURRENT_ROWS: usize = 8;

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
#[derive(Debug, Deserialize, ToSchema)]
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

/// A row checked, ready to be created.
struct Checked {
    row: Row,
    new: NewCustomer,
}

fn check(row: Row, default_country_code: &str) -> Result<Checked, RowErrors> {
    let parsed: BulkCustomerRow = row.parse()?;
    let phone =
        phone(&parsed.phone, default_country_code).map_err(|error| row.errors_of(&error))?;
    let new = NewCustomer {
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
    };
    Ok(Checked { row, new })
}

/// Refuses a row that repeats the email or username of an earlier row, so
/// that which row wins never depends on timing.
fn refuse_repeats(checked: Vec<Checked>, errors: &mut Vec<RowErrors>) -> Vec<Checked> {
    let mut emails: Vec<(String, usize)> = Vec::new();
    let mut usernames: Vec<(String, usize)> = Vec::new();
    let mut kept = Vec::with_capacity(checked.len());
    for row in checked {
        let email = row.new.profile.email.to_string();
        let username = row.new.username.as_deref().unwrap_or(&email).to_lowercase();
        let repeat = |seen: &[(String, usize)], value: &str| {
            seen.iter().find(|(v, _)| v == value).map(|(_, n)| *n)
        };
        if let Some(first) = repeat(&emails, &email) {
            errors.push(row.row.error("email", format!("repeats row {first}")));
        } else if let Some(first) = repeat(&usernames, &username) {
            errors.push(row.row.error("username", format!("repeats row {first}")));
        } else {
            emails.push((email, row.row.number));
            usernames.push((username, row.row.number));
            kept.push(row);
        }
    }
    kept
}

/// Creates many customers (admins): a JSON array or CSV with a header row,
/// up to 1,000 rows. Valid rows are created, each whole (profile, login,
/// guards and index items together); invalid ones are reported. With an
/// `Idempotency-Key`, repeating the request creates nothing twice.
#[utoipa::path(post, path = "/api/customers/bulk_create", tag = "customers",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely")),
    request_body(content(
        (Vec<BulkCustomerRow> = "application/json"),
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
        claim(&state, idempotent).await?;
    }
    let mut errors = Vec::new();
    let mut checked = Vec::new();
    for row in rows {
        match check(row, &state.config.default_country_code) {
            Ok(row) => checked.push(row),
            Err(row_errors) => errors.push(row_errors),
        }
    }
    let checked = refuse_repeats(checked, &mut errors);
    let outcomes: Vec<(Row, Result<Created, CustomerError>)> = stream::iter(checked)
        .map(|Checked { row, new }| {
            let state = &state;
            let part = idempotent.as_ref().map(|idempotent| {
                idempotent.part(
                    &format!("row-{}", row.number),
                    row.value.to_string().as_bytes(),
                )
            });
            async move {
                let outcome = create::create(state, new, part.as_ref()).await;
                (row, outcome)
            }
        })
        .buffered(CONCURRENT_ROWS)
        .collect()
        .await;
    let mut created = Vec::new();
    for (row, outcome) in outcomes {
        match outcome {
            Ok(Created::New(customer)) => created.push((row.number, customer)),
            Ok(Created::Replayed(first)) => match serde_json::from_value(first.body) {
                Ok(customer) => created.push((row.number, customer)),
                Err(error) => {
                    tracing::error!(error = %error, "unreadable idempotency record of a bulk row");
                    errors.push(row.error("row", "could not be replayed; retry without the key"));
                }
            },
            Err(error) => errors.push(row.errors_of(&row_failure(error))),
        }
    }
    created.sort_by_key(|(number, _)| *number);
    errors.sort_by_key(|row| row.row);
    tracing::info!(created = created.len(), refused = errors.len(), actor = %caller.user_id, "bulk customer create");
    Ok(axum::Json(BulkReport {
        created: created.into_iter().map(|(_, customer)| customer).collect(),
        errors,
    }))
}

/// Ties the key to this request's body: the same key with another body is
/// a 409 before anything is created.
async fn claim(state: &AppState, idempotent: &Idempotent) -> Result<(), ApiError> {
    let now = state.clock.now();
    let claim = idempotent.record_op(axum::http::StatusCode::OK, &serde_json::json!({}), now);
    match state.table.write(claim).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => idempotent
            .after_race(state.table.as_ref())
            .await
            .map(|_| ()),
        Err(error) => Err(error.into()),
    }
}

/// What a row's failure tells the client.
fn row_failure(error: CustomerError) -> ApiError {
    match error {
        CustomerError::Store(error) if error.is_retryable() => {
            ApiError::bad_request("could not be stored right now; send the request again")
        }
        other => other.into(),
    }
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
