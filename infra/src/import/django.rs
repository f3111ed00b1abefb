//! The Django ECAR's export, as `manage.py dumpdata --natural-foreign`
//! writes it: a JSON array of `{"model", "pk", "fields"}` rows (see
//! `MODELS.md` of the reference export). Each row's fields are read into
//! the type of its model; a row that does not fit is refused on its own.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, de::DeserializeOwned};

/// One row as the export has it.
#[derive(Debug, Deserialize)]
struct RawRow {
    model: String,
    pk: serde_json::Value,
    fields: serde_json::Value,
}

/// `auth.user`.
#[derive(Clone, Debug, Deserialize)]
pub struct User {
    pub password: String,
    pub is_superuser: bool,
    pub username: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    pub is_staff: bool,
    pub is_active: bool,
    pub date_joined: DateTime<Utc>,
}

/// `core.customer`.
#[derive(Clone, Debug, Deserialize)]
pub struct Customer {
    /// The user's natural key: `["<username>"]`.
    pub user: Vec<String>,
    pub phone: String,
    pub address: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `core.car`.
#[derive(Clone, Debug, Deserialize)]
pub struct Car {
    pub customer: u64,
    pub make: String,
    pub model: String,
    pub year: i64,
    pub license_plate: String,
    pub vin: Option<String>,
    pub fuel_type: String,
    pub initial_mileage: u64,
    pub mileage: u64,
    pub last_service_date: Option<NaiveDate>,
    pub last_service_mileage: Option<u64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `core.serviceinterval`.
#[derive(Clone, Debug, Deserialize)]
pub struct ServiceInterval {
    pub name: String,
    pub interval_type: String,
    pub mileage_interval: Option<u64>,
    pub time_interval_days: Option<u64>,
    pub car_make: Option<String>,
    pub car_model: Option<String>,
    pub is_active: bool,
}

/// `core.mileageupdate`.
#[derive(Clone, Debug, Deserialize)]
pub struct MileageUpdate {
    pub car: u64,
    pub mileage: u64,
    pub reported_date: DateTime<Utc>,
}

/// `core.service`.
#[derive(Clone, Debug, Deserialize)]
pub struct Service {
    pub car: u64,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub status: String,
    pub scheduled_date: DateTime<Utc>,
    pub completed_date: Option<DateTime<Utc>>,
    pub technician_notes: Option<String>,
    pub service_mileage: Option<u64>,
    pub service_type: Option<u64>,
    pub is_routine_maintenance: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `core.serviceitem`.
#[derive(Clone, Debug, Deserialize)]
pub struct ServiceItem {
    pub service: u64,
    pub item_type: String,
    pub name: String,
    pub description: Option<String>,
    pub quantity: u64,
    /// A decimal string (`"126.50"`).
    pub unit_price: String,
}

/// `core.invoice`.
#[derive(Clone, Debug, Deserialize)]
pub struct Invoice {
    pub service: u64,
    pub invoice_number: String,
    pub issued_date: NaiveDate,
    pub due_date: NaiveDate,
    pub status: String,
    pub notes: Option<String>,
    /// Relative to the original's `MEDIA_ROOT`; empty or null when none.
    pub pdf_file: Option<String>,
    pub final_amount: Option<String>,
    pub refund_date: Option<NaiveDate>,
    pub refund_amount: Option<String>,
    pub refund_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `core.notification`.
#[derive(Clone, Debug, Deserialize)]
pub struct Notification {
    pub customer: u64,
    pub title: String,
    pub message: String,
    pub notification_type: String,
    pub is_read: bool,
    pub created_at: DateTime<Utc>,
}

/// Models the export holds that ECAR derives or does not keep, and why
/// their rows are not imported (service intervals are read, for the report).
pub const NOT_IMPORTED: [(&str, &str); 2] = [
    (
        "core.servicehistory",
        "derived: the car's last service comes from its completed services",
    ),
    (
        "auditlog.logentry",
        "the original's change log is not carried over",
    ),
];

/// A row that could not be read, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// Its model label, as the row gives it (`?` when it has none).
    pub model: String,
    /// Its primary key, as the row gives it.
    pub pk: String,
    /// Why.
    pub reason: String,
}

/// Every row of an export, read into its model's type, by primary key.
#[derive(Debug, Default)]
pub struct Export {
    pub users: BTreeMap<u64, User>,
    pub customers: BTreeMap<u64, Customer>,
    pub cars: BTreeMap<u64, Car>,
    pub intervals: BTreeMap<u64, ServiceInterval>,
    pub mileage_updates: BTreeMap<u64, MileageUpdate>,
    pub services: BTreeMap<u64, Service>,
    pub service_items: BTreeMap<u64, ServiceItem>,
    pub invoices: BTreeMap<u64, Invoice>,
    pub notifications: BTreeMap<u64, Notification>,
    /// Rows of the models in [`NOT_IMPORTED`], per model.
    pub not_imported: BTreeMap<&'static str, u64>,
    /// Rows that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Rows per model label, as read (unreadable ones included).
    pub read: BTreeMap<String, u64>,
}

/// Why the file as a whole cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the export is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the export is not a JSON array of rows (manage.py dumpdata writes one)")]
    NotAnArray,
}

impl Export {
    /// Reads an export.
    pub fn parse(text: &[u8]) -> Result<Self, ExportError> {
        let value: serde_json::Value = serde_json::from_slice(text)?;
        let serde_json::Value::Array(rows) = value else {
            return Err(ExportError::NotAnArray);
        };
        let mut export = Self::default();
        for row in rows {
            export.add(row);
        }
        Ok(export)
    }

    fn add(&mut self, row: serde_json::Value) {
        let label = row
            .get("model")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("?")
            .to_string();
        *self.read.entry(label.clone()).or_default() += 1;
        let pk_text = row.get("pk").map_or("?".into(), ToString::to_string);
        let unreadable = |reason: String| Unreadable {
            model: label.clone(),
            pk: pk_text.clone(),
            reason,
        };
        let raw: RawRow = match serde_json::from_value(row) {
            Ok(raw) => raw,
            Err(error) => {
                let reason = format!("not a dumpdata row: {error}");
                self.unreadable.push(unreadable(reason));
                return;
            }
        };
        let Some(pk) = raw.pk.as_u64() else {
            let reason = "its pk is not a positive integer".to_string();
            self.unreadable.push(unreadable(reason));
            return;
        };
        let result = match raw.model.as_str() {
            "auth.user" => insert(&mut self.users, pk, raw.fields),
            "core.customer" => insert(&mut self.customers, pk, raw.fields),
            "core.car" => insert(&mut self.cars, pk, raw.fields),
            "core.serviceinterval" => insert(&mut self.intervals, pk, raw.fields),
            "core.mileageupdate" => insert(&mut self.mileage_updates, pk, raw.fields),
            "core.service" => insert(&mut self.services, pk, raw.fields),
            "core.serviceitem" => insert(&mut self.service_items, pk, raw.fields),
            "core.invoice" => insert(&mut self.invoices, pk, raw.fields),
            "core.notification" => insert(&mut self.notifications, pk, raw.fields),
            other => match NOT_IMPORTED.iter().find(|(label, _)| *label == other) {
                Some((label, _)) => {
                    *self.not_imported.entry(label).or_default() += 1;
                    Ok(())
                }
                None => Err(format!("unknown model {other:?}")),
            },
        };
        if let Err(reason) = result {
            self.unreadable.push(unreadable(reason));
        }
    }
}

/// Reads `fields` as a `T` under `pk`; a second row with the same pk is refused.
fn insert<T: DeserializeOwned>(
    rows: &mut BTreeMap<u64, T>,
    pk: u64,
    fields: serde_json::Value,
) -> Result<(), String> {
    if rows.contains_key(&pk) {
        return Err("a second row with the same pk".into());
    }
    let fields = serde_json::from_value(fields).map_err(|e| format!("fields: {e}"))?;
    rows.insert(pk, fields);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_that_do_not_fit_are_refused_one_by_one() {
        let text = br#"[
            {"model": "core.notification", "pk": 1, "fields": {"customer": 3, "title": "Bonjour",
             "message": "...", "notification_type": "general", "is_read": false,
             "created_at": "2024-01-01T09:00:00Z"}},
            {"model": "core.notification", "pk": 2, "fields": {"customer": "three"}},
            {"model": "core.notification", "pk": 1, "fields": {}},
            {"model": "core.garage", "pk": 1, "fields": {}},
            {"model": "auditlog.logentry", "pk": 9, "fields": {}},
            {"pk": 4},
            {"model": "core.car", "pk": -1, "fields": {}}
        ]"#;
        let export = Export::parse(text).unwrap();
        assert_eq!(export.notifications.len(), 1);
        assert_eq!(export.not_imported.get("auditlog.logentry"), Some(&1));
        let reasons: Vec<(&str, &str)> = export
            .unreadable
            .iter()
            .map(|row| (row.model.as_str(), row.pk.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("core.notification", "2"),
                ("core.notification", "1"),
                ("core.garage", "1"),
                ("?", "4"),
                ("core.car", "-1"),
            ]
        );
        assert!(export.unreadable[2].reason.contains("unknown model"));
        assert_eq!(export.read.get("core.notification"), Some(&3));
    }

    #[test]
    fn a_file_that_is_not_an_array_of_rows_is_refused_whole() {
        assert!(matches!(
            Export::parse(b"{\"model\": 1}"),
            Err(ExportError::NotAnArray)
        ));
        assert!(matches!(Export::parse(b"[{"), Err(ExportError::Json(_))));
    }
}
