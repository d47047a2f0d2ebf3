//! The simulator's GraphQL schema (async-graphql). Field shapes follow `letzshop.md`;
//! names the spec does not record (type names, pagination, payloads, the tracking mutation)
//! are our guesses and match [`crate::queries`].

use std::collections::BTreeSet;
use std::sync::Arc;

use async_graphql::{
    Context, EmptySubscription, Enum, ID, InputObject, Object, Schema, SimpleObject, Union,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use std::ops::Bound;

use super::data::{AddressData, ShipmentData};
use super::{Inner, SimState};
use crate::types::Variant;

pub(crate) type SimSchema = Schema<QueryRoot, MutationRoot, EmptySubscription>;

/// Which vendor the request's API key belongs to.
pub(crate) struct VendorCtx(pub usize);
/// The request drew the duplicate-nodes fault.
pub(crate) struct DuplicateFault;

pub(crate) fn build_schema(state: Arc<SimState>) -> SimSchema {
    Schema::build(QueryRoot, MutationRoot, EmptySubscription)
        .data(state)
        .limit_depth(20)
        .finish()
}

#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "ShipmentStateEnum", rename_items = "snake_case")]
pub(crate) enum ShipmentStateEnum {
    Unconfirmed,
    Confirmed,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Country {
    name: String,
    iso: String,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Address {
    first_name: String,
    last_name: String,
    company: Option<String>,
    street_name: String,
    street_number: String,
    city: String,
    zip_code: String,
    phone: Option<String>,
    country: Country,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Order {
    id: ID,
    number: String,
    email: String,
    /// Gross total in euros (a JSON number such as 19.9).
    total: f64,
    /// ISO 8601 with offset.
    completed_at: String,
    locale: String,
    ship_address: Address,
    bill_address: Address,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct TradeId {
    number: String,
    parser: String,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "ProductName")]
pub(crate) struct ProductNameObj {
    en: Option<String>,
    fr: Option<String>,
    de: Option<String>,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Brand {
    name: String,
}

/// A brand given as free text, not (yet) known to Letzshop.
#[derive(SimpleObject, Clone)]
pub(crate) struct BrandUnknown {
    name: Option<String>,
}

#[derive(Union, Clone)]
#[graphql(name = "BrandUnion")]
pub(crate) enum BrandUnion {
    Brand(Brand),
    BrandUnknown(BrandUnknown),
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Product {
    name: ProductNameObj,
    #[graphql(name = "_brand")]
    brand: BrandUnion,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "Variant")]
pub(crate) struct VariantObj {
    id: ID,
    sku: Option<String>,
    mpn: Option<String>,
    /// Gross unit price in euros (a JSON number such as 19.9).
    price: f64,
    trade_id: Option<TradeId>,
    product: Product,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct InventoryUnit {
    id: ID,
    state: String,
    variant: VariantObj,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Tracking {
    code: String,
    provider: String,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct Shipment {
    id: ID,
    number: String,
    state: String,
    order: Order,
    inventory_units: Vec<InventoryUnit>,
    /// Simulator extra (the live API reportedly does not return tracking; Orion's queries
    /// do not ask for it).
    tracking: Option<Tracking>,
}

#[derive(SimpleObject)]
pub(crate) struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(SimpleObject)]
pub(crate) struct ShipmentConnection {
    nodes: Vec<Shipment>,
    page_info: PageInfo,
    total_count: i32,
}

#[derive(SimpleObject, Clone)]
pub(crate) struct UserError {
    id: Option<ID>,
    code: String,
    message: String,
}

#[derive(InputObject)]
pub(crate) struct InventoryUnitConfirmationInput {
    inventory_unit_id: ID,
    is_available: bool,
}

#[derive(InputObject)]
pub(crate) struct ConfirmInventoryUnitsInput {
    inventory_units: Vec<InventoryUnitConfirmationInput>,
}

#[derive(SimpleObject)]
pub(crate) struct ConfirmInventoryUnitsPayload {
    inventory_units: Vec<InventoryUnit>,
    errors: Vec<UserError>,
}

#[derive(InputObject)]
pub(crate) struct SetShipmentTrackingInput {
    shipment_id: ID,
    code: String,
    provider: String,
}

#[derive(SimpleObject)]
pub(crate) struct SetShipmentTrackingPayload {
    shipment: Option<Shipment>,
    errors: Vec<UserError>,
}

pub(crate) fn euros(cents: i64) -> f64 {
    // Simulates the remote server's Float output; Orion's client never reads it as f64.
    cents as f64 / 100.0
}

/// Precomputed GraphQL objects of the catalogue (cloned per unit).
pub(crate) fn variant_objects(catalog: &[Variant]) -> Vec<VariantObj> {
    catalog
        .iter()
        .map(|v| VariantObj {
            id: ID(v.id.clone()),
            sku: v.sku.clone(),
            mpn: v.mpn.clone(),
            price: euros(v.price_cents),
            trade_id: match (&v.gtin, &v.gtin_parser) {
                (Some(n), Some(p)) => Some(TradeId {
                    number: n.clone(),
                    parser: p.clone(),
                }),
                _ => None,
            },
            product: Product {
                name: ProductNameObj {
                    en: v.product_name.en.clone(),
                    fr: v.product_name.fr.clone(),
                    de: v.product_name.de.clone(),
                },
                brand: match &v.brand {
                    Some(b) => BrandUnion::Brand(Brand { name: b.clone() }),
                    None => BrandUnion::BrandUnknown(BrandUnknown { name: None }),
                },
            },
        })
        .collect()
}

fn address(a: &AddressData) -> Address {
    Address {
        first_name: a.first_name.clone(),
        last_name: a.last_name.clone(),
        company: a.company.clone(),
        street_name: a.street_name.clone(),
        street_number: a.street_number.clone(),
        city: a.city.clone(),
        zip_code: a.zip_code.clone(),
        phone: a.phone.clone(),
        country: Country {
            name: a.country_name.to_owned(),
            iso: a.country_iso.to_owned(),
        },
    }
}

fn unit_obj(s: &ShipmentData, k: usize, variants: &[VariantObj]) -> InventoryUnit {
    let u = &s.units[k];
    InventoryUnit {
        id: ID(u.id.clone()),
        state: u.state.to_owned(),
        variant: variants[u.variant].clone(),
    }
}

/// `completedAt` as sent: ISO 8601 with an offset (Letzshop is in Luxembourg; the instant
/// is what matters, the fixed +01:00 exercises offset parsing).
pub(crate) fn completed_at_text(s: &ShipmentData) -> String {
    let lux = chrono::FixedOffset::east_opt(3600).expect("valid offset");
    s.completed_at
        .with_timezone(&lux)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub(crate) fn shipment_obj(s: &ShipmentData, st: &SimState) -> Shipment {
    Shipment {
        id: ID(s.id.clone()),
        number: s.number.clone(),
        state: s.state().to_owned(),
        order: Order {
            id: ID(s.order_id.clone()),
            number: s.order_number.clone(),
            email: s.email.clone(),
            total: euros(s.total_cents(&st.catalog)),
            completed_at: completed_at_text(s),
            locale: s.locale.to_owned(),
            ship_address: address(&s.ship),
            bill_address: address(&s.bill),
        },
        inventory_units: (0..s.units.len())
            .map(|k| unit_obj(s, k, &st.variant_objs))
            .collect(),
        tracking: s.tracking.as_ref().map(|(code, provider)| Tracking {
            code: code.clone(),
            provider: provider.clone(),
        }),
    }
}

pub(crate) fn encode_cursor(seq: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("shipment:{seq}"))
}

pub(crate) fn decode_cursor(c: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(c.trim()).ok()?;
    let s = String::from_utf8(raw).ok()?;
    s.strip_prefix("shipment:")?.parse().ok()
}

fn user_error(id: Option<&str>, code: &str, message: String) -> UserError {
    UserError {
        id: id.map(|i| ID(i.to_owned())),
        code: code.to_owned(),
        message,
    }
}

/// The shipments of one page, by sequence number.
pub(crate) struct PageSelection {
    pub seqs: Vec<usize>,
    pub has_next_page: bool,
    pub total: usize,
}

/// Choose a page: O(page × log n) through the vendor's ordered indexes. With `duplicate`
/// (fault), the node at the `after` cursor (last of the previous page) is repeated first.
pub(crate) fn select_page(
    inner: &Inner,
    vendor: usize,
    state: Option<ShipmentStateEnum>,
    first: usize,
    after_seq: Option<usize>,
    duplicate: bool,
) -> PageSelection {
    let idx = &inner.vendors[vendor];
    let mut seqs: Vec<usize> = Vec::with_capacity(first + 2);
    if duplicate
        && let Some(a) = after_seq
        && inner.shipments.get(a).is_some_and(|s| s.vendor == vendor)
    {
        seqs.push(a);
    }
    let from_set = |set: &BTreeSet<usize>, out: &mut Vec<usize>| match after_seq {
        Some(a) => out.extend(
            set.range((Bound::Excluded(a), Bound::Unbounded))
                .take(first + 1)
                .copied(),
        ),
        None => out.extend(set.iter().take(first + 1).copied()),
    };
    let total = match state {
        Some(ShipmentStateEnum::Unconfirmed) => {
            from_set(&idx.unconfirmed, &mut seqs);
            idx.unconfirmed.len()
        }
        Some(ShipmentStateEnum::Confirmed) => {
            from_set(&idx.confirmed, &mut seqs);
            idx.confirmed.len()
        }
        None => {
            let start = match after_seq {
                Some(a) => idx.all.partition_point(|&s| s <= a),
                None => 0,
            };
            seqs.extend(idx.all[start..].iter().take(first + 1).copied());
            idx.all.len()
        }
    };
    let dup = usize::from(after_seq.is_some() && seqs.first().copied() == after_seq);
    let has_next_page = seqs.len() > first + dup;
    seqs.truncate(first + dup);
    PageSelection {
        seqs,
        has_next_page,
        total,
    }
}

pub(crate) struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// Shipments of the authenticated vendor in a stable order (oldest first).
    /// `state: unconfirmed` = at least one unit undecided; `confirmed` = all decided.
    async fn shipments(
        &self,
        ctx: &Context<'_>,
        state: Option<ShipmentStateEnum>,
        #[graphql(default = 100)] first: i32,
        after: Option<String>,
    ) -> async_graphql::Result<ShipmentConnection> {
        let st = ctx.data::<Arc<SimState>>()?;
        let vendor = ctx.data::<VendorCtx>()?.0;
        if !(1..=500).contains(&first) {
            return Err("first must be between 1 and 500".into());
        }
        let after_seq = match after.as_deref() {
            Some(c) => Some(decode_cursor(c).ok_or("invalid cursor")?),
            None => None,
        };
        let duplicate = ctx.data_opt::<DuplicateFault>().is_some();
        let inner = st.lock();
        let sel = select_page(&inner, vendor, state, first as usize, after_seq, duplicate);
        let seqs = &sel.seqs;
        let (has_next_page, total) = (sel.has_next_page, sel.total);
        let nodes: Vec<Shipment> = seqs
            .iter()
            .map(|&s| shipment_obj(&inner.shipments[s], st))
            .collect();
        Ok(ShipmentConnection {
            nodes,
            page_info: PageInfo {
                has_next_page,
                end_cursor: seqs.last().map(|&s| encode_cursor(s)),
            },
            total_count: i32::try_from(total).unwrap_or(i32::MAX),
        })
    }
}

pub(crate) struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Confirm (`isAvailable: true`) or decline (`false`) inventory units. Re-sending the
    /// decision a unit already has is a no-op; a contradicting decision is an error for
    /// that unit (in `errors`); other units of the call are still applied.
    async fn confirm_inventory_units(
        &self,
        ctx: &Context<'_>,
        input: ConfirmInventoryUnitsInput,
    ) -> async_graphql::Result<ConfirmInventoryUnitsPayload> {
        let st = ctx.data::<Arc<SimState>>()?;
        let vendor = ctx.data::<VendorCtx>()?.0;
        let mut inner = st.lock();
        let mut units = Vec::new();
        let mut errors = Vec::new();
        for item in input.inventory_units {
            let id = item.inventory_unit_id.0;
            let Some(&(seq, k)) = inner.unit_index.get(&id) else {
                errors.push(user_error(
                    Some(&id),
                    "not_found",
                    format!("inventory unit {id} not found"),
                ));
                continue;
            };
            if inner.shipments[seq].vendor != vendor {
                errors.push(user_error(
                    Some(&id),
                    "not_found",
                    format!("inventory unit {id} not found"),
                ));
                continue;
            }
            let wanted = if item.is_available {
                "confirmed_available"
            } else {
                "confirmed_unavailable"
            };
            let current = inner.shipments[seq].units[k].state;
            if current == "unconfirmed" {
                let u = &mut inner.shipments[seq].units[k];
                u.state = wanted;
                u.confirm_calls += 1;
                inner.reindex(seq);
            } else if current != wanted {
                errors.push(user_error(
                    Some(&id),
                    "already_decided",
                    format!("inventory unit {id} is already {current}"),
                ));
                continue;
            }
            units.push(unit_obj(&inner.shipments[seq], k, &st.variant_objs));
        }
        Ok(ConfirmInventoryUnitsPayload {
            inventory_units: units,
            errors,
        })
    }

    /// Set the tracking number (`code`) and carrier (`provider`) of a shipment.
    /// (Name and arguments are Orion's guess; see docs.)
    async fn set_shipment_tracking(
        &self,
        ctx: &Context<'_>,
        input: SetShipmentTrackingInput,
    ) -> async_graphql::Result<SetShipmentTrackingPayload> {
        let st = ctx.data::<Arc<SimState>>()?;
        let vendor = ctx.data::<VendorCtx>()?.0;
        let id = input.shipment_id.0;
        let mut inner = st.lock();
        let seq = match inner.shipment_index.get(&id) {
            Some(&seq) if inner.shipments[seq].vendor == vendor => seq,
            _ => {
                return Ok(SetShipmentTrackingPayload {
                    shipment: None,
                    errors: vec![user_error(
                        Some(&id),
                        "not_found",
                        format!("shipment {id} not found"),
                    )],
                });
            }
        };
        let code = input.code.trim().to_owned();
        let provider = input.provider.trim().to_owned();
        if code.is_empty() || provider.is_empty() {
            return Ok(SetShipmentTrackingPayload {
                shipment: None,
                errors: vec![user_error(
                    Some(&id),
                    "invalid",
                    "code and provider are required".into(),
                )],
            });
        }
        let s = &mut inner.shipments[seq];
        let new = Some((code, provider));
        if s.tracking != new {
            s.tracking = new;
            s.tracking_calls += 1;
        }
        Ok(SetShipmentTrackingPayload {
            shipment: Some(shipment_obj(&inner.shipments[seq], st)),
            errors: Vec::new(),
        })
    }
}
