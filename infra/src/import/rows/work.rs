//! Services with their items, and invoices with their PDFs.

use std::{
    collections::{BTreeMap, HashMap},
    path::{Component, Path},
};

use bytes::Bytes;
use chrono::NaiveDate;
use ecar_http::{
    domain::{InvoiceStatus, ServiceId, ServiceItemId},
    import,
    invoices::{Invoice, PdfInfo, PdfSource, pdf},
    legacy::{self, LegacyModel},
    services::{self, Service, Status},
};

use super::{Committed, Error, Importer};
use crate::import::{django, entities, report::AmountDifference};

impl Importer<'_> {
    /// The latest completion day of each customer's services, by the
    /// original's customer pk.
    pub(super) fn last_service_dates(&self) -> HashMap<u64, NaiveDate> {
        let time_zone = self.state.config.time_zone;
        let mut latest: HashMap<u64, NaiveDate> = HashMap::new();
        for service in self.export.services.values() {
            let Some(car) = self.export.cars.get(&service.car) else {
                continue;
            };
            if service.status != "completed" {
                continue;
            }
            let at = service.completed_date.unwrap_or(service.updated_at);
            let day = at.with_timezone(&time_zone).date_naive();
            let entry = latest.entry(car.customer).or_insert(day);
            *entry = (*entry).max(day);
        }
        latest
    }

    /// Services, each with its items.
    pub(super) async fn services(&mut self) -> Result<(), Error> {
        let export = self.export;
        let config = self.state.config.clone();
        let mut items: BTreeMap<u64, Vec<(u64, &django::ServiceItem)>> = BTreeMap::new();
        for (&pk, item) in &export.service_items {
            if export.services.contains_key(&item.service) {
                items.entry(item.service).or_default().push((pk, item));
            } else {
                let reason = format!(
                    "service: core.service {} is not in the export",
                    item.service
                );
                self.report.refuse("core.serviceitem", pk, reason);
            }
        }
        let last_dates = self.last_service_dates();
        for (&pk, row) in &export.services {
            let lines = items.remove(&pk).unwrap_or_default();
            let built = self.build_service(pk, row, &lines, &config);
            let service = match built {
                Ok(service) => service,
                Err(reason) => {
                    self.refuse("core.service", pk, reason);
                    for (item_pk, _) in &lines {
                        let reason = format!("with its service core.service {pk}");
                        self.report.refuse("core.serviceitem", *item_pk, reason);
                    }
                    continue;
                }
            };
            let customer_pk = export.cars.get(&row.car).map(|car| car.customer);
            let last_service_date = service
                .completed_date
                .filter(|day| customer_pk.and_then(|pk| last_dates.get(&pk)) == Some(day));
            let state = self.state;
            let id = service.id.to_string();
            let committed = self
                .commit(
                    LegacyModel::Service,
                    pk,
                    &id,
                    import::service(
                        state.table.as_ref(),
                        &state.config.counter_settings(),
                        pk,
                        &service,
                        last_service_date,
                    ),
                )
                .await?;
            for (item_pk, _) in &lines {
                match &committed {
                    Committed::Written(_) => self.report.imported("core.serviceitem"),
                    Committed::AlreadyThere(_) => self.report.skipped("core.serviceitem", 1),
                    Committed::Refused => self.report.refuse(
                        "core.serviceitem",
                        *item_pk,
                        format!("with its service core.service {pk}"),
                    ),
                }
            }
            if let Some(id) = committed.id() {
                let id = ServiceId::parse(id).map_err(|e| format!("stored service id: {e}"))?;
                self.services.insert(pk, id);
                if self.dry_run {
                    self.planned_services.insert(pk, service);
                }
            }
        }
        Ok(())
    }

    pub(super) fn build_service(
        &self,
        pk: u64,
        row: &django::Service,
        lines: &[(u64, &django::ServiceItem)],
        config: &ecar_http::Config,
    ) -> Result<Service, String> {
        let car = self.car_of(row.car)?;
        let decimals = config.currency_decimals;
        let mut items = Vec::with_capacity(lines.len());
        for (item_pk, item) in lines {
            let id = ServiceItemId::generate(row.created_at);
            items.push(
                entities::item(item, id, decimals)
                    .map_err(|reason| format!("core.serviceitem {item_pk}: {reason}"))?,
            );
        }
        let service_type = row
            .service_type
            .and_then(|interval| self.export.intervals.get(&interval))
            .map(|interval| interval.name.as_str());
        entities::service(pk, row, items, car, service_type, config)
    }

    /// The service row `service` became, as it is now.
    pub(super) async fn service_of(&self, service: u64) -> Result<Service, String> {
        let Some(id) = self.services.get(&service) else {
            return Err(match self.export.services.contains_key(&service) {
                true => format!("service: core.service {service} was not imported"),
                false => format!("service: core.service {service} is not in the export"),
            });
        };
        if let Some(planned) = self.planned_services.get(&service) {
            return Ok(planned.clone());
        }
        services::get(self.state.table.as_ref(), id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("service: core.service {service} is no longer in the store"))
    }

    /// Invoices, in the status each was left in, with their PDFs from `--media`.
    pub(super) async fn invoices(&mut self) -> Result<(), Error> {
        let export = self.export;
        let config = self.state.config.clone();
        for (&pk, row) in &export.invoices {
            let service = match self.service_of(row.service).await {
                Ok(service) => service,
                Err(reason) => {
                    self.refuse("core.invoice", pk, reason);
                    continue;
                }
            };
            if service.status == Status::Cancelled && row.status != "cancelled" {
                let reason = "status: a live invoice of a cancelled service";
                self.refuse("core.invoice", pk, reason);
                continue;
            }
            let name = self
                .names
                .get(&service.customer_id)
                .cloned()
                .unwrap_or_default();
            let billed = match entities::invoice(pk, row, &service, &name, &config) {
                Ok(billed) => billed,
                Err(reason) => {
                    self.refuse("core.invoice", pk, reason);
                    continue;
                }
            };
            let mut invoice = billed.invoice;
            let owner = format!("core.invoice {pk}");
            if let Err(reason) = self.claim("invoice_number", &row.invoice_number, &owner) {
                self.refuse("core.invoice", pk, reason);
                continue;
            }
            if invoice.status == InvoiceStatus::Draft {
                let note = format!(
                    "a draft: {} is given a number of this system's when issued",
                    row.invoice_number
                );
                self.report.warn("core.invoice", pk, note);
            }
            let imported =
                legacy::find(self.state.table.as_ref(), LegacyModel::Invoice, pk).await?;
            if imported.is_none() {
                self.attach_pdf(pk, row, &mut invoice).await?;
            }
            let state = self.state;
            let id = invoice.id.to_string();
            let committed = self
                .commit(
                    LegacyModel::Invoice,
                    pk,
                    &id,
                    import::invoice(state, pk, &invoice, &service),
                )
                .await?;
            if matches!(committed, Committed::Written(_)) && invoice.total != billed.recomputed {
                self.report.amounts.push(AmountDifference {
                    pk,
                    number: row.invoice_number.clone(),
                    billed: invoice.total,
                    recomputed: billed.recomputed,
                });
            }
        }
        Ok(())
    }

    /// Copies the invoice's PDF from the original's media folder into the
    /// blob store (before the invoice is written, so it never names a
    /// missing file); a missing or broken file is reported, not fatal.
    pub(super) async fn attach_pdf(
        &mut self,
        pk: u64,
        row: &django::Invoice,
        invoice: &mut Invoice,
    ) -> Result<(), Error> {
        let Some(file) = row.pdf_file.as_deref().filter(|file| !file.is_empty()) else {
            return Ok(());
        };
        let Some(media) = self.media else {
            self.report.warn(
                "core.invoice",
                pk,
                format!("{file}: not copied (no --media)"),
            );
            return Ok(());
        };
        let relative = Path::new(file);
        if !relative
            .components()
            .all(|part| matches!(part, Component::Normal(_)))
        {
            self.report.warn(
                "core.invoice",
                pk,
                format!("{file}: a path outside the media folder"),
            );
            return Ok(());
        }
        let bytes = match std::fs::read(media.join(relative)) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.report
                    .warn("core.invoice", pk, format!("{file}: {error}"));
                return Ok(());
            }
        };
        if let Err(refusal) = pdf::validate_moved(&bytes) {
            self.report.warn(
                "core.invoice",
                pk,
                format!("{file}: not attached: {refusal}"),
            );
            return Ok(());
        }
        let pdf_id = pdf::new_pdf_id(invoice.updated_at);
        if !self.dry_run {
            let key = pdf::blob_key(&invoice.id, &pdf_id);
            self.state
                .blobs
                .put(&key, Bytes::from(bytes.clone()), "application/pdf")
                .await?;
        }
        invoice.pdf = Some(PdfInfo {
            id: pdf_id,
            size: bytes.len() as u64,
            uploaded_at: invoice.updated_at,
            source: PdfSource::Uploaded,
        });
        Ok(())
    }
}
