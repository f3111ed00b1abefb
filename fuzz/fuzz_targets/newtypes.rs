//! Any text in every input newtype's parser: accepted values normalize
//! idempotently, nothing panics (the properties in `shared/http/src/domain/`
//! run the same calls).
#![no_main]

use ecar_http::domain::{
    Address, Email, LicensePlate, Notes, PersonName, PhoneNumber, Quantity, Vin,
    decimal::parse_decimal,
};
use libfuzzer_sys::fuzz_target;

/// Parsing the normalized form of an accepted value gives it back.
fn idempotent<T: PartialEq + std::fmt::Debug + AsRef<str>, E>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, E>,
) {
    if let Ok(value) = parse(text) {
        let again = parse(value.as_ref());
        assert!(again.is_ok_and(|again| again == value));
    }
}

fuzz_target!(|text: &str| {
    idempotent(text, Email::parse);
    idempotent(text, PhoneNumber::parse_international);
    idempotent(text, |t| PhoneNumber::parse(t, "216"));
    idempotent(text, LicensePlate::parse);
    idempotent(text, Vin::parse);
    idempotent(text, PersonName::parse);
    idempotent(text, Address::parse);
    idempotent(text, Notes::parse);
    if let Ok(quantity) = Quantity::parse(text) {
        assert_eq!(Quantity::parse(&quantity.to_string()).ok(), Some(quantity));
    }
    if let Ok(value) = parse_decimal(text) {
        assert_eq!(parse_decimal(&value.to_string()).ok(), Some(value));
    }
});
