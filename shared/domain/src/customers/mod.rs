//! Customers: the people the garage works for, each linked to a login.
//!
//! Items (one table, see ARCHITECTURE.md):
//! - profile: `pk = CUSTOMER#<id>`, `sk = CUSTOMER`, the fields of
//!   [`Customer`], the aggregates of [`ledger`], and two list indexes:
//!   `gsi1pk = CUSTOMERS`, `gsi1sk = <id>` (creation order, ids are ULIDs) and
//!   `gsi2pk = CUSTOMERS#NAME`, `gsi2sk = <last name> <first name>#<id>` (folded).
//! - search index items (`CSEARCH#...`, see [`search`]).
//! - unpaid invoice markers (see [`ledger`]).
//! - the email guard is the login's (`GUARD#EMAIL#<email>`, see
//!   [`crate::auth::users`]): one email, one account, one profile.

pub mod create;
pub mod delete;
pub mod error;
pub mod ledger;
pub mod list;
pub mod search;
pub mod update;

pub use error::CustomerError;
pub use ledger::Aggregates;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    search::fold,
    store::{Item, ItemError, Key, Table, Value, WriteOp, from_item, to_item},
    values::{Address, CustomerId, Email, Notes, PersonName, PhoneNumber},
};

/// Sort key of a customer profile item.
pub const CUSTOMER_SK: &str = "CUSTOMER";
/// GSI1 partition of every customer, in creation order.
pub const BY_CREATION: &str = "CUSTOMERS";
/// GSI2 partition of every customer, by name.
pub const BY_NAME: &str = "CUSTOMERS#NAME";

/// A customer profile, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    /// Opaque, time-sortable id.
    pub id: CustomerId,
    /// The customer's login account.
    pub user_id: String,
    /// Given name.
    pub first_name: PersonName,
    /// Family name.
    pub last_name: PersonName,
    /// Email, lower-case; the same as the login's, unique.
    pub email: Email,
    /// Phone number, E.164.
    pub phone: PhoneNumber,
    /// Postal address (may be empty).
    pub address: Address,
    /// Staff's internal notes (may be empty; never shown to the customer).
    pub notes: Notes,
    /// The Django ECAR's id of the row this was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<u64>,
    /// Incremented by every change; send it back in `If-Match`.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

/// Everything about a customer that staff edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Given name.
    pub first_name: PersonName,
    /// Family name.
    pub last_name: PersonName,
    /// Email.
    pub email: Email,
    /// Phone number.
    pub phone: PhoneNumber,
    /// Postal address.
    pub address: Address,
    /// Notes.
    pub notes: Notes,
}

/// The key of a customer profile.
pub fn customer_key(customer_id: &str) -> Key {
    Key::new(format!("CUSTOMER#{customer_id}"), CUSTOMER_SK)
}

/// The sort key ordering customers by last name, then first name.
fn name_sort_key(first_name: &PersonName, last_name: &PersonName, id: &CustomerId) -> String {
    format!(
        "{} {}#{}",
        fold(last_name.as_str()),
        fold(first_name.as_str()),
        id
    )
}

impl Customer {
    /// The profile as staff (everything) or the customer sees it: the notes
    /// are staff's internal notes about them.
    pub fn seen_by(mut self, staff: bool) -> Self {
        if !staff {
            self.notes = Notes::default();
        }
        self
    }

    /// A new profile of `user_id`, created at `now`.
    pub fn new(id: CustomerId, user_id: String, profile: Profile, now: DateTime<Utc>) -> Self {
        Self {
            id,
            user_id,
            first_name: profile.first_name,
            last_name: profile.last_name,
            email: profile.email,
            phone: profile.phone,
            address: profile.address,
            notes: profile.notes,
            legacy_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    /// The editable part.
    pub fn profile(&self) -> Profile {
        Profile {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            notes: self.notes.clone(),
        }
    }

    /// The key of this profile.
    pub fn key(&self) -> Key {
        customer_key(self.id.as_str())
    }

    /// The stored item, with its list index attributes.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        item.insert("gsi1pk".into(), Value::s(BY_CREATION));
        item.insert("gsi1sk".into(), Value::s(self.id.as_str()));
        item.insert("gsi2pk".into(), Value::s(BY_NAME));
        item.insert(
            "gsi2sk".into(),
            Value::s(name_sort_key(&self.first_name, &self.last_name, &self.id)),
        );
        Ok(item)
    }

    /// The writes creating this profile and its search index items (the
    /// profile first; it fails if the id exists). The login and its guards
    /// are the caller's to add.
    pub fn create_ops(&self) -> Result<Vec<WriteOp>, ItemError> {
        let mut ops = vec![WriteOp::create(self.item()?)];
        ops.extend(search::create_ops(self));
        Ok(ops)
    }
}

/// Reads a customer profile.
pub async fn get(table: &dyn Table, id: &CustomerId) -> Result<Option<Customer>, CustomerError> {
    Ok(get_with_aggregates(table, id)
        .await?
        .map(|(customer, _)| customer))
}

/// Reads a customer profile and its aggregates.
pub async fn get_with_aggregates(
    table: &dyn Table,
    id: &CustomerId,
) -> Result<Option<(Customer, Aggregates)>, CustomerError> {
    match table.get(&customer_key(id.as_str())).await? {
        Some(item) => Ok(Some((from_item(item.clone())?, from_item(item)?))),
        None => Ok(None),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::from_item;

    /// A profile for tests.
    pub(crate) fn sample(now: DateTime<Utc>) -> Customer {
        Customer::new(
            CustomerId::generate(now),
            "01USER".into(),
            Profile {
                first_name: PersonName::parse("Hélène").unwrap(),
                last_name: PersonName::parse("Ben Ali").unwrap(),
                email: Email::parse("helene@example.tn").unwrap(),
                phone: PhoneNumber::parse("20 123 456", "216").unwrap(),
                address: Address::default(),
                notes: Notes::default(),
            },
            now,
        )
    }

    #[test]
    fn a_profile_round_trips_through_its_item_with_index_attributes() {
        let customer = sample(Utc::now());
        let item = customer.item().unwrap();
        assert_eq!(item["pk"], Value::s(format!("CUSTOMER#{}", customer.id)));
        assert_eq!(item["phone"], Value::s("+21620123456"));
        assert_eq!(
            item["gsi2sk"],
            Value::s(format!("ben ali helene#{}", customer.id))
        );
        assert_eq!(from_item::<Customer>(item).unwrap(), customer);
    }
}
