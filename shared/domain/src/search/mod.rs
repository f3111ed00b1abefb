//! Search by prefix through index items.
//!
//! Every searchable entity owns index items for the prefixes of its
//! *tokens* (a word of a name, an email, phone digits, a plate...), written
//! in the same transaction as the entity, so a search never sees a token of
//! a change that did not happen, and reads about one index item and one
//! entity per result, whatever the table holds. The page reader resolves
//! the rows of a list or a search to their entities.

pub mod index;
pub mod page;
pub mod terms;

pub use index::{MAX_PREFIX, SearchIndex, row_matches};
pub use page::{ListRequest, Rows, Selection, filtered_page, list_page, read_selected};
pub use terms::{SearchQuery, fold, words};
