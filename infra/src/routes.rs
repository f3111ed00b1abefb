//! `ecar routes`: each function's routes, for the template check.

use std::collections::BTreeMap;

use crate::CliResult;

/// Prints `{"<binary>": [["GET", "/api/..."], ...]}` for every function.
pub fn print() -> CliResult {
    let mut routes: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for (binary, api) in crate::functions() {
        let (_, document) = api.split_for_parts();
        let served = routes.entry(binary).or_default();
        for (path, item) in document.paths.paths {
            let operations = [
                ("GET", item.get.is_some()),
                ("PUT", item.put.is_some()),
                ("POST", item.post.is_some()),
                ("DELETE", item.delete.is_some()),
                ("PATCH", item.patch.is_some()),
                ("HEAD", item.head.is_some()),
                ("OPTIONS", item.options.is_some()),
            ];
            for (method, present) in operations {
                if present {
                    served.push((method.to_string(), path.clone()));
                }
            }
        }
    }
    println!("{}", serde_json::to_string_pretty(&routes)?);
    Ok(())
}
