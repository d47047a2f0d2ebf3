//! EVERY GraphQL text Orion sends to Letzshop, and the static requirements `check-schema`
//! verifies that cannot be read from the texts themselves (input-object fields and enum
//! values carried in variables). A schema difference found against the live API is a
//! change in this file only.
//!
//! Known from introspection of the live API (see `docs/index.md`): `shipments(state:)`,
//! the shipment/order/address/inventory-unit/variant field shapes, `confirmInventoryUnits`.
//! OUR GUESSES (not recorded from the live API): the pagination arguments `first`/`after`
//! with `pageInfo { hasNextPage endCursor }`, the enum name `ShipmentStateEnum`, the input
//! type names, the payload `errors { id code message }`, and the tracking mutation
//! `setShipmentTracking(input: { shipmentId, code, provider })`. `orion letzshop
//! check-schema` reports which of these the live endpoint lacks.

/// The selection of an address (written out twice: no named fragment, because the real
/// type name of addresses is not known and a fragment would have to name it).
macro_rules! address_fields {
    () => {
        "firstName lastName company streetName streetNumber city zipCode phone country { name iso }"
    };
}

/// One page of shipments. Variables: `state` (`unconfirmed`|`confirmed`), `first`, `after`.
pub const SHIPMENTS_QUERY: &str = concat!(
    "query OrionShipments($state: ShipmentStateEnum, $first: Int, $after: String) {\n",
    "  shipments(state: $state, first: $first, after: $after) {\n",
    "    nodes {\n",
    "      id number state\n",
    "      order {\n",
    "        id number email total completedAt locale\n",
    "        shipAddress { ",
    address_fields!(),
    " }\n",
    "        billAddress { ",
    address_fields!(),
    " }\n",
    "      }\n",
    "      inventoryUnits {\n",
    "        id state\n",
    "        variant {\n",
    "          id sku mpn price\n",
    "          tradeId { number parser }\n",
    "          product { name { en fr de } _brand { __typename ... on Brand { name } } }\n",
    "        }\n",
    "      }\n",
    "    }\n",
    "    pageInfo { hasNextPage endCursor }\n",
    "  }\n",
    "}\n"
);

/// Cheap authenticated call used to verify an API key.
pub const VERIFY_QUERY: &str =
    "query OrionVerify { shipments(state: unconfirmed, first: 1) { nodes { id } } }\n";

/// Confirm (`isAvailable: true`) or decline (`false`) inventory units.
/// Variables: `{"input": {"inventoryUnits": [{"inventoryUnitId": ID, "isAvailable": Boolean}]}}`.
pub const CONFIRM_INVENTORY_UNITS_MUTATION: &str = concat!(
    "mutation OrionConfirmInventoryUnits($input: ConfirmInventoryUnitsInput!) {\n",
    "  confirmInventoryUnits(input: $input) {\n",
    "    inventoryUnits { id state }\n",
    "    errors { id code message }\n",
    "  }\n",
    "}\n"
);

/// Set the tracking number and carrier of a shipment (name and arguments are OUR GUESS).
/// Variables: `{"input": {"shipmentId": ID, "code": String, "provider": String}}`.
pub const SET_SHIPMENT_TRACKING_MUTATION: &str = concat!(
    "mutation OrionSetShipmentTracking($input: SetShipmentTrackingInput!) {\n",
    "  setShipmentTracking(input: $input) {\n",
    "    shipment { id }\n",
    "    errors { id code message }\n",
    "  }\n",
    "}\n"
);

/// Every operation Orion sends, for `check-schema` (fields, arguments, fragments and
/// variable types are read from these texts).
pub const ALL_OPERATIONS: &[(&str, &str)] = &[
    ("OrionShipments", SHIPMENTS_QUERY),
    ("OrionVerify", VERIFY_QUERY),
    (
        "OrionConfirmInventoryUnits",
        CONFIRM_INVENTORY_UNITS_MUTATION,
    ),
    ("OrionSetShipmentTracking", SET_SHIPMENT_TRACKING_MUTATION),
];

/// Input-object fields Orion puts in variables: (input type, path of fields). Each path
/// step descends into the (list/non-null unwrapped) type of the previous field.
pub const INPUT_REQUIREMENTS: &[(&str, &[&str])] = &[
    (
        "ConfirmInventoryUnitsInput",
        &["inventoryUnits", "inventoryUnitId"],
    ),
    (
        "ConfirmInventoryUnitsInput",
        &["inventoryUnits", "isAvailable"],
    ),
    ("SetShipmentTrackingInput", &["shipmentId"]),
    ("SetShipmentTrackingInput", &["code"]),
    ("SetShipmentTrackingInput", &["provider"]),
];

/// Enum values Orion sends: (enum type, values).
pub const ENUM_REQUIREMENTS: &[(&str, &[&str])] =
    &[("ShipmentStateEnum", &["unconfirmed", "confirmed"])];

/// The standard introspection query (types, fields, arguments, input fields, enum values,
/// possible types), as used by GraphiQL, trimmed of descriptions and directives.
pub const INTROSPECTION_QUERY: &str = concat!(
    "query OrionIntrospection {\n",
    "  __schema {\n",
    "    queryType { name }\n",
    "    mutationType { name }\n",
    "    types {\n",
    "      kind name\n",
    "      fields(includeDeprecated: true) { name args { name type { ...TypeRef } } type { ...TypeRef } }\n",
    "      inputFields { name type { ...TypeRef } }\n",
    "      enumValues(includeDeprecated: true) { name }\n",
    "      possibleTypes { name }\n",
    "    }\n",
    "  }\n",
    "}\n",
    "fragment TypeRef on __Type {\n",
    "  kind name\n",
    "  ofType { kind name ofType { kind name ofType { kind name ofType { kind name\n",
    "    ofType { kind name ofType { kind name ofType { kind name } } } } } } }\n",
    "}\n"
);
