//! CSV export: RFC 4180 (quoted where needed, CRLF line ends), cells that a
//! spreadsheet would run as a formula neutralized, streamed one page of the
//! table at a time so that an export never holds the whole table in memory.

use std::{borrow::Cow, sync::Arc};

use axum::{
    body::Body,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};

use super::import::ESCAPED_STARTS;
use crate::store::{Item, ItemError, Query, Table};

/// The media type of an export.
pub const CSV_MEDIA_TYPE: &str = "text/csv; charset=utf-8";
/// Items read per page of an export.
const PAGE: usize = 100;

/// A cell made safe for spreadsheets: a leading `=`, `+`, `-` or `@` (and a
/// tab or carriage return, which some spreadsheets skip before reading a
/// formula, or a `'`) gets a `'` before it, which spreadsheets show as text;
/// imports remove it again.
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(ESCAPED_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// One CSV line of cells, neutralized and quoted as RFC 4180 says.
pub fn line<S: AsRef<str>>(cells: &[S]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(cells.iter().map(|text| cell(text.as_ref()).into_owned()))?;
    writer
        .into_inner()
        .map_err(|error| error.into_error().into())
}

/// How an export turns an item into its cells.
pub type ToCells = fn(Item) -> Result<Vec<String>, ItemError>;

/// Which items of the query an export keeps (a filter the query cannot apply).
pub type Keep = Arc<dyn Fn(&Item) -> bool + Send + Sync>;

/// What one resource's export is made of; [`CsvExport::respond`] is the
/// route's answer.
#[derive(Clone, Copy, Debug)]
pub struct CsvExport {
    /// What a row is, as the log names it (`car`).
    pub entity: &'static str,
    /// The header row, in column order.
    pub columns: &'static [&'static str],
    /// An item's cells, in column order.
    pub to_cells: ToCells,
    /// The name a browser saves the file under (`cars.csv`).
    pub file_name: &'static str,
}

impl CsvExport {
    /// Every item of `query` as a CSV download, streamed page by page.
    pub fn respond(&self, table: Arc<dyn Table>, query: Query, actor: &str) -> Response {
        self.respond_filtered(table, query, Arc::new(|_| true), actor)
    }

    /// The items of `query` that `keep` accepts as a CSV download, streamed page by page.
    pub fn respond_filtered(
        &self,
        table: Arc<dyn Table>,
        query: Query,
        keep: Keep,
        actor: &str,
    ) -> Response {
        tracing::info!(actor = %actor, "{} export", self.entity);
        let body = stream(table, query, keep, self.columns, self.to_cells);
        let disposition = format!("attachment; filename=\"{}\"", self.file_name);
        // Our file names are plain ASCII; a name that could not be a header
        // value would still download, under a name the browser picks.
        let disposition = HeaderValue::try_from(disposition)
            .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
        (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(CSV_MEDIA_TYPE),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            body,
        )
            .into_response()
    }
}

/// A time as exports write it: RFC 3339 in UTC, with only the fractional
/// seconds it has.
pub fn time_cell(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// An optional value as exports write it: empty when absent.
pub fn optional_cell<T: ToString>(value: Option<T>) -> String {
    value.map(|value| value.to_string()).unwrap_or_default()
}

/// The body of an export: the header line, then the rows of `query` that
/// `keep` accepts, one page at a time. A failure midway ends the body early
/// (the client sees a truncated download); it is logged.
pub fn stream(
    table: Arc<dyn Table>,
    query: Query,
    keep: Keep,
    header: &'static [&'static str],
    to_cells: ToCells,
) -> Body {
    enum Next {
        Header,
        Page(Option<Item>),
        Done,
    }
    let pages = futures::stream::try_unfold(Next::Header, move |next| {
        let table = table.clone();
        let mut query = query.clone();
        let keep = keep.clone();
        async move {
            let (bytes, after) = match next {
                Next::Done => return Ok(None),
                Next::Header => (line(header)?, Next::Page(None)),
                Next::Page(start) => {
                    query.limit = PAGE;
                    query.start_after = start;
                    let page = table.query(&query).await.inspect_err(|error| {
                        tracing::error!(error = %error, "export stopped: store failure");
                    })?;
                    let mut bytes = Vec::new();
                    for item in page.items.into_iter().filter(|item| keep(item)) {
                        bytes.extend(line(&to_cells(item)?)?);
                    }
                    let after = match page.last_key {
                        Some(last) => Next::Page(Some(last)),
                        None => Next::Done,
                    };
                    (bytes, after)
                }
            };
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(Some((Bytes::from(bytes), after)))
        }
    });
    Body::from_stream(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_downloads_as_a_named_csv_file() {
        let export = CsvExport {
            entity: "car",
            columns: &["id"],
            to_cells: |_| Ok(vec![]),
            file_name: "cars.csv",
        };
        let table: Arc<dyn Table> =
            Arc::new(ecar_store::table::EmbeddedTable::in_memory(crate::Clock::system()).unwrap());
        let response = export.respond(
            table,
            Query::partition(crate::store::Index::Gsi1, "CARS"),
            "u1",
        );
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], CSV_MEDIA_TYPE);
        assert_eq!(
            headers[header::CONTENT_DISPOSITION],
            "attachment; filename=\"cars.csv\""
        );
    }

    #[test]
    fn times_and_absent_values_print_as_exports_write_them() {
        let at: DateTime<Utc> = "2026-03-05T08:00:00.250Z".parse().unwrap();
        assert_eq!(time_cell(at), "2026-03-05T08:00:00.250Z");
        assert_eq!(optional_cell(Some(7)), "7");
        assert_eq!(optional_cell(None::<u32>), "");
    }

    #[test]
    fn formulas_are_neutralized_and_quoting_follows_rfc_4180() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+21698123456"), "'+21698123456");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("Ben Ali"), "Ben Ali");
        let bytes = line(&["a,b", "say \"hi\"", "two\nlines", "=cmd", "plain"]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=cmd,plain\r\n"
        );
    }
}
