//! Password hashing with argon2id (PHC string format, per-password salt).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 1024;

pub fn hash(password: &str) -> Result<String, String> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A password policy message, or `None` when acceptable.
pub fn policy_violation(password: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        Some(format!("must be at least {MIN_LENGTH} characters"))
    } else if password.len() > MAX_LENGTH {
        Some(format!("must be at most {MAX_LENGTH} bytes"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("wrong", &h));
        assert!(!verify("x", "not a hash"));
        assert!(policy_violation("short").is_some());
        assert!(policy_violation("long enough pw").is_none());
    }
}
