//! Demo data: a platform admin, a merchant with two stores, an owner and a staff member.
//! Seeding is idempotent: running it again changes nothing.

use orion_db::Db;
use orion_kernel::ProductId;
use orion_tenancy::entity::{merchant, store, user};
use orion_tenancy::service::{admin, auth};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Seeding stops at the first failure, with its message (the CLI prints it).
pub type DemoError = Box<dyn std::error::Error + Send + Sync>;

pub const ADMIN_EMAIL: &str = "admin@orion.demo";
pub const ADMIN_PASSWORD: &str = "demo-admin-pass";
pub const OWNER_EMAIL: &str = "owner@orion.demo";
pub const OWNER_PASSWORD: &str = "demo-owner-pass";
pub const STORE_CODES: [&str; 2] = ["DEMO-LU", "DEMO-DE"];

pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub stores: String,
}

pub async fn seed(db: &Db) -> Result<Vec<DemoLogin>, DemoError> {
    let conn = db.conn();
    auth::upsert_user(conn, ADMIN_EMAIL, ADMIN_PASSWORD, true).await?;
    let owner = match user::Entity::find()
        .filter(user::Column::Email.eq(OWNER_EMAIL))
        .one(conn)
        .await?
    {
        Some(u) => u,
        None => auth::upsert_user(conn, OWNER_EMAIL, OWNER_PASSWORD, false).await?,
    };
    let m = match merchant::Entity::find()
        .filter(merchant::Column::OwnerUserId.eq(owner.id))
        .one(conn)
        .await?
    {
        Some(m) => m,
        None => {
            admin::create_merchant(
                conn,
                admin::NewMerchant {
                    name: "Demo Trading Sàrl".into(),
                    legal_country: "LU".into(),
                    owner_email: OWNER_EMAIL.into(),
                    owner_password: None,
                    contact_phone: Some("+352 20 00 00 00".into()),
                },
                orion_billing::domain::TRIAL_DAYS,
            )
            .await?
            .0
        }
    };
    for (code, name, country, lang) in [
        ("DEMO-LU", "Demo Luxembourg", "LU", "fr"),
        ("DEMO-DE", "Demo Deutschland", "DE", "de"),
    ] {
        let exists = store::Entity::find()
            .filter(store::Column::Code.eq(code))
            .one(conn)
            .await?
            .is_some();
        if !exists {
            admin::create_store(
                conn,
                m.id,
                admin::NewStore {
                    code: code.into(),
                    name: name.into(),
                    country: country.into(),
                    default_language: lang.into(),
                },
            )
            .await?;
        }
    }
    seed_invoice_settings(conn).await?;
    Ok(vec![
        DemoLogin {
            role: "platform admin",
            email: ADMIN_EMAIL,
            password: ADMIN_PASSWORD,
            stores: "-".into(),
        },
        DemoLogin {
            role: "store owner",
            email: OWNER_EMAIL,
            password: OWNER_PASSWORD,
            stores: STORE_CODES.join(", "),
        },
    ])
}

/// DEMO-LU can invoice right away; DEMO-DE is left for the newcomer to fill in.
async fn seed_invoice_settings(conn: &sea_orm::DatabaseConnection) -> Result<(), DemoError> {
    let Some(lu) = store::Entity::find()
        .filter(store::Column::Code.eq("DEMO-LU"))
        .one(conn)
        .await?
    else {
        return Ok(());
    };
    let id = orion_kernel::StoreId(lu.id);
    if orion_invoicing::settings::get(conn, id).await?.is_none() {
        let input = orion_invoicing::settings::InvoiceSettingsIn {
            legal_name: Some("Demo Luxembourg Sàrl".into()),
            street: Some("12 rue de la Gare".into()),
            postal_code: Some("1611".into()),
            city: Some("Luxembourg".into()),
            country: Some("LU".into()),
            vat_number: Some("LU15027442".into()),
            rcs_number: Some("B123456".into()),
            business_permit: Some("10012345/0".into()),
            payment_terms: Some("Payable within 30 days by bank transfer".into()),
            iban: Some("LU280019400644750000".into()),
            bic: Some("BCEELULL".into()),
            default_language: Some("fr".into()),
            oss_registered: Some(true),
            ..Default::default()
        };
        orion_invoicing::settings::save(conn, id, &input).await?;
    }
    Ok(())
}

/// API key of the demo's in-process Letzshop simulator (vendor 1; vendor 2 is `…-2`).
pub const DEMO_LETZSHOP_KEY: &str = "demo-letzshop-key";

/// What the demo's initial Letzshop sync did, per store.
pub struct DemoSync {
    pub store: &'static str,
    pub imported: i64,
    pub exceptions: i64,
    pub errors: usize,
}

/// Starts the Letzshop simulator in-process (fixed seed, 40 shipments over two vendors),
/// creates demo products with most of the simulator's GTINs/SKUs (a few stay unmatched, to
/// show exceptions), connects the demo stores to it and runs an initial sync. Keep the
/// handle alive while serving; running it again reconnects and re-syncs idempotently.
pub async fn letzshop(
    db: &Db,
    secret: &[u8],
) -> Result<(orion_letzshop::SimulatorHandle, Vec<DemoSync>), DemoError> {
    use orion_letzshop::{Client, ClientOptions, ShipmentState, SimulatorConfig};
    let sim = orion_letzshop::start_simulator(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        SimulatorConfig {
            api_key: DEMO_LETZSHOP_KEY.into(),
            shipments: 40,
            seed: 2026,
            vendors: 2,
            ..Default::default()
        },
    )
    .await
    .map_err(|e| format!("cannot start the Letzshop simulator: {e}"))?;
    let mut out = Vec::new();
    for (i, code) in STORE_CODES.iter().enumerate() {
        let Some(st) = store::Entity::find()
            .filter(store::Column::Code.eq(*code))
            .one(db.conn())
            .await?
        else {
            continue;
        };
        let key = sim
            .api_key(i + 1)
            .unwrap_or_else(|| DEMO_LETZSHOP_KEY.to_owned());
        // The variants this vendor's shipments use: most become products with stock.
        let client = Client::new(&sim.endpoint(), &key, ClientOptions::default())
            .map_err(|e| e.to_string())?;
        let mut variants = std::collections::BTreeMap::new();
        for state in [ShipmentState::Unconfirmed, ShipmentState::Confirmed] {
            let mut after: Option<String> = None;
            loop {
                let p = client
                    .shipments_page(state, after.as_deref())
                    .await
                    .map_err(|e| e.to_string())?;
                for s in p.nodes {
                    for u in s.inventory_units {
                        variants.insert(u.variant.id.clone(), u.variant);
                    }
                }
                if !p.has_next_page {
                    break;
                }
                after = p.end_cursor;
            }
        }
        let store_id = orion_kernel::StoreId(st.id);
        let merchant = orion_kernel::MerchantId(st.merchant_id);
        let tx = db.begin_write().await?;
        let mut created = Vec::new();
        for (n, v) in variants.values().enumerate() {
            let Some(sku) = v.sku.clone() else { continue };
            if n % 6 == 5
                || orion_catalog::service::find_by_sku(&tx, store_id, &sku)
                    .await?
                    .is_some()
            {
                continue;
            }
            let mut draft = orion_catalog::service::Draft {
                sku: Some(sku),
                gtin: v.gtin.clone(),
                gtin_type: v.gtin_parser.clone(),
                price: Some(format!(
                    "{}.{:02}",
                    v.price_cents / 100,
                    v.price_cents % 100
                )),
                vat_rate_class: Some("standard".into()),
                product_type: Some("physical".into()),
                brand: v.brand.clone(),
                mpn: v.mpn.clone(),
                active: Some(true),
                ..Default::default()
            };
            for (lang, t) in [
                ("en", &v.product_name.en),
                ("fr", &v.product_name.fr),
                ("de", &v.product_name.de),
            ] {
                if let Some(t) = t {
                    draft.titles.insert(lang.into(), t.clone());
                }
            }
            let p = orion_catalog::service::create(&tx, merchant, store_id, &draft).await?;
            created.push(p.clone());
            orion_inventory::service::adjust(
                &tx,
                merchant,
                store_id,
                ProductId(p.id),
                &orion_inventory::service::Slot {
                    warehouse_id: None,
                    bin: String::new(),
                },
                25,
                orion_inventory::service::TxKind::Adjust,
                &orion_inventory::service::Actor {
                    user_id: None,
                    reason: Some("Demo stock".into()),
                    reference: None,
                    order_id: None,
                    order_item_id: None,
                },
            )
            .await?;
        }
        seed_purchasing(&tx, merchant, store_id, &created).await?;
        orion_marketplace::service::save_credentials(
            &tx,
            secret,
            store_id,
            orion_marketplace::service::CredentialsIn {
                api_key: key,
                endpoint: Some(sim.endpoint()),
                auto_sync: Some(true),
                sync_interval_minutes: Some(15),
                default_carrier: Some("Post Luxembourg".into()),
            },
        )
        .await?;
        tx.commit().await?;
        let job = orion_marketplace::service::create_job(db.conn(), store_id, "sync").await?;
        let done = orion_marketplace::sync::claim_and_run(
            db,
            secret,
            store_id,
            job.id,
            std::time::Duration::from_secs(30),
            std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        )
        .await?;
        if let Some(j) = done {
            let c = orion_marketplace::sync::SyncCounts::of(&j);
            out.push(DemoSync {
                store: code,
                imported: c.imported,
                exceptions: c.exceptions,
                errors: c.errors.len(),
            });
        }
    }
    Ok((sim, out))
}

/// A supplier of the store's first products with their costs and reorder rules, one order
/// placed and expected in five days, and one draft (once per store).
async fn seed_purchasing(
    tx: &sea_orm::DatabaseTransaction,
    merchant: orion_kernel::MerchantId,
    store: orion_kernel::StoreId,
    created: &[orion_catalog::entity::product::Model],
) -> Result<(), DemoError> {
    use orion_purchasing::service::{drafts, lifecycle, reorder, suppliers};
    if created.len() < 2 || !suppliers::list(tx, store, None, false).await?.is_empty() {
        return Ok(());
    }
    let products = &created[..created.len().min(3)];
    let sup = suppliers::create(
        tx,
        merchant,
        store,
        suppliers::SupplierIn {
            name: Some("Grossiste Luxembourg SA".into()),
            contact_person: Some("Marie Weber".into()),
            email: Some("commandes@grossiste.example".into()),
            phone: Some("+352 26 12 34 56".into()),
            street: Some("12, rue de l'Industrie".into()),
            postal_code: Some("L-3895".into()),
            city: Some("Foetz".into()),
            country: Some("LU".into()),
            vat_id: Some("LU15027442".into()),
            language: Some("fr".into()),
            lead_time_days: Some(5),
            payment_terms: Some("30 jours fin de mois".into()),
            ..Default::default()
        },
    )
    .await?;
    let mut lines = Vec::new();
    for (i, p) in products.iter().enumerate() {
        let cost = p.price_cents * 45 / 100;
        suppliers::set_product(
            tx,
            store,
            orion_kernel::SupplierId(sup.id),
            ProductId(p.id),
            suppliers::SupplierProductIn {
                supplier_sku: Some(format!("GL-{:04}", 1000 + i)),
                unit_cost_cents: Some(cost),
                min_order_quantity: Some(6),
            },
        )
        .await?;
        reorder::set_rule(
            tx,
            merchant,
            store,
            ProductId(p.id),
            reorder::RuleIn {
                reorder_point: if i == 0 { 30 } else { 10 },
                target_level: 48,
                supplier_id: Some(sup.id),
            },
        )
        .await?;
        lines.push(drafts::LineIn {
            product_id: p.id,
            quantity: 24,
            unit_cost: orion_kernel::Money(cost),
        });
    }
    let ordered = drafts::create(
        tx,
        merchant,
        store,
        None,
        drafts::DraftIn {
            supplier_id: Some(sup.id),
            notes: Some("Livraison au quai 2".into()),
            lines: Some(lines[1..].to_vec()),
            ..Default::default()
        },
    )
    .await?;
    lifecycle::order(
        tx,
        merchant,
        store,
        orion_kernel::PurchaseOrderId(ordered.id),
    )
    .await?;
    drafts::create(
        tx,
        merchant,
        store,
        None,
        drafts::DraftIn {
            supplier_id: Some(sup.id),
            lines: Some(lines[..1].to_vec()),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}
