//! A clock that production reads from the system and tests can set and advance.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};

use chrono::{DateTime, Duration, Utc};

/// Wall-clock time source shared by the domain and the adapters.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// Microseconds since the epoch when fixed; `None` reads the system clock.
    fixed: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock stopped at `at`, moved only by [`Clock::set`] and [`Clock::advance`].
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Some(Arc::new(AtomicI64::new(at.timestamp_micros()))),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            None => Utc::now(),
            Some(micros) => DateTime::from_timestamp_micros(micros.load(Ordering::SeqCst))
                .unwrap_or_else(Utc::now),
        }
    }

    /// Seconds since the epoch, as stored in `expires_at`.
    pub fn epoch_seconds(&self) -> i64 {
        self.now().timestamp()
    }

    /// Moves a fixed clock to `at` (no effect on the system clock).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(micros) = &self.fixed {
            micros.store(at.timestamp_micros(), Ordering::SeqCst);
        }
    }

    /// Moves a fixed clock forward by `by` (no effect on the system clock).
    pub fn advance(&self, by: Duration) {
        if let Some(micros) = &self.fixed {
            micros.fetch_add(by.num_microseconds().unwrap_or(i64::MAX), Ordering::SeqCst);
        }
    }
}

/// The first instant of the garage's day `day` in `time_zone` (midnight, or
/// the hour after when a clock change skips midnight).
pub fn start_of_day(time_zone: chrono_tz::Tz, day: chrono::NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    [midnight, midnight + Duration::hours(1)]
        .into_iter()
        .find_map(|local| time_zone.from_local_datetime(&local).earliest())
        .map_or_else(|| midnight.and_utc(), |at| at.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let start = DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::fixed(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::seconds(90));
        assert_eq!(clock.now(), start + Duration::seconds(90));
        let copy = clock.clone();
        copy.set(start);
        assert_eq!(clock.now(), start, "clones share the same time");
    }
}
