//! `check-schema` against the simulator (complete) and against reduced schemas.

use std::time::Duration;

use async_graphql::{EmptyMutation, EmptySubscription, Enum, ID, Object, Schema, SimpleObject};
use orion_letzshop::queries::INTROSPECTION_QUERY;
use orion_letzshop::schema_check::check_introspection_json;
use orion_letzshop::{Client, ClientOptions, SimulatorConfig, check_schema, start_simulator};
use serde_json::{Value, json};

fn opts() -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_secs(5),
        max_retries: 1,
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(10),
        page_size: 10,
    }
}

#[tokio::test]
async fn the_simulator_schema_is_complete() {
    let h = start_simulator(
        "127.0.0.1:0".parse().unwrap(),
        SimulatorConfig {
            api_key: "K".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let c = Client::new(&h.endpoint(), "K", opts()).unwrap();
    let report = check_schema(&c).await.unwrap();
    assert!(report.is_complete(), "{:#?}", report.missing);
    assert!(report.checked > 80, "checked only {}", report.checked);
}

/// Simulator introspection with `Order.locale`, `Brand` in the brand union, the enum value
/// `confirmed` and the input field `isAvailable` removed: exactly those are reported.
#[tokio::test]
async fn edited_introspection_reports_each_removed_item() {
    let h = start_simulator(
        "127.0.0.1:0".parse().unwrap(),
        SimulatorConfig {
            api_key: "K".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let c = Client::new(&h.endpoint(), "K", opts()).unwrap();
    let mut data: Value = c.execute(INTROSPECTION_QUERY, json!({})).await.unwrap();
    let types = data["__schema"]["types"].as_array_mut().unwrap();
    for t in types.iter_mut() {
        match t["name"].as_str() {
            Some("Order") => t["fields"]
                .as_array_mut()
                .unwrap()
                .retain(|f| f["name"] != "locale"),
            Some("BrandUnion") => t["possibleTypes"]
                .as_array_mut()
                .unwrap()
                .retain(|p| p["name"] != "Brand"),
            Some("ShipmentStateEnum") => t["enumValues"]
                .as_array_mut()
                .unwrap()
                .retain(|v| v["name"] != "confirmed"),
            Some("InventoryUnitConfirmationInput") => t["inputFields"]
                .as_array_mut()
                .unwrap()
                .retain(|f| f["name"] != "isAvailable"),
            _ => {}
        }
    }
    let report = check_introspection_json(data).unwrap();
    assert_eq!(
        report.missing,
        vec![
            "Query.shipments.nodes.order.locale: field missing on type Order".to_owned(),
            "Query.shipments.nodes.inventoryUnits.variant.product._brand ... on Brand: Brand is not a possible type of BrandUnion".to_owned(),
            "ConfirmInventoryUnitsInput.inventoryUnits.isAvailable: input field missing on InventoryUnitConfirmationInput".to_owned(),
            "ShipmentStateEnum.confirmed: enum value missing".to_owned(),
        ]
    );
}

// A deliberately reduced Letzshop: shipments without `after`, nodes without order/units,
// no pageInfo, no mutations, and a state enum without `confirmed`.

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "ShipmentStateEnum", rename_items = "snake_case")]
enum ReducedState {
    Unconfirmed,
}

#[derive(SimpleObject)]
struct Shipment {
    id: ID,
    number: String,
    state: String,
}

#[derive(SimpleObject)]
struct ShipmentConnection {
    nodes: Vec<Shipment>,
}

struct ReducedQuery;

#[Object]
impl ReducedQuery {
    async fn shipments(
        &self,
        state: Option<ReducedState>,
        first: Option<i32>,
    ) -> ShipmentConnection {
        let _ = (state, first);
        ShipmentConnection { nodes: Vec::new() }
    }
}

#[tokio::test]
async fn a_reduced_schema_served_over_http_reports_what_is_missing() {
    let schema = Schema::new(ReducedQuery, EmptyMutation, EmptySubscription);
    let app = axum::Router::new().route(
        "/graphql",
        axum::routing::post_service(async_graphql_axum::GraphQL::new(schema)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let c = Client::new(&format!("http://{addr}/graphql"), "any", opts()).unwrap();
    let report = check_schema(&c).await.unwrap();
    assert!(!report.is_complete());
    let has = |s: &str| report.missing.iter().any(|m| m == s);
    for expected in [
        "Query.shipments(after): argument missing",
        "Query.shipments.nodes.order: field missing on type Shipment",
        "Query.shipments.nodes.inventoryUnits: field missing on type Shipment",
        "Query.shipments.pageInfo: field missing on type ShipmentConnection",
        "OrionConfirmInventoryUnits: the schema has no mutation type",
        "OrionSetShipmentTracking: the schema has no mutation type",
        "ConfirmInventoryUnitsInput: input type ConfirmInventoryUnitsInput missing",
        "SetShipmentTrackingInput: input type SetShipmentTrackingInput missing",
        "ShipmentStateEnum.confirmed: enum value missing",
    ] {
        assert!(has(expected), "{expected:?} not in {:#?}", report.missing);
    }
    // What exists is not reported.
    assert!(!report.missing.iter().any(|m| m.contains("nodes.id")
        || m.contains("nodes.number")
        || m.contains("(state)")
        || m.contains("(first)")));
}
