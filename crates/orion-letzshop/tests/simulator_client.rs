//! The client against the in-process simulator: paging, retries, auth, mutations, counters.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use orion_letzshop::{
    Client, ClientError, ClientOptions, FaultKind, ShipmentState, SimulatorConfig, SimulatorHandle,
    start_simulator,
};

fn fast_opts(page_size: u32) -> ClientOptions {
    ClientOptions {
        timeout: Duration::from_millis(400),
        max_retries: 12,
        base_backoff: Duration::from_millis(2),
        max_backoff: Duration::from_millis(40),
        page_size,
    }
}

async fn sim(cfg: SimulatorConfig) -> SimulatorHandle {
    start_simulator("127.0.0.1:0".parse().unwrap(), cfg)
        .await
        .expect("simulator starts")
}

fn client(h: &SimulatorHandle, vendor: usize, page_size: u32) -> Client {
    Client::new(
        &h.endpoint(),
        &h.api_key(vendor).unwrap(),
        fast_opts(page_size),
    )
    .unwrap()
}

#[tokio::test]
async fn pagination_returns_each_shipment_once_despite_duplicate_nodes() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 250,
        seed: 11,
        error_rate: 0.6,
        faults: vec![FaultKind::DuplicateNodes],
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 20);
    // Raw paging: duplicates do appear, and nothing is lost.
    let mut raw = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = c
            .shipments_page(ShipmentState::Unconfirmed, after.as_deref())
            .await
            .unwrap();
        raw.extend(page.nodes.into_iter().map(|s| s.id));
        if !page.has_next_page {
            break;
        }
        after = page.end_cursor;
    }
    assert!(raw.len() > 250, "duplicate-node faults were injected");
    let unique: HashSet<&String> = raw.iter().collect();
    assert_eq!(unique.len(), 250);
    // The helper dedupes and keeps the simulator's order.
    let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    let ids: Vec<String> = all.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, h.shipment_ids(0));
}

#[tokio::test]
async fn retries_survive_every_fault_kind_and_mutations_apply_once() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 40,
        seed: 5,
        error_rate: 0.3,
        timeout_hint_ms: 250, // slow fault: 500 ms > client timeout 400 ms
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 10);
    let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    assert_eq!(all.len(), 40);
    // Every unit confirmed (even shipments) or declined (odd) through the faulty link.
    for (i, s) in all.iter().enumerate() {
        let ids: Vec<String> = s.inventory_units.iter().map(|u| u.id.clone()).collect();
        c.confirm_inventory_units(&ids, i % 2 == 0).await.unwrap();
        c.set_tracking(&s.id, &format!("TRK{i}"), "post_lu")
            .await
            .unwrap();
    }
    for (i, s) in all.iter().enumerate() {
        let want = if i % 2 == 0 {
            "confirmed_available"
        } else {
            "confirmed_unavailable"
        };
        for u in &s.inventory_units {
            assert_eq!(h.unit_state(&u.id).as_deref(), Some(want));
            assert_eq!(h.confirm_calls(&u.id), 1, "applied exactly once");
        }
        assert_eq!(
            h.tracking(&s.id),
            Some((format!("TRK{i}"), "post_lu".to_owned()))
        );
        assert_eq!(h.tracking_calls(&s.id), 1);
    }
    assert!(
        h.request_count() > 40 + 40 + 4,
        "faults caused retries ({} requests)",
        h.request_count()
    );
    let left = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    assert!(left.is_empty());
    let confirmed = c.all_shipments(ShipmentState::Confirmed).await.unwrap();
    assert_eq!(confirmed.len(), 40);
}

#[tokio::test]
async fn each_fault_kind_alone_is_retried() {
    for kind in FaultKind::ALL {
        let h = sim(SimulatorConfig {
            api_key: "K".into(),
            shipments: 12,
            seed: 3,
            error_rate: 0.5,
            timeout_hint_ms: 150,
            faults: vec![kind],
            ..Default::default()
        })
        .await;
        let c = Client::new(
            &h.endpoint(),
            "K",
            ClientOptions {
                timeout: Duration::from_millis(200),
                ..fast_opts(5)
            },
        )
        .unwrap();
        let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
        assert_eq!(all.len(), 12, "{kind}");
        let unit = all[0].inventory_units[0].id.clone();
        c.confirm_inventory_units(std::slice::from_ref(&unit), true)
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        assert_eq!(h.confirm_calls(&unit), 1, "{kind}");
    }
}

#[tokio::test]
async fn persistent_faults_end_in_a_transient_error() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 3,
        error_rate: 1.0,
        faults: vec![FaultKind::TruncatedJson, FaultKind::Http502],
        ..Default::default()
    })
    .await;
    let c = Client::new(
        &h.endpoint(),
        "K",
        ClientOptions {
            max_retries: 3,
            ..fast_opts(10)
        },
    )
    .unwrap();
    let e = c
        .shipments_page(ShipmentState::Unconfirmed, None)
        .await
        .unwrap_err();
    assert!(e.is_transient(), "{e:?}");
    assert_eq!(h.request_count(), 4, "1 attempt + 3 retries");
}

#[tokio::test]
async fn unauthorized_is_not_retried() {
    let h = sim(SimulatorConfig {
        api_key: "good".into(),
        shipments: 3,
        ..Default::default()
    })
    .await;
    let c = Client::new(&h.endpoint(), "bad", fast_opts(10)).unwrap();
    match c.verify().await {
        Err(ClientError::Unauthorized(m)) => assert!(m.contains("Unauthorized"), "{m}"),
        other => panic!("expected Unauthorized, got {other:?}"),
    }
    assert_eq!(h.request_count(), 1);
    let e = c
        .shipments_page(ShipmentState::Unconfirmed, None)
        .await
        .unwrap_err();
    assert!(matches!(e, ClientError::Unauthorized(_)));
    assert!(!e.is_transient());
    assert_eq!(h.request_count(), 2);
    // The good key works.
    Client::new(&h.endpoint(), "good", fast_opts(10))
        .unwrap()
        .verify()
        .await
        .unwrap();
}

#[tokio::test]
async fn graphql_validation_errors_are_not_retried() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 1,
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 10);
    let e = c
        .execute::<serde_json::Value>("query { nope }", serde_json::json!({}))
        .await
        .unwrap_err();
    match e {
        ClientError::GraphQl(m) => assert!(m[0].contains("nope"), "{m:?}"),
        other => panic!("expected GraphQl, got {other:?}"),
    }
    assert_eq!(h.request_count(), 1);
}

#[tokio::test]
async fn confirm_decline_and_tracking_are_visible_in_later_queries() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 30,
        seed: 9,
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 100);
    let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    let a = &all[0];
    let b = all
        .iter()
        .skip(1)
        .find(|s| s.inventory_units.len() >= 2)
        .expect("a shipment with 2+ units");
    // Confirm all of A; decline one unit of B (partial decision).
    let a_units: Vec<String> = a.inventory_units.iter().map(|u| u.id.clone()).collect();
    c.confirm_inventory_units(&a_units, true).await.unwrap();
    let b_unit = b.inventory_units[0].id.clone();
    c.confirm_inventory_units(std::slice::from_ref(&b_unit), false)
        .await
        .unwrap();
    c.set_tracking(&a.id, "LU123456789", "post_lu")
        .await
        .unwrap();

    let unconfirmed = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    assert!(!unconfirmed.iter().any(|s| s.id == a.id));
    let b2 = unconfirmed.iter().find(|s| s.id == b.id).unwrap();
    assert_eq!(b2.state, "unconfirmed");
    assert_eq!(b2.inventory_units[0].state, "confirmed_unavailable");
    assert_eq!(b2.inventory_units[1].state, "unconfirmed");

    let confirmed = c.all_shipments(ShipmentState::Confirmed).await.unwrap();
    assert_eq!(confirmed.len(), 1);
    assert_eq!(confirmed[0].id, a.id);
    assert_eq!(confirmed[0].state, "confirmed");
    assert!(
        confirmed[0]
            .inventory_units
            .iter()
            .all(|u| u.state == "confirmed_available")
    );
    assert_eq!(
        h.tracking(&a.id),
        Some(("LU123456789".into(), "post_lu".into()))
    );
    // The simulator also exposes tracking in queries (the live API reportedly does not).
    let v: serde_json::Value = c
        .execute(
            "query { shipments(state: confirmed) { nodes { id tracking { code provider } } } }",
            serde_json::json!({}),
        )
        .await
        .unwrap();
    assert_eq!(
        v["shipments"]["nodes"][0]["tracking"]["code"],
        "LU123456789"
    );
}

#[tokio::test]
async fn counters_count_state_changes_only() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 5,
        seed: 2,
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 100);
    let s = &c.all_shipments(ShipmentState::Unconfirmed).await.unwrap()[0];
    let unit = vec![s.inventory_units[0].id.clone()];
    c.confirm_inventory_units(&unit, true).await.unwrap();
    c.confirm_inventory_units(&unit, true).await.unwrap(); // same decision: no-op
    assert_eq!(h.confirm_calls(&unit[0]), 1);
    // Contradicting decision: error for that unit, nothing changes.
    match c.confirm_inventory_units(&unit, false).await {
        Err(ClientError::GraphQl(m)) => assert!(m[0].contains("already"), "{m:?}"),
        other => panic!("expected GraphQl error, got {other:?}"),
    }
    assert_eq!(
        h.unit_state(&unit[0]).as_deref(),
        Some("confirmed_available")
    );
    assert_eq!(h.confirm_calls(&unit[0]), 1);
    // Unknown unit.
    let e = c
        .confirm_inventory_units(&["iu_nope".to_owned()], true)
        .await
        .unwrap_err();
    assert!(matches!(e, ClientError::GraphQl(_)));

    c.set_tracking(&s.id, "T1", "dhl").await.unwrap();
    c.set_tracking(&s.id, "T1", "dhl").await.unwrap();
    assert_eq!(h.tracking_calls(&s.id), 1);
    c.set_tracking(&s.id, "T2", "dhl").await.unwrap();
    assert_eq!(h.tracking_calls(&s.id), 2);
    assert_eq!(h.tracking(&s.id), Some(("T2".into(), "dhl".into())));
    assert!(matches!(
        c.set_tracking("shp_nope", "T", "dhl").await,
        Err(ClientError::GraphQl(_))
    ));
}

#[tokio::test]
async fn vendors_see_only_their_own_shipments() {
    let h = sim(SimulatorConfig {
        api_key: "KEY".into(),
        shipments: 30,
        vendors: 3,
        ..Default::default()
    })
    .await;
    assert_eq!(h.api_key(1).as_deref(), Some("KEY-2"));
    let mut seen = HashSet::new();
    for v in 0..3 {
        let c = client(&h, v, 7);
        let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
        assert_eq!(all.len(), 10);
        for s in &all {
            assert!(seen.insert(s.id.clone()));
        }
        // A unit of another vendor cannot be confirmed with this key.
        let other = h.shipment_ids((v + 1) % 3)[0].clone();
        let unit = h.unit_ids(&other)[0].clone();
        assert!(
            c.confirm_inventory_units(std::slice::from_ref(&unit), true)
                .await
                .is_err()
        );
        assert_eq!(h.unit_state(&unit).as_deref(), Some("unconfirmed"));
    }
}

#[tokio::test]
async fn data_is_deterministic_realistic_and_money_exact() {
    let cfg = SimulatorConfig {
        api_key: "K".into(),
        shipments: 200,
        seed: 42,
        ..Default::default()
    };
    let h1 = sim(cfg.clone()).await;
    let h2 = sim(cfg).await;
    let a = client(&h1, 0, 100)
        .all_shipments(ShipmentState::Unconfirmed)
        .await
        .unwrap();
    let b = client(&h2, 0, 100)
        .all_shipments(ShipmentState::Unconfirmed)
        .await
        .unwrap();
    let strip = |v: &[orion_letzshop::Shipment]| {
        v.iter()
            .map(|s| {
                let mut s = s.clone();
                s.order.completed_at = None; // relative to "now"
                s
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&a), strip(&b));

    let catalog = h1.catalog();
    let mut countries = HashSet::new();
    let mut locales = HashSet::new();
    let (mut repeated_variant, mut no_gtin, mut isbn) = (false, false, false);
    let now = chrono::Utc::now();
    for s in &a {
        assert!((1..=5).contains(&s.inventory_units.len()));
        let mut sum = 0;
        let mut variants = HashSet::new();
        for u in &s.inventory_units {
            let cat = catalog.iter().find(|v| v.id == u.variant.id).unwrap();
            assert_eq!(u.variant.price_cents, cat.price_cents, "exact cents");
            assert_eq!(u.variant.gtin, cat.gtin);
            assert_eq!(u.variant.sku, cat.sku);
            assert_eq!(u.variant.brand, cat.brand);
            sum += u.variant.price_cents;
            repeated_variant |= !variants.insert(u.variant.id.clone());
            no_gtin |= u.variant.gtin.is_none();
            isbn |= u.variant.gtin_parser.as_deref() == Some("isbn13");
        }
        assert_eq!(s.order.total_cents, Some(sum));
        let addr = s.order.ship_address.as_ref().unwrap();
        countries.insert(addr.country_iso.clone().unwrap());
        locales.insert(s.order.locale.clone().unwrap());
        assert!(s.order.email.as_ref().unwrap().contains('@'));
        let t = s.order.completed_at.unwrap();
        assert!(t <= now && now - t <= chrono::Duration::days(91));
    }
    for c in ["LU", "FR", "DE", "BE", "NL"] {
        assert!(countries.contains(c), "{c} missing from {countries:?}");
    }
    assert!(
        countries
            .iter()
            .any(|c| ["CH", "GB", "US"].contains(&c.as_str()))
    );
    assert_eq!(locales.len(), 3);
    assert!(repeated_variant && no_gtin && isbn);
    // Prices with cents that are not multiples of 10 exist (e.g. 19.99), and some end in 0
    // (19.9 on the wire).
    assert!(catalog.iter().any(|v| v.price_cents % 10 != 0));
    assert!(
        catalog
            .iter()
            .any(|v| v.price_cents % 10 == 0 && v.price_cents % 100 != 0)
    );
}

#[tokio::test]
async fn new_shipments_appear_after_the_last_cursor() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 15,
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 100);
    let first = c
        .shipments_page(ShipmentState::Unconfirmed, None)
        .await
        .unwrap();
    assert_eq!(first.nodes.len(), 15);
    assert!(!first.has_next_page);
    h.add_shipments(4);
    let next = c
        .shipments_page(ShipmentState::Unconfirmed, first.end_cursor.as_deref())
        .await
        .unwrap();
    assert_eq!(next.nodes.len(), 4);
    assert_eq!(h.shipment_count(), 19);
}

#[tokio::test]
async fn ten_thousand_shipments_page_quickly() {
    let t0 = Instant::now();
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 10_000,
        seed: 1,
        ..Default::default()
    })
    .await;
    let built = t0.elapsed();
    let c = client(&h, 0, 100);
    let t1 = Instant::now();
    let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    let paged = t1.elapsed();
    assert_eq!(all.len(), 10_000);
    eprintln!("10k shipments: generated in {built:?}, 100 pages of 100 in {paged:?}");
    // Generous bound for unoptimised builds on a shared machine; release is far faster.
    assert!(paged < Duration::from_secs(30), "{paged:?}");
}

/// Orion's exact page query is served by a fast path; the same query with one extra space
/// goes through async-graphql. Both must answer the same JSON.
#[tokio::test]
async fn fast_page_path_answers_like_the_general_path() {
    let h = sim(SimulatorConfig {
        api_key: "K".into(),
        shipments: 40,
        seed: 4,
        vendors: 2,
        ..Default::default()
    })
    .await;
    let c = client(&h, 0, 100);
    let all = c.all_shipments(ShipmentState::Unconfirmed).await.unwrap();
    let ids: Vec<String> = all[0]
        .inventory_units
        .iter()
        .map(|u| u.id.clone())
        .collect();
    c.confirm_inventory_units(&ids, true).await.unwrap();
    c.confirm_inventory_units(&[all[1].inventory_units[0].id.clone()], false)
        .await
        .unwrap();
    c.set_tracking(&all[0].id, "T", "dhl").await.unwrap();

    let http = reqwest::Client::new();
    let post = |query: String, vars: serde_json::Value| {
        let http = http.clone();
        let url = h.endpoint();
        async move {
            http.post(url)
                .bearer_auth("K")
                .json(&serde_json::json!({"query": query, "variables": vars}))
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let q = orion_letzshop::queries::SHIPMENTS_QUERY;
    let mut compared = 0;
    for state in [
        serde_json::json!("unconfirmed"),
        serde_json::json!("confirmed"),
        serde_json::Value::Null,
    ] {
        let mut after = serde_json::Value::Null;
        loop {
            let vars = serde_json::json!({"state": state, "first": 7, "after": after});
            let fast = post(q.to_owned(), vars.clone()).await;
            let general = post(format!("{q} "), vars).await;
            assert!(fast.get("errors").is_none(), "{fast}");
            assert_eq!(fast, general);
            compared += 1;
            let info = &fast["data"]["shipments"]["pageInfo"];
            if info["hasNextPage"] != true {
                break;
            }
            after = info["endCursor"].clone();
        }
    }
    assert!(compared >= 6);
    // Errors still come from the general path.
    let bad = post(
        q.to_owned(),
        serde_json::json!({"after": "garbage", "first": 5}),
    )
    .await;
    assert_eq!(bad["errors"][0]["message"], "invalid cursor");
}
