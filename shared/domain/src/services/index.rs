//! The index items a service owns (written by [`crate::entity::index`]):
//!
//! - list entry: `pk = SERVICE#<id>`, `sk = LIST`, `gsi1pk = SERVICES`,
//!   `gsi1sk = <scheduled date>#<id>`, pointing at the service;
//! - search index items (`SSEARCH`, see [`crate::search`]): the prefixes of
//!   the words of the title and of the service type.

use super::Service;
use crate::{
    entity::EntityIndex,
    search::{SearchIndex, words},
};

/// GSI1 partition of every service.
pub const ALL_SERVICES: &str = "SERVICES";
/// The services' list entries and search index items (`S`: the tokens a
/// service owns). A title of a few words has 20 to 30 prefixes, and 40
/// keeps a title change (old items out, new in) within one transaction with
/// the service's other writes.
pub const INDEX: EntityIndex = EntityIndex {
    list: ALL_SERVICES,
    search: SearchIndex {
        name: "SSEARCH",
        max_items: 40,
    },
    source: "S",
};
/// Most words of the title that are indexed.
const MAX_TITLE_WORDS: usize = 10;
/// Most words of the service type that are indexed.
const MAX_TYPE_WORDS: usize = 3;

/// The tokens of a service, the title's words first (the index keeps the
/// prefixes of the first ones when there are too many).
pub fn tokens(service: &Service) -> Vec<String> {
    let title = words(service.title.as_str())
        .into_iter()
        .take(MAX_TITLE_WORDS);
    let kind = words(service.service_type.as_str())
        .into_iter()
        .take(MAX_TYPE_WORDS);
    let mut tokens: Vec<String> = Vec::new();
    for token in title.chain(kind) {
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::sample;
    use crate::{entity::index::ops, values::ServiceTitle};

    #[test]
    fn a_service_is_found_by_the_words_of_its_title_and_type() {
        let service = sample(chrono::Utc::now());
        let found = tokens(&service);
        for token in ["vidange", "et", "filtres", "maintenance"] {
            assert!(found.iter().any(|t| t == token), "{token}: {found:?}");
        }
        // A new service: its list entry and one item per distinct prefix.
        let prefixes = INDEX.search.prefixes(&found).len();
        assert_eq!(ops(None, Some(&service)).len(), 1 + prefixes);
        assert_eq!(ops(Some(&service), None).len(), 1 + prefixes);
    }

    #[test]
    fn a_change_touches_only_what_changed() {
        let old = sample(chrono::Utc::now());
        assert!(ops(Some(&old), Some(&old)).is_empty());
        let mut new = old.clone();
        new.title = ServiceTitle::parse("Vidange moteur").unwrap();
        // The prefixes of "et" and "filtres" go ("e", "et", "f", ... "filtres"),
        // those of "moteur" come but "m", which "maintenance" keeps; the date
        // did not move.
        assert_eq!(ops(Some(&old), Some(&new)).len(), 2 + 7 + 5);
        new.scheduled_date = new.scheduled_date.succ_opt().unwrap();
        assert_eq!(ops(Some(&old), Some(&new)).len(), 2 + 7 + 5 + 1);
    }
}
