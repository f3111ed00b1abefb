//! Mileage readings: never lower than the last one, kept as a history, and
//! averaged per day since the initial mileage.

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Car, car_key, check_mileage};
use crate::{
    cars::due::due_entry_op,
    customers::CustomerError,
    ports::Ports,
    store::{
        Condition, ListPage, PageRequest, Query, SortKey, StoreError, Table, Value, WriteOp,
        from_item, query_page, to_item,
    },
    values::CarId,
};

/// Sort key prefix of readings.
const READING_PREFIX: &str = "MILEAGE#";
const SECONDS_A_DAY: i64 = 24 * 3600;

/// Where a reading came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum ReadingSource {
    /// The mileage the car was registered with.
    Initial,
    /// Reported by the customer or staff.
    Report,
    /// Read at a completed service.
    Service,
}

/// One reading of a car's odometer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reading {
    /// Kilometres.
    pub mileage: u32,
    /// When it was taken.
    pub recorded_at: DateTime<Utc>,
    /// Where it came from.
    pub source: ReadingSource,
    /// The user who reported it.
    pub reported_by: Option<String>,
}

/// Kilometres a day between the initial mileage and the latest reading,
/// to one decimal; `None` until the readings span a day.
pub fn average_daily(
    initial: u32,
    initial_at: DateTime<Utc>,
    current: u32,
    current_at: DateTime<Utc>,
) -> Option<Decimal> {
    let seconds = (current_at - initial_at).num_seconds();
    if seconds < SECONDS_A_DAY {
        return None;
    }
    let distance = Decimal::from(current.saturating_sub(initial));
    Some((distance * Decimal::from(SECONDS_A_DAY) / Decimal::from(seconds)).round_dp(1))
}

/// The write storing a reading of car `car_id`.
pub fn reading_op(car_id: &CarId, reading: &Reading) -> Result<WriteOp, CustomerError> {
    let mut item = to_item(reading)?;
    let sort = format!(
        "{READING_PREFIX}{}#{}",
        reading
            .recorded_at
            .to_rfc3339_opts(SecondsFormat::Micros, true),
        ulid::Ulid::new()
    );
    item.extend(crate::store::Key::new(car_key(car_id.as_str()).pk, sort).to_item());
    Ok(WriteOp::put(item))
}

/// The query of a car's readings, oldest first.
pub fn readings_query(car_id: &CarId) -> Query {
    Query::partition(crate::store::Index::Primary, car_key(car_id.as_str()).pk)
        .sort(SortKey::BeginsWith(READING_PREFIX.into()))
}

/// Records a reading of `mileage` on `car` (read by the caller), if
/// `expected_version` (when given) is current; returns the changed car.
pub async fn report(
    ports: &Ports,
    car: Car,
    mileage: u32,
    expected_version: Option<u64>,
    reporter: &str,
) -> Result<Car, CustomerError> {
    if expected_version.is_some_and(|version| version != car.version) {
        return Err(CustomerError::StaleVersion);
    }
    check_mileage("mileage", mileage)?;
    if mileage < car.mileage {
        return Err(CustomerError::invalid(
            "mileage",
            format!(
                "must not be lower than the last reading ({} km)",
                car.mileage
            ),
        ));
    }
    let now = ports.clock.now();
    let mut updated = car.clone();
    updated.mileage = mileage;
    updated.mileage_recorded_at = now;
    updated.refresh(&ports.config.service_intervals, ports.config.time_zone);
    updated.version = car.version + 1;
    updated.updated_at = now;
    let reading = Reading {
        mileage,
        recorded_at: now,
        source: ReadingSource::Report,
        reported_by: Some(reporter.to_string()),
    };
    let ops = vec![
        WriteOp::Update {
            key: updated.key(),
            changes: updated.set_all()?,
            condition: Some(Condition::Equals("version".into(), Value::n(car.version))),
        },
        reading_op(&updated.id, &reading)?,
        due_entry_op(&updated.id, updated.next_service_date),
    ];
    ports
        .table
        .transact(ops)
        .await
        .map_err(|error| match error {
            StoreError::ConditionFailed { index: 0 } => CustomerError::StaleVersion,
            other => CustomerError::Store(other),
        })?;
    tracing::info!(car_id = %updated.id, mileage, "mileage reported");
    Ok(updated)
}

/// One page of a car's readings, oldest first.
pub async fn history(
    table: &dyn Table,
    car_id: &CarId,
    page: PageRequest,
) -> Result<ListPage<Reading>, CustomerError> {
    let page = query_page(table, readings_query(car_id), page, |_| true).await?;
    Ok(page.try_map(from_item)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_needs_a_day_of_readings() {
        let start: DateTime<Utc> = "2026-01-01T08:00:00Z".parse().unwrap();
        let later = |hours: i64| start + chrono::Duration::hours(hours);
        assert_eq!(average_daily(50_000, start, 50_100, later(23)), None);
        assert_eq!(
            average_daily(50_000, start, 50_100, later(24)),
            Some(Decimal::from(100))
        );
        assert_eq!(
            average_daily(50_000, start, 51_000, later(24 * 30)),
            Some(Decimal::new(333, 1))
        );
    }
}
