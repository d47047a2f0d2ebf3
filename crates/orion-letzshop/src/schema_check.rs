//! `check-schema`: introspect an endpoint and report every type, field, argument,
//! inline-fragment type, variable type, input field and enum value Orion uses that the
//! endpoint lacks. What Orion uses is read from the operation texts in [`crate::queries`]
//! (parsed with the async-graphql parser), plus the static [`crate::queries::INPUT_REQUIREMENTS`]
//! and [`crate::queries::ENUM_REQUIREMENTS`] for what travels in variables.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, OperationType, Selection, SelectionSet, Type,
};
use serde::Deserialize;
use serde_json::json;

use crate::client::{Client, ClientError};
use crate::queries;

/// Result of a schema check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaReport {
    /// Number of requirements checked.
    pub checked: usize,
    /// One line per missing item, e.g. `Query.shipments.nodes.order.locale: field missing on type Order`.
    pub missing: Vec<String>,
}

impl SchemaReport {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }

    fn miss(&mut self, m: String) {
        if !self.missing.contains(&m) {
            self.missing.push(m);
        }
    }
}

/// Run the introspection query through `client` (auth, retries) and check the result.
pub async fn check_schema(client: &Client) -> Result<SchemaReport, ClientError> {
    let data: Introspection = client
        .execute(queries::INTROSPECTION_QUERY, json!({}))
        .await?;
    Ok(check_introspection(&data))
}

/// Check the `data` of an introspection response (the object holding `__schema`).
pub fn check_introspection_json(data: serde_json::Value) -> Result<SchemaReport, ClientError> {
    let data: Introspection = serde_json::from_value(data)
        .map_err(|e| ClientError::InvalidResponse(format!("introspection: {e}")))?;
    Ok(check_introspection(&data))
}

#[derive(Debug, Deserialize)]
pub struct Introspection {
    #[serde(rename = "__schema")]
    schema: ISchema,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ISchema {
    query_type: Option<Named>,
    mutation_type: Option<Named>,
    types: Vec<IType>,
}

#[derive(Debug, Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IType {
    kind: String,
    name: Option<String>,
    fields: Option<Vec<IField>>,
    input_fields: Option<Vec<IInput>>,
    enum_values: Option<Vec<Named>>,
    possible_types: Option<Vec<Named>>,
}

#[derive(Debug, Deserialize)]
struct IField {
    name: String,
    #[serde(default)]
    args: Vec<IInput>,
    #[serde(rename = "type")]
    ty: TypeRef,
}

#[derive(Debug, Deserialize)]
struct IInput {
    name: String,
    #[serde(rename = "type")]
    ty: TypeRef,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeRef {
    name: Option<String>,
    of_type: Option<Box<TypeRef>>,
}

impl TypeRef {
    /// The named type under LIST / NON_NULL wrappers.
    fn named(&self) -> Option<&str> {
        match (&self.name, &self.of_type) {
            (Some(n), _) => Some(n),
            (None, Some(t)) => t.named(),
            (None, None) => None,
        }
    }
}

fn base_name(t: &Type) -> &str {
    match &t.base {
        BaseType::Named(n) => n.as_str(),
        BaseType::List(inner) => base_name(inner),
    }
}

struct Checker<'a> {
    types: HashMap<&'a str, &'a IType>,
    report: SchemaReport,
}

impl<'a> Checker<'a> {
    fn walk(&mut self, doc: &ExecutableDocument, ty: &str, path: &str, set: &SelectionSet) {
        let Some(t) = self.types.get(ty).copied() else {
            return;
        };
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    if name.starts_with("__") {
                        continue;
                    }
                    self.report.checked += 1;
                    let Some(field) = t.fields.iter().flatten().find(|x| x.name == name) else {
                        self.report
                            .miss(format!("{path}.{name}: field missing on type {ty}"));
                        continue;
                    };
                    for (arg, _) in &f.node.arguments {
                        self.report.checked += 1;
                        if !field.args.iter().any(|a| a.name == arg.node.as_str()) {
                            self.report
                                .miss(format!("{path}.{name}({}): argument missing", arg.node));
                        }
                    }
                    if !f.node.selection_set.node.items.is_empty()
                        && let Some(inner) = field.ty.named()
                    {
                        self.walk(
                            doc,
                            inner,
                            &format!("{path}.{name}"),
                            &f.node.selection_set.node,
                        );
                    }
                }
                Selection::InlineFragment(fr) => match &fr.node.type_condition {
                    Some(cond) => {
                        let on = cond.node.on.node.as_str();
                        self.fragment(doc, t, ty, on, path, &fr.node.selection_set.node);
                    }
                    None => self.walk(doc, ty, path, &fr.node.selection_set.node),
                },
                Selection::FragmentSpread(sp) => {
                    let name = &sp.node.fragment_name.node;
                    if let Some(def) = doc.fragments.get(name) {
                        let on = def.node.type_condition.node.on.node.as_str();
                        self.fragment(doc, t, ty, on, path, &def.node.selection_set.node);
                    }
                }
            }
        }
    }

    fn fragment(
        &mut self,
        doc: &ExecutableDocument,
        parent: &IType,
        parent_name: &str,
        on: &str,
        path: &str,
        set: &SelectionSet,
    ) {
        self.report.checked += 1;
        if !self.types.contains_key(on) {
            self.report
                .miss(format!("{path} ... on {on}: type {on} missing"));
            return;
        }
        if on != parent_name
            && matches!(parent.kind.as_str(), "UNION" | "INTERFACE")
            && !parent
                .possible_types
                .iter()
                .flatten()
                .any(|p| p.name.as_deref() == Some(on))
        {
            self.report.miss(format!(
                "{path} ... on {on}: {on} is not a possible type of {parent_name}"
            ));
        }
        self.walk(doc, on, &format!("{path}[on {on}]"), set);
    }
}

/// Check an introspection result against everything Orion uses.
pub fn check_introspection(data: &Introspection) -> SchemaReport {
    let types: HashMap<&str, &IType> = data
        .schema
        .types
        .iter()
        .filter_map(|t| t.name.as_deref().map(|n| (n, t)))
        .collect();
    let mut c = Checker {
        types,
        report: SchemaReport::default(),
    };
    let query_root = data
        .schema
        .query_type
        .as_ref()
        .and_then(|n| n.name.as_deref());
    let mutation_root = data
        .schema
        .mutation_type
        .as_ref()
        .and_then(|n| n.name.as_deref());
    for (op_name, text) in queries::ALL_OPERATIONS {
        let doc = match async_graphql::parser::parse_query(text) {
            Ok(d) => d,
            Err(e) => {
                c.report.miss(format!("{op_name}: does not parse: {e}"));
                continue;
            }
        };
        for (_, op) in doc.operations.iter() {
            let (root, kind) = match op.node.ty {
                OperationType::Query => (query_root, "Query"),
                OperationType::Mutation => (mutation_root, "Mutation"),
                OperationType::Subscription => (None, "Subscription"),
            };
            c.report.checked += 1;
            let Some(root) = root else {
                c.report.miss(format!(
                    "{op_name}: the schema has no {} type",
                    kind.to_lowercase()
                ));
                continue;
            };
            for var in &op.node.variable_definitions {
                let tn = base_name(&var.node.var_type.node);
                c.report.checked += 1;
                if !c.types.contains_key(tn) {
                    c.report.miss(format!(
                        "{op_name}: ${}: type {tn} missing",
                        var.node.name.node
                    ));
                }
            }
            // Paths start with the operation kind, whatever the root types are named.
            c.walk(&doc, root, kind, &op.node.selection_set.node);
        }
    }
    for (input, path) in queries::INPUT_REQUIREMENTS {
        let mut ty: &str = input;
        let mut at = (*input).to_owned();
        for step in *path {
            c.report.checked += 1;
            let Some(t) = c.types.get(ty).copied() else {
                c.report.miss(format!("{at}: input type {ty} missing"));
                break;
            };
            let Some(f) = t.input_fields.iter().flatten().find(|f| f.name == *step) else {
                c.report
                    .miss(format!("{at}.{step}: input field missing on {ty}"));
                break;
            };
            at = format!("{at}.{step}");
            match f.ty.named() {
                Some(n) => ty = n,
                None => break,
            }
        }
    }
    for (enum_name, values) in queries::ENUM_REQUIREMENTS {
        let Some(t) = c.types.get(enum_name).copied() else {
            c.report.checked += 1;
            c.report.miss(format!("enum {enum_name} missing"));
            continue;
        };
        for v in *values {
            c.report.checked += 1;
            if !t
                .enum_values
                .iter()
                .flatten()
                .any(|e| e.name.as_deref() == Some(*v))
            {
                c.report
                    .miss(format!("{enum_name}.{v}: enum value missing"));
            }
        }
    }
    c.report
}
