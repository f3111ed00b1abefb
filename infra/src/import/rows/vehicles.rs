//! Cars and their odometer readings.

use std::{cell::Cell, collections::HashMap};

use chrono::{DateTime, Utc};
use ecar_http::{
    cars::Car,
    domain::CarId,
    import::{self, ImportError},
    legacy::LegacyModel,
};

use super::{Error, Importer};
use crate::import::entities::{self, CarRef};

impl Importer<'_> {
    /// When each car's odometer was last read: its latest reported reading
    /// or completed service.
    pub(super) fn mileage_read_at(&self) -> HashMap<u64, DateTime<Utc>> {
        let mut latest: HashMap<u64, DateTime<Utc>> = HashMap::new();
        let mut saw = |car: u64, at: DateTime<Utc>| {
            let entry = latest.entry(car).or_insert(at);
            *entry = (*entry).max(at);
        };
        for update in self.export.mileage_updates.values() {
            saw(update.car, update.reported_date);
        }
        for service in self.export.services.values() {
            if let (true, Some(at)) = (service.status == "completed", service.completed_date) {
                saw(service.car, at);
            }
        }
        latest
    }

    /// Cars; a VIN another car holds is left out (the car is kept), since
    /// the original did not keep VINs unique.
    pub(super) async fn cars(&mut self) -> Result<(), Error> {
        let export = self.export;
        let config = self.state.config.clone();
        let read_at = self.mileage_read_at();
        for (&pk, row) in &export.cars {
            let owner = format!("core.car {pk}");
            let built = self.customer_of(row.customer).and_then(|customer_id| {
                let at = read_at.get(&pk).copied().unwrap_or(row.created_at);
                entities::car(pk, row, &customer_id, at, &config)
            });
            let mut car = match built {
                Ok(car) => car,
                Err(reason) => {
                    self.refuse("core.car", pk, reason);
                    continue;
                }
            };
            if let Err(reason) = self.claim("license_plate", car.license_plate.as_str(), &owner) {
                self.refuse("core.car", pk, reason);
                continue;
            }
            match entities::vin(row) {
                Ok(Some(vin)) => match self.claim("vin", vin.as_str(), &owner) {
                    Ok(()) => car.vin = Some(vin),
                    Err(reason) => {
                        self.report
                            .warn("core.car", pk, format!("{reason}: imported without it"));
                    }
                },
                Ok(None) => {}
                Err(reason) => self.report.warn("core.car", pk, reason),
            }
            let state = self.state;
            let id = car.id.to_string();
            // A VIN held by a car already in this system: keep the car without it.
            let dropped_vin = Cell::new(false);
            let write = async {
                match import::car(state.table.as_ref(), pk, &car).await {
                    Err(ImportError::Taken("vin")) => {
                        dropped_vin.set(true);
                        let without = Car {
                            vin: None,
                            ..car.clone()
                        };
                        import::car(state.table.as_ref(), pk, &without).await
                    }
                    other => other,
                }
            };
            let committed = self.commit(LegacyModel::Car, pk, &id, write).await?;
            if dropped_vin.get() && committed.id().is_some() {
                let note = "vin: another car in ECAR has it: imported without it";
                self.report.warn("core.car", pk, note);
            }
            if let Some(id) = committed.id() {
                let id = CarId::parse(id).map_err(|e| format!("stored car id: {e}"))?;
                let customer_id = car.customer_id.clone();
                self.cars.insert(pk, CarRef { id, customer_id });
            }
        }
        Ok(())
    }

    /// The car row `car` became, or why a row naming it is refused.
    pub(super) fn car_of(&self, car: u64) -> Result<&CarRef, String> {
        match self.cars.get(&car) {
            Some(found) => Ok(found),
            None if self.export.cars.contains_key(&car) => {
                Err(format!("car: core.car {car} was not imported"))
            }
            None => Err(format!("car: core.car {car} is not in the export")),
        }
    }

    /// Odometer readings reported between services.
    pub(super) async fn readings(&mut self) -> Result<(), Error> {
        let export = self.export;
        for (&pk, row) in &export.mileage_updates {
            let built = self
                .car_of(row.car)
                .map(|car| car.id.clone())
                .and_then(|car_id| entities::reading(row).map(|reading| (car_id, reading)));
            let (car_id, reading) = match built {
                Ok(built) => built,
                Err(reason) => {
                    self.refuse("core.mileageupdate", pk, reason);
                    continue;
                }
            };
            let state = self.state;
            let id = format!("{car_id}@{}", reading.recorded_at.to_rfc3339());
            self.commit(
                LegacyModel::MileageUpdate,
                pk,
                &id,
                import::reading(state.table.as_ref(), pk, &car_id, &reading),
            )
            .await?;
        }
        Ok(())
    }
}
