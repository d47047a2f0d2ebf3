//! Where Orion may send webhooks (a store user chooses the URL, so it must not reach the
//! operator's internal network): `https://` only, plain `http://` only to a loopback address
//! and only when the operator turns on `ORION_WEBHOOKS_ALLOW_LOOPBACK`; never a private
//! (RFC 1918, unique-local), shared, link-local, unspecified, multicast, documentation or
//! reserved address, nor loopback unless allowed. Host names are checked after resolution:
//! when an endpoint is saved ([`check_target`], every address must be allowed) and again on
//! every delivery, where [`GuardedResolver`] hands the HTTP client only allowed addresses, so
//! the connection goes to an address that was checked and a DNS answer that changed
//! (rebinding) cannot lead inside.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};

use reqwest::Url;

/// The longest URL an endpoint may have.
pub const MAX_URL_CHARS: usize = 2000;

pub const URL_SHAPE: &str =
    "must be an https:// URL of at most 2000 characters, without spaces or credentials";
pub const URL_HTTP: &str =
    "must use https:// (http:// only to a loopback address, when the operator allows it)";
pub const URL_BLOCKED: &str =
    "must not point to a private, loopback, link-local or other internal address";
pub const URL_UNRESOLVED: &str = "names a host that does not resolve";

static ALLOW_LOOPBACK: AtomicBool = AtomicBool::new(false);

/// Whether loopback receivers are allowed (`ORION_WEBHOOKS_ALLOW_LOOPBACK=on`, for tests and
/// local tools; off by default). Set once at start-up.
pub fn allow_loopback(on: bool) {
    ALLOW_LOOPBACK.store(on, Ordering::Relaxed);
}

pub fn loopback_allowed() -> bool {
    ALLOW_LOOPBACK.load(Ordering::Relaxed)
}

/// The URL's host as an address, when it is one (`[::1]` without its brackets).
fn literal_ip(url: &Url) -> Option<IpAddr> {
    let host = url.host_str()?;
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// The URL's shape and scheme: https, or http to a loopback host when allowed; no
/// credentials, no spaces. Addresses are checked by [`check_target`].
pub fn parse(raw: &str) -> Result<Url, &'static str> {
    parse_with(raw, loopback_allowed())
}

fn parse_with(raw: &str, loopback: bool) -> Result<Url, &'static str> {
    let raw = raw.trim();
    if raw.is_empty()
        || raw.chars().count() > MAX_URL_CHARS
        || raw.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(URL_SHAPE);
    }
    let url = Url::parse(raw).map_err(|_| URL_SHAPE)?;
    if url.host_str().is_none_or(str::is_empty)
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(URL_SHAPE);
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" => {
            let loopback_host = url.host_str() == Some("localhost")
                || literal_ip(&url).is_some_and(|ip| ip.is_loopback());
            if loopback && loopback_host {
                Ok(url)
            } else {
                Err(URL_HTTP)
            }
        }
        _ => Err(URL_SHAPE),
    }
}

/// Whether Orion may connect to `ip`.
pub fn permitted(ip: IpAddr) -> bool {
    permitted_with(ip, loopback_allowed())
}

fn permitted_with(ip: IpAddr, loopback: bool) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_permitted(v4, loopback),
        IpAddr::V6(v6) => v6_permitted(v6, loopback),
    }
}

fn v4_permitted(ip: Ipv4Addr, loopback: bool) -> bool {
    if ip.is_loopback() {
        return loopback;
    }
    let [a, b, c, _] = ip.octets();
    let internal = ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        // "This network", shared address space (carrier-grade NAT), IETF protocol
        // assignments, benchmarking, reserved.
        || a == 0
        || (a == 100 && (b & 0xC0) == 64)
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b & 0xFE) == 18)
        || a >= 240;
    !internal
}

fn v6_permitted(ip: Ipv6Addr, loopback: bool) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_permitted(v4, loopback);
    }
    if ip.is_loopback() {
        return loopback;
    }
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if ip.is_unspecified() || ip.is_multicast() {
        return false;
    }
    match s {
        // Unique local (fc00::/7), link-local (fe80::/10), old site-local (fec0::/10).
        [x, ..] if (x & 0xFE00) == 0xFC00 || (x & 0xFFC0) == 0xFE80 || (x & 0xFFC0) == 0xFEC0 => {
            false
        }
        // Documentation, Teredo.
        [0x2001, 0x0DB8, ..] | [0x2001, 0, ..] => false,
        // NAT64 and 6to4 carry an IPv4 address: judged by it.
        [0x0064, 0xFF9B, 0, 0, 0, 0, hi, lo] => v4_permitted(embedded(hi, lo), loopback),
        [0x2002, hi, lo, ..] => v4_permitted(embedded(hi, lo), loopback),
        // IPv4-compatible (deprecated) addresses.
        [0, 0, 0, 0, 0, 0, hi, lo] => v4_permitted(embedded(hi, lo), loopback),
        _ => true,
    }
}

/// The port the URL connects to.
fn port_of(url: &Url) -> u16 {
    url.port_or_known_default().unwrap_or(443)
}

/// Where `url` leads now: its address, or every address its host resolves to, must be
/// permitted (and a loopback one for `http://`).
pub async fn check_target(url: &Url) -> Result<(), &'static str> {
    let addrs: Vec<IpAddr> = match literal_ip(url) {
        Some(ip) => vec![ip],
        None => {
            let host = url.host_str().ok_or(URL_SHAPE)?;
            tokio::net::lookup_host((host, port_of(url)))
                .await
                .map_err(|_| URL_UNRESOLVED)?
                .map(|a| a.ip())
                .collect()
        }
    };
    if addrs.is_empty() {
        return Err(URL_UNRESOLVED);
    }
    if !addrs.iter().all(|ip| permitted(*ip)) {
        return Err(URL_BLOCKED);
    }
    if url.scheme() == "http" && !addrs.iter().all(IpAddr::is_loopback) {
        return Err(URL_HTTP);
    }
    Ok(())
}

/// Checked before each request: the URL is still allowed as the operator's settings stand,
/// and an address literal is one Orion may call (names are checked by the resolver).
pub fn check_before_send(raw: &str) -> Result<Url, String> {
    let url = parse(raw).map_err(|m| format!("url {m}"))?;
    if let Some(ip) = literal_ip(&url)
        && !permitted(ip)
    {
        return Err(format!("url {URL_BLOCKED}"));
    }
    Ok(url)
}

/// DNS for the webhook client: resolves as the system does, then keeps only the addresses
/// Orion may call; none left is an error, so the request never starts.
#[derive(Debug, Default, Clone, Copy)]
pub struct GuardedResolver;

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = all.into_iter().filter(|a| permitted(a.ip())).collect();
            if allowed.is_empty() {
                return Err(format!("{host} resolves to no address Orion may call").into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused() {
        for s in [
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "127.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:0a00:0001::1",
            "2001:db8::1",
        ] {
            assert!(!permitted_with(ip(s), false), "{s} must be refused");
        }
        for s in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(permitted_with(ip(s), false), "{s} is public");
        }
        assert!(permitted_with(ip("127.0.0.1"), true));
        assert!(permitted_with(ip("::1"), true));
        assert!(!permitted_with(ip("10.0.0.1"), true));
    }

    #[test]
    fn urls_are_https_or_allowed_loopback_http() {
        assert!(parse_with("https://hooks.example.com/orion?x=1", false).is_ok());
        assert_eq!(
            parse_with("http://127.0.0.1:9000/", false).unwrap_err(),
            URL_HTTP
        );
        assert_eq!(
            parse_with("http://hooks.example.com/", false).unwrap_err(),
            URL_HTTP
        );
        assert_eq!(
            parse_with("ftp://example.com/", false).unwrap_err(),
            URL_SHAPE
        );
        assert_eq!(
            parse_with("https://user:pw@example.com/", false).unwrap_err(),
            URL_SHAPE
        );
        assert_eq!(
            parse_with("https://exa mple.com/", false).unwrap_err(),
            URL_SHAPE
        );
        assert_eq!(parse_with("not a url", false).unwrap_err(), URL_SHAPE);
        assert!(parse_with("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(parse_with("http://[::1]:9000/hook", true).is_ok());
        assert!(parse_with("http://localhost:9000/hook", true).is_ok());
        assert_eq!(parse_with("http://10.0.0.1/", true).unwrap_err(), URL_HTTP);
    }
}
