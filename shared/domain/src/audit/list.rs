//! Reading the audit log, newest first, by the index that narrows it most:
//! one entity's records, one actor's, or every record, within a period.

use chrono::{DateTime, Utc};

use super::{
    ALL_PARTITION, AuditAction, AuditRecord, EntityKind, actor_partition, entity_partition,
    sort_key_at,
};
use crate::store::{
    Index, Item, ListPage, PageRequest, Query, SortKey, StoreError, Table, Value, from_item,
    page::query_page_within,
};

/// Records one page reads at most: an action or a kind filtered over the
/// whole log may keep few of them, and the page then comes back short with
/// a cursor to go on, rather than reading the log to its start.
pub const READ_BUDGET: usize = 1_000;

/// Which records to read; every field narrows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Done by this user.
    pub actor: Option<String>,
    /// Done to this kind of thing...
    pub kind: Option<EntityKind>,
    /// ...and to this one of it (needs `kind`).
    pub entity_id: Option<String>,
    /// This action.
    pub action: Option<AuditAction>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// At or before.
    pub to: Option<DateTime<Utc>>,
}

impl AuditFilter {
    /// The index query that reads the fewest records the filter may keep.
    pub fn query(&self) -> Query {
        let query = match (&self.kind, &self.entity_id, &self.actor) {
            (Some(kind), Some(id), _) => Query::partition(Index::Gsi3, entity_partition(*kind, id)),
            (_, _, Some(actor)) => Query::partition(Index::Gsi2, actor_partition(actor)),
            _ => Query::partition(Index::Gsi1, ALL_PARTITION),
        };
        // Every record of a millisecond sorts after `<time>#` and before `<time>#~`.
        let sort = match (self.from, self.to) {
            (Some(from), Some(to)) => SortKey::Between(sort_key_at(from, ""), sort_key_at(to, "~")),
            (Some(from), None) => SortKey::Ge(sort_key_at(from, "")),
            (None, Some(to)) => SortKey::Le(sort_key_at(to, "~")),
            (None, None) => SortKey::Any,
        };
        let mut query = query.sort(sort);
        query.forward = false;
        query
    }

    /// Whether a record the query read passes the filters its index did not apply.
    pub fn keeps(&self, item: &Item) -> bool {
        let has = |name: &str, wanted: &str| item.get(name) == Some(&Value::s(wanted));
        self.actor
            .as_ref()
            .is_none_or(|actor| has("gsi2pk", &actor_partition(actor)))
            && self
                .kind
                .is_none_or(|kind| has("entity_kind", kind.as_str()))
            && self
                .action
                .is_none_or(|action| has("action", action.as_str()))
    }
}

/// One page of the records `filter` keeps, newest first.
pub async fn page(
    table: &dyn Table,
    filter: &AuditFilter,
    request: PageRequest,
) -> Result<ListPage<AuditRecord>, StoreError> {
    let keep = |item: &Item| filter.keeps(item);
    let page = query_page_within(table, filter.query(), request, keep, READ_BUDGET).await?;
    page.try_map(|item| {
        from_item(item)
            .map_err(|error| StoreError::Internal(format!("corrupt audit record: {error}")))
    })
}
