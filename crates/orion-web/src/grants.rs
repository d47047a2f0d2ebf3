//! Which permission each store operation needs: the one source of truth.
//!
//! Every `/api/v1/store...` operation declares it where it is documented, in its
//! `#[utoipa::path]`: `extensions(("x-permission" = json!("orders.view")))`, or
//! `json!(null)` for an operation open to every member of the store. The composition root
//! reads the extension back from the OpenAPI document into [`Grants`] (kept in
//! [`AppState`](crate::AppState)); then
//! - [`StoreCtx`](crate::StoreCtx) refuses a caller whose role lacks the operation's
//!   permission before anything else of the request is read (its body included);
//! - the team page shows which operations each permission opens;
//! - the permission matrix test (`crates/orion-app/tests/it/permission_matrix.rs`) calls every
//!   operation as every role and fails on an operation without the extension.

use std::collections::BTreeMap;

/// The OpenAPI extension naming an operation's permission.
pub const EXTENSION: &str = "x-permission";

/// The prefix of the operations a store-bound token opens.
pub const STORE_PREFIX: &str = "/api/v1/store";

/// What one store operation needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needs {
    /// Any member of the store.
    AnyMember,
    /// Members whose role grants this permission.
    Permission(String),
}

/// One store operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Upper case: `GET`, `POST`, …
    pub method: String,
    /// The path template, `/api/v1/store/orders/{order_id}`.
    pub path: String,
    pub needs: Needs,
}

/// The permission of every store operation, read from the OpenAPI document.
#[derive(Debug, Clone, Default)]
pub struct Grants {
    by_route: BTreeMap<(String, String), Needs>,
    /// Store operations the document lists without the extension (a bug: see
    /// [`Grants::undeclared`]).
    undeclared: Vec<(String, String)>,
}

impl Grants {
    /// Reads `x-permission` off every store operation of `doc`.
    pub fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        let mut g = Grants::default();
        let Ok(value) = serde_json::to_value(doc) else {
            return g;
        };
        let Some(paths) = value["paths"].as_object() else {
            return g;
        };
        for (path, item) in paths {
            if !is_store_path(path) {
                continue;
            }
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
                ) {
                    continue;
                }
                let key = (method.to_uppercase(), path.clone());
                match op.get(EXTENSION) {
                    Some(serde_json::Value::Null) => {
                        g.by_route.insert(key, Needs::AnyMember);
                    }
                    Some(serde_json::Value::String(p)) => {
                        g.by_route.insert(key, Needs::Permission(p.clone()));
                    }
                    _ => g.undeclared.push(key),
                }
            }
        }
        g
    }

    /// What `method` on the route template `path` needs, if the document declares it.
    pub fn needs(&self, method: &str, path: &str) -> Option<&Needs> {
        self.by_route.get(&(method.to_owned(), path.to_owned()))
    }

    /// Every declared store operation, by path then method.
    pub fn operations(&self) -> impl Iterator<Item = Operation> + '_ {
        self.by_route.iter().map(|((m, p), n)| Operation {
            method: m.clone(),
            path: p.clone(),
            needs: n.clone(),
        })
    }

    /// The operations `permission` opens, as `METHOD /path`.
    pub fn opened_by(&self, permission: &str) -> Vec<String> {
        self.by_route
            .iter()
            .filter(|(_, n)| matches!(n, Needs::Permission(p) if p == permission))
            .map(|((m, p), _)| format!("{m} {p}"))
            .collect()
    }

    /// The operations open to every member, as `METHOD /path`.
    pub fn open_to_all(&self) -> Vec<String> {
        self.by_route
            .iter()
            .filter(|(_, n)| **n == Needs::AnyMember)
            .map(|((m, p), _)| format!("{m} {p}"))
            .collect()
    }

    /// Store operations without `x-permission`, as `METHOD /path`.
    pub fn undeclared(&self) -> Vec<String> {
        self.undeclared
            .iter()
            .map(|(m, p)| format!("{m} {p}"))
            .collect()
    }
}

/// Whether `path` is a store operation (`/api/v1/store` or below).
pub fn is_store_path(path: &str) -> bool {
    path == STORE_PREFIX || path.starts_with("/api/v1/store/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_extension_and_lists_operations_without_it() {
        let doc: utoipa::openapi::OpenApi = serde_json::from_value(serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/api/v1/store": {"get": {"responses": {}, "x-permission": null}},
                "/api/v1/store/orders": {
                    "get": {"responses": {}, "x-permission": "orders.view"},
                    "post": {"responses": {}}
                },
                "/api/v1/storefront": {"get": {"responses": {}}},
                "/api/v1/admin/merchants": {"get": {"responses": {}}}
            }
        }))
        .unwrap();
        let g = Grants::from_openapi(&doc);
        assert_eq!(g.needs("GET", "/api/v1/store"), Some(&Needs::AnyMember));
        assert_eq!(
            g.needs("GET", "/api/v1/store/orders"),
            Some(&Needs::Permission("orders.view".into()))
        );
        assert_eq!(g.needs("POST", "/api/v1/store/orders"), None);
        assert_eq!(g.undeclared(), vec!["POST /api/v1/store/orders"]);
        assert_eq!(g.opened_by("orders.view"), vec!["GET /api/v1/store/orders"]);
        assert_eq!(g.open_to_all(), vec!["GET /api/v1/store"]);
    }
}
