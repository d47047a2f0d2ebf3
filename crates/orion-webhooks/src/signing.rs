//! Standard Webhooks signatures (<https://www.standardwebhooks.com/>): every request carries
//! `webhook-id` (the message's id, the same for every attempt and redelivery),
//! `webhook-timestamp` (unix seconds of the attempt) and `webhook-signature`
//! (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`), keyed with the base64-decoded
//! part of the endpoint's `whsec_…` secret. Receivers verify with any Standard Webhooks
//! library (or the few lines of `docs/index.md`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The prefix of secrets in the Standard Webhooks form.
pub const SECRET_PREFIX: &str = "whsec_";
/// Random bytes in a new secret (the specification asks for 24 to 64).
const SECRET_BYTES: usize = 32;

/// A fresh secret: `whsec_` and the base64 of 32 random bytes.
pub fn new_secret() -> String {
    let mut key = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut key);
    format!("{SECRET_PREFIX}{}", B64.encode(key))
}

/// The HMAC key of a secret: the decoded base64 after `whsec_` (the raw bytes of a secret
/// in another form, as the reference libraries do).
pub fn key_of(secret: &str) -> Vec<u8> {
    let raw = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    B64.decode(raw).unwrap_or_else(|_| raw.as_bytes().to_vec())
}

/// The `webhook-signature` value of one request.
pub fn sign(secret: &str, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&key_of(secret)).expect("HMAC takes keys of any length");
    mac.update(msg_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", B64.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The specification's published test vector: a receiver's library accepts what we sign.
    #[test]
    fn signs_the_specification_test_vector() {
        assert_eq!(
            sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1_614_265_330,
                br#"{"test": 2432232314}"#,
            ),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn new_secrets_are_random_and_decode_to_32_bytes() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with("whsec_"));
        assert_eq!(key_of(&a).len(), 32);
    }
}
