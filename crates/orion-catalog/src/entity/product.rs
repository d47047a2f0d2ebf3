use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub store_id: i64,
    pub sku: String,
    pub gtin: Option<String>,
    pub gtin_type: Option<String>,
    pub title_en: Option<String>,
    pub title_fr: Option<String>,
    pub title_de: Option<String>,
    pub description_en: Option<String>,
    pub description_fr: Option<String>,
    pub description_de: Option<String>,
    pub price_cents: i64,
    pub sale_price_cents: Option<i64>,
    pub vat_rate_class: String,
    /// JSON object country → rate class, e.g. `{"DE":"reduced"}`.
    pub vat_overrides: Option<String>,
    pub brand: Option<String>,
    pub mpn: Option<String>,
    pub condition: String,
    pub availability: Option<String>,
    pub image_link: Option<String>,
    /// JSON array of URLs.
    pub additional_image_links: Option<String>,
    pub product_type: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn title(&self, lang: &str) -> Option<&str> {
        match lang {
            "en" => self.title_en.as_deref(),
            "fr" => self.title_fr.as_deref(),
            "de" => self.title_de.as_deref(),
            _ => None,
        }
    }

    pub fn description(&self, lang: &str) -> Option<&str> {
        match lang {
            "en" => self.description_en.as_deref(),
            "fr" => self.description_fr.as_deref(),
            "de" => self.description_de.as_deref(),
            _ => None,
        }
    }

    /// The title in `lang`, else the first other language that has one (en, fr, de order).
    pub fn title_or_fallback(&self, lang: &str) -> (&str, &'static str) {
        let lang = crate::domain::LANGUAGES
            .iter()
            .copied()
            .find(|l| *l == lang)
            .unwrap_or("en");
        if let Some(t) = self.title(lang) {
            return (t, lang);
        }
        for l in crate::domain::LANGUAGES {
            if let Some(t) = self.title(l) {
                return (t, l);
            }
        }
        (self.sku.as_str(), lang)
    }

    pub fn extra_images(&self) -> Vec<String> {
        self.additional_image_links
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    }

    pub fn is_stocked(&self) -> bool {
        self.product_type == "physical"
    }
}
