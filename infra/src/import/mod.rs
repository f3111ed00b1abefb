//! `ecar import django EXPORT.json`: a garage's data from the Django ECAR
//! (its `manage.py dumpdata` export), written through the domain's own
//! writes (see [`ecar_http::import`]), one transaction per row, each led
//! by the row's legacy id guard. Running it again writes only what is
//! missing; `--dry-run` writes nothing and reports the same.

mod django;
mod entities;
mod report;
mod rows;

use std::path::PathBuf;

use ecar_http::{AppState, Clock, Config, bootstrap::Storage, config::Backend};

pub use django::{Export, ExportError};
pub use report::{AmountDifference, Counts, Report, Row};
pub use rows::Importer;

use crate::CliResult;

/// What to import, and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The export file.
    pub export: PathBuf,
    /// The original's `MEDIA_ROOT`, for the invoices' PDFs.
    pub media: Option<PathBuf>,
    /// Report without writing.
    pub dry_run: bool,
    /// Data directory of the embedded store.
    pub data_dir: Option<PathBuf>,
}

/// Runs an import on the configured backend; fails when rows were refused,
/// after the report.
pub async fn run(options: Options) -> CliResult {
    let text = std::fs::read(&options.export)
        .map_err(|e| format!("cannot read {}: {e}", options.export.display()))?;
    let export = Export::parse(&text)?;
    let mut config = Config::from_env()?;
    if let Some(dir) = &options.data_dir {
        config.data_dir = dir.clone();
    }
    let report = match config.backend {
        Backend::Aws => {
            let state = AppState::aws(config, Clock::system()).await?;
            import(&state, &export, &options).await?
        }
        Backend::Embedded => {
            let dir = config.data_dir.clone();
            let local = AppState::embedded(config, Storage::Dir(dir.clone()), Clock::system())
                .map_err(|error| {
                    format!(
                        "{error} (is `ecar serve` running on {}? stop it first)",
                        dir.display()
                    )
                })?;
            // Each row's transaction stays atomic; a crash loses at most the
            // rows since the last sync, which a second run writes again.
            local.table.set_durable(false);
            let report = import(&local.state, &export, &options).await;
            local.table.set_durable(true);
            local.table.sync().await?;
            report?
        }
    };
    println!("{report}");
    let refused = report.refused_rows();
    if refused > 0 {
        return Err(format!(
            "{refused} row(s) refused (listed above); fix them in the export and run again: rows already imported are skipped"
        )
        .into());
    }
    Ok(())
}

/// Imports `export` into `state` (nothing is written in a dry run).
pub async fn import(
    state: &AppState,
    export: &Export,
    options: &Options,
) -> Result<Report, rows::Error> {
    Importer::new(state, export, options).run().await
}
