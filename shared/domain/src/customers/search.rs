//! Finding customers by the prefix of any word of their name, their email,
//! their phone digits (with or without the country code), or the plate of
//! one of their cars.
//!
//! A profile owns the index items of its own tokens (source `C`); each of
//! the customer's cars owns the items of its plate (source: the car's id),
//! written and removed by the car's transactions.

use super::{Customer, customer_key};
use crate::{
    search::{SearchIndex, fold, words},
    store::WriteOp,
    values::{CarId, CustomerId, LicensePlate},
};

/// The customers' index items: a typical profile has 30 to 40 prefixes, and
/// 45 keeps a profile rewrite, with its login's guards, within one transaction.
pub const INDEX: SearchIndex = SearchIndex {
    name: "CSEARCH",
    max_items: 45,
};
/// Source of the items a profile owns.
const PROFILE_SOURCE: &str = "C";
/// Words of each name that are indexed (names are at most 100 characters,
/// but a pathological one must not crowd out the email and phone).
const MAX_NAME_WORDS: usize = 3;

/// The tokens of a profile, most useful first (the index keeps the
/// prefixes of the first ones when a profile has too many).
pub fn tokens(customer: &Customer) -> Vec<String> {
    let first = words(customer.first_name.as_str());
    let last = words(customer.last_name.as_str());
    let mut ordered: Vec<String> = Vec::new();
    ordered.extend(first.first().cloned());
    ordered.extend(last.first().cloned());
    ordered.push(customer.phone.national_number().to_string());
    ordered.push(fold(customer.email.as_str()));
    ordered.extend(first.into_iter().take(MAX_NAME_WORDS));
    ordered.extend(last.into_iter().take(MAX_NAME_WORDS));
    ordered.push(customer.phone.digits().to_string());
    let mut tokens: Vec<String> = Vec::with_capacity(ordered.len());
    for token in ordered {
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens
}

/// The index items of a new profile.
pub fn create_ops(customer: &Customer) -> Vec<WriteOp> {
    replace_tokens(&[], &tokens(customer), customer)
}

/// The index changes of a profile going from `old` to `new`.
pub fn replace_ops(old: &Customer, new: &Customer) -> Vec<WriteOp> {
    replace_tokens(&tokens(old), &tokens(new), new)
}

/// The removal of every index item a profile owns.
pub fn delete_ops(customer: &Customer) -> Vec<WriteOp> {
    replace_tokens(&tokens(customer), &[], customer)
}

fn replace_tokens(old: &[String], new: &[String], customer: &Customer) -> Vec<WriteOp> {
    INDEX.replace_ops(
        old,
        new,
        customer.id.as_str(),
        PROFILE_SOURCE,
        &customer.key(),
    )
}

fn plate_tokens(plate: Option<&LicensePlate>) -> Vec<String> {
    plate
        .map(|plate| fold(plate.as_str()))
        .into_iter()
        .collect()
}

/// The index changes making customer `customer_id` findable by the plate of
/// their car `car_id`, which goes from `old` to `new` (`None`: no car).
pub fn plate_ops(
    customer_id: &CustomerId,
    car_id: &CarId,
    old: Option<&LicensePlate>,
    new: Option<&LicensePlate>,
) -> Vec<WriteOp> {
    INDEX.replace_ops(
        &plate_tokens(old),
        &plate_tokens(new),
        customer_id.as_str(),
        car_id.as_str(),
        &customer_key(customer_id.as_str()),
    )
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
            assert!(tokens.iter().any(|t| t == token), "{token}: {tokens:?}");
        }
        let prefixes = INDEX.prefixes(&tokens);
        assert!(prefixes.len() < INDEX.max_items, "{}", prefixes.len());
        assert_eq!(create_ops(&customer).len(), prefixes.len());
        assert_eq!(delete_ops(&customer).len(), prefixes.len());
    }

    #[test]
    fn a_change_touches_only_the_prefixes_that_changed() {
        let old = super::super::tests::sample(Utc::now());
        let mut new = old.clone();
        new.last_name = crate::values::PersonName::parse("Ben Amor").unwrap();
        // "al" and "ali" go; "am", "amo" and "amor" come; "a" stays.
        let ops = replace_ops(&old, &new);
        assert_eq!(ops.len(), 2 + 3, "{ops:#?}");
    }
}
