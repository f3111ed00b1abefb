//! Prefix index items and the page reader that resolves and filters them.
//!
//! An entity's tokens (`ahmed`, `ahmed.trabelsi@example.tn`, `98123456`)
//! give one index item per distinct prefix, up to [`MAX_PREFIX`] characters:
//! `pk = <family>#<prefix>`, `sk = <entity id>#<source>`. A search for a
//! term reads the partition of the term (or of its first [`MAX_PREFIX`]
//! characters) and finds each matching entity once, however many of its
//! tokens start with the term, in entity id order. `source` says who owns
//! the item (the entity itself, or a related entity such as a car feeding
//! its customer's index), so that two owners never write the same item.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::de::DeserializeOwned;

use crate::{
    http::{ApiError, CursorCodec, last_key_of},
    store::{
        Index, Item, ItemError, Key, Query, StoreError, Table, Value, WriteOp, from_item,
        table::MAX_BATCH_GET,
    },
};

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

/// Makes `item` a reference to the entity at `target`, for [`Rows::References`].
pub fn with_target(item: &mut Item, target: &Key) {
    item.insert(TARGET_PK.into(), Value::s(&target.pk));
    item.insert(TARGET_SK.into(), Value::s(&target.sk));
}

fn target_of(row: &Item) -> Option<Key> {
    Some(Key::new(
        row.get(TARGET_PK)?.as_s()?,
        row.get(TARGET_SK)?.as_s()?,
    ))
}

/// What the rows of a query are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// The entities themselves (a list index).
    Entities,
    /// Items pointing at their entity (search index items, markers).
    References,
}

impl Rows {
    fn entity_key(self, row: &Item) -> Option<Key> {
        match self {
            Rows::Entities => Key::of(row),
            Rows::References => target_of(row),
        }
    }
}

/// One page read through [`filtered_page`].
#[derive(Debug, Default)]
pub struct FilteredPage {
    /// The entity items kept, in the query's order, without duplicates.
    pub items: Vec<Item>,
    /// Where the next page resumes, when more rows may follow.
    pub last_key: Option<Item>,
}

/// Reads `limit` entities from `query`: rows that `row_filter` refuses are
/// skipped, the others resolved to their entity (each entity once), and the
/// entities that `accept` refuses are left out.
///
/// The cost follows the answer: rows are read in chunks of what is still
/// missing plus one (to know whether more follow), and only the rows needed
/// are resolved. Refused rows cost extra reads, so filters that refuse most
/// rows belong in an index, not here.
pub async fn filtered_page(
    table: &dyn Table,
    mut query: Query,
    rows: Rows,
    limit: usize,
    row_filter: &(dyn Fn(&Item) -> bool + Send + Sync),
    accept: &(dyn Fn(&Item) -> bool + Send + Sync),
) -> Result<FilteredPage, StoreError> {
    let mut kept: Vec<Item> = Vec::with_capacity(limit);
    let mut seen: HashSet<Key> = HashSet::new();
    let mut last_consumed: Option<Item> = query.start_after.clone();
    loop {
        let needed = limit - kept.len();
        query.limit = needed + 1;
        let page = table.query(&query).await?;
        // Consume rows in order until `needed` new entities are found; rows
        // of entities already seen (adjacent in a prefix partition) and rows
        // the filter refuses are consumed on the way.
        let mut wanted: Vec<Key> = Vec::new();
        let mut consumed = 0;
        for row in &page.items {
            let key = rows.entity_key(row);
            let new = key
                .as_ref()
                .is_some_and(|key| !seen.contains(key) && !wanted.contains(key))
                && row_filter(row);
            if new && wanted.len() == needed {
                break;
            }
            if let (true, Some(key)) = (new, key) {
                wanted.push(key);
            }
            consumed += 1;
        }
        let beyond = consumed < page.items.len();
        if consumed > 0 {
            last_consumed = Some(last_key_of(&page.items[consumed - 1], &query));
        }
        for entity in resolve(table, &page.items[..consumed], &wanted, rows).await? {
            if let Some(entity) = entity
                && accept(&entity)
            {
                kept.push(entity);
            }
        }
        seen.extend(wanted);
        if beyond && kept.len() == limit {
            // A row of another entity follows the full page.
            return Ok(FilteredPage {
                items: kept,
                last_key: last_consumed,
            });
        }
        if !beyond && page.last_key.is_none() {
            return Ok(FilteredPage {
                items: kept,
                last_key: None,
            });
        }
        query.start_after = if beyond {
            last_consumed.clone()
        } else {
            page.last_key
        };
    }
}

/// The entities of `wanted` (`None` where one vanished), in order.
async fn resolve(
    table: &dyn Table,
    consumed: &[Item],
    wanted: &[Key],
    rows: Rows,
) -> Result<Vec<Option<Item>>, StoreError> {
    match rows {
        Rows::Entities => Ok(consumed
            .iter()
            .filter(|row| Key::of(row).is_some_and(|key| wanted.contains(&key)))
            .cloned()
            .map(Some)
            .collect()),
        Rows::References => {
            let mut entities = Vec::with_capacity(wanted.len());
            for batch in wanted.chunks(MAX_BATCH_GET) {
                entities.extend(table.get_many(batch).await?);
            }
            Ok(entities)
        }
    }
}

/// One list request, as every list route makes it.
pub struct ListRequest<'a> {
    /// What the cursors are signed for (the list and its filters), so that a
    /// cursor cannot be replayed on another list.
    pub binding: &'a str,
    /// The index query the list pages through.
    pub query: Query,
    /// Whether its rows are the entities or references to them.
    pub rows: Rows,
    /// Most entities on the page.
    pub limit: usize,
    /// Where the previous page ended.
    pub cursor: Option<&'a str>,
    /// What an index row must match (cheap: before any entity is read).
    pub row_filter: &'a (dyn Fn(&Item) -> bool + Send + Sync),
    /// What an entity must satisfy.
    pub accept: &'a (dyn Fn(&Item) -> bool + Send + Sync),
}

/// One list page of `T`s, as every list route answers it: continues the
/// request's query after its cursor, filters as [`filtered_page`] does, and
/// signs the cursor of the next page.
pub async fn list_page<T, E>(
    table: &dyn Table,
    cursors: &CursorCodec,
    request: ListRequest<'_>,
) -> Result<(Vec<T>, Option<String>), E>
where
    T: DeserializeOwned,
    E: From<ApiError> + From<StoreError> + From<ItemError>,
{
    let ListRequest {
        binding,
        mut query,
        rows,
        limit,
        cursor,
        row_filter,
        accept,
    } = request;
    if let Some(cursor) = cursor {
        query.start_after = Some(cursors.decode(cursor, binding)?);
    }
    let page = filtered_page(table, query, rows, limit, row_filter, accept).await?;
    let entities = page
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<T>, _>>()?;
    let next_cursor = match page.last_key {
        Some(key) => Some(cursors.encode(&key, binding)?),
        None => None,
    };
    Ok((entities, next_cursor))
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
