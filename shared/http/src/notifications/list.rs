//! Lists of notifications, newest first.
//!
//! One customer's list reads their index (the unread index for
//! `is_read=false`); staff without a customer read everybody's. The other
//! filters are applied to the items read, page by page.

use super::items::{
    ALL_NOTIFICATIONS, Notification, NotificationType, customer_partition, unread_partition,
};
use crate::{
    domain::CustomerId,
    http::{ApiError, CursorCodec, PageParams, read_page_where},
    store::{Index, Item, Query, Table, Value, from_item},
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

    /// What a cursor is bound to: this list for this caller.
    fn binding(&self, caller: &str) -> String {
        format!(
            "notifications:{caller}:{}:{:?}:{}",
            self.customer_id.as_ref().map_or("*", |id| id.as_str()),
            self.is_read,
            self.notification_type.map_or("*", NotificationType::as_str)
        )
    }
}

/// One page of notifications.
#[derive(Clone, Debug)]
pub struct NotificationPage {
    /// The notifications, newest first.
    pub notifications: Vec<Notification>,
    /// The cursor of the next page, if any.
    pub next_cursor: Option<String>,
}

/// Reads one page of the list `filter` names, for `caller` (cursors are bound to both).
pub async fn list(
    table: &dyn Table,
    codec: &CursorCodec,
    filter: &ListFilter,
    params: &PageParams,
    caller: &str,
) -> Result<NotificationPage, ApiError> {
    let page = read_page_where(
        table,
        codec,
        filter.query(),
        params,
        &filter.binding(caller),
        |item| filter.keeps(item),
    )
    .await?;
    let notifications = page
        .items
        .into_iter()
        .map(from_item)
        .collect::<Result<Vec<Notification>, _>>()
        .map_err(|error| {
            tracing::error!(error = %error, "corrupt notification item");
            ApiError::internal()
        })?;
    Ok(NotificationPage {
        notifications,
        next_cursor: page.next_cursor,
    })
}
