//! The newcomer's first minute: log in, who am I, list projects (placeholder until the sandbox lands).
