//! `ecar openapi`: prints the OpenAPI document of every route.

use crate::CliResult;

/// Prints the merged OpenAPI document as pretty JSON.
pub fn print() -> CliResult {
    let (_, document) = crate::api().split_for_parts();
    println!("{}", document.to_pretty_json()?);
    Ok(())
}
