//! Configuration: environment variables override an optional `orion.toml`. Invalid values
//! fail fast with a message that names the setting.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://orion.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Fixed key used only in demo mode when none is configured: demo data is public anyway.
const DEMO_SECRET: &str = "orion-demo-mode-insecure-secret-key-do-not-use";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{setting}: {message}")]
    Invalid {
        setting: &'static str,
        message: String,
    },
    #[error("cannot read {path}: {message}")]
    File { path: PathBuf, message: String },
}

fn invalid(setting: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting,
        message: message.into(),
    }
}

/// The optional `orion.toml` (every key optional; environment variables win).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub secret_key: Option<String>,
    pub public_url: Option<String>,
    pub token_ttl_minutes: Option<i64>,
    pub invitation_ttl_hours: Option<i64>,
    pub trial_days: Option<i64>,
    pub vies_url: Option<String>,
    pub vies_requester: Option<String>,
    pub worker: Option<bool>,
    pub worker_interval_seconds: Option<u64>,
    pub webhooks_allow_loopback: Option<bool>,
    /// Outgoing e-mail (`[smtp]`: host, port, tls, user, password, from, per_minute).
    pub smtp: Option<orion_messaging::SmtpFile>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    /// `None` when not configured (allowed only for commands that do not need it).
    pub secret_key: Option<Vec<u8>>,
    pub public_url: String,
    pub token_ttl_minutes: i64,
    pub invitation_ttl_hours: i64,
    pub trial_days: i64,
    /// VIES endpoint; look-ups are off when absent.
    pub vies_url: Option<String>,
    /// The operator's VAT id sent to VIES so that it issues consultation references.
    pub vies_requester: Option<orion_vat::VatId>,
    /// Run the background worker (Letzshop sync and outbox) inside `serve` (`ORION_WORKER`).
    pub worker: bool,
    /// Seconds between worker rounds (`ORION_WORKER_INTERVAL_SECONDS`, 1–3600, default 5).
    pub worker_interval_seconds: u64,
    /// Accept loopback Letzshop endpoints (`ORION_LETZSHOP_ALLOW_LOOPBACK`); unset means
    /// on for `orion demo` and off otherwise.
    pub letzshop_allow_loopback: Option<bool>,
    /// Accept webhook endpoints on loopback over plain http (`ORION_WEBHOOKS_ALLOW_LOOPBACK`,
    /// `webhooks_allow_loopback`; off by default).
    pub webhooks_allow_loopback: bool,
    /// Outgoing e-mail (`ORION_SMTP_*`, `[smtp]`); no host: mail waits (demo: local mailbox).
    pub smtp: orion_messaging::SmtpSettings,
    pub demo: bool,
}

impl Config {
    /// Reads `ORION_CONFIG` (or `./orion.toml` when present) and the environment.
    pub fn load() -> Result<Self, ConfigError> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let file = match env("ORION_CONFIG") {
            Some(p) => Some(PathBuf::from(p)),
            None => Some(PathBuf::from("orion.toml")).filter(|p| p.exists()),
        };
        let fc = match &file {
            Some(p) => read_file(p)?,
            None => FileConfig::default(),
        };
        Self::from_parts(fc, env)
    }

    pub fn from_parts(
        fc: FileConfig,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let database_url = env("ORION_DATABASE_URL")
            .or(fc.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        orion_db::Backend::from_url(&database_url).map_err(|e| {
            invalid(
                "ORION_DATABASE_URL",
                e.to_string().replace("ORION_DATABASE_URL: ", ""),
            )
        })?;
        let bind_raw = env("ORION_BIND")
            .or(fc.bind)
            .unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind: SocketAddr = bind_raw.parse().map_err(|_| {
            invalid(
                "ORION_BIND",
                format!("{bind_raw:?} is not an address like 127.0.0.1:8080"),
            )
        })?;
        let secret_key = match env("ORION_SECRET_KEY").or(fc.secret_key) {
            Some(k) => Some(parse_secret(&k)?),
            None => None,
        };
        let public_url = env("ORION_PUBLIC_URL")
            .or(fc.public_url)
            .unwrap_or_else(|| format!("http://{bind}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(invalid(
                "ORION_PUBLIC_URL",
                "must start with http:// or https://",
            ));
        }
        let token_ttl_minutes = match env("ORION_TOKEN_TTL_MINUTES") {
            Some(v) => v.parse().map_err(|_| {
                invalid(
                    "ORION_TOKEN_TTL_MINUTES",
                    "must be a whole number of minutes",
                )
            })?,
            None => fc.token_ttl_minutes.unwrap_or(12 * 60),
        };
        if !(1..=60 * 24 * 30).contains(&token_ttl_minutes) {
            return Err(invalid(
                "ORION_TOKEN_TTL_MINUTES",
                "must be between 1 and 43200 (30 days)",
            ));
        }
        let invitation_ttl_hours = fc.invitation_ttl_hours.unwrap_or(72);
        if !(1..=24 * 30).contains(&invitation_ttl_hours) {
            return Err(invalid("invitation_ttl_hours", "must be between 1 and 720"));
        }
        let trial_days = match env("ORION_TRIAL_DAYS") {
            Some(v) => v
                .parse()
                .map_err(|_| invalid("ORION_TRIAL_DAYS", "must be a whole number of days"))?,
            None => fc.trial_days.unwrap_or(14),
        };
        if !(0..=365).contains(&trial_days) {
            return Err(invalid("ORION_TRIAL_DAYS", "must be between 0 and 365"));
        }
        let vies_url = env("ORION_VIES_URL").or(fc.vies_url);
        if let Some(u) = &vies_url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            return Err(invalid("ORION_VIES_URL", "must be an http(s) URL"));
        }
        let vies_requester = match env("ORION_VIES_REQUESTER").or(fc.vies_requester) {
            Some(v) => Some(v.parse().map_err(|_| {
                invalid(
                    "ORION_VIES_REQUESTER",
                    "is not a valid VAT identification number",
                )
            })?),
            None => None,
        };
        let worker = match env("ORION_WORKER").map(|v| v.trim().to_ascii_lowercase()) {
            None => fc.worker.unwrap_or(true),
            Some(v) if matches!(v.as_str(), "on" | "true" | "1" | "yes") => true,
            Some(v) if matches!(v.as_str(), "off" | "false" | "0" | "no") => false,
            Some(_) => return Err(invalid("ORION_WORKER", "must be on or off")),
        };
        let letzshop_allow_loopback =
            match env("ORION_LETZSHOP_ALLOW_LOOPBACK").map(|v| v.trim().to_ascii_lowercase()) {
                None => None,
                Some(v) if matches!(v.as_str(), "on" | "true" | "1" | "yes") => Some(true),
                Some(v) if matches!(v.as_str(), "off" | "false" | "0" | "no") => Some(false),
                Some(_) => {
                    return Err(invalid(
                        "ORION_LETZSHOP_ALLOW_LOOPBACK",
                        "must be on or off",
                    ));
                }
            };
        let webhooks_allow_loopback =
            match env("ORION_WEBHOOKS_ALLOW_LOOPBACK").map(|v| v.trim().to_ascii_lowercase()) {
                None => fc.webhooks_allow_loopback.unwrap_or(false),
                Some(v) if matches!(v.as_str(), "on" | "true" | "1" | "yes") => true,
                Some(v) if matches!(v.as_str(), "off" | "false" | "0" | "no") => false,
                Some(_) => {
                    return Err(invalid(
                        "ORION_WEBHOOKS_ALLOW_LOOPBACK",
                        "must be on or off",
                    ));
                }
            };
        let worker_interval_seconds = match env("ORION_WORKER_INTERVAL_SECONDS") {
            Some(v) => v.trim().parse().map_err(|_| {
                invalid(
                    "ORION_WORKER_INTERVAL_SECONDS",
                    "must be a whole number of seconds",
                )
            })?,
            None => fc.worker_interval_seconds.unwrap_or(5),
        };
        if !(1..=3600).contains(&worker_interval_seconds) {
            return Err(invalid(
                "ORION_WORKER_INTERVAL_SECONDS",
                "must be between 1 and 3600",
            ));
        }
        let smtp = orion_messaging::SmtpSettings::from_parts(fc.smtp, &env)
            .map_err(|(setting, message)| invalid(setting, message))?;
        Ok(Config {
            smtp,
            worker,
            worker_interval_seconds,
            database_url,
            bind,
            secret_key,
            public_url,
            token_ttl_minutes,
            invitation_ttl_hours,
            trial_days,
            vies_url,
            vies_requester,
            letzshop_allow_loopback,
            webhooks_allow_loopback,
            demo: false,
        })
    }

    /// Where the e-mail worker sends: the SMTP server, else the demo mailbox in demo mode.
    pub fn mail_delivery(&self) -> orion_messaging::Delivery {
        orion_messaging::Delivery {
            smtp: self.smtp.clone(),
            demo_mailbox: self.demo,
        }
    }

    /// The secret key, required outside demo mode.
    pub fn require_secret(&self) -> Result<Vec<u8>, ConfigError> {
        match (&self.secret_key, self.demo) {
            (Some(k), _) => Ok(k.clone()),
            (None, true) => Ok(DEMO_SECRET.as_bytes().to_vec()),
            (None, false) => Err(invalid(
                "ORION_SECRET_KEY",
                "is not set. Orion needs a secret key to protect sessions and stored credentials. \
                 Generate one with `orion secret generate` and set ORION_SECRET_KEY (or secret_key in orion.toml).",
            )),
        }
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.to_owned(),
        message: e.to_string(),
    })
}

/// A secret key: 64+ hex characters (32+ bytes), or any string of at least 32 characters.
fn parse_secret(raw: &str) -> Result<Vec<u8>, ConfigError> {
    let raw = raw.trim();
    if raw.len() >= 64 && raw.len().is_multiple_of(2) && raw.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return hex::decode(raw).map_err(|e| invalid("ORION_SECRET_KEY", e.to_string()));
    }
    if raw.chars().count() < 32 {
        return Err(invalid(
            "ORION_SECRET_KEY",
            "is too short: use at least 32 characters (`orion secret generate` makes one)",
        ));
    }
    Ok(raw.as_bytes().to_vec())
}

/// A new random key, hex-encoded (for `orion secret generate`).
pub fn generate_secret() -> String {
    let t = orion_web::token::generate("");
    hex::encode(t.as_bytes()).chars().take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let m: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_parts(FileConfig::default(), |k| m.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = load(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://orion.db");
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(c.secret_key.is_none());
        assert!(
            c.require_secret()
                .unwrap_err()
                .to_string()
                .starts_with("ORION_SECRET_KEY")
        );
    }

    #[test]
    fn errors_name_the_setting() {
        assert!(
            load(&[("ORION_BIND", "nope")])
                .unwrap_err()
                .to_string()
                .starts_with("ORION_BIND")
        );
        assert!(
            load(&[("ORION_DATABASE_URL", "mysql://x")])
                .unwrap_err()
                .to_string()
                .starts_with("ORION_DATABASE_URL")
        );
        assert!(
            load(&[("ORION_SECRET_KEY", "short")])
                .unwrap_err()
                .to_string()
                .starts_with("ORION_SECRET_KEY")
        );
        assert!(
            load(&[("ORION_TOKEN_TTL_MINUTES", "x")])
                .unwrap_err()
                .to_string()
                .starts_with("ORION_TOKEN_TTL_MINUTES")
        );
    }

    #[test]
    fn hex_secret_is_decoded_and_demo_has_a_fallback() {
        let k = generate_secret();
        let c = load(&[("ORION_SECRET_KEY", &k)]).unwrap();
        assert_eq!(c.secret_key.unwrap().len(), 32);
        let mut d = load(&[]).unwrap();
        d.demo = true;
        assert!(d.require_secret().is_ok());
    }

    #[test]
    fn webhooks_loopback_is_off_unless_switched_on() {
        assert!(!load(&[]).unwrap().webhooks_allow_loopback);
        let on = load(&[("ORION_WEBHOOKS_ALLOW_LOOPBACK", "on")]).unwrap();
        assert!(on.webhooks_allow_loopback);
        let e = load(&[("ORION_WEBHOOKS_ALLOW_LOOPBACK", "maybe")]).unwrap_err();
        assert!(e.to_string().starts_with("ORION_WEBHOOKS_ALLOW_LOOPBACK"));
        let fc: FileConfig = toml::from_str("webhooks_allow_loopback = true").unwrap();
        assert!(
            Config::from_parts(fc, |_| None)
                .unwrap()
                .webhooks_allow_loopback
        );
    }

    #[test]
    fn smtp_is_read_from_the_smtp_table_and_env_wins() {
        let fc: FileConfig = toml::from_str(
            "[smtp]\nhost = \"127.0.0.1\"\ntls = \"none\"\nfrom = \"shop@example.com\"\nper_minute = 30",
        )
        .unwrap();
        let c = Config::from_parts(fc, |k| (k == "ORION_SMTP_PORT").then(|| "2525".to_owned()))
            .unwrap();
        assert_eq!(c.smtp.host.as_deref(), Some("127.0.0.1"));
        assert_eq!(
            (c.smtp.port, c.smtp.tls),
            (2525, orion_messaging::Tls::None)
        );
        assert_eq!(
            (c.smtp.from.as_str(), c.smtp.per_minute),
            ("shop@example.com", Some(30))
        );
        // Plain SMTP to a remote host is refused at start-up, naming the setting.
        let e = load(&[
            ("ORION_SMTP_HOST", "smtp.example.com"),
            ("ORION_SMTP_TLS", "none"),
        ])
        .unwrap_err();
        assert!(e.to_string().starts_with("ORION_SMTP_TLS"), "{e}");
        assert!(toml::from_str::<FileConfig>("[smtp]\nhots = \"x\"").is_err());
    }

    #[test]
    fn file_values_are_read_and_env_wins() {
        let fc: FileConfig =
            toml::from_str("bind = \"127.0.0.1:9000\"\ndatabase_url = \"sqlite://x.db\"").unwrap();
        let c = Config::from_parts(fc, |k| {
            (k == "ORION_BIND").then(|| "127.0.0.1:9100".to_string())
        })
        .unwrap();
        assert_eq!(c.bind.port(), 9100);
        assert_eq!(c.database_url, "sqlite://x.db");
        assert!(toml::from_str::<FileConfig>("bogus = 1").is_err());
    }
}
