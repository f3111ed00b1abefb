//! DynamoDB expressions (conditions, updates, key conditions) built from the
//! port's typed values, every name and value behind a placeholder.
//!
//! Expiry: an item whose `expires_at` is a number at or below "now" counts as
//! absent, so every condition is evaluated against that effective state.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use super::attribute::{Attributes, to_attribute, type_name};
use ecar_domain::store::{Change, CmpOp, Condition, EXPIRES_AT, Index, PK, SortKey, Value};

/// The `#name` and `:value` placeholders of one request.
#[derive(Debug, Default)]
pub(super) struct Placeholders {
    names: HashMap<String, String>,
    values: Attributes,
}

impl Placeholders {
    /// The placeholder of an attribute name (one per name).
    pub(super) fn name(&mut self, attribute: &str) -> String {
        if let Some((placeholder, _)) = self.names.iter().find(|(_, name)| *name == attribute) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.names.len());
        self.names
            .insert(placeholder.clone(), attribute.to_string());
        placeholder
    }

    /// A new placeholder for a value.
    pub(super) fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), value);
        placeholder
    }

    /// The name and value maps; `None` when empty, as DynamoDB refuses empty maps.
    pub(super) fn into_maps(self) -> (Option<HashMap<String, String>>, Option<Attributes>) {
        let names = (!self.names.is_empty()).then_some(self.names);
        let values = (!self.values.is_empty()).then_some(self.values);
        (names, values)
    }
}

/// True when the item has expired: `expires_at` is a number at or below `now`.
pub(super) fn expired(placeholders: &mut Placeholders, now: i64) -> String {
    let expires_at = placeholders.name(EXPIRES_AT);
    let number = placeholders.value(AttributeValue::S("N".into()));
    let now = placeholders.value(AttributeValue::N(now.to_string()));
    format!("(attribute_type({expires_at}, {number}) AND {expires_at} <= {now})")
}

/// A port condition with its expiry semantics: on an expired item it takes
/// the value it has on an absent one.
pub(super) fn condition(
    placeholders: &mut Placeholders,
    condition: &Condition,
    now: i64,
) -> String {
    let body = body(placeholders, condition).grouped();
    let expired = expired(placeholders, now);
    if holds_when_absent(condition) {
        format!("{body} OR {expired}")
    } else {
        format!("{body} AND NOT {expired}")
    }
}

/// The condition of an update: the port condition on a live (or absent) item.
///
/// An update must not build on an expired item's attributes, so it fails on
/// one and the caller replaces the item instead (see `DynamoTable`).
pub(super) fn update_condition(
    placeholders: &mut Placeholders,
    condition: Option<&Condition>,
    now: i64,
) -> String {
    let body = condition.map(|condition| body(placeholders, condition).grouped());
    let expired = expired(placeholders, now);
    match body {
        Some(body) => format!("{body} AND NOT {expired}"),
        None => format!("NOT {expired}"),
    }
}

/// Whether the condition holds on an absent item.
pub(super) fn holds_when_absent(condition: &Condition) -> bool {
    match condition {
        Condition::Exists
        | Condition::AttributeExists(_)
        | Condition::Equals(..)
        | Condition::Compare(..) => false,
        Condition::NotExists | Condition::AttributeNotExists(_) => true,
        Condition::And(conditions) => conditions.iter().all(holds_when_absent),
        Condition::Or(conditions) => conditions.iter().any(holds_when_absent),
    }
}

/// A piece of a condition expression, and whether it needs parentheses
/// inside a larger one (DynamoDB refuses doubled parentheses).
struct Part {
    text: String,
    compound: bool,
}

impl Part {
    fn atom(text: String) -> Self {
        Self {
            text,
            compound: false,
        }
    }

    fn compound(text: String) -> Self {
        Self {
            text,
            compound: true,
        }
    }

    /// The text, parenthesized when compound.
    fn grouped(self) -> String {
        if self.compound {
            format!("({})", self.text)
        } else {
            self.text
        }
    }
}

/// The condition as DynamoDB evaluates it on the stored item, expiry aside.
fn body(placeholders: &mut Placeholders, condition: &Condition) -> Part {
    match condition {
        Condition::Exists => Part::atom(format!("attribute_exists({})", placeholders.name(PK))),
        Condition::NotExists => {
            Part::atom(format!("attribute_not_exists({})", placeholders.name(PK)))
        }
        Condition::AttributeExists(name) => {
            Part::atom(format!("attribute_exists({})", placeholders.name(name)))
        }
        Condition::AttributeNotExists(name) => {
            Part::atom(format!("attribute_not_exists({})", placeholders.name(name)))
        }
        Condition::Equals(name, value) => typed_comparison(placeholders, name, "=", value),
        Condition::Compare(name, op, value) => {
            let op = match op {
                CmpOp::Lt => "<",
                CmpOp::Le => "<=",
                CmpOp::Gt => ">",
                CmpOp::Ge => ">=",
                CmpOp::Ne => "<>",
            };
            typed_comparison(placeholders, name, op, value)
        }
        Condition::And(conditions) => joined(placeholders, conditions, "AND"),
        Condition::Or(conditions) => joined(placeholders, conditions, "OR"),
    }
}

/// `name op value`, true only when the attribute has the value's type: the
/// port's rule, which DynamoDB's `<>` alone would not follow.
fn typed_comparison(placeholders: &mut Placeholders, name: &str, op: &str, value: &Value) -> Part {
    let name = placeholders.name(name);
    let kind = placeholders.value(AttributeValue::S(type_name(value).into()));
    let value = placeholders.value(to_attribute(value));
    Part::compound(format!(
        "attribute_type({name}, {kind}) AND {name} {op} {value}"
    ))
}

/// Conditions joined by AND or OR (the rules refuse an empty list).
fn joined(placeholders: &mut Placeholders, conditions: &[Condition], joiner: &str) -> Part {
    if let [only] = conditions {
        return body(placeholders, only);
    }
    let parts: Vec<String> = conditions
        .iter()
        .map(|condition| body(placeholders, condition).grouped())
        .collect();
    Part::compound(parts.join(&format!(" {joiner} ")))
}

/// The `SET ... ADD ... REMOVE ...` expression of the changes (the rules refuse none).
pub(super) fn update(placeholders: &mut Placeholders, changes: &[Change]) -> String {
    let (mut set, mut add, mut remove) = (Vec::new(), Vec::new(), Vec::new());
    for change in changes {
        match change {
            Change::Set(name, value) => {
                let name = placeholders.name(name);
                let value = placeholders.value(to_attribute(value));
                set.push(format!("{name} = {value}"));
            }
            Change::Add(name, amount) => {
                let name = placeholders.name(name);
                let amount = placeholders.value(AttributeValue::N(amount.to_string()));
                add.push(format!("{name} {amount}"));
            }
            Change::Remove(name) => remove.push(placeholders.name(name)),
        }
    }
    let clauses: Vec<String> = [("SET", set), ("ADD", add), ("REMOVE", remove)]
        .into_iter()
        .filter(|(_, parts)| !parts.is_empty())
        .map(|(keyword, parts)| format!("{keyword} {}", parts.join(", ")))
        .collect();
    clauses.join(" ")
}

/// The key condition of a query on one partition of an index.
pub(super) fn key_condition(
    placeholders: &mut Placeholders,
    index: Index,
    partition: &str,
    sort: &SortKey,
) -> String {
    let (pk_name, sk_name) = index.key_attributes();
    let pk = placeholders.name(pk_name);
    let partition = placeholders.value(AttributeValue::S(partition.into()));
    let on_partition = format!("{pk} = {partition}");
    let mut bound = |text: &str| placeholders.value(AttributeValue::S(text.into()));
    let on_sort = match sort {
        SortKey::Any => return on_partition,
        SortKey::Eq(v) => format!("= {}", bound(v)),
        SortKey::Lt(v) => format!("< {}", bound(v)),
        SortKey::Le(v) => format!("<= {}", bound(v)),
        SortKey::Gt(v) => format!("> {}", bound(v)),
        SortKey::Ge(v) => format!(">= {}", bound(v)),
        SortKey::Between(low, high) => format!("BETWEEN {} AND {}", bound(low), bound(high)),
        SortKey::BeginsWith(prefix) => {
            let prefix = bound(prefix);
            let sk = placeholders.name(sk_name);
            return format!("{on_partition} AND begins_with({sk}, {prefix})");
        }
    };
    let sk = placeholders.name(sk_name);
    format!("{on_partition} AND {sk} {on_sort}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_get_one_placeholder_each_and_values_one_per_use() {
        let mut placeholders = Placeholders::default();
        let text = condition(
            &mut placeholders,
            &Condition::And(vec![
                Condition::Equals("version".into(), Value::n(3)),
                Condition::AttributeExists("version".into()),
            ]),
            1_000,
        );
        let (names, values) = placeholders.into_maps();
        let names = names.unwrap();
        assert_eq!(names.len(), 2, "version and expires_at: {names:?}");
        assert_eq!(values.unwrap().len(), 4, "type, 3, N, now");
        // Parentheses are never doubled: DynamoDB refuses redundant ones.
        assert_eq!(
            text,
            "((attribute_type(#n0, :v0) AND #n0 = :v1) AND attribute_exists(#n0)) \
             AND NOT (attribute_type(#n1, :v2) AND #n1 <= :v3)"
        );
    }

    #[test]
    fn conditions_that_hold_on_absent_items_hold_on_expired_ones() {
        let mut placeholders = Placeholders::default();
        let text = condition(&mut placeholders, &Condition::NotExists, 1_000);
        assert_eq!(
            text,
            "attribute_not_exists(#n0) OR (attribute_type(#n1, :v0) AND #n1 <= :v1)"
        );
        assert!(holds_when_absent(&Condition::Or(vec![
            Condition::Exists,
            Condition::AttributeNotExists("a".into()),
        ])));
        assert!(!holds_when_absent(&Condition::And(vec![
            Condition::NotExists,
            Condition::Equals("a".into(), Value::Null),
        ])));
    }

    #[test]
    fn changes_group_into_clauses() {
        let mut placeholders = Placeholders::default();
        let text = update(
            &mut placeholders,
            &[
                Change::Remove("old".into()),
                Change::Set("name".into(), Value::s("x")),
                Change::Add("count".into(), 2),
            ],
        );
        assert_eq!(text, "SET #n1 = :v0 ADD #n2 :v1 REMOVE #n0");
    }

    #[test]
    fn key_conditions_use_the_index_attributes() {
        let mut placeholders = Placeholders::default();
        let text = key_condition(
            &mut placeholders,
            Index::Gsi2,
            "CAR#1",
            &SortKey::BeginsWith("SERVICE#".into()),
        );
        assert_eq!(text, "#n0 = :v0 AND begins_with(#n1, :v1)");
        let (names, _) = placeholders.into_maps();
        let names = names.unwrap();
        assert_eq!(names["#n0"], "gsi2pk");
        assert_eq!(names["#n1"], "gsi2sk");
    }
}
