//! `ecar-bench`: the figures of `make bench`, printed as Markdown.
//!
//! - `cost`: DynamoDB capacity of each API operation at growing store sizes.
//! - `cold`: cold starts of the function binaries against a local Runtime API.

mod app;
mod coldstart;
mod cost;
mod runtime;

use std::{fmt::Write as _, path::PathBuf};

use clap::{Parser, Subcommand};

/// What a benchmark step returns.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The HTTP functions and the sample event each one serves when cold;
/// the floor comes first.
const COLD_STARTS: &[(&str, &str)] = &[
    ("hello-lambda", "auth/health.json"),
    ("ecar-auth", "auth/users-me.json"),
    ("ecar-customers", "customers/list.json"),
    ("ecar-cars", "cars/list.json"),
    ("ecar-services", "services/list.json"),
    ("ecar-invoices", "invoices/list.json"),
    ("ecar-notifications", "notifications/unread-count.json"),
];

/// ECAR benchmarks.
#[derive(Debug, Parser)]
#[command(name = "ecar-bench", about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// DynamoDB capacity per API operation, seeded at each size.
    Cost {
        /// Customers to seed, one measurement each.
        #[arg(long, value_delimiter = ',', default_value = "1000,100000")]
        sizes: Vec<u64>,
    },
    /// Cold start of each function binary against a local Runtime API.
    Cold {
        /// The DynamoDB/S3/SNS emulator, with the table created.
        #[arg(long)]
        endpoint: String,
        /// Folder of the release binaries.
        #[arg(long)]
        bin_dir: PathBuf,
        /// Folder of the sample events.
        #[arg(long, default_value = "events")]
        events: PathBuf,
        /// Cold starts per binary.
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Command::Cost { sizes } => cost_table(&sizes).await,
        Command::Cold {
            endpoint,
            bin_dir,
            events,
            runs,
        } => cold_table(&endpoint, &bin_dir, &events, runs).await,
    };
    match result {
        Ok(table) => {
            println!("{table}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("ecar-bench: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn cost_table(sizes: &[u64]) -> Result<String, Error> {
    let mut measured = Vec::new();
    for &size in sizes {
        eprintln!("seeding {size} customers (1.5 cars each, 2 services a car)");
        measured.push((size, cost::measure(size).await?));
    }
    Ok(cost::report(&measured))
}

async fn cold_table(
    endpoint: &str,
    bin_dir: &std::path::Path,
    events: &std::path::Path,
    runs: usize,
) -> Result<String, Error> {
    let setup = coldstart::setup(endpoint).await?;
    let mut out = String::from(
        "| binary | event | status | median ms | p90 ms | × floor (median) | peak RSS MiB (max) |\n\
         |---|---|---:|---:|---:|---:|---:|\n",
    );
    let mut floor = None;
    for (binary, event_file) in COLD_STARTS {
        eprintln!("{binary}: {runs} cold starts");
        let event = coldstart::event(&events.join(event_file), &setup.token)?;
        let (samples, status) =
            coldstart::measure(&bin_dir.join(binary), &event, &setup, runs).await?;
        let mut millis: Vec<f64> = samples.iter().map(|sample| sample.millis).collect();
        let (median, p90) = coldstart::median_p90(&mut millis);
        let floor = *floor.get_or_insert(median);
        let peak = samples
            .iter()
            .map(|sample| sample.peak_kib)
            .max()
            .unwrap_or(0);
        let _ = writeln!(
            out,
            "| {binary} | `{event_file}` | {status} | {median:.1} | {p90:.1} | {:.2} | {:.1} |",
            median / floor,
            peak as f64 / 1024.0
        );
    }
    Ok(out)
}
