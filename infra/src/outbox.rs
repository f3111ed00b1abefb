//! `ecar outbox drain`: the outbox sweep by hand, on the configured backend
//! (DynamoDB with `ECAR_BACKEND=aws`): dispatches the pending events written
//! more than `--older-than` seconds ago, idempotently, and says what is left.

use std::{path::PathBuf, time::Duration};

use ecar_http::{Clock, Config, bootstrap, notifications::Dispatcher};

use crate::CliResult;

/// Dispatches what the outbox still holds from before `older_than`.
pub async fn drain(older_than: Duration, data_dir: Option<PathBuf>) -> CliResult {
    let mut config = Config::from_env()?;
    if let Some(dir) = data_dir {
        config.data_dir = dir;
    }
    let ports = bootstrap::ports_from_config(config, Clock::system()).await?;
    let report = Dispatcher::new(&ports).sweep(older_than).await?;
    println!(
        "dispatched {} pending outbox item(s), {} failed again (the log says why)",
        report.dispatched, report.failed
    );
    match report.oldest_pending_seconds {
        Some(age) => println!("the oldest item still pending was written {age} s ago"),
        None => println!("nothing is pending"),
    }
    Ok(())
}
