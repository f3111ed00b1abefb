//! `ecar-bench`: the figures of `make bench`, printed as Markdown.
//!
//! - `cost`: DynamoDB capacity of each API operation at growing store sizes.
//! - `cold`: cold starts of the function binaries against a local Runtime
//!   API, then a warm run of each (latency and peak memory).
//! - `deployed`: each function's first request through `ecar local-aws`
//!   (the template's environment, Secrets Manager, the HTTP API front).
//! - `import`: `ecar import django` of a generated export, into the
//!   embedded store and into the emulator.
//! - `routers`: building each function's routes, documented against plain.

mod app;
mod coldstart;
mod cost;
mod deployed;
mod import;
mod routers;

use std::{fmt::Write as _, path::PathBuf};

use clap::{Parser, Subcommand};
use coldstart::Caller::{self, Customer, Staff};

/// What a benchmark step returns.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// An HTTP function: the event it serves cold, then the events its warm
/// run cycles through (sample events from `events/`, with who sends them).
struct Function {
    binary: &'static str,
    cold: (&'static str, Caller),
    warm: &'static [(&'static str, Caller)],
}

/// The floor comes first: `lambda_http` answering hello.
const FUNCTIONS: &[Function] = &[
    Function {
        binary: "hello-lambda",
        cold: ("auth/health.json", Staff),
        warm: &[("auth/health.json", Staff)],
    },
    // The same function without a store call: its init and routing alone.
    Function {
        binary: "ecar-auth",
        cold: ("auth/health.json", Staff),
        warm: &[],
    },
    Function {
        binary: "ecar-auth",
        cold: ("auth/users-me.json", Staff),
        warm: &[
            ("auth/users-me.json", Staff),
            ("auth/users-list.json", Staff),
            ("auth/users-me.json", Customer),
        ],
    },
    Function {
        binary: "ecar-customers",
        cold: ("customers/list.json", Staff),
        warm: &[
            ("customers/list.json", Staff),
            ("customers/get.json", Staff),
            ("customers/statistics.json", Staff),
            ("customers/me.json", Customer),
        ],
    },
    Function {
        binary: "ecar-cars",
        cold: ("cars/list.json", Staff),
        warm: &[
            ("cars/list.json", Staff),
            ("cars/get.json", Staff),
            ("cars/next-service-prediction.json", Customer),
        ],
    },
    Function {
        binary: "ecar-services",
        cold: ("services/list.json", Staff),
        warm: &[
            ("services/list.json", Staff),
            ("services/statistics.json", Staff),
        ],
    },
    Function {
        binary: "ecar-invoices",
        cold: ("invoices/list.json", Staff),
        warm: &[("invoices/list.json", Staff)],
    },
    Function {
        binary: "ecar-notifications",
        cold: ("notifications/unread-count.json", Customer),
        warm: &[
            ("notifications/unread-count.json", Customer),
            ("notifications/list.json", Customer),
        ],
    },
    Function {
        binary: "ecar-appointments",
        cold: ("appointments/list.json", Staff),
        warm: &[
            ("appointments/list.json", Staff),
            ("appointments/slots.json", Staff),
        ],
    },
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
    /// Each function's first request through the local AWS stack, beside the floor.
    Deployed(DeployedArgs),
    /// `ecar import django` of a generated export of the Django ECAR.
    Import {
        /// Customers in the export imported into the embedded store.
        #[arg(long, default_value_t = 2_000)]
        customers: u64,
        /// Customers in the export imported into DynamoDB on the emulator
        /// (0: none).
        #[arg(long, default_value_t = 2_000)]
        emulator_customers: u64,
        /// The virtual environment holding moto_server.
        #[arg(long, env = "ECAR_VENV", default_value = ".venv")]
        venv: PathBuf,
    },
    /// Cold start of each function binary against a local Runtime API, then
    /// a warm run of each.
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
        /// Invocations of each binary's warm run.
        #[arg(long, default_value_t = 1_000)]
        invocations: usize,
        /// Customers seeded into the emulator first (1.5 cars each, 2
        /// services a car), so the events find rows; moto's memory grows with
        /// every transaction, so keep it small there.
        #[arg(long, default_value_t = 2)]
        customers: u64,
    },
    /// Building each function's routes in a fresh process: with their
    /// OpenAPI description (`api()`) and without (`router()`, the Lambda's).
    Routers {
        /// Fresh processes per function and form.
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// Build one function's routes once (its binary's name, `ecar-auth`)
        /// and print the microseconds: what each of those processes does.
        #[arg(long, requires = "form")]
        one: Option<String>,
        /// `documented` or `plain`, with `--one`.
        #[arg(long, value_parser = ["documented", "plain"])]
        form: Option<String>,
    },
}

/// The `deployed` subcommand's arguments.
#[derive(Debug, clap::Args)]
struct DeployedArgs {
    /// Folder of the release binaries.
    #[arg(long)]
    bin_dir: PathBuf,
    /// The virtual environment holding moto_server.
    #[arg(long, env = "ECAR_VENV", default_value = ".venv")]
    venv: PathBuf,
    /// First requests per function (each after a fresh start).
    #[arg(long, default_value_t = 10)]
    runs: usize,
    /// Warm requests after each first one.
    #[arg(long, default_value_t = 10)]
    warm: usize,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Command::Cost { sizes } => cost_table(&sizes).await,
        Command::Deployed(args) => {
            deployed::measure(
                &deployed::workspace(),
                &args.bin_dir,
                &args.venv,
                args.runs,
                args.warm,
            )
            .await
        }
        Command::Import {
            customers,
            emulator_customers,
            venv,
        } => import_table(customers, emulator_customers, &venv).await,
        Command::Cold {
            endpoint,
            bin_dir,
            events,
            runs,
            invocations,
            customers,
        } => match coldstart::setup(&endpoint, customers).await {
            Ok(setup) => cold_tables(&setup, &bin_dir, &events, runs, invocations).await,
            Err(error) => Err(error),
        },
        Command::Routers { runs, one, form } => match one {
            Some(function) => routers::build_once(&function, form.as_deref() == Some("documented"))
                .map(|took| took.as_micros().to_string()),
            None => routers::measure(runs),
        },
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

async fn import_table(
    customers: u64,
    emulator_customers: u64,
    venv: &std::path::Path,
) -> Result<String, Error> {
    let mut measured = vec![import::embedded(customers).await?];
    if emulator_customers > 0 {
        measured.push(import::emulator(venv, emulator_customers).await?);
    }
    Ok(import::report(&measured))
}

async fn cost_table(sizes: &[u64]) -> Result<String, Error> {
    let mut measured = Vec::new();
    for &size in sizes {
        eprintln!("seeding {size} customers (1.5 cars each, 2 services a car)");
        measured.push((size, cost::measure(size).await?));
    }
    Ok(cost::report(&measured))
}

async fn cold_tables(
    setup: &coldstart::Setup,
    bin_dir: &std::path::Path,
    events: &std::path::Path,
    runs: usize,
    invocations: usize,
) -> Result<String, Error> {
    let mut cold = String::from(
        "| binary | event | status | init median ms | × floor | response median ms | p90 ms | × floor | peak RSS MiB (max) |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut warm = format!(
        "Warm: one process of each binary answers {invocations} events in turn \
         (the events listed), over {} in the emulator.\n\n\
         | binary | events | statuses | p50 ms | p99 ms | peak RSS MiB |\n\
         |---|---|---|---:|---:|---:|\n",
        setup.seeded
    );
    let mut floor = None;
    for function in FUNCTIONS {
        let binary = bin_dir.join(function.binary);
        let (event_file, caller) = function.cold;
        eprintln!("{}: {runs} cold starts", function.binary);
        let event = setup.event(&events.join(event_file), caller)?;
        let (samples, status) = coldstart::cold(&binary, &event, setup, runs).await?;
        let mut millis: Vec<f64> = samples.iter().map(|sample| sample.millis).collect();
        let mut init: Vec<f64> = samples.iter().map(|sample| sample.init_millis).collect();
        let median = coldstart::quantile(&mut millis, 0.5);
        let p90 = coldstart::quantile(&mut millis, 0.9);
        let init = coldstart::quantile(&mut init, 0.5);
        let (init_floor, floor) = *floor.get_or_insert((init, median));
        let peak = samples.iter().map(|sample| sample.peak_kib).max();
        let _ = writeln!(
            cold,
            "| {} | `{event_file}` ({caller:?}) | {status} | {init:.1} | {:.2} | {median:.1} | {p90:.1} | {:.2} | {:.1} |",
            function.binary,
            init / init_floor,
            median / floor,
            peak.unwrap_or(0) as f64 / 1024.0
        );

        if function.warm.is_empty() {
            continue;
        }
        eprintln!("{}: {invocations} warm invocations", function.binary);
        let warm_events = function
            .warm
            .iter()
            .map(|(file, caller)| setup.event(&events.join(file), *caller))
            .collect::<Result<Vec<_>, _>>()?;
        let mut run = coldstart::warm(&binary, &warm_events, setup, invocations).await?;
        let names: Vec<String> = function
            .warm
            .iter()
            .map(|(file, caller)| format!("`{file}` ({caller:?})"))
            .collect();
        let statuses: Vec<String> = run
            .statuses
            .iter()
            .map(|(code, count)| format!("{code} ×{count}"))
            .collect();
        let _ = writeln!(
            warm,
            "| {} | {} | {} | {:.2} | {:.2} | {:.1} |",
            function.binary,
            names.join(", "),
            statuses.join(", "),
            coldstart::quantile(&mut run.millis, 0.5),
            coldstart::quantile(&mut run.millis, 0.99),
            run.peak_kib as f64 / 1024.0
        );
    }
    Ok(format!("{cold}\n{warm}"))
}
