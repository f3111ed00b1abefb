//! A message to every customer, fanned out through the outbox.
//!
//! Staff's request writes one item, the first page of the broadcast:
//! `pk = BROADCAST#<broadcast id>`, `sk = PAGE#<n>`, `entity = "broadcast_page"`,
//! in the pending index like every outbox item. The dispatcher handles a page
//! in one transaction: it writes one `general_message` event per customer of
//! the next [`PAGE_SIZE`] (in creation order, after the page's `after`), and
//! the next page when more customers follow; page 0 also publishes to the SNS
//! topic. Each event is then dispatched like any other (the customer's
//! notification, counter and pushes), so a broadcast costs one request,
//! never blocks on the number of customers, and resumes where it stopped.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::{
    events::{EVENT_RETENTION_DAYS, pending_index},
    store::{EXPIRES_AT, Item, ItemError, Key, Value, WriteOp, from_item, to_item},
    values::CustomerId,
};

/// The `entity` attribute of broadcast pages.
pub const BROADCAST_PAGE_ENTITY: &str = "broadcast_page";
/// Customers per page: their events, the page's delivery record and the next
/// page fit one transaction (100 actions).
pub const PAGE_SIZE: usize = 48;

/// One page of a broadcast, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BroadcastPage {
    /// The broadcast (a ULID).
    pub broadcast_id: String,
    /// The page number, from 0.
    pub page: u32,
    /// The notification title.
    pub title: String,
    /// Its text.
    pub message: String,
    /// The last customer of the previous page (`None` on page 0).
    pub after: Option<CustomerId>,
    /// When staff sent it.
    pub created_at: DateTime<Utc>,
    /// When the item expires (epoch seconds).
    pub expires_at: i64,
}

impl BroadcastPage {
    /// The first page of a new broadcast.
    pub fn first(title: impl Into<String>, message: impl Into<String>, now: DateTime<Utc>) -> Self {
        Self {
            broadcast_id: Ulid::from_datetime(now.into()).to_string(),
            page: 0,
            title: title.into(),
            message: message.into(),
            after: None,
            created_at: now,
            expires_at: (now + Duration::days(EVENT_RETENTION_DAYS)).timestamp(),
        }
    }

    /// The page after this one, starting after customer `last`.
    pub fn next(&self, last: CustomerId) -> Self {
        Self {
            page: self.page + 1,
            after: Some(last),
            ..self.clone()
        }
    }

    /// The partition of every page of this broadcast (and of their delivery records).
    pub fn partition(&self) -> String {
        format!("BROADCAST#{}", self.broadcast_id)
    }

    /// The key of this page.
    pub fn key(&self) -> Key {
        Key::new(self.partition(), format!("PAGE#{:06}", self.page))
    }

    /// The stored item.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        item.insert("entity".into(), Value::s(BROADCAST_PAGE_ENTITY));
        item.insert(EXPIRES_AT.into(), Value::n(self.expires_at));
        item.extend(pending_index(&format!(
            "{}#{:06}",
            self.broadcast_id, self.page
        )));
        Ok(item)
    }

    /// The write adding this page to the outbox (once).
    pub fn create_op(&self) -> Result<WriteOp, ItemError> {
        Ok(WriteOp::create(self.item()?))
    }

    /// Reads a page back from its item.
    pub fn from_stored(item: Item) -> Result<Self, ItemError> {
        from_item(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_in_one_partition() {
        let now: DateTime<Utc> = "2026-03-12T09:19:49Z".parse().unwrap();
        let first = BroadcastPage::first("Closed", "Closed on Thursday.", now);
        let last = CustomerId::generate(now);
        let second = first.next(last.clone());
        assert_eq!(second.page, 1);
        assert_eq!(second.after, Some(last));
        assert_eq!(first.partition(), second.partition());
        assert!(first.key().sk < second.key().sk);
        let item = second.item().unwrap();
        assert_eq!(item["entity"], Value::s("broadcast_page"));
        assert_eq!(item["gsi1pk"], Value::s("OUTBOX#PENDING"));
        assert_eq!(BroadcastPage::from_stored(item).unwrap(), second);
    }
}
