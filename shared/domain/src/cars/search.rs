//! Finding cars by the prefix of their plate, their VIN, or a word of their
//! make or model.

use super::Car;
use crate::{
    search::{SearchIndex, fold, words},
    store::WriteOp,
};

/// The cars' index items (a car has 20 to 40 prefixes).
pub const INDEX: SearchIndex = SearchIndex {
    name: "VSEARCH",
    max_items: 45,
};
/// Source of the items a car owns.
const CAR_SOURCE: &str = "V";
/// Words of the make and of the model that are indexed.
const MAX_WORDS: usize = 3;

/// The tokens of a car, most useful first.
pub fn tokens(car: &Car) -> Vec<String> {
    let mut ordered = vec![fold(car.license_plate.as_str())];
    ordered.extend(car.vin.iter().map(|vin| fold(vin.as_str())));
    for name in [car.make.as_str(), car.model.as_str()] {
        let name_words = words(name);
        // `C 200` is also searched as one piece (`c200`), as plates are.
        if name_words.len() > 1 {
            ordered.push(name_words.concat());
        }
        ordered.extend(name_words.into_iter().take(MAX_WORDS));
    }
    let mut tokens: Vec<String> = Vec::with_capacity(ordered.len());
    for token in ordered {
        if !tokens.contains(&token) {
            tokens.push(token);
        }
    }
    tokens
}

/// The index items of a new car.
pub fn create_ops(car: &Car) -> Vec<WriteOp> {
    INDEX.replace_ops(&[], &tokens(car), car.id.as_str(), CAR_SOURCE, &car.key())
}

/// The index changes of a car going from `old` to `new`.
pub fn replace_ops(old: &Car, new: &Car) -> Vec<WriteOp> {
    INDEX.replace_ops(
        &tokens(old),
        &tokens(new),
        new.id.as_str(),
        CAR_SOURCE,
        &new.key(),
    )
}

/// The removal of every index item a car owns.
pub fn delete_ops(car: &Car) -> Vec<WriteOp> {
    INDEX.replace_ops(&tokens(car), &[], car.id.as_str(), CAR_SOURCE, &car.key())
}
