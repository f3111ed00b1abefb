//! The import, model by model in the order their references need: staff,
//! customers, cars, readings, services with their items, invoices,
//! notifications. Each row becomes one entity (or is refused with its
//! reason); a row whose reference was not imported is refused too, naming it.
//!
//! This module holds the run and what every step shares (writing a row,
//! refusing one, claiming unique values); the steps are in [`people`],
//! [`vehicles`] and [`work`].

mod people;
mod vehicles;
mod work;

use std::{
    collections::{HashMap, hash_map::Entry},
    future::Future,
    path::Path,
};

use ecar_http::{
    AppState,
    domain::{CustomerId, ServiceId},
    import::{ImportError, Written},
    legacy::{self, LegacyModel},
    services::Service,
};
use indicatif::{ProgressBar, ProgressStyle};

use super::{
    Options,
    django::{self, Export, NOT_IMPORTED},
    entities::CarRef,
    report::Report,
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
        user: &ecar_http::auth::users::User,
        owner: &str,
    ) -> Result<(), String> {
        self.claim("username", &user.username, owner)?;
        self.claim("email", user.email.as_str(), owner)
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
