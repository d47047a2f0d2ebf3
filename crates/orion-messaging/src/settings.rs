//! The operator's SMTP settings: `ORION_SMTP_*` variables over the `[smtp]` table of
//! `orion.toml`. Invalid values fail at start-up with the setting named; plain-text SMTP
//! (`none`) is refused unless the server is on loopback.

use std::net::IpAddr;

use serde::Deserialize;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plain connection upgraded with STARTTLS (required), port 587 by default.
    Starttls,
    /// TLS from the first byte (SMTPS), port 465 by default.
    Tls,
    /// No encryption: loopback servers only, port 25 by default.
    None,
}

/// The `[smtp]` table of `orion.toml` (every key optional; environment variables win).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpFile {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub tls: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub from: Option<String>,
    pub per_minute: Option<u32>,
}

/// Where and how e-mail leaves Orion.
#[derive(Clone)]
pub struct SmtpSettings {
    /// `None`: no server configured (messages wait, or go to the demo mailbox).
    pub host: Option<String>,
    pub port: u16,
    pub tls: Tls,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The sender address of every message; stores set only the display name and Reply-To.
    pub from: String,
    /// Messages sent per minute at most, across instances (`None`: no cap).
    pub per_minute: Option<u32>,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("from", &self.from)
            .field("per_minute", &self.per_minute)
            .finish()
    }
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: None,
            port: 587,
            tls: Tls::Starttls,
            user: None,
            password: None,
            from: DEFAULT_FROM.to_owned(),
            per_minute: None,
        }
    }
}

/// The sender address when none is configured.
pub const DEFAULT_FROM: &str = "orion@localhost";

/// `(setting, message)` of a refused value.
pub type SettingError = (&'static str, String);

fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl SmtpSettings {
    /// Reads the settings: `env` (the `ORION_SMTP_*` variables) over `file`.
    pub fn from_parts(
        file: Option<SmtpFile>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, SettingError> {
        let f = file.unwrap_or_default();
        let host = env("ORION_SMTP_HOST")
            .or(f.host)
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty());
        let tls = match env("ORION_SMTP_TLS")
            .or(f.tls)
            .map(|t| t.trim().to_ascii_lowercase())
            .as_deref()
        {
            None | Some("starttls") => Tls::Starttls,
            Some("tls") => Tls::Tls,
            Some("none") => Tls::None,
            Some(_) => {
                return Err(("ORION_SMTP_TLS", "must be starttls, tls or none".into()));
            }
        };
        let port = match env("ORION_SMTP_PORT") {
            Some(p) => p
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or(("ORION_SMTP_PORT", "must be a port number (1-65535)".into()))?,
            None => f.port.unwrap_or(match tls {
                Tls::Starttls => 587,
                Tls::Tls => 465,
                Tls::None => 25,
            }),
        };
        if tls == Tls::None
            && let Some(h) = &host
            && !is_loopback(h)
        {
            return Err((
                "ORION_SMTP_TLS",
                format!(
                    "none sends mail and passwords unencrypted: allowed only for a loopback server, not {h}"
                ),
            ));
        }
        let from = env("ORION_SMTP_FROM")
            .or(f.from)
            .map(|s| s.trim().to_owned())
            .unwrap_or_else(|| DEFAULT_FROM.to_owned());
        if from.parse::<lettre::Address>().is_err() {
            return Err((
                "ORION_SMTP_FROM",
                format!("{from:?} is not an e-mail address"),
            ));
        }
        let per_minute = match env("ORION_SMTP_PER_MINUTE") {
            Some(v) => Some(v.trim().parse::<u32>().map_err(|_| {
                (
                    "ORION_SMTP_PER_MINUTE",
                    "must be a whole number of messages".to_owned(),
                )
            })?),
            None => f.per_minute,
        }
        .filter(|n| *n > 0);
        let user = env("ORION_SMTP_USER").or(f.user);
        let password = env("ORION_SMTP_PASSWORD").or(f.password);
        if user.is_some() != password.is_some() {
            return Err((
                "ORION_SMTP_USER",
                "ORION_SMTP_USER and ORION_SMTP_PASSWORD go together".into(),
            ));
        }
        Ok(SmtpSettings {
            host,
            port,
            tls,
            user,
            password,
            from,
            per_minute,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(vars: &[(&str, &str)]) -> Result<SmtpSettings, SettingError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        SmtpSettings::from_parts(None, move |k| {
            vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn plain_smtp_only_on_loopback() {
        let ok = load(&[("ORION_SMTP_HOST", "127.0.0.1"), ("ORION_SMTP_TLS", "none")]).unwrap();
        assert_eq!((ok.tls, ok.port), (Tls::None, 25));
        let err = load(&[
            ("ORION_SMTP_HOST", "smtp.example.com"),
            ("ORION_SMTP_TLS", "none"),
        ])
        .unwrap_err();
        assert_eq!(err.0, "ORION_SMTP_TLS");
    }

    #[test]
    fn defaults_and_refusals() {
        let d = load(&[]).unwrap();
        assert!(d.host.is_none());
        assert_eq!((d.tls, d.port), (Tls::Starttls, 587));
        assert_eq!(
            load(&[("ORION_SMTP_TLS", "ssl")]).unwrap_err().0,
            "ORION_SMTP_TLS"
        );
        assert_eq!(
            load(&[("ORION_SMTP_PORT", "0")]).unwrap_err().0,
            "ORION_SMTP_PORT"
        );
        assert_eq!(
            load(&[("ORION_SMTP_FROM", "nope")]).unwrap_err().0,
            "ORION_SMTP_FROM"
        );
        let file: SmtpFile = toml_like();
        let s = SmtpSettings::from_parts(Some(file), |_| None).unwrap();
        assert_eq!((s.port, s.tls), (465, Tls::Tls));
    }

    fn toml_like() -> SmtpFile {
        SmtpFile {
            host: Some("smtp.example.com".into()),
            tls: Some("tls".into()),
            ..Default::default()
        }
    }
}
