//! The direction of the top-level modules of the layer crates, read from
//! their `crate::…` paths: no module of `ecar-domain` or `ecar-http` is in an
//! import cycle, and the domain depends on nothing HTTP or AWS.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The sources of the layer crate in `shared/<name>`.
fn source_root(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

/// Top-level modules: each folder and file of `src/` but `lib.rs`.
fn modules(root: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(root).unwrap().map(Result::unwrap) {
        let path = entry.path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            modules.insert(name, rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") && name != "lib" {
            modules.insert(name, vec![path]);
        }
    }
    modules
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The top-level modules a source names through `crate::` (comments and test
/// code, after `#[cfg(test)]`, left out).
fn imports(source: &str) -> BTreeSet<String> {
    let code: String = source
        .split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            found.extend(top_level_names(group));
        } else {
            found.insert(identifier(rest));
        }
    }
    found.retain(|name| !name.is_empty());
    found
}

/// The names at the first level of a `{…}` group (`a::b, c::{d}` → a, c).
fn top_level_names(group: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 1;
    let mut expecting_name = true;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expecting_name = true,
            c if depth == 1 && expecting_name && (c.is_alphanumeric() || c == '_') => {
                names.push(identifier(&group[at..]));
                expecting_name = false;
            }
            _ => {}
        }
    }
    names
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

fn graph(crate_dir: &str) -> Graph {
    let modules = modules(&source_root(crate_dir));
    let mut graph = Graph::new();
    for (name, files) in &modules {
        let edges = graph.entry(name.clone()).or_default();
        for file in files {
            let source = fs::read_to_string(file).unwrap();
            edges.extend(
                imports(&source)
                    .into_iter()
                    .filter(|target| target != name && modules.contains_key(target)),
            );
        }
    }
    graph
}

/// Strongly connected components of more than one module.
fn cycles(graph: &Graph) -> Vec<BTreeSet<String>> {
    let reaches = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(module) = stack.pop() {
            for next in &graph[&module] {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> = graph
        .keys()
        .map(|module| (module, reaches(module)))
        .collect();
    let mut components: Vec<BTreeSet<String>> = Vec::new();
    for module in graph.keys() {
        if components.iter().any(|c| c.contains(module)) {
            continue;
        }
        let component: BTreeSet<String> = graph
            .keys()
            .filter(|other| {
                *other == module
                    || (reach[module].contains(*other) && reach[other].contains(module))
            })
            .cloned()
            .collect();
        if component.len() > 1 {
            components.push(component);
        }
    }
    components
}

#[test]
fn the_parser_reads_paths_and_groups() {
    let source = "//! See [`crate::docs`].\nuse crate::{domain::{A, B}, store::Key, http};\nfn f() { crate::auth::x(); }\n#[cfg(test)]\nuse crate::testing;";
    let found: Vec<String> = imports(source).into_iter().collect();
    assert_eq!(found, ["auth", "domain", "http", "store"]);
}

#[test]
fn the_domain_has_no_module_cycle() {
    let graph = graph("domain");
    assert!(graph.contains_key("values") && graph.contains_key("store"));
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles in ecar-domain: {cycles:?}\n{graph:#?}"
    );
}

#[test]
fn the_http_layer_has_no_module_cycle() {
    let graph = graph("http");
    assert!(graph.contains_key("services") && graph.contains_key("http"));
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles in ecar-http: {cycles:?}\n{graph:#?}"
    );
}

/// The domain crate's direct dependencies (transitively, none of those it
/// has brings HTTP or AWS): no web framework, no Lambda, no AWS SDK, and the
/// OpenAPI derive only as the optional feature the HTTP layer turns on.
#[test]
fn the_domain_depends_on_nothing_http_or_aws() {
    let manifest = fs::read_to_string(source_root("domain").join("../Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .unwrap();
    let forbidden = [
        "axum", "http", "hyper", "tower", "lambda", "aws", "redb", "krilla",
    ];
    for line in dependencies.lines().map(str::trim) {
        let Some(name) = line.split(['=', '.', ' ']).next().filter(|n| !n.is_empty()) else {
            continue;
        };
        if name.starts_with('#') {
            continue;
        }
        assert!(
            !forbidden.iter().any(|f| name.starts_with(f)),
            "ecar-domain depends on {name}"
        );
        if name == "utoipa" {
            assert!(
                line.contains("optional = true"),
                "utoipa must stay optional: {line}"
            );
        }
    }
    assert!(
        dependencies.contains("serde"),
        "the section was read: {dependencies}"
    );
}
