//! Lists of notifications, newest first.
//!
//! One customer's list reads their index (the unread index for
//! `is_read=false`); staff without a customer read everybody's. The other
//! filters are applied to the items read, page by page.

use super::{
    NotificationError,
    items::{
        ALL_NOTIFICATIONS, Notification, NotificationType, customer_partition, unread_partition,
    },
};
use crate::{
    store::{Index, Item, ListPage, PageRequest, Query, Table, Value, from_item, query_page},
    values::CustomerId,
};

/// What to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// One customer's notifications (`None`: everybody's, for staff).
    pub customer_id: Option<CustomerId>,
    /// Only read (`true`) or unread (`false`) ones.
    pub is_read: Option<bool>,
    /// Only this type.
    pub notification_type: Option<NotificationType>,
}

impl ListFilter {
    /// The index query serving this filter.
    fn query(&self) -> Query {
        let query = match (&self.customer_id, self.is_read) {
            (Some(customer), Some(false)) => {
                Query::partition(Index::Gsi2, unread_partition(customer))
            }
            (Some(customer), _) => Query::partition(Index::Gsi1, customer_partition(customer)),
            (None, _) => Query::partition(Index::Gsi3, ALL_NOTIFICATIONS),
        };
        query.backward()
    }

    /// Whether an item read from that index passes the other filters.
    fn keeps(&self, item: &Item) -> bool {
        let read_ok = self
            .is_read
            .is_none_or(|wanted| item.get("is_read") == Some(&Value::Bool(wanted)));
        let type_ok = self
            .notification_type
            .is_none_or(|wanted| item.get("notification_type") == Some(&Value::s(wanted.as_str())));
        read_ok && type_ok
    }

    /// What this list selects, as text: a page continues only a page of
    /// the same scope.
    pub fn scope(&self) -> String {
        format!(
            "{}:{:?}:{}",
            self.customer_id.as_ref().map_or("*", |id| id.as_str()),
            self.is_read,
            self.notification_type.map_or("*", NotificationType::as_str)
        )
    }
}

/// Reads one page of the list `filter` names.
pub async fn list(
    table: &dyn Table,
    filter: &ListFilter,
    page: PageRequest,
) -> Result<ListPage<Notification>, NotificationError> {
    let page = query_page(table, filter.query(), page, |item| filter.keeps(item)).await?;
    Ok(page.try_map(from_item)?)
}
