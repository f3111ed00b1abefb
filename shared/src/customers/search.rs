//! Finding customers by the prefix of any word of their name, their email,
//! their phone digits (with or without the country code), or the plate of
//! one of their cars.
//!
//! A customer's own tokens are index items with source `C`; each of their
//! cars adds its plate with the car's id as source, written and removed by
//! the car's own transactions (see [`crate::cars`]).

use std::collections::BTreeSet;

use super::{Customer, customer_key};
use crate::{
    domain::{CarId, CustomerId, Email, LicensePlate},
    search::{SearchIndex, fold, words},
    store::WriteOp,
};

/// The customers' index items.
pub const INDEX: SearchIndex = SearchIndex { name: "CSEARCH" };
/// Source of the tokens a profile owns.
const PROFILE_SOURCE: &str = "C";
/// Most words of each name that are indexed (a name is at most 100 characters,
/// but a pathological one must not make a transaction too big).
const MAX_NAME_WORDS: usize = 8;

/// The tokens of a profile.
pub fn tokens(customer: &Customer) -> BTreeSet<String> {
    let mut tokens = BTreeSet::new();
    for name in [&customer.first_name, &customer.last_name] {
        tokens.extend(words(name.as_str()).into_iter().take(MAX_NAME_WORDS));
    }
    tokens.insert(email_token(&customer.email));
    tokens.insert(customer.phone.digits().to_string());
    tokens.insert(customer.phone.national_number().to_string());
    tokens
}

fn email_token(email: &Email) -> String {
    fold(email.as_str())
}

fn plate_token(plate: &LicensePlate) -> String {
    fold(plate.as_str())
}

/// The index items of a new profile.
pub fn create_ops(customer: &Customer) -> Vec<WriteOp> {
    INDEX.replace_ops(
        &BTreeSet::new(),
        &tokens(customer),
        customer.id.as_str(),
        PROFILE_SOURCE,
        &customer.key(),
    )
}

/// The index changes of a profile going from `old` to `new`.
pub fn replace_ops(old: &Customer, new: &Customer) -> Vec<WriteOp> {
    INDEX.replace_ops(
        &tokens(old),
        &tokens(new),
        new.id.as_str(),
        PROFILE_SOURCE,
        &new.key(),
    )
}

/// The removal of every index item a profile owns.
pub fn delete_ops(customer: &Customer) -> Vec<WriteOp> {
    INDEX.replace_ops(
        &tokens(customer),
        &BTreeSet::new(),
        customer.id.as_str(),
        PROFILE_SOURCE,
        &customer.key(),
    )
}

/// The index change of a profile whose email moved from `old` to `new`
/// (the login's email changed).
pub fn email_change_ops(customer_id: &str, old: &Email, new: &Email) -> Vec<WriteOp> {
    INDEX.replace_ops(
        &BTreeSet::from([email_token(old)]),
        &BTreeSet::from([email_token(new)]),
        customer_id,
        PROFILE_SOURCE,
        &customer_key(customer_id),
    )
}

/// The index item making a customer findable by the plate of their car.
pub fn plate_put_op(customer_id: &CustomerId, car_id: &CarId, plate: &LicensePlate) -> WriteOp {
    INDEX.put_op(
        &plate_token(plate),
        customer_id.as_str(),
        car_id.as_str(),
        &customer_key(customer_id.as_str()),
    )
}

/// The removal of that item.
pub fn plate_delete_op(customer_id: &CustomerId, car_id: &CarId, plate: &LicensePlate) -> WriteOp {
    INDEX.delete_op(&plate_token(plate), customer_id.as_str(), car_id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    #[test]
    fn a_profile_is_found_by_names_email_and_phone_digits() {
        let customer = super::super::tests::sample(Utc::now());
        let tokens = tokens(&customer);
        for token in [
            "helene",
            "ben",
            "ali",
            "helene@example.tn",
            "21620123456",
            "20123456",
        ] {
            assert!(tokens.contains(token), "{token}: {tokens:?}");
        }
        assert_eq!(create_ops(&customer).len(), tokens.len());
        assert_eq!(delete_ops(&customer).len(), tokens.len());
    }

    #[test]
    fn a_change_touches_only_the_tokens_that_changed() {
        let old = super::super::tests::sample(Utc::now());
        let mut new = old.clone();
        new.last_name = crate::domain::PersonName::parse("Trabelsi").unwrap();
        // "ben" and "ali" go, "trabelsi" comes.
        assert_eq!(replace_ops(&old, &new).len(), 3);
    }
}
