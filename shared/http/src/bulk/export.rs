//! CSV export: RFC 4180 (quoted where needed, CRLF line ends), cells that a
//! spreadsheet would run as a formula neutralized, streamed one page of the
//! table at a time so that an export never holds the whole table in memory.

use std::{borrow::Cow, sync::Arc};

use axum::body::Body;
use bytes::Bytes;

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

/// The body of an export: the header line, then the rows of `query`, one
/// page at a time. A failure midway ends the body early (the client sees a
/// truncated download); it is logged.
pub fn stream(
    table: Arc<dyn Table>,
    query: Query,
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
                    for item in page.items {
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
