//! Prefix index items (the page reader that resolves them is [`super::page`]).
//!
//! An entity's tokens (`ahmed`, `ahmed.trabelsi@example.tn`, `98123456`)
//! give one index item per distinct prefix, up to [`MAX_PREFIX`] characters:
//! `pk = <family>#<prefix>`, `sk = <entity id>#<source>`. A search for a
//! term reads the partition of the term (or of its first [`MAX_PREFIX`]
//! characters) and finds each matching entity once, however many of its
//! tokens start with the term, in entity id order. `source` says who owns
//! the item (the entity itself, or a related entity such as a car feeding
//! its customer's index), so that two owners never write the same item.

use std::collections::{BTreeMap, BTreeSet};

use crate::store::{Index, Item, Key, Query, Value, WriteOp};

/// Longest prefix with its own index items; a longer term is looked up by
/// its first characters and checked against the tokens the items name.
pub const MAX_PREFIX: usize = 10;
/// Attribute of an index item naming the partition key of its entity.
const TARGET_PK: &str = "target_pk";
/// Attribute of an index item naming the sort key of its entity.
const TARGET_SK: &str = "target_sk";
/// Attribute of an index item of a longest prefix listing the tokens it comes from.
const TOKENS: &str = "tokens";

/// One family of index items (`CSEARCH` for customers, `VSEARCH` for cars).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchIndex {
    /// The partition prefix.
    pub name: &'static str,
    /// Most index items one owner writes for one entity, so that the
    /// transaction replacing all of them stays within DynamoDB's limit.
    pub max_items: usize,
}

/// The first `count` characters of `text`.
fn head(text: &str, count: usize) -> &str {
    text.char_indices()
        .nth(count)
        .map_or(text, |(end, _)| &text[..end])
}

impl SearchIndex {
    /// The prefixes of `tokens` (in priority order), each with the tokens it
    /// comes from, until [`SearchIndex::max_items`] prefixes are taken.
    pub fn prefixes(&self, tokens: &[String]) -> BTreeMap<String, BTreeSet<String>> {
        let mut prefixes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for token in tokens {
            for length in 1..=token.chars().count().min(MAX_PREFIX) {
                let prefix = head(token, length);
                if prefixes.len() == self.max_items && !prefixes.contains_key(prefix) {
                    return prefixes;
                }
                prefixes
                    .entry(prefix.to_string())
                    .or_default()
                    .insert(token.clone());
            }
        }
        prefixes
    }

    fn key(&self, prefix: &str, id: &str, source: &str) -> Key {
        Key::new(format!("{}#{prefix}", self.name), format!("{id}#{source}"))
    }

    /// The writes taking the index items of entity `id` owned by `source`
    /// from the tokens `old` to the tokens `new` (items whose prefix and
    /// tokens are unchanged are left alone).
    pub fn replace_ops(
        &self,
        old: &[String],
        new: &[String],
        id: &str,
        source: &str,
        target: &Key,
    ) -> Vec<WriteOp> {
        let old = self.prefixes(old);
        let new = self.prefixes(new);
        let removed = old
            .keys()
            .filter(|prefix| !new.contains_key(*prefix))
            .map(|prefix| WriteOp::Delete {
                key: self.key(prefix, id, source),
                condition: None,
            });
        let written = new
            .iter()
            .filter(|(prefix, tokens)| match old.get(*prefix) {
                None => true,
                Some(before) => stored(prefix, before) != stored(prefix, tokens),
            })
            .map(|(prefix, tokens)| {
                let mut item = self.key(prefix, id, source).to_item();
                with_target(&mut item, target);
                if let Some(tokens) = stored(prefix, tokens) {
                    item.insert(
                        TOKENS.into(),
                        Value::L(tokens.iter().map(Value::s).collect()),
                    );
                }
                WriteOp::put(item)
            });
        removed.chain(written).collect()
    }

    /// The query of every entity with a token starting with `term`'s first
    /// [`MAX_PREFIX`] characters.
    pub fn lookup(&self, term: &str) -> Query {
        Query::partition(
            Index::Primary,
            format!("{}#{}", self.name, head(term, MAX_PREFIX)),
        )
    }
}

/// The tokens an item of `prefix` records: only items of the longest
/// prefixes need them, to check terms longer than the prefix.
fn stored<'a>(prefix: &str, tokens: &'a BTreeSet<String>) -> Option<&'a BTreeSet<String>> {
    (prefix.chars().count() == MAX_PREFIX).then_some(tokens)
}

/// Whether an index row stands for a token starting with `term` (always
/// true for a term no longer than [`MAX_PREFIX`]: its partition says so).
pub fn row_matches(row: &Item, term: &str) -> bool {
    if term.chars().count() <= MAX_PREFIX {
        return true;
    }
    matches!(row.get(TOKENS), Some(Value::L(tokens))
        if tokens.iter().any(|token| token.as_s().is_some_and(|t| t.starts_with(term))))
}

/// Makes `item` a reference to the entity at `target`, for [`super::Rows::References`].
pub fn with_target(item: &mut Item, target: &Key) {
    item.insert(TARGET_PK.into(), Value::s(&target.pk));
    item.insert(TARGET_SK.into(), Value::s(&target.sk));
}

/// The key of the entity an index item points at.
pub fn target_of(row: &Item) -> Option<Key> {
    Some(Key::new(
        row.get(TARGET_PK)?.as_s()?,
        row.get(TARGET_SK)?.as_s()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: SearchIndex = SearchIndex {
        name: "T",
        max_items: 12,
    };

    fn tokens(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn shared_prefixes_make_one_item_naming_every_token() {
        let prefixes = INDEX.prefixes(&tokens(&["ahmed", "ahmed.t@x.tn"]));
        assert_eq!(prefixes["ahm"].len(), 2);
        assert_eq!(prefixes["ahmed."].len(), 1);
        assert!(prefixes.keys().all(|p| p.chars().count() <= MAX_PREFIX));
        // 5 shared prefixes, then "ahmed." up to 10 characters: 10 in all.
        assert_eq!(prefixes.len(), 10);
    }

    #[test]
    fn prefixes_stop_at_the_cap_keeping_the_first_tokens() {
        let prefixes = INDEX.prefixes(&tokens(&["abcdefghij", "zyxwvuts"]));
        assert_eq!(prefixes.len(), 12);
        assert!(prefixes.contains_key("zy") && !prefixes.contains_key("zyx"));
    }

    #[test]
    fn a_change_rewrites_only_what_changed() {
        let target = Key::new("E#1", "E");
        let ops = INDEX.replace_ops(&tokens(&["ben"]), &tokens(&["bel"]), "1", "C", &target);
        // "bel" is new, "ben" goes, "b" and "be" stay as they are.
        assert_eq!(ops.len(), 2);
    }

    #[test]
    fn long_terms_are_checked_against_the_tokens() {
        let target = Key::new("E#1", "E");
        let ops = INDEX.replace_ops(&[], &tokens(&["ahmed.trabelsi@x.tn"]), "1", "C", &target);
        let WriteOp::Put { item, .. } = &ops[ops.len() - 1] else {
            panic!("a put")
        };
        assert!(row_matches(item, "ahmed.trabelsi@"));
        assert!(!row_matches(item, "ahmed.trabelsa"));
        assert!(row_matches(item, "ahm"));
    }
}
