//! Conversions between the port's [`Value`] and the SDK's `AttributeValue`.

use std::collections::HashMap;

use aws_sdk_dynamodb::{primitives::Blob, types::AttributeValue};

use ecar_domain::store::{Item, Key, StoreError, Value};

/// An item in the SDK's shape.
pub(super) type Attributes = HashMap<String, AttributeValue>;

/// A port value as the SDK sends it.
pub(super) fn to_attribute(value: &Value) -> AttributeValue {
    match value {
        Value::S(text) => AttributeValue::S(text.clone()),
        Value::N(number) => AttributeValue::N(number.clone()),
        Value::B(bytes) => AttributeValue::B(Blob::new(bytes.clone())),
        Value::Bool(flag) => AttributeValue::Bool(*flag),
        Value::Null => AttributeValue::Null(true),
        Value::L(values) => AttributeValue::L(values.iter().map(to_attribute).collect()),
        Value::M(map) => AttributeValue::M(to_attributes(map)),
    }
}

/// A value read from DynamoDB; set types and unknown types are refused,
/// because the port never writes them.
pub(super) fn from_attribute(attribute: AttributeValue) -> Result<Value, StoreError> {
    Ok(match attribute {
        AttributeValue::S(text) => Value::S(text),
        AttributeValue::N(number) => Value::N(number),
        AttributeValue::B(blob) => Value::B(blob.into_inner()),
        AttributeValue::Bool(flag) => Value::Bool(flag),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::L(values) => Value::L(
            values
                .into_iter()
                .map(from_attribute)
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::M(map) => Value::M(from_attributes(map)?),
        other => {
            let kind = match other {
                AttributeValue::Ss(_) => "SS",
                AttributeValue::Ns(_) => "NS",
                AttributeValue::Bs(_) => "BS",
                _ => "unknown",
            };
            return Err(StoreError::Internal(format!(
                "unsupported attribute type {kind} read from DynamoDB"
            )));
        }
    })
}

/// A port item as the SDK sends it.
pub(super) fn to_attributes(item: &Item) -> Attributes {
    item.iter()
        .map(|(name, value)| (name.clone(), to_attribute(value)))
        .collect()
}

/// An item read from DynamoDB.
pub(super) fn from_attributes(attributes: Attributes) -> Result<Item, StoreError> {
    attributes
        .into_iter()
        .map(|(name, attribute)| Ok((name, from_attribute(attribute)?)))
        .collect()
}

/// The primary key as the SDK's `Key` parameter.
pub(super) fn key_attributes(key: &Key) -> Attributes {
    to_attributes(&key.to_item())
}

/// The name of a value's type, as `attribute_type` expects it.
pub(super) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::S(_) => "S",
        Value::N(_) => "N",
        Value::B(_) => "B",
        Value::Bool(_) => "BOOL",
        Value::Null => "NULL",
        Value::L(_) => "L",
        Value::M(_) => "M",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_type_round_trips() {
        let value = Value::M(Item::from([
            ("s".into(), Value::s("text")),
            ("n".into(), Value::N("-12.5".into())),
            ("b".into(), Value::B(vec![0, 255])),
            ("bool".into(), Value::Bool(true)),
            ("null".into(), Value::Null),
            ("l".into(), Value::L(vec![Value::n(1), Value::s("two")])),
        ]));
        assert_eq!(from_attribute(to_attribute(&value)).unwrap(), value);
    }

    #[test]
    fn set_types_from_the_wire_are_refused() {
        let set = AttributeValue::Ss(vec!["a".into()]);
        assert!(matches!(
            from_attribute(set),
            Err(StoreError::Internal(message)) if message.contains("SS")
        ));
    }
}
