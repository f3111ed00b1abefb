//! The import, model by model in the order their references need: staff,
//! customers, cars, readings, services with their items, invoices,
//! notifications. Each row becomes one entity (or is refused with its
//! reason); a row whose reference was not imported is refused too, naming it.

use std::{
    cell::Cell,
    collections::{BTreeMap, HashMap, hash_map::Entry},
    future::Future,
    path::{Component, Path},
};

use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use ecar_shared::{
    AppState,
    cars::Car,
    domain::{CarId, CustomerId, InvoiceStatus, ServiceId, ServiceItemId},
    import::{self, ImportError, Written},
    invoices::{Invoice, PdfInfo, PdfSource, pdf},
    legacy::{self, LegacyModel},
    services::{self, Service, Status},
};
use indicatif::{ProgressBar, ProgressStyle};

use super::{
    Options,
    django::{self, Export, NOT_IMPORTED},
    entities::{self, CarRef},
    report::{AmountDifference, Report},
};

/// Why an import stopped before its end (a store failure, not a row's fault).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// One run over an export.
pub struct Importer<'a> {
    state: &'a AppState,
    export: &'a Export,
    media: Option<&'a Path>,
    dry_run: bool,
    report: Report,
    bar: ProgressBar,
    /// Unique values (`email`, `license_plate`...) and the row holding each.
    taken: HashMap<(&'static str, String), String>,
    customers: HashMap<u64, CustomerId>,
    names: HashMap<CustomerId, String>,
    cars: HashMap<u64, CarRef>,
    services: HashMap<u64, ServiceId>,
    /// In a dry run, the services that would be written.
    planned_services: HashMap<u64, Service>,
}

impl<'a> Importer<'a> {
    /// An import of `export` into `state`.
    pub fn new(state: &'a AppState, export: &'a Export, options: &'a Options) -> Self {
        Self {
            state,
            export,
            media: options.media.as_deref(),
            dry_run: options.dry_run,
            report: Report {
                dry_run: options.dry_run,
                ..Report::default()
            },
            bar: ProgressBar::hidden(),
            taken: HashMap::new(),
            customers: HashMap::new(),
            names: HashMap::new(),
            cars: HashMap::new(),
            services: HashMap::new(),
            planned_services: HashMap::new(),
        }
    }

    /// Imports every row; returns the report.
    pub async fn run(mut self) -> Result<Report, Error> {
        let export = self.export;
        for (model, rows) in &export.read {
            self.report.read(model, *rows);
        }
        for row in &export.unreadable {
            self.report.refuse(&row.model, &row.pk, row.reason.clone());
        }
        for (model, reason) in NOT_IMPORTED {
            if let Some(rows) = export.not_imported.get(model) {
                self.report.skipped(model, *rows);
                self.report.warn(model, "*", reason);
            }
        }
        if !export.intervals.is_empty() {
            let model = "core.serviceinterval";
            self.report.skipped(model, export.intervals.len() as u64);
            let reason =
                "ECAR's service intervals are configuration (ECAR_SERVICE_INTERVALS): listed below";
            self.report.warn(model, "*", reason);
            self.report.intervals = export.intervals.values().map(describe_interval).collect();
        }
        self.bar = progress_bar(export);
        self.accounts().await?;
        self.customers().await?;
        self.cars().await?;
        self.readings().await?;
        self.services().await?;
        self.invoices().await?;
        self.notifications().await?;
        self.bar.finish_and_clear();
        Ok(self.report)
    }

    /// Writes one row with `write`, or in a dry run only finds whether an
    /// earlier run did.
    async fn commit(
        &mut self,
        model: LegacyModel,
        pk: u64,
        id: &str,
        write: impl Future<Output = Result<Written, ImportError>>,
    ) -> Result<Committed, Error> {
        let label = model.label();
        let outcome = if self.dry_run {
            match legacy::find(self.state.table.as_ref(), model, pk).await? {
                Some(existing) => Ok(Written::AlreadyImported(existing)),
                None => Ok(Written::Imported(id.to_string())),
            }
        } else {
            write.await
        };
        self.bar.inc(1);
        match outcome {
            Ok(Written::Imported(id)) => {
                self.report.imported(label);
                Ok(Committed::Written(id))
            }
            Ok(Written::AlreadyImported(id)) => {
                self.report.skipped(label, 1);
                Ok(Committed::AlreadyThere(id))
            }
            Err(ImportError::Store(error)) => Err(error.into()),
            Err(refusal) => {
                self.report.refuse(label, pk, refusal.to_string());
                Ok(Committed::Refused)
            }
        }
    }

    /// Refuses row `pk` of `model` before any write.
    fn refuse(&mut self, model: &str, pk: u64, reason: impl Into<String>) {
        self.bar.inc(1);
        self.report.refuse(model, pk, reason);
    }

    /// Records that `owner` holds `value` of the unique `field`, unless a
    /// row before it does.
    fn claim(&mut self, field: &'static str, value: &str, owner: &str) -> Result<(), String> {
        match self.taken.entry((field, value.to_lowercase())) {
            Entry::Occupied(holder) => {
                Err(format!("{field}: {value} is {}'s already", holder.get()))
            }
            Entry::Vacant(free) => {
                free.insert(owner.to_string());
                Ok(())
            }
        }
    }

    fn claim_login(
        &mut self,
        user: &ecar_shared::auth::users::User,
        owner: &str,
    ) -> Result<(), String> {
        self.claim("username", &user.username, owner)?;
        self.claim("email", user.email.as_str(), owner)
    }

    /// Staff and admin accounts (customers' logins come with their profiles).
    async fn accounts(&mut self) -> Result<(), Error> {
        let export = self.export;
        let customer_logins: Vec<&str> = export
            .customers
            .values()
            .filter_map(|customer| customer.user.first().map(String::as_str))
            .collect();
        for (&pk, user) in &export.users {
            if customer_logins.contains(&user.username.as_str()) {
                continue;
            }
            let owner = format!("auth.user {pk}");
            let login =
                entities::staff_role(user).and_then(|role| entities::login(user, role, None));
            let (login, warning) = match login {
                Ok(login) => login,
                Err(reason) => {
                    self.refuse("auth.user", pk, reason);
                    continue;
                }
            };
            if let Err(reason) = self.claim_login(&login, &owner) {
                self.refuse("auth.user", pk, reason);
                continue;
            }
            let state = self.state;
            let committed = self
                .commit(
                    LegacyModel::User,
                    pk,
                    &login.id,
                    import::account(state, pk, &login),
                )
                .await?;
            if let (Some(_), Some(warning)) = (committed.id(), warning) {
                self.report
                    .warn("auth.user", pk, format!("{}: {warning}", user.username));
            }
        }
        Ok(())
    }

    /// Customers, each with their login (the `auth.user` row it names).
    async fn customers(&mut self) -> Result<(), Error> {
        let export = self.export;
        let users: HashMap<&str, (u64, &django::User)> = export
            .users
            .iter()
            .map(|(pk, user)| (user.username.as_str(), (*pk, user)))
            .collect();
        let config = self.state.config.clone();
        for (&pk, row) in &export.customers {
            let Some(&(user_pk, user)) = row.user.first().and_then(|name| users.get(name.as_str()))
            else {
                self.refuse(
                    "core.customer",
                    pk,
                    format!("user: {:?} is not in the export", row.user),
                );
                continue;
            };
            let built = entities::customer(pk, row, user, &config).and_then(|built| {
                self.claim_login(&built.0, &format!("core.customer {pk}"))
                    .map(|()| built)
            });
            let (login, customer, warning) = match built {
                Ok(built) => built,
                Err(reason) => {
                    self.refuse("core.customer", pk, reason);
                    self.refuse(
                        "auth.user",
                        user_pk,
                        format!("with its customer core.customer {pk}"),
                    );
                    continue;
                }
            };
            let state = self.state;
            let id = customer.id.to_string();
            let committed = self
                .commit(
                    LegacyModel::Customer,
                    pk,
                    &id,
                    import::customer(state, pk, &login, &customer),
                )
                .await?;
            // The login is written with its profile, or not at all.
            match &committed {
                Committed::Written(_) => self.report.imported("auth.user"),
                Committed::AlreadyThere(_) => self.report.skipped("auth.user", 1),
                Committed::Refused => self.report.refuse(
                    "auth.user",
                    user_pk,
                    format!("with its customer core.customer {pk}"),
                ),
            }
            let Some(id) = committed.id() else { continue };
            let id = CustomerId::parse(id).map_err(|e| format!("stored customer id: {e}"))?;
            if let Some(warning) = warning {
                self.report.warn(
                    "auth.user",
                    user_pk,
                    format!("{}: {warning}", user.username),
                );
            }
            let name = format!("{} {}", customer.first_name, customer.last_name);
            self.names.insert(id.clone(), name);
            self.customers.insert(pk, id);
        }
        Ok(())
    }

    /// The customer row `customer` became, or why a row naming it is refused.
    fn customer_of(&self, customer: u64) -> Result<CustomerId, String> {
        match self.customers.get(&customer) {
            Some(id) => Ok(id.clone()),
            None if self.export.customers.contains_key(&customer) => Err(format!(
                "customer: core.customer {customer} was not imported"
            )),
            None => Err(format!(
                "customer: core.customer {customer} is not in the export"
            )),
        }
    }

    /// When each car's odometer was last read: its latest reported reading
    /// or completed service.
    fn mileage_read_at(&self) -> HashMap<u64, DateTime<Utc>> {
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
    async fn cars(&mut self) -> Result<(), Error> {
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
                match import::car(state, pk, &car).await {
                    Err(ImportError::Taken("vin")) => {
                        dropped_vin.set(true);
                        let without = Car {
                            vin: None,
                            ..car.clone()
                        };
                        import::car(state, pk, &without).await
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
    fn car_of(&self, car: u64) -> Result<&CarRef, String> {
        match self.cars.get(&car) {
            Some(found) => Ok(found),
            None if self.export.cars.contains_key(&car) => {
                Err(format!("car: core.car {car} was not imported"))
            }
            None => Err(format!("car: core.car {car} is not in the export")),
        }
    }

    /// Odometer readings reported between services.
    async fn readings(&mut self) -> Result<(), Error> {
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
                import::reading(state, pk, &car_id, &reading),
            )
            .await?;
        }
        Ok(())
    }

    /// The latest completion day of each customer's services, by the
    /// original's customer pk.
    fn last_service_dates(&self) -> HashMap<u64, NaiveDate> {
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
    async fn services(&mut self) -> Result<(), Error> {
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
                    import::service(state, pk, &service, last_service_date),
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

    fn build_service(
        &self,
        pk: u64,
        row: &django::Service,
        lines: &[(u64, &django::ServiceItem)],
        config: &ecar_shared::Config,
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
    async fn service_of(&self, service: u64) -> Result<Service, String> {
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
    async fn invoices(&mut self) -> Result<(), Error> {
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
    async fn attach_pdf(
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

    /// Notifications, read or unread as they were.
    async fn notifications(&mut self) -> Result<(), Error> {
        let export = self.export;
        for (&pk, row) in &export.notifications {
            let built = self
                .customer_of(row.customer)
                .and_then(|customer_id| entities::notification(row, &customer_id));
            let notification = match built {
                Ok(notification) => notification,
                Err(reason) => {
                    self.refuse("core.notification", pk, reason);
                    continue;
                }
            };
            let state = self.state;
            let id = notification.id.to_string();
            self.commit(
                LegacyModel::Notification,
                pk,
                &id,
                import::notification(state, pk, &notification),
            )
            .await?;
        }
        Ok(())
    }
}

/// What became of a row.
enum Committed {
    /// Written now (in a dry run: would be), as this id.
    Written(String),
    /// Written by an earlier run, as this id.
    AlreadyThere(String),
    /// Not written (the report says why).
    Refused,
}

impl Committed {
    fn id(&self) -> Option<&str> {
        match self {
            Committed::Written(id) | Committed::AlreadyThere(id) => Some(id),
            Committed::Refused => None,
        }
    }
}

/// The original's interval, as an operator reads it.
fn describe_interval(interval: &django::ServiceInterval) -> String {
    let every = match (interval.mileage_interval, interval.time_interval_days) {
        (Some(km), Some(days)) => format!("every {km} km or {days} days"),
        (Some(km), None) => format!("every {km} km"),
        (None, Some(days)) => format!("every {days} days"),
        (None, None) => "no interval".into(),
    };
    let cars = match (&interval.car_make, &interval.car_model) {
        (Some(make), Some(model)) => format!("{make} {model}"),
        (Some(make), None) => make.clone(),
        _ => "all makes".into(),
    };
    let active = if interval.is_active { "" } else { ", inactive" };
    format!("{}: {every} ({cars}{active})", interval.name)
}

fn progress_bar(export: &Export) -> ProgressBar {
    let rows = export.users.len()
        + export.customers.len()
        + export.cars.len()
        + export.mileage_updates.len()
        + export.services.len()
        + export.invoices.len()
        + export.notifications.len();
    let style = ProgressStyle::with_template(
        "importing [{bar:40}] {human_pos}/{human_len} rows {per_sec:>12}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    ProgressBar::new(rows as u64).with_style(style)
}
