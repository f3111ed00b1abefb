//! The index items a service owns besides its own list attributes: its entry
//! in the list of every service, and its search tokens. Both are written in
//! the service's transactions, from the service before and after the change.
//!
//! - list entry: `pk = SERVICE#<id>`, `sk = LIST`, `gsi1pk = SERVICES`,
//!   `gsi1sk = <scheduled date>#<id>`, pointing at the service;
//! - search index items (`SSEARCH`, see [`crate::search`]): the prefixes of
//!   the words of the title and of the service type.

use super::Service;
use crate::{
    search::{SearchIndex, index::with_target, words},
    store::{Key, Value, WriteOp},
};

/// GSI1 partition of every service.
pub const ALL_SERVICES: &str = "SERVICES";
/// Sort key of a service's list entry.
const LIST_SK: &str = "LIST";
/// The services' search index items: a title of a few words has 20 to 30
/// prefixes, and 40 keeps a title change (old items out, new in) within one
/// transaction with the service's other writes.
pub const INDEX: SearchIndex = SearchIndex {
    name: "SSEARCH",
    max_items: 40,
};
/// Source of the tokens a service owns.
const SOURCE: &str = "S";
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

fn list_entry_key(service: &Service) -> Key {
    Key::new(service.key().pk, LIST_SK)
}

fn list_entry_op(service: &Service) -> WriteOp {
    let mut item = list_entry_key(service).to_item();
    item.insert("gsi1pk".into(), Value::s(ALL_SERVICES));
    item.insert("gsi1sk".into(), Value::s(service.list_sort_key()));
    with_target(&mut item, &service.key());
    WriteOp::put(item)
}

/// The index writes taking a service from `before` to `after` (`None`: it
/// does not exist on that side); unchanged entries are left alone.
pub fn ops(before: Option<&Service>, after: Option<&Service>) -> Vec<WriteOp> {
    let mut ops = Vec::new();
    match (before, after) {
        (None, Some(new)) => ops.push(list_entry_op(new)),
        (Some(old), None) => ops.push(WriteOp::Delete {
            key: list_entry_key(old),
            condition: None,
        }),
        (Some(old), Some(new)) if old.list_sort_key() != new.list_sort_key() => {
            ops.push(list_entry_op(new));
        }
        _ => {}
    }
    let Some(service) = after.or(before) else {
        return ops;
    };
    ops.extend(INDEX.replace_ops(
        &before.map(tokens).unwrap_or_default(),
        &after.map(tokens).unwrap_or_default(),
        service.id.as_str(),
        SOURCE,
        &service.key(),
    ));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ServiceTitle;
    use crate::services::tests::sample;

    #[test]
    fn a_service_is_found_by_the_words_of_its_title_and_type() {
        let service = sample(chrono::Utc::now());
        let found = tokens(&service);
        for token in ["vidange", "et", "filtres", "maintenance"] {
            assert!(found.iter().any(|t| t == token), "{token}: {found:?}");
        }
        // A new service: its list entry and one item per distinct prefix.
        let prefixes = INDEX.prefixes(&found).len();
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
