//! Assertions and captures of saved requests (`expect:` and `capture:` in a request file),
//! shared by the app's Tests tab and the headless runner.
//!
//! ```yaml
//! expect:
//!   status: 200                # or [200, 204]
//!   time_below_ms: 2000
//!   headers:
//!     - name: content-type
//!       contains: application/json
//!   json:
//!     - path: $.name
//!       equals: "{{username}}"
//!     - path: $.token
//!       matches: "^[0-9a-f]{64}$"
//!     - path: $.projects
//!       exists: true
//! capture:
//!   token: $.token             # {{token}} for the requests that follow
//! ```

mod capture;
mod evaluate;
mod file;
mod select;

pub use capture::{CaptureError, captures};
pub use evaluate::{Answer, Outcome, evaluate};
pub use file::{
    Capture, CheckProblem, ExpectFile, HeaderCheck, JsonCheck, StatusList, deserialize_capture,
    locate, validate,
};
pub use select::{Found, SelectError, select};

/// Whether a variable's name says it holds a credential (`token`, `api_key`, `password`,
/// …): its captured value is kept as a secret and masked wherever values are shown.
pub fn looks_like_credential(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["token", "key", "password", "secret", "credential", "auth"]
        .iter()
        .any(|word| lower.contains(word))
}
