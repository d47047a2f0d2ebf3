//! Cursor paging (`?after=<cursor>&limit=`) on the orders, products, customers and invoices
//! lists: a walk sees every row once in the list's order, also while orders arrive; bad
//! cursors and limits are refused naming the parameter; a cursor only positions a walk inside
//! the caller's store; page numbers keep working beside it.

use std::collections::BTreeSet;

use orion_testkit::{TestApp, content_type, dual_test};
use serde_json::{Value, json};

use super::billing::set_tier;
use super::catalog::product;
use super::invoicing::{both, invoice, shipped_order};
use super::orders::{order_body, setup};

const ORDERS: &str = "/api/v1/store/orders";
const PRODUCTS: &str = "/api/v1/store/products";
const CUSTOMERS: &str = "/api/v1/store/customers";
const INVOICES: &str = "/api/v1/store/invoices";

/// `path` with `query` appended.
fn with(path: &str, query: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}{query}")
}

fn ids_of(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {page}"))
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

/// The whole list by page number (one page of 200), in its order.
async fn listed(app: &TestApp, token: &str, path: &str) -> Vec<i64> {
    let (st, b) = app.get(&with(path, "per_page=200"), Some(token)).await;
    assert_eq!(st, 200, "{path}: {b}");
    assert_eq!(b["total"].as_u64(), Some(ids_of(&b).len() as u64), "{b}");
    ids_of(&b)
}

/// One step of a walk: the page's ids and its next cursor.
async fn step(
    app: &TestApp,
    token: &str,
    path: &str,
    limit: u64,
    after: Option<&str>,
) -> (Vec<i64>, Option<String>) {
    let mut url = with(path, &format!("limit={limit}"));
    if let Some(c) = after {
        url = with(&url, &format!("after={c}"));
    }
    let (st, b) = app.get(&url, Some(token)).await;
    assert_eq!(st, 200, "{url}: {b}");
    assert!(
        b["total"].is_null() && b["page"].is_null(),
        "a walk is not counted: {b}"
    );
    assert_eq!(b["per_page"].as_u64(), Some(limit), "{b}");
    let ids = ids_of(&b);
    assert!(ids.len() as u64 <= limit, "{url}: {b}");
    let next = b["next_cursor"].as_str().map(str::to_owned);
    if next.is_some() {
        assert_eq!(ids.len() as u64, limit, "only a full page has a next one");
    }
    (ids, next)
}

/// Walks the whole list `limit` rows at a time, starting after `after`; `between` runs
/// after each step.
async fn walk_from(
    app: &TestApp,
    token: &str,
    path: &str,
    limit: u64,
    mut after: Option<String>,
    mut between: impl AsyncFnMut(),
) -> Vec<i64> {
    let mut seen = Vec::new();
    for _ in 0..1000 {
        let (ids, next) = step(app, token, path, limit, after.as_deref()).await;
        seen.extend(ids);
        between().await;
        match next {
            Some(c) => after = Some(c),
            None => return seen,
        }
    }
    panic!("{path}: the walk does not end");
}

async fn walk(app: &TestApp, token: &str, path: &str, limit: u64) -> Vec<i64> {
    walk_from(app, token, path, limit, None, async || {}).await
}

fn assert_once(ids: &[i64], what: &str) {
    let distinct: BTreeSet<_> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "{what}: a row seen twice in {ids:?}"
    );
}

async fn order(app: &TestApp, token: &str, email: &str) -> i64 {
    let body = order_body("TEA-01", 1, email);
    let (st, o) = app.post(ORDERS, body, Some(token)).await;
    assert_eq!(st, 201, "{o}");
    o["id"].as_i64().unwrap()
}

/// A store (Business, invoice settings, BOOK-1 and LAMP-1) with 6 products, 7 customers, 7
/// orders (5 shipped, 2 pending) and 5 invoices; returns the owner's token.
async fn busy_store(app: &TestApp) -> String {
    let (admin, a) = super::invoicing::setup(app, "CURSOR-LU", json!({})).await;
    set_tier(app, &admin, a.merchant_id, "business").await;
    let t = a.token;
    for sku in ["WALK-1", "WALK-2", "WALK-3", "TEA-01"] {
        product(app, &t, sku).await;
    }
    let (st, b) = app
        .post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": listed(app, &t, PRODUCTS).await[5], "delta": 100}),
            Some(&t),
        )
        .await;
    assert!(st < 300, "{b}");
    for i in 0..5 {
        let cust = json!({"email": format!("walker{i}@example.test")});
        let oid = shipped_order(app, &t, both(), "LU", "1611", cust).await;
        let (st, inv) = invoice(app, &t, oid).await;
        assert_eq!(st, 201, "{inv}");
    }
    for i in 5..7 {
        order(app, &t, &format!("walker{i}@example.test")).await;
    }
    t
}

dual_test!(
    each_list_is_walked_once_in_its_order_with_its_filters,
    |app: TestApp| async move {
        let t = busy_store(&app).await;
        for (path, newest_first, size) in [
            (ORDERS, true, 7),
            (PRODUCTS, false, 6),
            (CUSTOMERS, true, 7),
            (INVOICES, true, 5),
            ("/api/v1/store/orders?status=shipped", true, 5),
            ("/api/v1/store/orders?sort=oldest", false, 7),
            ("/api/v1/store/products?q=walk", false, 3),
            ("/api/v1/store/customers?q=walker", true, 7),
            ("/api/v1/store/invoices?status=issued", true, 5),
        ] {
            let all = listed(&app, &t, path).await;
            assert_eq!(all.len(), size, "{path}: {all:?}");
            let mut sorted = all.clone();
            sorted.sort_unstable();
            if newest_first {
                sorted.reverse();
            }
            assert_eq!(all, sorted, "{path} is in id order");
            for limit in [1, 2, 3, 200] {
                let walked = walk(&app, &t, path, limit).await;
                assert_once(&walked, path);
                assert_eq!(walked, all, "{path} walked {limit} at a time");
            }
        }
        // `after` alone continues with the default step; empty `after` starts a walk.
        let (first, next) = step(&app, &t, ORDERS, 3, None).await;
        let (_, b) = app
            .get(&with(ORDERS, &format!("after={}", next.unwrap())), Some(&t))
            .await;
        assert_eq!(b["per_page"], 50, "{b}");
        let all = listed(&app, &t, ORDERS).await;
        assert_eq!(ids_of(&b), all[3..]);
        assert_eq!(b["next_cursor"], Value::Null, "the end is reached");
        let (_, b) = app.get(&with(ORDERS, "after="), Some(&t)).await;
        assert_eq!(
            (ids_of(&b)[..3].to_vec(), b["total"].clone()),
            (first, Value::Null)
        );
    }
);

dual_test!(
    page_numbers_work_as_before_and_hand_over_to_cursors,
    |app: TestApp| async move {
        let t = busy_store(&app).await;
        for path in [ORDERS, PRODUCTS, CUSTOMERS, INVOICES] {
            let all = listed(&app, &t, path).await;
            let (st, b) = app.get(&with(path, "page=2&per_page=2"), Some(&t)).await;
            assert_eq!(st, 200, "{b}");
            assert_eq!(
                (&b["total"], &b["page"], &b["per_page"]),
                (&json!(all.len()), &json!(2), &json!(2)),
                "{path}: {b}"
            );
            assert_eq!(ids_of(&b), all[2..4], "{path}");
            // The page's next cursor walks on from its last row.
            let after = b["next_cursor"].as_str().map(str::to_owned);
            assert!(after.is_some(), "{path}: {b}");
            let rest = walk_from(&app, &t, path, 2, after, async || {}).await;
            assert_eq!(rest, all[4..], "{path}");
            // The last page has none.
            let (_, b) = app
                .get(&with(path, &format!("per_page={}", all.len())), Some(&t))
                .await;
            assert_eq!(b["next_cursor"], Value::Null, "{path}: {b}");
            // Page numbers are still clamped, never refused.
            let (st, b) = app.get(&with(path, "page=0&per_page=999"), Some(&t)).await;
            assert_eq!(
                (st, &b["page"], &b["per_page"]),
                (200, &json!(1), &json!(200))
            );
        }
        // Sorted by total, the page cannot hand over to a walk.
        let (_, b) = app
            .get(&with(ORDERS, "sort=total_desc&per_page=2"), Some(&t))
            .await;
        assert_eq!(
            (ids_of(&b).len(), &b["next_cursor"]),
            (2, &Value::Null),
            "{b}"
        );
    }
);

dual_test!(
    orders_arriving_during_a_walk_neither_repeat_nor_hide_rows,
    |app: TestApp| async move {
        let (admin, a, pid) = setup(&app).await;
        set_tier(&app, &admin, a.merchant_id, "business").await;
        let t = a.token.clone();
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 1000}),
            Some(&t),
        )
        .await;
        for i in 0..9 {
            order(&app, &t, &format!("before{i}@example.test")).await;
        }
        let before = listed(&app, &t, ORDERS).await;
        // Newest first, an order placed after every step: page numbers would show the last
        // row of each page again on the next one; the walk sees exactly the orders it
        // started with.
        let mut n = 0;
        let walked = walk_from(&app, &t, ORDERS, 2, None, async || {
            n += 1;
            order(&app, &t, &format!("during{n}@example.test")).await;
        })
        .await;
        assert!(n >= 5, "orders arrived during the walk");
        assert_once(&walked, "newest first");
        assert_eq!(walked, before);
        let (_, paged) = app.get(&with(ORDERS, "per_page=2&page=2"), Some(&t)).await;
        assert!(
            !ids_of(&paged).iter().any(|id| walked[2..4].contains(id)),
            "page numbers did shift meanwhile (the test's premise)"
        );

        // Oldest first while another client places orders at the same time: every order that
        // existed is seen once, in order, and the walk ends.
        let before: Vec<i64> = listed(&app, &t, &format!("{ORDERS}?sort=oldest")).await;
        let (client, url, token) = (app.client.clone(), app.url(ORDERS), t.clone());
        let writer = tokio::spawn(async move {
            let mut placed = 0;
            for i in 0..8 {
                let body = order_body("TEA-01", 1, &format!("w{i}@example.test"));
                let res = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await;
                placed += usize::from(res.is_ok_and(|r| r.status().as_u16() == 201));
            }
            placed
        });
        let walked = walk(&app, &t, &format!("{ORDERS}?sort=oldest"), 3).await;
        assert_eq!(writer.await.unwrap(), 8, "the writer placed its orders");
        assert_once(&walked, "oldest first");
        assert_eq!(walked[..before.len()], before[..]);
        assert!(walked.windows(2).all(|w| w[0] < w[1]), "{walked:?}");
        let now = listed(&app, &t, &format!("{ORDERS}?sort=oldest")).await;
        assert!(
            now.starts_with(&walked),
            "no order skipped: {walked:?} {now:?}"
        );
    }
);

/// The problem of a refused list query (in `lang`): status, content type, the named fields
/// and the first field's message.
async fn refused(
    app: &TestApp,
    token: &str,
    url: &str,
    lang: &str,
) -> (u16, String, Vec<String>, Value) {
    let req = app.client.get(app.url(url)).bearer_auth(token);
    let res = req.header("accept-language", lang).send().await.unwrap();
    let (st, ct) = (res.status().as_u16(), content_type(&res));
    let b: Value = res.json().await.unwrap_or(Value::Null);
    let errors = b["errors"].as_array().cloned().unwrap_or_default();
    let fields = errors
        .iter()
        .map(|f| f["field"].as_str().unwrap_or_default().to_owned());
    (st, ct, fields.collect(), b["errors"][0]["message"].clone())
}

dual_test!(
    bad_cursors_and_limits_are_refused_naming_the_parameter,
    |app: TestApp| async move {
        let t = busy_store(&app).await;
        let cursor = step(&app, &t, ORDERS, 1, None).await.1.unwrap();
        let problem = "application/problem+json";
        for path in [ORDERS, PRODUCTS, CUSTOMERS, INVOICES] {
            for (query, field) in [
                ("after=not-a-cursor", "after"),
                ("after=MTIz", "after"),
                ("after=%2F%2F%2F", "after"),
                ("limit=0", "limit"),
                ("limit=201", "limit"),
                ("limit=-3", "limit"),
                ("limit=ten", "limit"),
                (&format!("after={cursor}&limit=999"), "limit"),
                (&format!("after={cursor}&page=2"), "page"),
                ("limit=5&per_page=5", "per_page"),
            ] {
                let url = with(path, query);
                let (st, ct, fields, _) = refused(&app, &t, &url, "en").await;
                assert_eq!(
                    (st, ct.starts_with(problem), fields),
                    (422, true, vec![field.to_owned()]),
                    "{url}"
                );
            }
            for limit in [1, 200] {
                step(&app, &t, path, limit, Some(&cursor)).await;
            }
        }
        // The orders' sorts by total or status have no cursor order.
        let (st, _, fields, _) =
            refused(&app, &t, &with(ORDERS, "sort=status&limit=5"), "en").await;
        assert_eq!((st, fields), (422, vec!["sort".to_owned()]));
        // The sentence is translated like every other.
        let (_, _, _, message) = refused(&app, &t, &with(ORDERS, "after=nope"), "fr").await;
        assert_eq!(
            message,
            "n'est pas un curseur valide (transmettez next_cursor tel quel)"
        );
    }
);

dual_test!(
    a_cursor_only_positions_a_walk_in_the_callers_store,
    |app: TestApp| async move {
        let t = busy_store(&app).await;
        let admin = app.admin_token().await;
        let b = app.merchant_with_store(&admin, "OTHER-LU").await;
        product(&app, &b.token, "TEA-01").await;
        let pid = listed(&app, &b.token, PRODUCTS).await[0];
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": pid, "delta": 100}),
            Some(&b.token),
        )
        .await;
        // Orders of both stores interleave in id order.
        for i in 0..3 {
            order(&app, &b.token, &format!("other{i}@example.test")).await;
            order(&app, &t, &format!("mine{i}@example.test")).await;
        }
        let mine = listed(&app, &t, ORDERS).await;
        let theirs = listed(&app, &b.token, ORDERS).await;
        assert!(mine.iter().all(|id| !theirs.contains(id)));
        // The other store's cursors (and cursors made up around its ids) walk only mine.
        let their_cursor = step(&app, &b.token, ORDERS, 1, None).await.1.unwrap();
        let walked = walk_from(&app, &t, ORDERS, 2, Some(their_cursor), async || {}).await;
        let expected: Vec<i64> = mine.iter().copied().filter(|id| *id < theirs[0]).collect();
        assert_eq!(walked, expected);
        for path in [ORDERS, PRODUCTS, CUSTOMERS, INVOICES] {
            for key in [i64::MAX, theirs[0] + 1, 1] {
                let after = orion_kernel::cursor::encode(key);
                for token in [&t, &b.token] {
                    let all = listed(&app, token, path).await;
                    let walked =
                        walk_from(&app, token, path, 2, Some(after.clone()), async || {}).await;
                    assert!(
                        walked.iter().all(|id| all.contains(id)),
                        "{path}: {walked:?} leaks into {all:?}"
                    );
                    let expected: Vec<i64> = all
                        .iter()
                        .copied()
                        .filter(|id| {
                            if path == PRODUCTS {
                                *id > key
                            } else {
                                *id < key
                            }
                        })
                        .collect();
                    assert_eq!(walked, expected, "{path} after {key}");
                }
            }
        }
    }
);
