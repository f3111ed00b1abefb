//! `ecar seed`: realistic customers, cars and services in the embedded
//! store, written by the same domain functions the API's handlers call, so
//! every guard, index item, counter and outbox event is what the API would
//! have written. `--demo` writes a small garage to try the app on instead.
//!
//! Commits skip the disk's flush while seeding and the store is synced every
//! [`SYNC_EVERY`] entities and at the end: seeding is then bound by the
//! CPU, not by one fsync per transaction.

mod data;
mod demo;

use std::{path::PathBuf, time::Instant};

use chrono::NaiveDate;
use ecar_http::{
    AppState, Clock, Config,
    bootstrap::Storage,
    cars, customers,
    domain::{CancelReason, CarId, CustomerId, ServiceId, ServiceItemId},
    idempotency::Created,
    notifications::Dispatcher,
    services::{
        self, complete::Completion, create::NewService, items::ItemEdit, views::today, workflow,
    },
    store::{Index, Query},
};
use ecar_store::table::EmbeddedTable;

use futures::{StreamExt, stream};
use indicatif::{ProgressBar, ProgressStyle};

use crate::CliResult;
use data::Fate;

/// Entities written between two syncs of the store.
const SYNC_EVERY: u64 = 5_000;
/// Entities written at once on the embedded store: reads of one overlap the
/// commit of another.
pub const IN_FLIGHT: usize = 8;

/// What to seed.
#[derive(Clone, Debug)]
pub struct Options {
    /// Customers to write.
    pub customers: u64,
    /// Cars per customer, on average.
    pub cars_per_customer: f64,
    /// Services per car, on average.
    pub services_per_car: f64,
    /// Data directory (default from the configuration, `./.ecar`).
    pub data_dir: Option<PathBuf>,
    /// A small garage to try the app on, instead of the bulk data.
    pub demo: bool,
    /// Entities written at once ([`IN_FLIGHT`]; 1 against moto, whose
    /// concurrent transactions can fail).
    pub in_flight: usize,
}

/// Why seeding stopped.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Seeds the embedded store of the data directory, which must hold no
/// customers yet (seeded emails and plates would collide).
pub async fn run(options: Options) -> CliResult {
    let mut config = Config::from_env()?;
    if let Some(dir) = &options.data_dir {
        config.data_dir = dir.clone();
    }
    let dir = config.data_dir.clone();
    let local = AppState::embedded(config, Storage::Dir(dir.clone()), Clock::system())?;
    let state = local.state;
    let first = Query::partition(Index::Gsi1, customers::BY_CREATION).limit(1);
    let existing = state.table.query(&first).await?;
    if !existing.items.is_empty() {
        return Err(format!(
            "{} already holds customers: seed an empty data directory",
            dir.display()
        )
        .into());
    }
    // What `ecar serve` does with the outbox: the notifications of the
    // seeded events land in the customers' inboxes.
    let dispatcher = ecar_dispatcher::feed::spawn(&local.table, Dispatcher::new(&state.ports));
    let started = Instant::now();
    local.table.set_durable(false);
    let seeded = if options.demo {
        demo::seed(&state).await
    } else {
        bulk(&state, Some(&local.table), &options)
            .await
            .map(|seeded| seeded.to_string())
    };
    local.table.set_durable(true);
    local.table.sync().await?;
    dispatcher.abort();
    // An aborted task is dropped at its next poll, perhaps on another worker:
    // wait for it, so that the table (and the data directory's lock) it
    // holds is released when this returns.
    let _ = dispatcher.await;
    let summary = seeded?;
    let drained = Dispatcher::new(&state.ports).dispatch_pending().await?;
    local.table.sync().await?;
    println!(
        "seeded {summary} into {} in {:.1} s ({} notification(s) delivered at the end)",
        dir.display(),
        started.elapsed().as_secs_f64(),
        drained.dispatched
    );
    Ok(())
}

/// A bar of `len` steps labelled `what`.
fn bar(len: u64, what: &'static str) -> ProgressBar {
    let style = ProgressStyle::with_template(
        "{msg:>9} [{bar:40}] {human_pos}/{human_len} {per_sec:>12} eta {eta}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    ProgressBar::new(len).with_style(style).with_message(what)
}

/// What [`bulk`] wrote.
#[derive(Clone, Debug)]
pub struct Seeded {
    /// The customers, in seeding order.
    pub customers: Vec<CustomerId>,
    /// The cars, in seeding order.
    pub cars: Vec<CarId>,
    /// How many services.
    pub services: u64,
}

impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} customers, {} cars and {} services",
            self.customers.len(),
            self.cars.len(),
            self.services
        )
    }
}

/// Runs `write` on every index of `0..len` with a few in flight, syncing the
/// embedded store (if it is one) as it goes; returns the results in index
/// order.
async fn each<T, F, Fut>(
    table: Option<&EmbeddedTable>,
    in_flight: usize,
    len: u64,
    what: &'static str,
    write: F,
) -> Result<Vec<T>, Error>
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let progress = bar(len, what);
    let mut results = Vec::with_capacity(len as usize);
    let mut writes = stream::iter(0..len).map(&write).buffered(in_flight.max(1));
    while let Some(result) = writes.next().await {
        results.push(result?);
        progress.inc(1);
        if let Some(table) = table
            && progress.position().is_multiple_of(SYNC_EVERY)
        {
            table.sync().await?;
        }
    }
    progress.finish();
    Ok(results)
}

/// Customers, then their cars, then each car's services, on `state`; an
/// embedded `table` under it is synced as it goes. Returns what it wrote.
pub async fn bulk(
    state: &AppState,
    table: Option<&EmbeddedTable>,
    options: &Options,
) -> Result<Seeded, Error> {
    let country = state.config.default_country_code.clone();
    let customers = each(
        table,
        options.in_flight,
        options.customers,
        "customers",
        |index| {
            let country = country.clone();
            async move {
                let new = data::customer(index, &country)?;
                match customers::create::create(state, new, None).await? {
                    Created::New(customer) => Ok(customer.id),
                    Created::Replayed(_) => Err("a customer create was replayed".into()),
                }
            }
        },
    )
    .await?;

    let today = today(state);
    let owners: Vec<&CustomerId> = customers
        .iter()
        .enumerate()
        .flat_map(|(index, id)| {
            (0..data::share(index as u64, options.cars_per_customer)).map(move |_| id)
        })
        .collect();
    let cars = each(
        table,
        options.in_flight,
        owners.len() as u64,
        "cars",
        |index| {
            let owner = owners[index as usize].clone();
            async move {
                let new = data::car(index, owner, today)?;
                match cars::create::create(state, new, None, "seed").await? {
                    Created::New(car) => Ok(car.id),
                    Created::Replayed(_) => Err("a car create was replayed".into()),
                }
            }
        },
    )
    .await?;

    // One car's services in order (they change the car); cars side by side.
    let services = each(
        table,
        options.in_flight,
        cars.len() as u64,
        "cars' services",
        |index| {
            let car = cars[index as usize].clone();
            let count = data::share(index, options.services_per_car);
            async move {
                for nth in 0..count {
                    let plan = data::service(index, nth, count, today, None)?;
                    service(state, &car, plan, today).await?;
                }
                Ok(count)
            }
        },
    )
    .await?;
    Ok(Seeded {
        services: services.iter().sum(),
        customers,
        cars,
    })
}

/// Books one service, adds its items, and takes it where its plan says.
async fn service(
    state: &AppState,
    car: &CarId,
    plan: data::ServicePlan,
    today: NaiveDate,
) -> Result<ServiceId, Error> {
    let new = NewService {
        car_id: car.clone(),
        title: plan.title,
        description: Default::default(),
        service_type: plan.service_type,
        scheduled_date: plan.date,
        technician_notes: Default::default(),
    };
    let id = match services::create::create(state, new, None).await? {
        services::create::Created::New(service) => service.id,
        services::create::Created::Replayed(_) => {
            return Err("a service create was replayed".into());
        }
    };
    let decimals = state.config.currency_decimals;
    if plan.fate != Fate::Cancelled {
        for fields in plan.items {
            let item = fields.priced(ServiceItemId::generate(state.clock.now()), decimals)?;
            services::items::edit_items(state, &seeding(), &id, &ItemEdit::Add(item), None).await?;
        }
    }
    match plan.fate {
        Fate::Scheduled => {}
        Fate::InProgress => {
            workflow::start(state, &id, None).await?;
        }
        Fate::Completed => {
            let completion = Completion {
                completed_date: Some(plan.date.min(today)),
                ..Completion::default()
            };
            services::complete::complete(state, &id, &completion, None).await?;
        }
        Fate::Cancelled => {
            let reason = CancelReason::parse(plan.cancel_reason)?;
            workflow::cancel(state, &id, reason, None).await?;
        }
    }
    Ok(id)
}

/// Who the audit log says made the seeded changes (the operator's command).
fn seeding() -> ecar_http::audit_log::AuditActor {
    ecar_http::audit_log::AuditActor::operator("ecar seed")
}
