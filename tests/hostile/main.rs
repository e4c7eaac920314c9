//! A shared collection is untrusted input. Each file here is one attack from the threat
//! list (issue 19), tried as a careful attacker would, with a collection folder on disk,
//! the real binary (or the real window), and a recording server on another loopback
//! origin standing for the attacker's host. Each test asserts that the attack fails with
//! its named message, that nothing reached the foreign server, and that no secret reached
//! any output.

#[path = "../support/mod.rs"]
mod support;

#[allow(dead_code)]
#[path = "../gui/harness.rs"]
mod harness;
mod kit;

mod item01_credentials;
mod item02_files;
mod item03_secrets;
mod item04_symlinked_request;
mod item05_deep_yaml;
mod item06_special_files;
mod item07_encodings;
mod item08_proxy_password;
mod item09_pasted_curl;
mod item10_downloads;
mod item11_redirect_headers;
mod item12_loader_limits;
