//! `POST /api/cars/bulk_create` and `GET /api/cars/export`.

use axum::{body::Bytes, extract::State, http::HeaderMap, response::Response};
use ecar_http::{
    AppState, audit,
    audit_log::AuditAction,
    auth::Caller,
    bulk::{
        BulkReport, JsonRows,
        export::{CsvExport, optional_cell, time_cell},
        import::{Columns, Row},
        route::BulkCreate,
    },
    cars::{
        ALL_CARS, Car,
        create::{self, NewCar},
    },
    http::{ApiError, Problem},
    store::{Index, Item, ItemError, Query, from_item},
};

use crate::requests::CreateCarRequest;

/// Columns of the CSV export, in order; an import reads the same file back.
const EXPORT_COLUMNS: [&str; 19] = [
    "id",
    "customer_id",
    "make",
    "model",
    "year",
    "license_plate",
    "vin",
    "fuel_type",
    "initial_mileage",
    "mileage",
    "mileage_recorded_at",
    "average_daily_mileage",
    "last_service_date",
    "last_service_mileage",
    "next_service_date",
    "next_service_mileage",
    "version",
    "created_at",
    "updated_at",
];

/// Columns of a CSV import.
const IMPORT_COLUMNS: Columns = Columns {
    fields: &[
        "customer_id",
        "make",
        "model",
        "year",
        "license_plate",
        "vin",
        "fuel_type",
        "initial_mileage",
        "last_service_date",
        "last_service_mileage",
    ],
    required: &[
        "customer_id",
        "make",
        "model",
        "year",
        "license_plate",
        "fuel_type",
    ],
    numbers: &["year", "initial_mileage", "last_service_mileage"],
    ignored: &[
        "id",
        "mileage",
        "mileage_recorded_at",
        "average_daily_mileage",
        "next_service_date",
        "next_service_mileage",
        "version",
        "created_at",
        "updated_at",
    ],
};

/// Registers many cars (admins): a JSON array or CSV with a header row, up
/// to 1,000 rows, each as `POST /api/cars` takes it. Valid rows are
/// created, each whole; invalid ones are reported. With an
/// `Idempotency-Key`, repeating the request creates nothing twice.
#[utoipa::path(post, path = "/api/cars/bulk_create", tag = "cars",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely")),
    request_body(description = "Rows as `POST /api/cars` takes them: a JSON array, or CSV with a header row",
        content(
        (JsonRows = "application/json"),
        (String = "text/csv", example = "customer_id,make,model,year,license_plate,fuel_type\r\n01JP3K8Z4M6Q2R7T9V1W5X8Y3A,Peugeot,208,2019,185 TU 4521,diesel\r\n"),
    )),
    responses(
        (status = 200, description = "What was created and why the other rows were not", body = BulkReport<Car>),
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
) -> Result<axum::Json<BulkReport<Car>>, ApiError> {
    let plate = |new: &NewCar| Some(new.license_plate.to_string());
    let vin = |new: &NewCar| new.vin.as_ref().map(ToString::to_string);
    let bulk = BulkCreate {
        route: "POST /api/cars/bulk_create",
        entity: "car",
        columns: &IMPORT_COLUMNS,
        unique: &[("license_plate", &plate), ("vin", &vin)],
    };
    let check = |row: &Row| row.parse::<CreateCarRequest>().map(NewCar::from);
    let (state, caller) = (&state, &caller);
    let report = bulk
        .run(
            state,
            caller,
            &headers,
            &body,
            check,
            |new, part| async move {
                create::create(state, new, part.as_ref(), &caller.user_id)
                    .await
                    .map_err(ApiError::from)
            },
        )
        .await?;
    Ok(axum::Json(report))
}

fn car_cells(item: Item) -> Result<Vec<String>, ItemError> {
    let car: Car = from_item(item)?;
    Ok(vec![
        car.id.to_string(),
        car.customer_id.to_string(),
        car.make.to_string(),
        car.model.to_string(),
        car.year.to_string(),
        car.license_plate.to_string(),
        optional_cell(car.vin),
        car.fuel_type.as_str().to_string(),
        car.initial_mileage.to_string(),
        car.mileage.to_string(),
        time_cell(car.mileage_recorded_at),
        optional_cell(car.average_daily_mileage),
        optional_cell(car.last_service_date),
        optional_cell(car.last_service_mileage),
        optional_cell(car.next_service_date),
        optional_cell(car.next_service_mileage),
        car.version.to_string(),
        time_cell(car.created_at),
        time_cell(car.updated_at),
    ])
}

/// The CSV export of cars.
const EXPORT: CsvExport = CsvExport {
    entity: "car",
    columns: &EXPORT_COLUMNS,
    to_cells: car_cells,
    file_name: "cars.csv",
};

/// Every car as CSV, oldest first (admins), streamed page by page. Cells
/// starting with `=`, `+`, `-` or `@` get a `'` before them, so that a
/// spreadsheet shows them as text; `bulk_create` reads the file back.
#[utoipa::path(get, path = "/api/cars/export", tag = "cars",
    responses(
        (status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn export(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    let summary = serde_json::json!({"route": "GET /api/cars/export"});
    audit::record_bulk(&state, &caller, AuditAction::DataExported, "car", summary).await?;
    let every_car = Query::partition(Index::Gsi1, ALL_CARS);
    Ok(EXPORT.respond(state.table.clone(), every_car, &caller.user_id))
}
