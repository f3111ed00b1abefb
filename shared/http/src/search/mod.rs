//! Search by prefix through index items (`ecar_domain::search`), and the
//! page reader that resolves them.

pub mod page;

pub use ecar_domain::search::{
    MAX_PREFIX, SearchIndex, SearchQuery, fold, index, row_matches, terms, words,
};
pub use page::{ListRequest, Rows, filtered_page, list_page};
