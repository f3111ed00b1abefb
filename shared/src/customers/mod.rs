//! Customer profiles: the person the garage works for, linked to their login.
//!
//! Item: `pk = CUSTOMER#<id>`, `sk = CUSTOMER`, the fields of [`Customer`].
//! The profile shares its user's email guard (`GUARD#EMAIL#<email>`, see
//! [`crate::auth::users`]): one email, one account.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    contact::{Email, PhoneNumber},
    store::{ItemError, Key, WriteOp, to_item},
};

/// Sort key of a customer profile item.
pub const CUSTOMER_SK: &str = "CUSTOMER";

/// A stored customer profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Opaque, time-sortable id.
    pub id: String,
    /// The customer's login account.
    pub user_id: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Email (the same as the user's).
    pub email: Email,
    /// Phone number, E.164.
    pub phone: PhoneNumber,
    /// Postal address, free text.
    pub address: String,
    /// Staff notes.
    pub notes: String,
    /// Incremented by every change.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

/// The key of a customer profile.
pub fn customer_key(customer_id: &str) -> Key {
    Key::new(format!("CUSTOMER#{customer_id}"), CUSTOMER_SK)
}

/// A new customer id.
pub fn new_customer_id() -> String {
    ulid::Ulid::new().to_string()
}

impl Customer {
    /// The write creating this profile (fails if the id exists).
    pub fn create_op(&self) -> Result<WriteOp, ItemError> {
        let mut item = to_item(self)?;
        item.extend(customer_key(&self.id).to_item());
        Ok(WriteOp::create(item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Value, from_item};

    #[test]
    fn a_profile_round_trips_through_its_item() {
        let now = Utc::now();
        let customer = Customer {
            id: new_customer_id(),
            user_id: "01USER".into(),
            first_name: "Sami".into(),
            last_name: "Ben Ali".into(),
            email: Email::parse("sami@example.tn").unwrap(),
            phone: PhoneNumber::parse("20 123 456", "216").unwrap(),
            address: String::new(),
            notes: String::new(),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let WriteOp::Put { item, .. } = customer.create_op().unwrap() else {
            panic!("a profile is created by a put");
        };
        assert_eq!(item["pk"], Value::s(format!("CUSTOMER#{}", customer.id)));
        assert_eq!(item["phone"], Value::s("+21620123456"));
        assert_eq!(from_item::<Customer>(item).unwrap(), customer);
    }
}
