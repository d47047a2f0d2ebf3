//! Demo data: a platform admin, a merchant with two stores, an owner and a staff member.
//! Seeding is idempotent: running it again changes nothing.

use orion_db::Db;
use orion_kernel::ApiError;
use orion_tenancy::entity::{merchant, store, user};
use orion_tenancy::service::{admin, auth};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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

pub async fn seed(db: &Db) -> Result<Vec<DemoLogin>, ApiError> {
    let conn = db.conn();
    let internal = orion_db::errors::internal;
    auth::upsert_user(conn, ADMIN_EMAIL, ADMIN_PASSWORD, true).await?;
    let owner = match user::Entity::find()
        .filter(user::Column::Email.eq(OWNER_EMAIL))
        .one(conn)
        .await
        .map_err(internal)?
    {
        Some(u) => u,
        None => auth::upsert_user(conn, OWNER_EMAIL, OWNER_PASSWORD, false).await?,
    };
    let m = match merchant::Entity::find()
        .filter(merchant::Column::OwnerUserId.eq(owner.id))
        .one(conn)
        .await
        .map_err(internal)?
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
            .await
            .map_err(internal)?
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
async fn seed_invoice_settings(conn: &sea_orm::DatabaseConnection) -> Result<(), ApiError> {
    let Some(lu) = store::Entity::find()
        .filter(store::Column::Code.eq("DEMO-LU"))
        .one(conn)
        .await
        .map_err(orion_db::errors::internal)?
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
