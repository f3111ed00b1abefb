//! Service intervals: by distance and by time, whichever comes first, per
//! make or make and model, with a default (`ECAR_SERVICE_INTERVALS`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::search::fold;

/// How often a car is serviced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceInterval {
    /// Kilometres between services, if distance counts.
    pub distance_km: Option<u32>,
    /// Months between services, if time counts.
    pub months: Option<u32>,
}

/// Which rule an interval came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IntervalSource {
    /// The rule for the car's make and model.
    Model,
    /// The rule for the car's make.
    Make,
    /// The default rule.
    Default,
}

/// The intervals of a garage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceIntervals {
    default: ServiceInterval,
    /// By folded make.
    makes: BTreeMap<String, ServiceInterval>,
    /// By folded make and model.
    models: BTreeMap<(String, String), ServiceInterval>,
}

impl Default for ServiceIntervals {
    /// 10,000 km or 12 months.
    fn default() -> Self {
        Self {
            default: ServiceInterval {
                distance_km: Some(10_000),
                months: Some(12),
            },
            makes: BTreeMap::new(),
            models: BTreeMap::new(),
        }
    }
}

fn parse_interval(text: &str) -> Result<ServiceInterval, String> {
    let mut interval = ServiceInterval {
        distance_km: None,
        months: None,
    };
    for part in text.split('/').map(str::trim) {
        let number = |suffix: &str| -> Result<u32, String> {
            part.strip_suffix(suffix)
                .and_then(|n| n.trim().parse::<u32>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{part:?} is not a positive number of {suffix}"))
        };
        if part.ends_with("km") {
            interval.distance_km = Some(number("km")?);
        } else if part.ends_with('m') {
            interval.months = Some(number("m")?);
        } else {
            return Err(format!("{part:?}: expected <n>km or <n>m"));
        }
    }
    Ok(interval)
}

impl ServiceIntervals {
    /// Parses `default=10000km/12m; Peugeot=15000km/12m; Peugeot/208=20000km/24m`
    /// (a rule may give only a distance or only a time).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut intervals = Self::default();
        for rule in spec.split(';').map(str::trim).filter(|r| !r.is_empty()) {
            let (name, value) = rule
                .split_once('=')
                .ok_or_else(|| format!("{rule:?}: expected <make>[/<model>]=<interval>"))?;
            let interval = parse_interval(value)?;
            match name.trim().split_once('/') {
                _ if name.trim().eq_ignore_ascii_case("default") => intervals.default = interval,
                Some((make, model)) => {
                    intervals
                        .models
                        .insert((fold(make.trim()), fold(model.trim())), interval);
                }
                None => {
                    intervals.makes.insert(fold(name.trim()), interval);
                }
            }
        }
        Ok(intervals)
    }

    /// The interval of a car, and the rule it came from.
    pub fn for_car(&self, make: &str, model: &str) -> (ServiceInterval, IntervalSource) {
        let (make, model) = (fold(make), fold(model));
        if let Some(interval) = self.models.get(&(make.clone(), model)) {
            return (*interval, IntervalSource::Model);
        }
        match self.makes.get(&make) {
            Some(interval) => (*interval, IntervalSource::Make),
            None => (self.default, IntervalSource::Default),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_rule_wins() {
        let intervals =
            ServiceIntervals::parse("Peugeot=15000km/12m; peugeot/208=20000km; Tesla=24m").unwrap();
        let (interval, source) = intervals.for_car("PEUGEOT", "208");
        assert_eq!(
            (interval.distance_km, interval.months, source),
            (Some(20_000), None, IntervalSource::Model)
        );
        assert_eq!(intervals.for_car("Peugeot", "3008").1, IntervalSource::Make);
        assert_eq!(intervals.for_car("Tesla", "Model 3").0.distance_km, None);
        let (default, source) = intervals.for_car("Renault", "Clio");
        assert_eq!(
            (default.distance_km, default.months, source),
            (Some(10_000), Some(12), IntervalSource::Default)
        );
    }

    #[test]
    fn bad_rules_are_refused() {
        for spec in [
            "Peugeot",
            "Peugeot=15000",
            "Peugeot=0km",
            "default=12y",
            "x=km",
        ] {
            assert!(ServiceIntervals::parse(spec).is_err(), "{spec}");
        }
        assert_eq!(
            ServiceIntervals::parse("default=5000km")
                .unwrap()
                .for_car("a", "b")
                .0,
            ServiceInterval {
                distance_km: Some(5000),
                months: None
            }
        );
    }
}
