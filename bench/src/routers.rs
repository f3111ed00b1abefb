//! `ecar-bench routers`: what building a function's routes costs at a cold
//! start, documented (`api()`, an `OpenApiRouter` that builds every
//! operation's OpenAPI description and schemas) against plain (`router()`,
//! what the Lambda entry serves).
//!
//! Each build runs in a fresh process (this binary again, with `--one`), so
//! it is a first build, as in a new Lambda container; the parent reports
//! the median of the runs.

use std::{
    process::Command,
    time::{Duration, Instant},
};

use ecar::API_FUNCTIONS;

use crate::Error;

/// Builds one function's routes once and returns how long it took.
pub fn build_once(binary: &str, documented: bool) -> Result<Duration, Error> {
    let function = API_FUNCTIONS
        .iter()
        .find(|function| function.binary == binary)
        .ok_or_else(|| format!("no function {binary}"))?;
    let started = Instant::now();
    if documented {
        drop(std::hint::black_box((function.api)()));
    } else {
        drop(std::hint::black_box((function.router)()));
    }
    Ok(started.elapsed())
}

/// The Markdown table: median build time of each form over `runs` fresh
/// processes.
pub fn measure(runs: usize) -> Result<String, Error> {
    let mut table = String::from(
        "| function | documented (`api()`) median µs | plain (`router()`) median µs | saved at init ms |\n\
         |---|---:|---:|---:|\n",
    );
    for function in API_FUNCTIONS {
        let documented = median(runs, function.binary, true)?;
        let plain = median(runs, function.binary, false)?;
        let function = function.binary;
        table.push_str(&format!(
            "| {function} | {documented} | {plain} | {:.1} |\n",
            (documented.saturating_sub(plain)) as f64 / 1000.0
        ));
    }
    Ok(table)
}

fn median(runs: usize, function: &str, documented: bool) -> Result<u128, Error> {
    let mut micros = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let form = if documented { "documented" } else { "plain" };
        let output = Command::new(std::env::current_exe()?)
            .args(["routers", "--one", function, "--form", form])
            .output()?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned().into());
        }
        micros.push(
            String::from_utf8_lossy(&output.stdout)
                .trim()
                .parse::<u128>()?,
        );
    }
    micros.sort_unstable();
    Ok(micros[micros.len() / 2])
}
