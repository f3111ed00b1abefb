//! Search by prefix through index items.
//!
//! Every searchable entity owns a few index items, one per *token* (a word
//! of a name, an email, phone digits, a plate...), keyed so that a prefix
//! query on one partition finds exactly the tokens starting with a term.
//! They are written in the same transaction as the entity, so a search
//! never sees a token of a change that did not happen, and a search reads
//! about one index item and one entity per result, whatever the table holds.

pub mod index;
pub mod terms;

pub use index::{FilteredPage, Rows, SearchIndex, filtered_page};
pub use terms::{SearchQuery, fold, words};
