//! The embedded AYON-compatible practice server (placeholder, filled in by the sandbox work).
