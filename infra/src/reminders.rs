//! The reminders locally: `ecar reminders run` by hand, and inside `ecar
//! serve` the service-due ones once a day and the appointment ones every
//! quarter of an hour (what the EventBridge schedules do on AWS).

use std::{path::PathBuf, time::Duration};

use chrono::{NaiveDate, NaiveTime, Utc};
use ecar_http::{
    Clock, Config,
    bootstrap::{self, Ports},
    config::Backend,
    notifications::{Dispatcher, reminders::ReminderReport},
};

use crate::CliResult;

/// How often `ecar serve` runs the service-due reminders.
const EVERY: Duration = Duration::from_secs(24 * 3600);
/// How often `ecar serve` runs the appointment reminders.
const APPOINTMENTS_EVERY: Duration = Duration::from_secs(15 * 60);

/// `ecar reminders run`: the reminders of `date` (default today, in the
/// garage's time zone) on the configured backend. Locally, the reminders it
/// writes are dispatched before it returns, since no stream does it.
pub async fn run(date: Option<NaiveDate>, data_dir: Option<PathBuf>) -> CliResult {
    let mut config = Config::from_env()?;
    if let Some(dir) = data_dir {
        config.data_dir = dir;
    }
    let ports = bootstrap::ports_from_config(config, Clock::system())
        .await
        .map_err(|error| {
            format!("{error} (is `ecar serve` running on this data directory? It runs the reminders daily itself)")
        })?;
    let at = match date {
        // Noon: the same garage day in any time zone.
        Some(day) => day
            .and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
            .and_local_timezone(ports.config.time_zone)
            .single()
            .map(|at| at.with_timezone(&Utc))
            .ok_or("that day has no noon in the garage's time zone")?,
        None => Utc::now(),
    };
    let report = ecar_reminders::run_for(&ports, at).await?;
    print(&report);
    let appointments = ecar_http::appointments::reminders::run(&ports).await?;
    println!(
        "{} confirmed appointment(s) coming up: {} reminded, {} already reminded",
        appointments.due, appointments.reminded, appointments.already_reminded
    );
    if ports.config.backend == Backend::Embedded {
        let drained = Dispatcher::new(&ports).dispatch_pending().await?;
        println!(
            "dispatched {} outbox item(s), {} failed",
            drained.dispatched, drained.failed
        );
    }
    Ok(())
}

fn print(report: &ReminderReport) {
    println!(
        "{} car(s) due: {} reminded, {} already reminded for their current service cycle",
        report.due, report.reminded, report.already_reminded
    );
}

/// Runs the reminders now and then on their schedules, for as long as the process lives.
pub fn spawn_schedules(ports: Ports) {
    let appointments = ports.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(APPOINTMENTS_EVERY);
        loop {
            every.tick().await;
            if let Err(error) = ecar_http::appointments::reminders::run(&appointments).await {
                tracing::error!(error = %error, "appointment reminders failed");
            }
        }
    });
    tokio::spawn(async move {
        let mut daily = tokio::time::interval(EVERY);
        loop {
            daily.tick().await;
            if let Err(error) = ecar_reminders::run_for(&ports, ports.clock.now()).await {
                tracing::error!(error = %error, "service reminders failed");
            }
        }
    });
}
