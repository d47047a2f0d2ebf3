//! Fast path for Orion's own page query ([`crate::queries::SHIPMENTS_QUERY`], byte-identical
//! text): the JSON is assembled from per-shipment and per-variant fragments serialized once,
//! instead of resolving ~10,000 fields per page through async-graphql. The answer is the same
//! as the general path's (a test compares both); anything unusual (bad cursor, odd
//! variables) falls back to the general path, which produces the proper GraphQL errors.

use async_graphql::Value as GqlValue;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::SimState;
use super::data::{AddressData, ShipmentData};
use super::schema::{
    ShipmentStateEnum, completed_at_text, decode_cursor, encode_cursor, euros, select_page,
};
use crate::types::Variant;

fn address_json(a: &AddressData) -> serde_json::Value {
    json!({
        "firstName": a.first_name, "lastName": a.last_name, "company": a.company,
        "streetName": a.street_name, "streetNumber": a.street_number, "city": a.city,
        "zipCode": a.zip_code, "phone": a.phone,
        "country": {"name": a.country_name, "iso": a.country_iso},
    })
}

/// `order { … }` of a shipment as selected by the page query (it never changes).
pub(crate) fn order_json(s: &ShipmentData, catalog: &[Variant]) -> String {
    json!({
        "id": s.order_id, "number": s.order_number, "email": s.email,
        "total": euros(s.total_cents(catalog)), "completedAt": completed_at_text(s),
        "locale": s.locale,
        "shipAddress": address_json(&s.ship), "billAddress": address_json(&s.bill),
    })
    .to_string()
}

/// `variant { … }` as selected by the page query.
pub(crate) fn variant_json(v: &Variant) -> String {
    let trade_id = match (&v.gtin, &v.gtin_parser) {
        (Some(n), Some(p)) => json!({"number": n, "parser": p}),
        _ => serde_json::Value::Null,
    };
    let brand = match &v.brand {
        Some(b) => json!({"__typename": "Brand", "name": b}),
        None => json!({"__typename": "BrandUnknown"}),
    };
    json!({
        "id": v.id, "sku": v.sku, "mpn": v.mpn, "price": euros(v.price_cents),
        "tradeId": trade_id,
        "product": {
            "name": {"en": v.product_name.en, "fr": v.product_name.fr, "de": v.product_name.de},
            "_brand": brand,
        },
    })
    .to_string()
}

fn var<'a>(vars: &'a async_graphql::Variables, name: &str) -> Option<&'a GqlValue> {
    vars.iter()
        .find(|(k, _)| k.as_str() == name)
        .map(|(_, v)| v)
        .filter(|v| !matches!(v, GqlValue::Null))
}

fn push_str(out: &mut String, s: &str) {
    out.push_str(&serde_json::Value::from(s).to_string());
}

/// The page as a complete HTTP response, or `None` to use the general path.
pub(crate) fn shipments_page(
    st: &SimState,
    vendor: usize,
    vars: &async_graphql::Variables,
    duplicate: bool,
) -> Option<Response> {
    let state = match var(vars, "state") {
        None => None,
        Some(v) => {
            let text = match v {
                GqlValue::String(s) => s.as_str(),
                GqlValue::Enum(n) => n.as_str(),
                _ => return None,
            };
            match text {
                "unconfirmed" => Some(ShipmentStateEnum::Unconfirmed),
                "confirmed" => Some(ShipmentStateEnum::Confirmed),
                _ => return None,
            }
        }
    };
    let first = match var(vars, "first") {
        None => 100,
        Some(GqlValue::Number(n)) => n.as_u64().filter(|n| (1..=500).contains(n))? as usize,
        Some(_) => return None,
    };
    let after = match var(vars, "after") {
        None => None,
        Some(GqlValue::String(c)) => Some(decode_cursor(c)?),
        Some(_) => return None,
    };
    let inner = st.lock();
    let sel = select_page(&inner, vendor, state, first, after, duplicate);
    let mut out = String::with_capacity(64 + sel.seqs.len() * 2048);
    out.push_str(r#"{"data":{"shipments":{"nodes":["#);
    for (i, &seq) in sel.seqs.iter().enumerate() {
        let s = &inner.shipments[seq];
        if i > 0 {
            out.push(',');
        }
        out.push_str(r#"{"id":"#);
        push_str(&mut out, &s.id);
        out.push_str(r#","number":"#);
        push_str(&mut out, &s.number);
        out.push_str(r#","state":"#);
        push_str(&mut out, s.state());
        out.push_str(r#","order":"#);
        out.push_str(&inner.order_json[seq]);
        out.push_str(r#","inventoryUnits":["#);
        for (k, u) in s.units.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(r#"{"id":"#);
            push_str(&mut out, &u.id);
            out.push_str(r#","state":"#);
            push_str(&mut out, u.state);
            out.push_str(r#","variant":"#);
            out.push_str(&st.variant_json[u.variant]);
            out.push('}');
        }
        out.push_str("]}");
    }
    out.push_str(r#"],"pageInfo":{"hasNextPage":"#);
    out.push_str(if sel.has_next_page { "true" } else { "false" });
    out.push_str(r#","endCursor":"#);
    match sel.seqs.last() {
        Some(&s) => push_str(&mut out, &encode_cursor(s)),
        None => out.push_str("null"),
    }
    out.push_str("}}}}");
    Some(
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            out,
        )
            .into_response(),
    )
}
