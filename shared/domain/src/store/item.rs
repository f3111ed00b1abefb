//! The item model shared by both table adapters: DynamoDB's attribute values.
//!
//! Domain types become items through `serde_json` (strings, numbers, booleans,
//! null, lists and maps map one to one onto S, N, BOOL, NULL, L and M), so an
//! item written by one adapter reads the same through the other.

use std::collections::BTreeMap;

use serde::{Serialize, de::DeserializeOwned};

/// One attribute value, as DynamoDB types it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string.
    S(String),
    /// A number, kept in its canonical decimal text as DynamoDB does.
    N(String),
    /// Binary.
    B(Vec<u8>),
    /// A boolean.
    Bool(bool),
    /// An explicit null.
    Null,
    /// A list.
    L(Vec<Value>),
    /// A map.
    M(BTreeMap<String, Value>),
}

/// An item: attribute name to value.
pub type Item = BTreeMap<String, Value>;

/// Failure to turn a domain value into an item or back.
#[derive(Debug, thiserror::Error)]
pub enum ItemError {
    /// The value does not serialize to a JSON object.
    #[error("an item must serialize to an object")]
    NotAnObject,
    /// A number attribute holds text that is not a number.
    #[error("attribute holds an invalid number: {0}")]
    BadNumber(String),
    /// serde could not map the item onto the type.
    #[error(transparent)]
    Serde(#[from] serde_json::Error),
}

impl Value {
    /// A string value.
    pub fn s(text: impl Into<String>) -> Self {
        Value::S(text.into())
    }

    /// A number value from an integer.
    pub fn n(number: impl Into<i128>) -> Self {
        Value::N(number.into().to_string())
    }

    /// The string inside an `S`.
    pub fn as_s(&self) -> Option<&str> {
        match self {
            Value::S(text) => Some(text),
            _ => None,
        }
    }

    /// The integer inside an `N`, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::N(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// Size in bytes by DynamoDB's rules (used for the 400 KB limit and capacity units).
    pub fn size(&self) -> usize {
        match self {
            Value::S(text) => text.len(),
            // DynamoDB: about one byte per two significant digits, plus one.
            Value::N(text) => {
                let digits = text.chars().filter(char::is_ascii_digit).count();
                digits.div_ceil(2) + 1
            }
            Value::B(bytes) => bytes.len(),
            Value::Bool(_) | Value::Null => 1,
            Value::L(values) => 3 + values.iter().map(|v| 1 + v.size()).sum::<usize>(),
            Value::M(map) => {
                3 + map
                    .iter()
                    .map(|(name, v)| 1 + name.len() + v.size())
                    .sum::<usize>()
            }
        }
    }

    fn from_json(json: serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(flag) => Value::Bool(flag),
            serde_json::Value::Number(number) => Value::N(number.to_string()),
            serde_json::Value::String(text) => Value::S(text),
            serde_json::Value::Array(values) => {
                Value::L(values.into_iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::M(
                map.into_iter()
                    .map(|(name, v)| (name, Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    fn into_json(self) -> Result<serde_json::Value, ItemError> {
        Ok(match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(flag),
            Value::N(text) => serde_json::from_str::<serde_json::Number>(&text)
                .map(serde_json::Value::Number)
                .map_err(|_| ItemError::BadNumber(text))?,
            Value::S(text) => serde_json::Value::String(text),
            // Binary has no JSON form; domain types keep bytes base64 in strings.
            Value::B(bytes) => {
                serde_json::Value::Array(bytes.into_iter().map(serde_json::Value::from).collect())
            }
            Value::L(values) => serde_json::Value::Array(
                values
                    .into_iter()
                    .map(Value::into_json)
                    .collect::<Result<_, _>>()?,
            ),
            Value::M(map) => serde_json::Value::Object(
                map.into_iter()
                    .map(|(name, v)| Ok((name, v.into_json()?)))
                    .collect::<Result<_, ItemError>>()?,
            ),
        })
    }
}

/// Size of a whole item by DynamoDB's rules: attribute names plus values.
pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(name, v)| name.len() + v.size()).sum()
}

/// Serializes a domain value into an item (`None` fields become NULL).
pub fn to_item<T: Serialize>(value: &T) -> Result<Item, ItemError> {
    match Value::from_json(serde_json::to_value(value)?) {
        Value::M(map) => Ok(map),
        _ => Err(ItemError::NotAnObject),
    }
}

/// Serializes one domain value into an attribute value (for updates that set
/// a single attribute).
pub fn to_value<T: Serialize>(value: &T) -> Result<Value, ItemError> {
    Ok(Value::from_json(serde_json::to_value(value)?))
}

/// Reads a domain value back from an item; unknown attributes (keys, index
/// attributes) are ignored unless the type refuses them.
pub fn from_item<T: DeserializeOwned>(item: Item) -> Result<T, ItemError> {
    let json = Value::M(item).into_json()?;
    Ok(serde_json::from_value(json)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Car {
        plate: String,
        mileage: u64,
        electric: bool,
        notes: Option<String>,
        tags: Vec<String>,
    }

    #[test]
    fn domain_values_round_trip_through_items() {
        let car = Car {
            plate: "123TU4567".into(),
            mileage: 120_500,
            electric: false,
            notes: None,
            tags: vec!["vip".into()],
        };
        let item = to_item(&car).unwrap();
        assert_eq!(item["mileage"], Value::N("120500".into()));
        assert_eq!(item["notes"], Value::Null);
        assert_eq!(from_item::<Car>(item).unwrap(), car);
    }

    #[test]
    fn sizes_follow_dynamodb_rules() {
        let mut item = Item::new();
        item.insert("pk".into(), Value::s("CUSTOMER#1"));
        item.insert("n".into(), Value::n(12345));
        // "pk"(2) + 10 bytes, "n"(1) + (5 digits -> 3) + 1
        assert_eq!(item_size(&item), 2 + 10 + 1 + 4);
    }

    #[test]
    fn a_non_object_is_refused() {
        assert!(matches!(to_item(&5), Err(ItemError::NotAnObject)));
    }
}
