//! When a car's next service is due: by distance or by time, whichever
//! comes first, from its last service (or its first reading) and its
//! average daily mileage, with the reason in words.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::{Decimal, prelude::ToPrimitive};
use serde::Serialize;

use super::intervals::{IntervalSource, ServiceInterval};

/// What a prediction counts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BaseSource {
    /// The last service.
    LastService,
    /// The mileage the car had when it was registered.
    InitialMileage,
}

/// The starting point of a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PredictionBase {
    /// Its date.
    pub date: NaiveDate,
    /// The mileage then.
    pub mileage: u32,
    /// Last service or initial mileage.
    pub source: BaseSource,
}

/// Which limit is reached first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueBy {
    /// The distance since the base.
    Distance,
    /// The time since the base.
    Time,
}

/// What a prediction needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// Where it counts from.
    pub base: PredictionBase,
    /// The latest reading.
    pub mileage: u32,
    /// The day of the latest reading.
    pub reading_date: NaiveDate,
    /// Kilometres a day, when known.
    pub average_daily_mileage: Option<Decimal>,
    /// The car's interval.
    pub interval: ServiceInterval,
}

/// The predicted next service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// The day it is due, when one can be told.
    pub date: Option<NaiveDate>,
    /// The mileage it is due at.
    pub mileage: Option<u32>,
    /// Which limit comes first.
    pub due_by: Option<DueBy>,
}

/// Predicts the next service.
pub fn predict(inputs: &Inputs) -> Prediction {
    let Inputs {
        base,
        mileage,
        reading_date,
        average_daily_mileage,
        interval,
    } = *inputs;
    let due_mileage = interval
        .distance_km
        .map(|km| base.mileage.saturating_add(km));
    let by_time = interval
        .months
        .and_then(|months| base.date.checked_add_months(Months::new(months)));
    let average = average_daily_mileage.filter(|average| *average > Decimal::ZERO);
    let by_distance = match (due_mileage, average) {
        (Some(due), Some(average)) => {
            let days = (Decimal::from(due.saturating_sub(mileage)) / average)
                .ceil()
                .to_u64()
                .unwrap_or(u64::MAX);
            reading_date.checked_add_days(Days::new(days))
        }
        _ => None,
    };
    let (date, due_by) = match (by_distance, by_time) {
        (Some(distance), Some(time)) if distance < time => (Some(distance), Some(DueBy::Distance)),
        (_, Some(time)) => (Some(time), Some(DueBy::Time)),
        (Some(distance), None) => (Some(distance), Some(DueBy::Distance)),
        (None, None) => (None, due_mileage.map(|_| DueBy::Distance)),
    };
    // Due by time: the mileage the car should have by then.
    let mileage_then = match (due_by, date, average) {
        (Some(DueBy::Time), Some(date), Some(average)) => {
            let days = (date - reading_date).num_days().max(0);
            let expected = Decimal::from(mileage) + average * Decimal::from(days);
            expected.round().to_u32()
        }
        _ => None,
    };
    let mileage = match (mileage_then, due_mileage) {
        (Some(then), Some(due)) => Some(then.min(due)),
        (then, due) => due.or(then),
    };
    Prediction {
        date,
        mileage,
        due_by,
    }
}

/// The reason for a prediction, in words.
pub fn explain(inputs: &Inputs, prediction: &Prediction, source: IntervalSource) -> String {
    let base = match inputs.base.source {
        BaseSource::LastService => format!(
            "the last service on {} at {} km",
            inputs.base.date, inputs.base.mileage
        ),
        BaseSource::InitialMileage => format!(
            "the first reading on {} at {} km (no service recorded)",
            inputs.base.date, inputs.base.mileage
        ),
    };
    let rule = match source {
        IntervalSource::Model => "the interval for this make and model",
        IntervalSource::Make => "the interval for this make",
        IntervalSource::Default => "the default interval",
    };
    let interval = match (inputs.interval.distance_km, inputs.interval.months) {
        (Some(km), Some(months)) => format!("{km} km or {months} months, whichever comes first"),
        (Some(km), None) => format!("every {km} km"),
        (None, Some(months)) => format!("every {months} months"),
        (None, None) => "none".to_string(),
    };
    let pace = match inputs.average_daily_mileage {
        Some(average) => format!("at {average} km a day"),
        None => "with no average daily mileage yet (it needs readings a day apart)".to_string(),
    };
    let outcome = match (prediction.due_by, prediction.date, prediction.mileage) {
        (Some(DueBy::Distance), Some(date), Some(mileage)) => {
            format!("the distance limit of {mileage} km comes first, on about {date}")
        }
        (Some(DueBy::Distance), None, Some(mileage)) => {
            format!("the service is due at {mileage} km; no date can be told yet")
        }
        (Some(DueBy::Time), Some(date), _) => {
            format!("the time limit comes first, on {date}")
        }
        _ => "no service can be predicted".to_string(),
    };
    format!("Counting from {base}, with {rule} ({interval}), {pace}: {outcome}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::from_str(text).unwrap()
    }

    fn inputs(average: Option<&str>, interval: (Option<u32>, Option<u32>)) -> Inputs {
        Inputs {
            base: PredictionBase {
                date: date("2026-01-01"),
                mileage: 50_000,
                source: BaseSource::LastService,
            },
            mileage: 53_000,
            reading_date: date("2026-03-01"),
            average_daily_mileage: average.map(|a| Decimal::from_str(a).unwrap()),
            interval: ServiceInterval {
                distance_km: interval.0,
                months: interval.1,
            },
        }
    }

    #[test]
    fn a_car_driven_a_lot_is_due_by_distance() {
        // 7,000 km left at 100 km a day: 70 days after the reading.
        let inputs = inputs(Some("100"), (Some(10_000), Some(12)));
        let prediction = predict(&inputs);
        assert_eq!(prediction.due_by, Some(DueBy::Distance));
        assert_eq!(prediction.date, Some(date("2026-05-10")));
        assert_eq!(prediction.mileage, Some(60_000));
        let reason = explain(&inputs, &prediction, IntervalSource::Default);
        assert!(reason.contains("distance limit of 60000 km"), "{reason}");
    }

    #[test]
    fn a_car_driven_little_is_due_by_time() {
        // 7,000 km left at 10 km a day would take 700 days: 12 months come first.
        let prediction = predict(&inputs(Some("10"), (Some(10_000), Some(12))));
        assert_eq!(prediction.due_by, Some(DueBy::Time));
        assert_eq!(prediction.date, Some(date("2027-01-01")));
        // 306 days from the reading at 10 km a day.
        assert_eq!(prediction.mileage, Some(56_060));
    }

    #[test]
    fn without_an_average_time_decides_and_distance_gives_the_mileage() {
        let prediction = predict(&inputs(None, (Some(10_000), Some(12))));
        assert_eq!(
            (prediction.due_by, prediction.date),
            (Some(DueBy::Time), Some(date("2027-01-01")))
        );
        assert_eq!(prediction.mileage, Some(60_000));
        let distance_only = predict(&inputs(None, (Some(10_000), None)));
        assert_eq!(
            (distance_only.date, distance_only.mileage),
            (None, Some(60_000))
        );
    }

    #[test]
    fn an_overrun_is_due_at_the_reading() {
        let mut overrun = inputs(Some("50"), (Some(2_000), Some(12)));
        overrun.base.mileage = 40_000;
        let prediction = predict(&overrun);
        assert_eq!(prediction.date, Some(date("2026-03-01")));
        assert_eq!(prediction.mileage, Some(42_000));
    }
}
