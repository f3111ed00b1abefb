//! The OpenAPI document against what is served: every route documented,
//! every documented route served, authentication as the document says, and
//! the shapes every operation shares (problem+json errors, strict inputs).

use std::collections::BTreeSet;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};
use ecar_http::{
    AppState, Clock, Config,
    auth::authz::{self, MATRIX},
    bootstrap::Storage,
    http::PROBLEM_JSON,
    openapi::{BEARER, operations_mut},
};
use serde_json::{Value, json};
use tower::ServiceExt;
use utoipa::openapi::{OpenApi, path::Operation};

/// An id of the right shape that names nothing.
const SOME_ID: &str = "01JP3K8Z4M6Q2R7T9V1W5X8Y3A";

fn document() -> OpenApi {
    ecar::api().split_for_parts().1
}

fn operations(document: &OpenApi) -> Vec<(Method, String, Operation)> {
    let mut found = Vec::new();
    for (path, item) in document.paths.paths.clone() {
        let mut item = item;
        for (method, operation) in operations_mut(&mut item) {
            found.push((method, path.clone(), operation.clone()));
        }
    }
    found
}

#[test]
fn the_document_and_the_authorization_matrix_name_the_same_routes() {
    let documented: BTreeSet<(String, String)> = operations(&document())
        .into_iter()
        .map(|(method, path, _)| (method.to_string(), path))
        .collect();
    let ruled: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|rule| (rule.method.to_string(), rule.path.to_string()))
        .collect();
    let undocumented: Vec<_> = ruled.difference(&documented).collect();
    let unruled: Vec<_> = documented.difference(&ruled).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the document: {undocumented:?}"
    );
    assert!(
        unruled.is_empty(),
        "documented routes nobody serves: {unruled:?}"
    );
}

#[tokio::test]
async fn every_documented_operation_is_served_and_guarded_as_documented() {
    let local = AppState::embedded(Config::default(), Storage::Memory, Clock::system()).unwrap();
    let spa = std::env::temp_dir().join("ecar-openapi-contract-no-spa");
    let app = ecar::serve::app(local.state, local.blobs, &spa);
    for (method, template, operation) in operations(&document()) {
        let path = concrete(&template);
        let request = Request::builder()
            .method(method.clone())
            .uri(&path)
            .body(Body::empty())
            .unwrap();
        let status = app.clone().oneshot(request).await.unwrap().status();
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{method} {template} is documented but not served ({status})"
        );
        if operation.security.is_some() {
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {template} documents the bearer scheme but answers without a token"
            );
        } else {
            assert_ne!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {template} is documented as public but wants a token"
            );
        }
    }
}

#[test]
fn every_operation_the_matrix_guards_requires_the_bearer_scheme() {
    for (method, path, operation) in operations(&document()) {
        let rule = authz::rule(&method, &path).expect("checked by the matrix test");
        let bearer = operation.security.as_ref().is_some_and(|requirements| {
            serde_json::to_value(requirements)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .any(|requirement| requirement.get(BEARER).is_some())
        });
        assert_eq!(
            bearer,
            !rule.is_public(),
            "{method} {path}: bearer security must match the matrix"
        );
        if !rule.is_public() {
            assert!(
                operation.responses.responses.contains_key("401"),
                "{method} {path} does not document its 401"
            );
        }
    }
}

#[test]
fn every_error_answer_is_a_problem() {
    for (method, path, operation) in json_operations() {
        for (status, response) in operation["responses"].as_object().unwrap() {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let content = response["content"].as_object().unwrap();
            let media: Vec<_> = content.keys().collect();
            assert_eq!(media, [PROBLEM_JSON], "{method} {path} {status}");
            assert_eq!(
                content[PROBLEM_JSON]["schema"]["$ref"], "#/components/schemas/Problem",
                "{method} {path} {status}"
            );
        }
    }
}

#[test]
fn json_inputs_refuse_unknown_fields_and_answers_have_shapes() {
    let document = serde_json::to_value(document()).unwrap();
    let schemas = &document["components"]["schemas"];
    for (method, path, operation) in json_operations() {
        let body = &operation["requestBody"]["content"]["application/json"]["schema"];
        if let Some(reference) = body["$ref"].as_str() {
            let name = reference.trim_start_matches("#/components/schemas/");
            let schema = &schemas[name];
            if schema["type"] == "object" {
                assert_eq!(
                    schema["additionalProperties"], false,
                    "{method} {path}: {name} must refuse unknown fields"
                );
            }
        }
        for (status, response) in operation["responses"].as_object().unwrap() {
            let schema = &response["content"]["application/json"]["schema"];
            assert_ne!(
                schema,
                &json!({"type": "object"}),
                "{method} {path} {status}: an answer without a shape"
            );
        }
    }
}

/// Every operation of the document as JSON, with its method and path.
fn json_operations() -> Vec<(String, String, Value)> {
    let document = serde_json::to_value(document()).unwrap();
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            found.push((method.to_uppercase(), path.clone(), operation.clone()));
        }
    }
    found
}

/// The template with every `{param}` replaced by an id.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                SOME_ID
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Two functions' schemas under one name would be merged into one, the
/// last one's: the other's clients would then be typed against the wrong
/// shape (the appointments' `Status` once read as the services').
#[test]
fn no_two_functions_name_different_schemas_alike() {
    let mut seen: std::collections::BTreeMap<String, (&str, Value)> = Default::default();
    let mut clashes = Vec::new();
    for (binary, api) in ecar::functions() {
        let (_, openapi) = api.split_for_parts();
        let Some(components) = openapi.components else {
            continue;
        };
        for (name, schema) in components.schemas {
            let schema = serde_json::to_value(&schema).unwrap();
            match seen.get(&name) {
                Some((first, earlier)) if *earlier != schema => {
                    clashes.push(format!(
                        "{first} and {binary} both name a different {name}: {earlier} / {schema}"
                    ));
                }
                Some(_) => {}
                None => {
                    seen.insert(name, (binary, schema));
                }
            }
        }
    }
    assert!(clashes.is_empty(), "{}", clashes.join("\n"));
}
