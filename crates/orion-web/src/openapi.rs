//! The error statuses every operation of the OpenAPI document can answer, added in one place
//! rather than in each handler's `#[utoipa::path]`: whatever a module documents itself is kept,
//! and [`add_standard_problems`] fills in the problem responses the edge gives every operation
//! of a kind:
//!
//! - authenticated (a bearer security requirement): 401 (no valid token) and 403 (the role
//!   lacks the permission, or the plan the feature);
//! - with path parameters: 404 (not in the caller's store), 400 (a parameter that does not
//!   parse, e.g. a non-numeric id) and 422;
//! - with query parameters: 400 (a value that does not parse) and 422 (a value out of range,
//!   e.g. `page`);
//! - with a request body: 400 (malformed), 413 (too large), 415 (not JSON) and 422 (a field is
//!   invalid; `errors` names it).
//!
//! A 405 belongs to a path, not an operation (another method on the same path), so it is not
//! added to operations; the API answers it as a problem document like any other error.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

use crate::problem::ProblemKind;

/// The `Modify` form of [`add_standard_problems`].
pub struct StandardProblems;

impl Modify for StandardProblems {
    fn modify(&self, openapi: &mut OpenApi) {
        add_standard_problems(openapi);
    }
}

/// Adds the standard problem responses (see the module documentation) to every operation of
/// `doc`, keeping the responses an operation already documents.
pub fn add_standard_problems(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let path_level_params = item.parameters.clone().unwrap_or_default();
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.options,
            &mut item.head,
            &mut item.trace,
            &mut item.query,
        ]
        .into_iter()
        .flatten()
        {
            for kind in problems_of(op, &path_level_params) {
                add_problem(op, kind);
            }
        }
    }
}

/// Store operations also take a store API key (`Authorization: Bearer orion_sk_…`): each
/// gets the `api_key` security requirement with the scope it needs (its `x-permission`, none
/// for an operation open to every member), and the 429 an API key's limits answer.
pub fn add_api_key_scopes(doc: &mut OpenApi) {
    use utoipa::openapi::security::SecurityRequirement;
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with(crate::grants::STORE_PREFIX) {
            continue;
        }
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let scope = op
                .extensions
                .as_ref()
                .and_then(|e| e.get(crate::grants::EXTENSION))
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            let requirement = SecurityRequirement::new("api_key", scope);
            op.security.get_or_insert_with(Vec::new).push(requirement);
            add_problem(op, ProblemKind::RateLimited);
        }
    }
}

/// The problem kinds an operation can answer, from its security, parameters and body.
fn problems_of(
    op: &Operation,
    path_level_params: &[RefOr<utoipa::openapi::path::Parameter>],
) -> Vec<ProblemKind> {
    let authenticated = op.security.as_ref().is_some_and(|reqs| {
        reqs.iter().any(|r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_object().map(|o| !o.is_empty()))
                .unwrap_or(false)
        })
    });
    let params: Vec<_> = op
        .parameters
        .iter()
        .flatten()
        .chain(path_level_params)
        .filter_map(|p| match p {
            RefOr::T(p) => Some(p.parameter_in.clone()),
            RefOr::Ref(_) => None,
        })
        .collect();
    let in_path = params.iter().any(|p| matches!(p, ParameterIn::Path));
    let in_query = params.iter().any(|p| matches!(p, ParameterIn::Query));
    let body = op.request_body.is_some();

    let mut kinds = Vec::new();
    if authenticated {
        kinds.extend([ProblemKind::Unauthorized, ProblemKind::Forbidden]);
    }
    if in_path {
        kinds.push(ProblemKind::NotFound);
    }
    if body {
        kinds.extend([
            ProblemKind::PayloadTooLarge,
            ProblemKind::UnsupportedMediaType,
        ]);
    }
    if in_path || in_query || body {
        kinds.extend([ProblemKind::MalformedBody, ProblemKind::Validation]);
    }
    kinds
}

fn description(kind: ProblemKind) -> &'static str {
    match kind {
        ProblemKind::Unauthorized => "No valid access token",
        ProblemKind::Forbidden => "The role lacks the permission, or the plan the feature or room",
        ProblemKind::NotFound => {
            "Not found in the caller's store (another store's ids are not found either)"
        }
        ProblemKind::PayloadTooLarge => "The request body is too large",
        ProblemKind::UnsupportedMediaType => "The request body is not JSON",
        ProblemKind::MalformedBody => {
            "Malformed request: a body or parameter that cannot be read as the documented type"
        }
        ProblemKind::Validation => "Invalid input; `errors` names each field",
        ProblemKind::RateLimited => {
            "API key: its burst limit or the plan's daily API quota is used up \
             (`/problems/rate-limited`); see `Retry-After`, `RateLimit` and `RateLimit-Policy`"
        }
        other => other.title(),
    }
}

/// Adds the problem response of `kind` to `op` unless the operation documents that status.
fn add_problem(op: &mut Operation, kind: ProblemKind) {
    let status = kind.status().as_u16().to_string();
    if op.responses.responses.contains_key(&status) {
        return;
    }
    let response = ResponseBuilder::new()
        .description(description(kind))
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build();
    op.responses.responses.insert(status, RefOr::T(response));
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, PathItem};
    use utoipa::openapi::request_body::RequestBodyBuilder;
    use utoipa::openapi::security::SecurityRequirement;
    use utoipa::openapi::{OpenApiBuilder, PathsBuilder};

    fn statuses(doc: &OpenApi, path: &str) -> Vec<String> {
        let v = serde_json::to_value(doc).unwrap();
        let op = v["paths"][path]
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .clone();
        op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn problems_follow_security_parameters_and_body() {
        let secured = OperationBuilder::new()
            .security(SecurityRequirement::new("bearer", Vec::<String>::new()))
            .parameter(
                ParameterBuilder::new()
                    .name("id")
                    .parameter_in(ParameterIn::Path),
            )
            .request_body(Some(RequestBodyBuilder::new().build()))
            .response(
                "404",
                ResponseBuilder::new()
                    .description("Custom not found")
                    .build(),
            );
        let public = OperationBuilder::new().response("200", ResponseBuilder::new().build());
        let mut doc = OpenApiBuilder::new()
            .paths(
                PathsBuilder::new()
                    .path("/a/{id}", PathItem::new(HttpMethod::Patch, secured))
                    .path("/healthz", PathItem::new(HttpMethod::Get, public)),
            )
            .build();
        add_standard_problems(&mut doc);
        assert_eq!(
            statuses(&doc, "/a/{id}"),
            ["400", "401", "403", "404", "413", "415", "422"]
        );
        assert_eq!(statuses(&doc, "/healthz"), ["200"]);
        let v = serde_json::to_value(&doc).unwrap();
        let op = &v["paths"]["/a/{id}"]["patch"]["responses"];
        assert_eq!(op["404"]["description"], "Custom not found");
        assert_eq!(
            op["422"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem"
        );
    }
}
