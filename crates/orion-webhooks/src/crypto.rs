//! Encryption at rest of endpoints' signing secrets, as the Letzshop key is kept:
//! ChaCha20-Poly1305 with a key derived by HKDF-SHA256 from `ORION_SECRET_KEY`, a random
//! 96-bit nonce per encryption, and the store id as associated data (a ciphertext copied to
//! another store's row does not decrypt). Orion must read the secret back to sign, so it
//! cannot keep only a digest.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

fn cipher(app_key: &[u8]) -> ChaCha20Poly1305 {
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(b"orion-webhooks"), app_key);
    let mut key = [0u8; 32];
    hk.expand(b"webhook-signing-secret v1", &mut key)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// A sealed secret: ciphertext and nonce, both base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub ciphertext: String,
    pub nonce: String,
}

/// Seals `secret` for `store`.
pub fn seal(app_key: &[u8], store: i64, secret: &str) -> Sealed {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let msg = Payload {
        msg: secret.as_bytes(),
        aad: &store.to_be_bytes(),
    };
    let ct = cipher(app_key)
        .encrypt(Nonce::from_slice(&nonce), msg)
        .expect("ChaCha20-Poly1305 encryption of a short secret cannot fail");
    Sealed {
        ciphertext: B64.encode(ct),
        nonce: B64.encode(nonce),
    }
}

/// Opens what [`seal`] produced; `None` when the app key changed or the data is corrupt.
pub fn open(app_key: &[u8], store: i64, sealed: &Sealed) -> Option<String> {
    let ct = B64.decode(&sealed.ciphertext).ok()?;
    let nonce: [u8; 12] = B64.decode(&sealed.nonce).ok()?.try_into().ok()?;
    let msg = Payload {
        msg: &ct,
        aad: &store.to_be_bytes(),
    };
    let plain = cipher(app_key)
        .decrypt(Nonce::from_slice(&nonce), msg)
        .ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_for_their_store_and_key() {
        let key = b"0123456789abcdef0123456789abcdef";
        let s = seal(key, 7, "whsec_abc");
        assert!(!s.ciphertext.contains("abc"));
        assert_eq!(open(key, 7, &s).as_deref(), Some("whsec_abc"));
        assert_eq!(open(key, 8, &s), None);
        assert_eq!(open(b"another-key-another-key-another!", 7, &s), None);
        assert_ne!(seal(key, 7, "whsec_abc"), s, "random nonce");
    }
}
