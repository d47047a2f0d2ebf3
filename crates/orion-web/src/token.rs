//! Random secrets handed to clients (access tokens, invitation tokens, CSRF tokens).
//! Only a keyed hash of a token is stored, so a database leak does not leak sessions.

use base64::Engine;
use rand::RngCore;

/// 32 random bytes, URL-safe base64 without padding, with a readable prefix.
pub fn generate(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The keyed digest under which a token is stored and looked up (HMAC-SHA256, hex).
pub fn digest(key: &[u8], token: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac =
        <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(token.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Constant-time comparison for secrets received from clients.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_digests_keyed() {
        let a = generate("orn_");
        assert!(a.starts_with("orn_") && a.len() > 40);
        assert_ne!(a, generate("orn_"));
        assert_ne!(digest(b"k1", &a), digest(b"k2", &a));
        assert_eq!(digest(b"k1", &a), digest(b"k1", &a));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("a", "ab"));
    }
}
