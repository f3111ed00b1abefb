//! `ecar`: the local runner and operator CLI.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// ECAR garage management: local runner and operator commands.
#[derive(Debug, Parser)]
#[command(name = "ecar", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve every function's routes and the SPA in one process.
    Serve {
        /// Port on 127.0.0.1.
        #[arg(long, default_value_t = 3000, env = "ECAR_PORT")]
        port: u16,
        /// Data directory of the embedded store.
        #[arg(long, env = "ECAR_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// Keep everything in memory (nothing is written to disk).
        #[arg(long, conflicts_with = "data_dir")]
        in_memory: bool,
        /// Folder of the built SPA.
        #[arg(long, default_value = "frontend/dist")]
        spa_dir: PathBuf,
    },
    /// Run the suite as it is deployed: the template's resources on the AWS
    /// emulator (moto), each function's Lambda binary behind a Runtime API,
    /// API Gateway and CloudFront in front, the stream, bucket and schedule
    /// driving the other functions.
    LocalAws {
        /// Port on 127.0.0.1.
        #[arg(long, default_value_t = 3000, env = "ECAR_PORT")]
        port: u16,
        /// Folder of the function binaries (build them with `cargo build --bins`).
        #[arg(long)]
        bin_dir: PathBuf,
        /// The SAM template the stack is made from.
        #[arg(long, default_value = "template.yaml")]
        template: PathBuf,
        /// Folder of the built SPA.
        #[arg(long, default_value = "frontend/dist")]
        spa_dir: PathBuf,
        /// A running emulator to use instead of starting one.
        #[arg(long, env = "ECAR_LOCAL_AWS_ENDPOINT")]
        aws_endpoint: Option<String>,
        /// The virtual environment holding moto_server.
        #[arg(long, env = "ECAR_VENV", default_value = ".venv")]
        venv: PathBuf,
        /// Where each function's log is written.
        #[arg(long, default_value = ".ecar-local-aws/logs")]
        log_dir: PathBuf,
        /// Run the schedules every this many seconds too (0: on demand only).
        #[arg(long, default_value_t = 300)]
        schedule_every: u64,
        /// Execution environments per function at most.
        #[arg(long, default_value_t = 4)]
        max_environments: usize,
        /// Template parameter overrides, Name=Value.
        #[arg(long = "parameter", value_parser = parse_parameter)]
        parameters: Vec<(String, String)>,
    },
    /// Manage user accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage the DynamoDB table.
    Table {
        #[command(subcommand)]
        command: TableCommand,
    },
    /// Manage the JWT key set.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Send the service reminders.
    Reminders {
        #[command(subcommand)]
        command: RemindersCommand,
    },
    /// Deliver what the outbox still holds.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// Import a garage's data from another system.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Fill the embedded store with realistic customers, cars and services.
    Seed {
        /// Customers to write.
        #[arg(long, default_value_t = 1_000)]
        customers: u64,
        /// Cars per customer, on average.
        #[arg(long, default_value_t = 1.5)]
        cars_per_customer: f64,
        /// Services per car, on average.
        #[arg(long, default_value_t = 2.0)]
        services_per_car: f64,
        /// Data directory of the embedded store.
        #[arg(long, env = "ECAR_DATA_DIR")]
        data_dir: Option<PathBuf>,
        /// A small garage to try the app on (customers who can log in, services
        /// in every status, invoices) instead of bulk data.
        #[arg(long, conflicts_with_all = ["customers", "cars_per_customer", "services_per_car"])]
        demo: bool,
    },
    /// Print the OpenAPI document of every route.
    Openapi,
    /// Print each function's routes as JSON (for the template check).
    Routes,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an admin account (password from ECAR_ADMIN_PASSWORD or a prompt).
    Create {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Email address.
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// The Django ECAR's `manage.py dumpdata` export: users, customers,
    /// cars, readings, services, invoices and notifications, each row once
    /// however often it is run (on ECAR_BACKEND: the embedded store, or
    /// DynamoDB with `aws`). Exits with an error when rows were refused.
    Django {
        /// The export (JSON).
        export: PathBuf,
        /// The original's MEDIA_ROOT, to copy the invoices' PDFs from.
        #[arg(long)]
        media: Option<PathBuf>,
        /// Report what would be imported and refused; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Data directory of the embedded store.
        #[arg(long, env = "ECAR_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum RemindersCommand {
    /// Remind the owners of the cars falling due (what the daily schedule does).
    Run {
        /// The day to run for (YYYY-MM-DD; default today in the garage's time zone).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// Data directory of the embedded store.
        #[arg(long, env = "ECAR_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum OutboxCommand {
    /// Dispatch the pending outbox events (what the dispatcher's sweep does
    /// every 5 minutes on AWS), each once however often it is run.
    Drain {
        /// Only events written at least this many seconds ago.
        #[arg(long, default_value_t = 0)]
        older_than: u64,
        /// Data directory of the embedded store.
        #[arg(long, env = "ECAR_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Print a new key set (one Ed25519 key, active) as the JSON the JWT
    /// secret holds; nothing is written to disk.
    Generate,
    /// Read a key set (as the JWT secret holds it) on standard input and
    /// print its public keys as the JSON Web Key Set the `JwtPublicKeys`
    /// parameter takes.
    Public,
}

#[derive(Debug, Subcommand)]
enum TableCommand {
    /// Create the table with its indexes, TTL and stream (idempotent).
    Create,
}

/// `Name=Value`.
fn parse_parameter(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .ok_or_else(|| format!("expected Name=Value, got {text}"))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Seed { .. } | Command::Import { .. } => {
            ecar_http::telemetry::init_with_default("warn")
        }
        _ => ecar_http::telemetry::init(),
    }
    let result = match cli.command {
        Command::Serve {
            port,
            data_dir,
            in_memory,
            spa_dir,
        } => {
            ecar::serve::run(ecar::serve::Options {
                port,
                data_dir,
                in_memory,
                spa_dir,
            })
            .await
        }
        Command::LocalAws {
            port,
            bin_dir,
            template,
            spa_dir,
            aws_endpoint,
            venv,
            log_dir,
            schedule_every,
            max_environments,
            parameters,
        } => {
            ecar::local_aws::run(ecar::local_aws::Options {
                template,
                bin_dir,
                spa_dir,
                aws_endpoint,
                venv,
                port,
                log_dir,
                schedule_every: (schedule_every > 0)
                    .then(|| std::time::Duration::from_secs(schedule_every)),
                max_environments,
                parameters,
            })
            .await
        }
        Command::Admin {
            command: AdminCommand::Create { username, email },
        } => ecar::admin::create(&username, &email).await,
        Command::Table {
            command: TableCommand::Create,
        } => ecar::table::create().await,
        Command::Keys {
            command: KeysCommand::Generate,
        } => {
            println!("{}", ecar_http::auth::TokenKeys::generate().to_json());
            Ok(())
        }
        Command::Keys {
            command: KeysCommand::Public,
        } => ecar::keys::print_public(),
        Command::Reminders {
            command: RemindersCommand::Run { date, data_dir },
        } => ecar::reminders::run(date, data_dir).await,
        Command::Outbox {
            command:
                OutboxCommand::Drain {
                    older_than,
                    data_dir,
                },
        } => ecar::outbox::drain(std::time::Duration::from_secs(older_than), data_dir).await,
        Command::Import {
            command:
                ImportCommand::Django {
                    export,
                    media,
                    dry_run,
                    data_dir,
                },
        } => {
            ecar::import::run(ecar::import::Options {
                export,
                media,
                dry_run,
                data_dir,
            })
            .await
        }
        Command::Seed {
            customers,
            cars_per_customer,
            services_per_car,
            data_dir,
            demo,
        } => {
            ecar::seed::run(ecar::seed::Options {
                customers,
                cars_per_customer,
                services_per_car,
                data_dir,
                demo,
                in_flight: ecar::seed::IN_FLIGHT,
            })
            .await
        }
        Command::Openapi => ecar::openapi::print(),
        Command::Routes => ecar::routes::print(),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ecar: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
