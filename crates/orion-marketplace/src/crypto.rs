//! Encryption at rest of the Letzshop API key: ChaCha20-Poly1305 (AEAD) with a key derived
//! by HKDF-SHA256 from `ORION_SECRET_KEY`, a random 96-bit nonce per encryption, and the
//! store id as associated data (a ciphertext copied to another store's row does not decrypt).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

fn cipher(secret: &[u8]) -> ChaCha20Poly1305 {
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(b"orion-marketplace"), secret);
    let mut key = [0u8; 32];
    hk.expand(b"letzshop-api-key v1", &mut key)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// Encrypts `plain` for `store`; returns (ciphertext, nonce), both base64.
pub fn encrypt(secret: &[u8], store: i64, plain: &str) -> (String, String) {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let aad = store.to_be_bytes();
    let ct = cipher(secret)
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plain.as_bytes(),
                aad: &aad,
            },
        )
        .expect("ChaCha20-Poly1305 encryption of a short key cannot fail");
    (B64.encode(ct), B64.encode(nonce))
}

/// Decrypts what [`encrypt`] produced; `None` when the secret key changed or data is corrupt.
pub fn decrypt(secret: &[u8], store: i64, ciphertext: &str, nonce: &str) -> Option<String> {
    let ct = B64.decode(ciphertext).ok()?;
    let nonce = B64.decode(nonce).ok()?;
    if nonce.len() != 12 {
        return None;
    }
    let aad = store.to_be_bytes();
    let plain = cipher(secret)
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &ct,
                aad: &aad,
            },
        )
        .ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_binding() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let (ct, n) = encrypt(secret, 7, "sim-key-secret");
        assert!(!ct.contains("sim-key"));
        assert_eq!(
            decrypt(secret, 7, &ct, &n).as_deref(),
            Some("sim-key-secret")
        );
        assert_eq!(decrypt(secret, 8, &ct, &n), None, "bound to the store");
        assert_eq!(
            decrypt(b"another-secret-another-secret-xx", 7, &ct, &n),
            None
        );
        let (ct2, n2) = encrypt(secret, 7, "sim-key-secret");
        assert_ne!((ct.clone(), n.clone()), (ct2, n2), "random nonce");
    }
}
