//! The fields an action changed, before and after, as the audit record
//! keeps them: only those that differ, never a secret.

use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::store::ItemError;

/// Fields no record keeps: bookkeeping every change moves, and secrets.
const NEVER_RECORDED: &[&str] = &["version", "updated_at", "password_hash"];

/// The changed fields of one action, before and after.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Their values before (`None`: nothing existed, or nothing to show).
    pub before: Option<Map<String, Json>>,
    /// Their values after (`None`: nothing exists any more, or nothing to show).
    pub after: Option<Map<String, Json>>,
}

impl Changes {
    /// The fields of `before` and `after` that differ, except `ignored` ones
    /// (a field on one side only counts as changed, with `null` on the other).
    pub fn between<T: Serialize>(
        before: &T,
        after: &T,
        ignored: &[&str],
    ) -> Result<Self, ItemError> {
        let before = fields(before, ignored)?;
        let after = fields(after, ignored)?;
        let mut changed_before = Map::new();
        let mut changed_after = Map::new();
        let names = before
            .keys()
            .chain(after.keys().filter(|name| !before.contains_key(*name)));
        for name in names {
            let old = before.get(name).unwrap_or(&Json::Null);
            let new = after.get(name).unwrap_or(&Json::Null);
            if old != new {
                changed_before.insert(name.clone(), old.clone());
                changed_after.insert(name.clone(), new.clone());
            }
        }
        Ok(Self {
            before: Some(changed_before),
            after: Some(changed_after),
        })
    }

    /// What was created: its fields, except `ignored` ones.
    pub fn created<T: Serialize>(after: &T, ignored: &[&str]) -> Result<Self, ItemError> {
        Ok(Self {
            before: None,
            after: Some(fields(after, ignored)?),
        })
    }

    /// What was deleted: its fields as they were, except `ignored` ones.
    pub fn deleted<T: Serialize>(before: &T, ignored: &[&str]) -> Result<Self, ItemError> {
        Ok(Self {
            before: Some(fields(before, ignored)?),
            after: None,
        })
    }
}

/// `value`'s fields, without the ignored and never recorded ones.
fn fields<T: Serialize>(value: &T, ignored: &[&str]) -> Result<Map<String, Json>, ItemError> {
    let Json::Object(mut fields) = serde_json::to_value(value)? else {
        return Err(ItemError::NotAnObject);
    };
    fields.retain(|name, _| {
        !NEVER_RECORDED.contains(&name.as_str()) && !ignored.contains(&name.as_str())
    });
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_the_changed_fields_are_kept_and_never_a_secret() {
        let before = json!({"name": "Amira", "role": "staff", "version": 3, "password_hash": "$argon2id$a", "note": "x"});
        let after = json!({"name": "Amira", "role": "admin", "version": 4, "password_hash": "$argon2id$b", "email": "a@g.tn", "note": "x"});
        let changes = Changes::between(&before, &after, &["note"]).unwrap();
        assert_eq!(
            Json::Object(changes.before.unwrap()),
            json!({"role": "staff", "email": null})
        );
        assert_eq!(
            Json::Object(changes.after.unwrap()),
            json!({"role": "admin", "email": "a@g.tn"})
        );
    }

    #[test]
    fn a_creation_or_deletion_keeps_one_side() {
        let user = json!({"name": "Amira", "password_hash": "$argon2id$a", "version": 1});
        let created = Changes::created(&user, &[]).unwrap();
        assert_eq!(created.before, None);
        assert_eq!(
            Json::Object(created.after.unwrap()),
            json!({"name": "Amira"})
        );
        let deleted = Changes::deleted(&user, &["name"]).unwrap();
        assert_eq!(Json::Object(deleted.before.unwrap()), json!({}));
        assert_eq!(deleted.after, None);
        let unchanged = Changes::between(&user, &user, &[]).unwrap();
        assert_eq!(unchanged.before, Some(Map::new()));
        assert_eq!(unchanged.after, Some(Map::new()));
    }
}
