//! How much answer history is kept.

/// How many answers, how many bytes and which bodies the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The newest answers kept per request; older ones go. 0 counts as 1: the answer just
    /// recorded is always kept.
    pub per_request: usize,
    /// The most bytes of stored (compressed) bodies and metadata; the oldest answers go
    /// while the total is over it. The answer just recorded stays even when alone over it.
    pub total_bytes: u64,
    /// The biggest body kept whole; a bigger one keeps its first and last halves of this.
    pub body_cap: u64,
    /// Whether bodies are kept at all; without them only the metadata and headers are.
    pub keep_bodies: bool,
}

impl Default for Limits {
    /// 20 answers per request, 500 MB in all, bodies whole up to 20 MB.
    fn default() -> Self {
        Self {
            per_request: 20,
            total_bytes: 500 * 1024 * 1024,
            body_cap: 20 * 1024 * 1024,
            keep_bodies: true,
        }
    }
}

impl Limits {
    /// [`Limits::per_request`] as the store applies it: at least 1.
    pub(super) fn kept_per_request(&self) -> usize {
        self.per_request.max(1)
    }
}
