//! End-to-end against AYON (placeholder until the sandbox lands).
