//! Setting stock in bulk (issue 15, point 6): the product CSV's `stock` column, the stock
//! CSV (`/api/v1/store/inventory/stock-levels/import`), the JSON batch
//! (`PUT /api/v1/store/inventory/stock-levels`) and the stock table page.

use orion_testkit::{TestApp, dual_test};
use serde_json::{Value, json};

use super::catalog::{post_csv, product};
use super::pages::{csrf_in, login, page};

async fn csv(app: &TestApp, token: &str, path: &str, body: &str) -> (u16, Value) {
    post_csv(app, token, path, body).await
}

/// On hand of a product, summed over its levels.
async fn on_hand(app: &TestApp, token: &str, product: i64) -> i64 {
    let (st, levels) = app
        .get(
            &format!("/api/v1/store/inventory?product_id={product}"),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{levels}");
    levels
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["on_hand"].as_i64().unwrap())
        .sum()
}

async fn id_of(app: &TestApp, token: &str, sku: &str) -> Option<i64> {
    let (_, list) = app
        .get(&format!("/api/v1/store/products?q={sku}"), Some(token))
        .await;
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["sku"] == sku)
        .and_then(|p| p["id"].as_i64())
}

/// Kinds of the movements of a product, oldest first.
async fn movements(app: &TestApp, token: &str, product: i64) -> Vec<String> {
    let (_, log) = app
        .get(
            &format!("/api/v1/store/inventory/transactions?product_id={product}&per_page=100"),
            Some(token),
        )
        .await;
    log["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|t| t["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn reserve(app: &TestApp, token: &str, product: i64, quantity: i64) {
    let (st, r) = app
        .post(
            "/api/v1/store/inventory/reservations",
            json!({"product_id": product, "quantity": quantity}),
            Some(token),
        )
        .await;
    assert_eq!(st, 201, "{r}");
}

dual_test!(
    product_csv_stock_column_sets_on_hand_and_round_trips,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let (st, r) = csv(
            &app,
            &a.token,
            "/api/v1/store/products/import",
            "sku,title_en,price,stock\nMUG,Mug,9.90,12\nCUP,Cup,4.50,\nPEN,Pen,1.20,0\n",
        )
        .await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (
                r["created"].as_i64(),
                r["stock_set"].as_i64(),
                r["rejected"].as_i64()
            ),
            (Some(3), Some(1), Some(0)),
            "{r}"
        );
        let mug = id_of(&app, &a.token, "MUG").await.unwrap();
        let cup = id_of(&app, &a.token, "CUP").await.unwrap();
        assert_eq!(on_hand(&app, &a.token, mug).await, 12);
        assert_eq!(on_hand(&app, &a.token, cup).await, 0);
        assert_eq!(movements(&app, &a.token, mug).await, ["import"]);
        // The export carries the stock; importing it again changes nothing.
        let exported = app
            .client
            .get(app.url("/api/v1/store/products/export"))
            .bearer_auth(&a.token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            exported
                .lines()
                .next()
                .unwrap()
                .ends_with(",stock,warehouse,bin"),
            "{exported}"
        );
        let (st, r) = csv(&app, &a.token, "/api/v1/store/products/import", &exported).await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (r["unchanged"].as_i64(), r["stock_set"].as_i64()),
            (Some(3), Some(0)),
            "{r}"
        );
        assert_eq!(movements(&app, &a.token, mug).await, ["import"]);
        // A new count through the product CSV updates the product and sets its stock.
        let (_, r) = csv(
            &app,
            &a.token,
            "/api/v1/store/products/import",
            "sku,title_en,price,stock\nMUG,Mug,9.90,7\n",
        )
        .await;
        assert_eq!(r["stock_set"], 1, "{r}");
        assert_eq!(on_hand(&app, &a.token, mug).await, 7);
    }
);

dual_test!(
    product_csv_bad_stock_is_reported_by_row_and_column_and_not_imported,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let mug = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        reserve_after_stock(&app, &a.token, mug, 5, 3).await;
        let (st, r) = csv(
            &app,
            &a.token,
            "/api/v1/store/products/import",
            "sku,title_en,price,stock,warehouse\nNEW1,New,1.00,-3,\nNEW2,New,1.00,2.5,\nNEW3,New,1.00,4,NOWHERE\nMUG,Mug renamed,9.90,2,\nNEW4,Ebook,1.00,4,\n",
        )
        .await;
        assert_eq!(st, 200, "{r}");
        let errors: Vec<(i64, &str)> = r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["row"].as_i64().unwrap(), e["column"].as_str().unwrap()))
            .collect();
        assert_eq!(
            errors,
            [(2, "stock"), (3, "stock"), (4, "warehouse"), (5, "stock")],
            "{r}"
        );
        assert!(
            r["errors"][3]["message"]
                .as_str()
                .unwrap()
                .contains("3 units are reserved"),
            "{r}"
        );
        assert_eq!(
            (
                r["rejected"].as_i64(),
                r["created"].as_i64(),
                r["updated"].as_i64()
            ),
            (Some(4), Some(1), Some(0)),
            "only the row without a stock problem is imported: {r}"
        );
        for sku in ["NEW1", "NEW2", "NEW3"] {
            assert_eq!(id_of(&app, &a.token, sku).await, None, "{sku}");
        }
        // The refused row changed neither the product nor its stock.
        let (_, p) = app
            .get(&format!("/api/v1/store/products/{mug}"), Some(&a.token))
            .await;
        assert_eq!(p["translations"]["en"]["title"], "Product MUG");
        assert_eq!(on_hand(&app, &a.token, mug).await, 5);
        // Digital products have no stock.
        let (_, r) = csv(
            &app,
            &a.token,
            "/api/v1/store/products/import",
            "sku,title_en,price,product_type,stock\nBOOK,Ebook,1.00,digital,4\n",
        )
        .await;
        assert_eq!(
            (r["rejected"].as_i64(), r["errors"][0]["column"].as_str()),
            (Some(1), Some("stock")),
            "{r}"
        );
    }
);

/// Puts `on_hand` units of a product in stock and reserves `reserved` of them.
async fn reserve_after_stock(
    app: &TestApp,
    token: &str,
    product: i64,
    on_hand: i64,
    reserved: i64,
) {
    let (st, c) = app
        .post(
            "/api/v1/store/inventory/counts",
            json!({"product_id": product, "on_hand": on_hand}),
            Some(token),
        )
        .await;
    assert_eq!(st, 200, "{c}");
    reserve(app, token, product, reserved).await;
}

dual_test!(
    stock_csv_sets_levels_atomically,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let mug = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        let cup = product(&app, &a.token, "CUP").await["id"].as_i64().unwrap();
        let path = "/api/v1/store/inventory/stock-levels/import";
        // An unknown SKU refuses the whole file.
        let (st, r) = csv(
            &app,
            &a.token,
            path,
            "sku,quantity\nMUG,10\nGHOST,3\nCUP,x\n",
        )
        .await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(r["applied"], false, "{r}");
        assert_eq!(
            r["errors"],
            json!([
                {"row": 3, "column": "sku", "message": "no product with this SKU in this store"},
                {"row": 4, "column": "quantity", "message": "must be a whole number of 0 or more, e.g. 12 (not \"x\")"}
            ]),
            "{r}"
        );
        assert_eq!(
            (
                on_hand(&app, &a.token, mug).await,
                on_hand(&app, &a.token, cup).await
            ),
            (0, 0)
        );
        // A dry run reports without writing.
        let (_, r) = csv(
            &app,
            &a.token,
            &format!("{path}?dry_run=true"),
            "sku;quantity\nMUG;10\n",
        )
        .await;
        assert_eq!(
            (r["applied"].as_bool(), r["set"].as_i64()),
            (Some(false), Some(1)),
            "{r}"
        );
        assert_eq!(on_hand(&app, &a.token, mug).await, 0);
        // A good file sets every level at once; unchanged rows log nothing.
        let (_, r) = csv(
            &app,
            &a.token,
            path,
            "\u{feff}sku,quantity\nMUG,10\nCUP,4\n",
        )
        .await;
        assert_eq!(
            (
                r["applied"].as_bool(),
                r["set"].as_i64(),
                r["unchanged"].as_i64()
            ),
            (Some(true), Some(2), Some(0)),
            "{r}"
        );
        let (_, r) = csv(&app, &a.token, path, "sku,quantity\nMUG,10\nCUP,6\n").await;
        assert_eq!(
            (r["set"].as_i64(), r["unchanged"].as_i64()),
            (Some(1), Some(1)),
            "{r}"
        );
        assert_eq!(
            (
                on_hand(&app, &a.token, mug).await,
                on_hand(&app, &a.token, cup).await
            ),
            (10, 6)
        );
        assert_eq!(movements(&app, &a.token, cup).await, ["import", "import"]);
        // Below what is reserved: refused, and the other row is not applied either.
        reserve(&app, &a.token, mug, 4).await;
        let (_, r) = csv(&app, &a.token, path, "sku,quantity\nCUP,1\nMUG,3\n").await;
        assert_eq!(r["applied"], false, "{r}");
        assert_eq!(
            (
                r["errors"][0]["row"].as_i64(),
                r["errors"][0]["column"].as_str()
            ),
            (Some(3), Some("quantity")),
            "{r}"
        );
        assert_eq!(on_hand(&app, &a.token, cup).await, 6);
        // Another store's SKU is unknown here.
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        let (_, r) = csv(&app, &b.token, path, "sku,quantity\nMUG,1\n").await;
        assert_eq!(r["errors"][0]["column"], "sku", "{r}");
        assert_eq!(on_hand(&app, &a.token, mug).await, 10);
    }
);

dual_test!(
    put_stock_levels_is_all_or_nothing,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let mug = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        let cup = product(&app, &a.token, "CUP").await["id"].as_i64().unwrap();
        let put = |body: Value| {
            let (app, token) = (&app, a.token.clone());
            async move {
                app.json(
                    "PUT",
                    "/api/v1/store/inventory/stock-levels",
                    Some(body),
                    Some(&token),
                )
                .await
            }
        };
        let (st, r) = put(json!({"levels": [
            {"product_id": mug, "quantity": 8},
            {"sku": "CUP", "quantity": 3}
        ]}))
        .await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (r["set"].as_i64(), r["unchanged"].as_i64()),
            (Some(2), Some(0)),
            "{r}"
        );
        assert_eq!(movements(&app, &a.token, mug).await, ["set"]);
        reserve(&app, &a.token, mug, 6).await;
        // Below the reservation, another store's product, an unknown SKU: one error each,
        // and the valid level is not applied.
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        let other = product(&app, &b.token, "OTHER").await["id"]
            .as_i64()
            .unwrap();
        let (st, e) = put(json!({"levels": [
            {"product_id": cup, "quantity": 9},
            {"product_id": mug, "quantity": 5},
            {"product_id": other, "quantity": 1},
            {"sku": "GHOST", "quantity": 1},
            {"product_id": cup, "quantity": 2, "warehouse": "NOWHERE"}
        ]}))
        .await;
        assert_eq!(st, 422, "{e}");
        let fields: Vec<&str> = e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "levels[3].sku",
                "levels[1].quantity",
                "levels[2].product_id",
                "levels[4].warehouse"
            ],
            "{e}"
        );
        assert_eq!(
            (
                on_hand(&app, &a.token, mug).await,
                on_hand(&app, &a.token, cup).await
            ),
            (8, 3)
        );
        // A level that changed since it was read is refused.
        let (st, e) =
            put(json!({"levels": [{"product_id": cup, "quantity": 4, "expected_on_hand": 2}]}))
                .await;
        assert_eq!(
            (st, e["errors"][0]["field"].as_str()),
            (422, Some("levels[0].quantity")),
            "{e}"
        );
        let (st, _) =
            put(json!({"levels": [{"product_id": cup, "quantity": 4, "expected_on_hand": 3}]}))
                .await;
        assert_eq!(st, 200);
        assert_eq!(on_hand(&app, &a.token, cup).await, 4);
    }
);

/// Posts the stock table form of `html` with the given row values (`qty-<id>` → typed text).
async fn save_table(
    app: &TestApp,
    session: &str,
    html: &str,
    typed: &[(i64, &str)],
) -> reqwest::Response {
    let mut form = vec![("csrf_token".to_owned(), csrf_in(html))];
    // Every row as shown, the typed ones replaced: the browser sends the whole table.
    for chunk in html.split("name=\"was-").skip(1) {
        let id: i64 = chunk.split('"').next().unwrap().parse().unwrap();
        let was = chunk
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let value = typed
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| (*v).to_owned())
            .unwrap_or_else(|| was.to_owned());
        form.push((format!("qty-{id}"), value));
        form.push((format!("was-{id}"), was.to_owned()));
    }
    app.client
        .post(app.url("/inventory/stock?page=1&q=&warehouse=MAIN"))
        .header("cookie", format!("orion_session={session}"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

dual_test!(
    stock_table_saves_only_changed_rows,
    |app: TestApp| async move {
        let admin = app.admin_token().await;
        let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
        let mug = product(&app, &a.token, "MUG").await["id"].as_i64().unwrap();
        let cup = product(&app, &a.token, "CUP").await["id"].as_i64().unwrap();
        let pen = product(&app, &a.token, "PEN").await["id"].as_i64().unwrap();
        reserve_after_stock(&app, &a.token, pen, 5, 2).await;
        let (session, _) = login(&app, &a.email).await;
        let html = page(&app, &session, "/inventory/stock").await;
        assert!(
            html.contains(&format!("for=\"qty-{mug}\"")),
            "every input has a label: {html}"
        );
        // In the person's number format: 1,200 in English.
        let res = save_table(&app, &session, &html, &[(mug, "1,200"), (cup, "3")]).await;
        assert_eq!(res.status().as_u16(), 303);
        assert_eq!(
            (
                on_hand(&app, &a.token, mug).await,
                on_hand(&app, &a.token, cup).await,
                on_hand(&app, &a.token, pen).await
            ),
            (1200, 3, 5)
        );
        assert_eq!(movements(&app, &a.token, mug).await, ["set"]);
        assert_eq!(
            movements(&app, &a.token, pen).await,
            ["set", "reserve"],
            "untouched rows log nothing"
        );
        let html = page(&app, &session, "/inventory/stock").await;
        assert!(html.contains("value=\"1,200\""), "{html}");
        // Below the reservation and not a number: the page says so per row; nothing saved.
        let res = save_table(
            &app,
            &session,
            &html,
            &[(pen, "1"), (mug, "lots"), (cup, "4")],
        )
        .await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("2 rows cannot be saved"), "{html}");
        assert!(html.contains("2 units are reserved here"), "{html}");
        assert!(html.contains(&format!("id=\"qty-{mug}-error\"")), "{html}");
        assert_eq!(on_hand(&app, &a.token, cup).await, 3);
        // A row that changed meanwhile is refused, not overwritten.
        let html = page(&app, &session, "/inventory/stock").await;
        app.post(
            "/api/v1/store/inventory/adjustments",
            json!({"product_id": cup, "delta": 1}),
            Some(&a.token),
        )
        .await;
        let res = save_table(&app, &session, &html, &[(cup, "10")]).await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res.text().await.unwrap().contains("changed meanwhile"));
        assert_eq!(on_hand(&app, &a.token, cup).await, 4);
        // Another store's product id in the form is refused.
        let b = app.merchant_with_store(&admin, "BETA-DE").await;
        let (session_b, _) = login(&app, &b.email).await;
        let html_b = page(&app, &session_b, "/inventory/stock").await;
        let res = app
            .client
            .post(app.url("/inventory/stock"))
            .header("cookie", format!("orion_session={session_b}"))
            .form(&[
                ("csrf_token", csrf_in(&html_b)),
                (&format!("qty-{mug}"), "1".to_owned()),
                (&format!("was-{mug}"), "1200".to_owned()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 422);
        assert_eq!(on_hand(&app, &a.token, mug).await, 1200);
    }
);

/// A store with the products `skus` (no stock), its owner signed in on the stock page:
/// (API token, page session, the page, the products' ids).
async fn on_stock_page(app: &TestApp, skus: &[&str]) -> (String, String, String, Vec<i64>) {
    let admin = app.admin_token().await;
    let a = app.merchant_with_store(&admin, "ALPHA-LU").await;
    let mut ids = Vec::new();
    for sku in skus {
        ids.push(product(app, &a.token, sku).await["id"].as_i64().unwrap());
    }
    let (session, _) = login(app, &a.email).await;
    let html = page(app, &session, "/inventory/stock").await;
    (a.token, session, html, ids)
}

/// Posts a stock CSV through the stock page's upload form, as a browser does: multipart with
/// the CSRF token first, then the file; "Check the file" adds `?dry_run=true`.
async fn upload_page(
    app: &TestApp,
    session: &str,
    html: &str,
    csv: &str,
    dry_run: bool,
) -> reqwest::Response {
    let path = if dry_run {
        "/inventory/stock/import?dry_run=true"
    } else {
        "/inventory/stock/import"
    };
    let csrf = csrf_in(html);
    crate::pages::post_multipart(
        app,
        session,
        path,
        &[("csrf_token", &csrf)],
        Some(("file", "stock.csv", "text/csv", csv)),
    )
    .await
}

dual_test!(
    stock_page_has_upload_form_with_labels,
    |app: TestApp| async move {
        let (_, _, html, _) = on_stock_page(&app, &["MUG"]).await;
        let form = html
            .split("data-testid=\"stock-import\"")
            .nth(1)
            .expect("upload form")
            .split("</form>")
            .next()
            .unwrap();
        assert!(
            html.contains("action=\"/inventory/stock/import\" enctype=\"multipart/form-data\""),
            "{html}"
        );
        assert!(form.contains("name=\"csrf_token\""), "{form}");
        assert!(
            form.contains("<label for=\"stock-file\">")
                && form.contains("id=\"stock-file\" name=\"file\" type=\"file\""),
            "{form}"
        );
        assert!(
            form.contains("formaction=\"/inventory/stock/import?dry_run=true\">Check the file"),
            "{form}"
        );
        assert!(
            form.contains("data-confirm=\"The on-hand quantities of the listed products are replaced; each change is recorded as a stock movement.\">Set the stock"),
            "{form}"
        );
        assert!(
            !html.contains("/api/v1/store/inventory/stock-levels/import"),
            "no API-only hint: {html}"
        );
    }
);

dual_test!(stock_page_upload_sets_levels, |app: TestApp| async move {
    let (token, session, html, ids) = on_stock_page(&app, &["MUG", "CUP"]).await;
    let (mug, cup) = (ids[0], ids[1]);
    let res = upload_page(
        &app,
        &session,
        &html,
        "sku,quantity\nMUG,12\nCUP,0\n",
        false,
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with("/inventory/stock?notice="), "{to}");
    assert_eq!(on_hand(&app, &token, mug).await, 12);
    assert_eq!(on_hand(&app, &token, cup).await, 0);
    assert_eq!(movements(&app, &token, mug).await, ["import"]);
    let html = page(&app, &session, &to).await;
    assert!(
        html.contains("1 stock level set from the file. 1 row already had its quantity."),
        "{html}"
    );
});

dual_test!(
    stock_page_dry_run_changes_nothing_and_says_what_would,
    |app: TestApp| async move {
        let (token, session, html, ids) = on_stock_page(&app, &["MUG", "CUP"]).await;
        let (mug, cup) = (ids[0], ids[1]);
        let res = upload_page(&app, &session, &html, "sku;stock\nMUG;1200\nCUP;3\n", true).await;
        assert_eq!(res.status().as_u16(), 200);
        let html = res.text().await.unwrap();
        let result = html
            .split("data-testid=\"stock-import-result\"")
            .nth(1)
            .expect("result")
            .split("</section>")
            .next()
            .unwrap();
        assert!(
            result.contains("The file is fine: 2 stock levels would change"),
            "{result}"
        );
        assert!(result.contains("Nothing has been changed yet"), "{result}");
        assert!(
            result.contains(
                "<th scope=\"row\">MUG</th><td>MAIN</td><td></td><td>0</td><td>1,200</td>"
            ),
            "the first rows, from and to: {result}"
        );
        assert_eq!(on_hand(&app, &token, mug).await, 0);
        assert_eq!(on_hand(&app, &token, cup).await, 0);
        assert!(movements(&app, &token, mug).await.is_empty());
    }
);

dual_test!(
    stock_page_upload_with_unknown_sku_lists_rows_and_changes_nothing,
    |app: TestApp| async move {
        let (token, session, html, ids) = on_stock_page(&app, &["MUG"]).await;
        let mug = ids[0];
        let csv = "sku,quantity\nMUG,5\nNOPE,2\nMUG,lots\n";
        let res = upload_page(&app, &session, &html, csv, false).await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("The file was refused: 2 rows have problems. Nothing was changed."),
            "{html}"
        );
        assert!(
            html.contains("<li>Row 3, sku: no product with this SKU in this store</li>"),
            "{html}"
        );
        assert!(
            html.contains("<li>Row 4, quantity: must be a whole number"),
            "{html}"
        );
        assert_eq!(on_hand(&app, &token, mug).await, 0);
        // An empty file: one message, nothing changed.
        let res = upload_page(&app, &session, &html, "", false).await;
        assert_eq!(res.status().as_u16(), 422);
        assert!(res.text().await.unwrap().contains("sku,quantity"));
        // In the person's language.
        let (st, me) = app
            .json(
                "PATCH",
                "/api/v1/auth/me",
                Some(json!({"language": "fr"})),
                Some(&token),
            )
            .await;
        assert_eq!(st, 200, "{me}");
        let res = upload_page(&app, &session, &html, csv, true).await;
        assert_eq!(res.status().as_u16(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("<li>Ligne 3, sku : "), "{html}");
        assert!(!html.contains("no product with this SKU"), "{html}");
        assert_eq!(on_hand(&app, &token, mug).await, 0);
    }
);
