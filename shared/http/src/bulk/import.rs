//! The rows of a bulk request: a JSON array of objects, or CSV (RFC 4180)
//! whose header row names the fields. Either way each row becomes a JSON
//! object, read by the same strict row type, so both forms are checked alike.

use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::RowErrors;
use crate::http::{ApiError, FieldError, json::from_value};

/// Most rows one request may carry.
pub const MAX_ROWS: usize = 1000;
/// First characters of a cell before which exports put a `'`, and imports
/// take it away again: the formula starts `=`, `+`, `-`, `@`, the tab and carriage return some
/// spreadsheets skip before a formula, and the `'` itself (so that a cell
/// that starts with one reads back unchanged).
pub const ESCAPED_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// What a CSV import knows of its columns.
#[derive(Clone, Copy, Debug)]
pub struct Columns {
    /// Columns read into the row.
    pub fields: &'static [&'static str],
    /// Of those, the ones that must be present in the header.
    pub required: &'static [&'static str],
    /// Of those, the ones holding whole numbers.
    pub numbers: &'static [&'static str],
    /// Columns an export writes that an import skips (server-owned values).
    pub ignored: &'static [&'static str],
}

/// One row of a bulk request.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Its number, from 1.
    pub number: usize,
    /// Its fields, as a JSON object (or whatever a JSON array held).
    pub value: Value,
}

impl Row {
    /// Reads the row into `T`, or says why not.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, RowErrors> {
        from_value(self.value.clone()).map_err(|error| self.errors_of(&error))
    }

    /// The row's report of a refusal.
    pub fn errors_of(&self, error: &ApiError) -> RowErrors {
        let errors = match error.field_errors() {
            [] => vec![FieldError {
                field: "row".into(),
                message: error.detail().to_string(),
            }],
            fields => fields.to_vec(),
        };
        RowErrors {
            row: self.number,
            errors,
        }
    }

    /// The row's report of one invalid field.
    pub fn error(&self, field: &str, message: impl Into<String>) -> RowErrors {
        RowErrors {
            row: self.number,
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

/// The rows of a body, by its content type; at most [`MAX_ROWS`].
pub fn rows(headers: &HeaderMap, body: &[u8], columns: &Columns) -> Result<Vec<Row>, ApiError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let rows = match media.as_str() {
        "application/json" => json_rows(body)?,
        "text/csv" => csv_rows(body, columns)?,
        _ => {
            return Err(ApiError::unsupported_media_type(
                "application/json or text/csv",
            ));
        }
    };
    if rows.is_empty() {
        return Err(ApiError::bad_request("The body holds no rows."));
    }
    if rows.len() > MAX_ROWS {
        return Err(ApiError::bad_request(format!(
            "A request may carry at most {MAX_ROWS} rows; this one has {}.",
            rows.len()
        )));
    }
    Ok(rows)
}

fn json_rows(body: &[u8]) -> Result<Vec<Row>, ApiError> {
    let values: Vec<Value> = serde_json::from_slice(body).map_err(|error| {
        ApiError::bad_request(format!(
            "Expected a JSON array of rows: {}",
            error
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
        ))
    })?;
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(index, value)| Row {
            number: index + 1,
            value,
        })
        .collect())
}

/// A cell as written, without the `'` an export put before it.
fn unneutralized(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(ESCAPED_STARTS) => rest,
        _ => cell,
    }
}

fn csv_rows(body: &[u8], columns: &Columns) -> Result<Vec<Row>, ApiError> {
    // Spreadsheets save CSV with a byte order mark.
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let names: Vec<String> = reader
        .headers()
        .map_err(|error| ApiError::bad_request(format!("Unreadable CSV header row: {error}")))?
        .iter()
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    for (position, name) in names.iter().enumerate() {
        if !columns.fields.contains(&name.as_str()) && !columns.ignored.contains(&name.as_str()) {
            return Err(ApiError::invalid_field(
                name.clone(),
                "is not a known column",
            ));
        }
        if names[..position].contains(name) {
            return Err(ApiError::invalid_field(
                name.clone(),
                "appears twice in the header",
            ));
        }
    }
    if let Some(missing) = columns
        .required
        .iter()
        .find(|required| !names.iter().any(|name| name == *required))
    {
        return Err(ApiError::invalid_field(*missing, "is a required column"));
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let number = index + 1;
        let value = match record {
            Ok(record) => row_object(&names, &record, columns),
            // A broken record (wrong number of cells, bad UTF-8) becomes a
            // value no row type accepts, reported on its own row.
            Err(error) => Value::String(format!("unreadable CSV record: {error}")),
        };
        rows.push(Row { number, value });
    }
    Ok(rows)
}

fn row_object(names: &[String], record: &csv::StringRecord, columns: &Columns) -> Value {
    let mut object = Map::new();
    for (name, cell) in names.iter().zip(record.iter()) {
        if columns.ignored.contains(&name.as_str()) {
            continue;
        }
        let cell = unneutralized(cell);
        // An empty cell of an optional column is an absent field; of a
        // required one, an empty value (so the row says "must not be blank").
        if cell.trim().is_empty() && !columns.required.contains(&name.as_str()) {
            continue;
        }
        let value = match cell.trim().parse::<i64>() {
            Ok(number) if columns.numbers.contains(&name.as_str()) => Value::from(number),
            _ => Value::String(cell.to_string()),
        };
        object.insert(name.clone(), value);
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    const COLUMNS: Columns = Columns {
        fields: &["name", "year", "notes"],
        required: &["name"],
        numbers: &["year"],
        ignored: &["id"],
    };

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Car {
        name: String,
        year: Option<u16>,
        notes: Option<String>,
    }

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, content_type.parse().unwrap());
        headers
    }

    #[test]
    fn csv_rows_read_like_json_rows() {
        let csv = "\u{feff}id,Name,year,notes\r\nX1,\"Peugeot, 208\",2019,\"'=SUM(A1)\"\r\nX2,Clio,,\r\nX3,,abc,\r\n";
        let read = rows(
            &headers("text/csv; charset=utf-8"),
            csv.as_bytes(),
            &COLUMNS,
        )
        .unwrap();
        assert_eq!(read.len(), 3);
        let first: Car = read[0].parse().unwrap();
        assert_eq!(
            first,
            Car {
                name: "Peugeot, 208".into(),
                year: Some(2019),
                notes: Some("=SUM(A1)".into())
            }
        );
        assert_eq!(read[1].parse::<Car>().unwrap().year, None);
        let third = read[2].parse::<Car>().unwrap_err();
        assert_eq!(third.row, 3);
        assert_eq!(third.errors[0].field, "year");

        let json = br#"[{"name": "208", "year": 2019}, {"name": 5}]"#;
        let read = rows(&headers("application/json"), json, &COLUMNS).unwrap();
        assert!(read[0].parse::<Car>().is_ok());
        assert_eq!(read[1].parse::<Car>().unwrap_err().errors[0].field, "name");
    }

    #[test]
    fn bad_headers_and_bodies_are_refused_whole() {
        let csv = |text: &str| rows(&headers("text/csv"), text.as_bytes(), &COLUMNS);
        assert_eq!(
            csv("name,colour\r\nx,red\r\n").unwrap_err().field_errors()[0].field,
            "colour"
        );
        assert_eq!(csv("name,name\r\nx,y\r\n").unwrap_err().status(), 400);
        assert_eq!(
            csv("year\r\n2019\r\n").unwrap_err().field_errors()[0].field,
            "name"
        );
        assert!(csv("name\r\n").is_err(), "no rows");
        let too_many = format!("name\r\n{}", "x\r\n".repeat(MAX_ROWS + 1));
        assert!(csv(&too_many).is_err());
        let broken = csv("name,year\r\nx\r\n").unwrap();
        assert_eq!(broken[0].parse::<Car>().unwrap_err().errors[0].field, "row");
        assert_eq!(
            rows(&headers("text/plain"), b"x", &COLUMNS)
                .unwrap_err()
                .status(),
            415
        );
        assert_eq!(
            rows(&headers("application/json"), b"{\"name\": 1}", &COLUMNS)
                .unwrap_err()
                .status(),
            400
        );
    }

    mod properties {
        use super::*;
        use crate::bulk::export::line;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn any_body_is_read_or_refused_without_panicking(
                body in proptest::collection::vec(any::<u8>(), 0..600),
                csv in any::<bool>(),
            ) {
                let content_type = if csv { "text/csv" } else { "application/json" };
                if let Ok(rows) = rows(&headers(content_type), &body, &COLUMNS) {
                    prop_assert!((1..=MAX_ROWS).contains(&rows.len()));
                }
            }

            #[test]
            fn exported_cells_read_back_unchanged(
                cells in proptest::collection::vec(("\\PC{0,30}", "\\PC{0,30}"), 1..20),
            ) {
                let mut body = line(&["name", "notes"]).unwrap();
                for (name, notes) in &cells {
                    body.extend(line(&[name, notes]).unwrap());
                }
                let read = rows(&headers("text/csv"), &body, &COLUMNS).unwrap();
                prop_assert_eq!(read.len(), cells.len());
                for (row, (name, notes)) in read.iter().zip(&cells) {
                    let mut expected = Map::new();
                    expected.insert("name".into(), Value::String(name.clone()));
                    if !notes.trim().is_empty() {
                        expected.insert("notes".into(), Value::String(notes.clone()));
                    }
                    prop_assert_eq!(&row.value, &Value::Object(expected));
                }
            }
        }
    }
}
