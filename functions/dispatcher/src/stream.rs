//! Stream images as the table port's items.

use std::collections::HashMap;

use ecar_http::store::{Item, Value};
use serde_dynamo::AttributeValue;

/// The item of a stream record's image; sets, which ECAR never writes, are refused.
pub fn item_of(image: serde_dynamo::Item) -> Result<Item, String> {
    map_of(image.into_inner())
}

fn map_of(attributes: HashMap<String, AttributeValue>) -> Result<Item, String> {
    attributes
        .into_iter()
        .map(|(name, value)| Ok((name, value_of(value)?)))
        .collect()
}

fn value_of(value: AttributeValue) -> Result<Value, String> {
    Ok(match value {
        AttributeValue::S(text) => Value::S(text),
        AttributeValue::N(number) => Value::N(number),
        AttributeValue::B(bytes) => Value::B(bytes),
        AttributeValue::Bool(flag) => Value::Bool(flag),
        AttributeValue::Null(_) => Value::Null,
        AttributeValue::L(values) => {
            Value::L(values.into_iter().map(value_of).collect::<Result<_, _>>()?)
        }
        AttributeValue::M(map) => Value::M(map_of(map)?),
        AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_) => {
            return Err("a set attribute: ECAR items hold none".into());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_items_attribute_for_attribute() {
        let image: serde_dynamo::Item = serde_json::from_str(
            r#"{
                "pk": {"S": "EVENT#1"},
                "expires_at": {"N": "1776265451"},
                "phone": {"NULL": true},
                "channels": {"L": [{"S": "push"}]},
                "nested": {"M": {"ok": {"BOOL": true}}}
            }"#,
        )
        .unwrap();
        let item = item_of(image).unwrap();
        assert_eq!(item["pk"], Value::s("EVENT#1"));
        assert_eq!(item["expires_at"], Value::N("1776265451".into()));
        assert_eq!(item["phone"], Value::Null);
        assert_eq!(item["channels"], Value::L(vec![Value::s("push")]));
        assert_eq!(
            item["nested"],
            Value::M([("ok".to_string(), Value::Bool(true))].into())
        );
        let set: serde_dynamo::Item = serde_json::from_str(r#"{"tags": {"SS": ["a"]}}"#).unwrap();
        assert!(item_of(set).is_err());
    }
}
