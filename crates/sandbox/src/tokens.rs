//! Random session tokens (64 lowercase hex chars, like `secrets.token_hex(32)`).
//!
//! The crate has no `rand` dependency, so the bits come from std's `RandomState`:
//! SipHash keyed with per-process random keys from the OS, fed a counter and the
//! clock. That is unpredictable to other processes, which is all a practice server
//! bound to 127.0.0.1 needs; it is not meant as a general-purpose CSPRNG.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    hasher.write_u128(nanos);
    hasher.finish()
}

/// `chars` random lowercase hex characters.
pub fn random_hex(chars: usize) -> String {
    let mut out = String::with_capacity(chars + 16);
    while out.len() < chars {
        out.push_str(&format!("{:016x}", random_u64()));
    }
    out.truncate(chars);
    out
}

/// The alphabet of Python's `shortuuid` (no 0, 1, I, O, l), which AYON's
/// request IDs are drawn from.
const SHORT_ID_ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// `chars` random characters of `shortuuid`'s alphabet, like AYON's request IDs
/// (`ShortUUID().random(length=16)`).
pub fn short_id(chars: usize) -> String {
    let base = SHORT_ID_ALPHABET.len() as u64;
    (0..chars)
        .map(|_| {
            // The tiny modulo bias does not matter for an ID.
            let index = usize::try_from(random_u64() % base).unwrap_or(0);
            char::from(SHORT_ID_ALPHABET[index])
        })
        .collect()
}

/// A new session token: 64 lowercase hex characters.
pub fn session_token() -> String {
    random_hex(64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_and_distinct() {
        let a = session_token();
        let b = session_token();
        assert_eq!(a.len(), 64);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(a, b);
        assert_eq!(random_hex(5).len(), 5);
        let id = short_id(16);
        assert_eq!(id.chars().count(), 16);
        assert!(id.bytes().all(|b| SHORT_ID_ALPHABET.contains(&b)));
    }
}
