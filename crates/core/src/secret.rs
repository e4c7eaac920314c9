//! A string that must never be printed or logged, and the forms it takes in a request
//! ([`forms`]), all of which are masked; an answer is masked before it is stored with
//! [`answer_mask`].

pub mod answer_mask;
pub mod forms;

/// A secret value (token, password, API key): `Debug` prints `***`, and there is no `Display`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for sending.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// The environment variable that holds the value of the secret variable `variable`:
/// `AYON_SECRET_` and the name in upper case, other characters than ASCII letters and
/// digits as `_` (`service_api_key` → `AYON_SECRET_SERVICE_API_KEY`). The one rule for the
/// runner, which reads it, and for every code snippet, which names it.
pub fn env_name(variable: &str) -> String {
    let upper: String = variable
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("AYON_SECRET_{upper}")
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_hides_the_value() {
        let s = super::Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn env_name_upper_cases_and_replaces_the_rest() {
        assert_eq!(super::env_name("password"), "AYON_SECRET_PASSWORD");
        assert_eq!(super::env_name("my-key.v2"), "AYON_SECRET_MY_KEY_V2");
        assert_eq!(super::env_name("clé"), "AYON_SECRET_CL_");
    }
}
