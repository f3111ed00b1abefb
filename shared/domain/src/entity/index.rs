//! The index items an entity owns besides its own list attributes: its
//! entry in the list of every entity of its kind, and its search tokens.
//! Both are written in the entity's transactions, from the entity before
//! and after the change.
//!
//! - list entry: `pk = <the entity's pk>`, `sk = LIST`, `gsi1pk = <list>`
//!   (`SERVICES`), `gsi1sk = <list sort key>`, pointing at the entity;
//! - search index items (see [`crate::search`]): the prefixes of its tokens.

use super::Entity;
use crate::{
    search::{SearchIndex, index::with_target},
    store::{Key, Value, WriteOp},
};

/// Sort key of an entity's list entry.
const LIST_SK: &str = "LIST";

/// Where an entity kind's index items go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntityIndex {
    /// GSI1 partition of the list of every entity of the kind.
    pub list: &'static str,
    /// Its search index items.
    pub search: SearchIndex,
    /// Source of the tokens the entity owns itself in that index.
    pub source: &'static str,
}

fn list_entry_key<E: Entity>(entity: &E) -> Key {
    Key::new(entity.key().pk, LIST_SK)
}

fn list_entry_op<E: Entity>(entity: &E) -> WriteOp {
    let mut item = list_entry_key(entity).to_item();
    item.insert("gsi1pk".into(), Value::s(E::INDEX.list));
    item.insert("gsi1sk".into(), Value::s(entity.list_sort_key()));
    with_target(&mut item, &entity.key());
    WriteOp::put(item)
}

/// The index writes taking an entity from `before` to `after` (`None`: it
/// does not exist on that side); unchanged entries are left alone.
pub fn ops<E: Entity>(before: Option<&E>, after: Option<&E>) -> Vec<WriteOp> {
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
    let Some(entity) = after.or(before) else {
        return ops;
    };
    ops.extend(E::INDEX.search.replace_ops(
        &before.map(E::tokens).unwrap_or_default(),
        &after.map(E::tokens).unwrap_or_default(),
        entity.id().as_ref(),
        E::INDEX.source,
        &entity.key(),
    ));
    ops
}
