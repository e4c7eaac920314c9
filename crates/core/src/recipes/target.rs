//! Where and as whom recipes talk to AYON, and the one way they send a request.

use std::sync::Arc;
use std::time::Duration;

use crate::ayon::normalize_base_url;
use crate::http::{
    Exchange, HttpMethod, Progress, RequestSpec, ResponseSink, Transfer, execute_with,
};

use super::RecipeError;
use super::explain::{Action, explain};

/// Where and as whom recipes talk to AYON.
#[derive(Clone, Debug)]
pub struct RecipeTarget {
    /// The server's base URL, e.g. `http://127.0.0.1:5000`.
    pub server_url: String,
    /// Auth headers to send (`Authorization: Bearer …` or `X-Api-Key: …`).
    pub headers: Vec<(String, String)>,
    /// Values to mask wherever a request is shown (tokens, keys).
    pub secrets: Vec<String>,
    /// Limit per request; for uploads, the longest time without progress.
    pub timeout: Duration,
}

impl RecipeTarget {
    /// A request to the server path made of `segments` (each percent-encoded, so a
    /// file name cannot change the path), with the target's headers, secrets and
    /// timeout.
    pub(crate) fn request(
        &self,
        method: HttpMethod,
        segments: &[&str],
    ) -> Result<RequestSpec, RecipeError> {
        let mut url = normalize_base_url(&self.server_url)?;
        url.path_segments_mut()
            .map_err(|()| {
                RecipeError::Invalid(format!(
                    "The server URL {} cannot have a path",
                    self.server_url
                ))
            })?
            .pop_if_empty()
            .extend(segments);
        let mut spec = RequestSpec::new(method, url).timeout(self.timeout);
        for (name, value) in &self.headers {
            spec = spec.header(name.clone(), value.clone());
        }
        for secret in &self.secrets {
            spec = spec.secret(secret.clone());
        }
        Ok(spec)
    }

    /// Sends `spec` (counting bytes in `progress` when given) and returns the
    /// exchange if AYON answered 2xx, else the answer explained for `action`.
    pub(crate) async fn call(
        &self,
        client: &impl crate::http::ClientFor,
        spec: &RequestSpec,
        action: &Action,
        progress: Option<Arc<Progress>>,
    ) -> Result<Exchange, RecipeError> {
        let transfer = Transfer {
            progress,
            sink: ResponseSink::Memory,
        };
        let exchange = execute_with(client, spec, &transfer).await?;
        let response = &exchange.response;
        if !(200..300).contains(&response.status) {
            return Err(explain(
                action,
                response.status,
                &response.reason,
                &response.body,
            ));
        }
        Ok(exchange)
    }
}

/// The JSON body of a 2xx answer, or an error saying the answer is not what `action`
/// expects.
pub(crate) fn json_of(exchange: &Exchange, what: &str) -> Result<serde_json::Value, RecipeError> {
    serde_json::from_slice(&exchange.response.body).map_err(|e| unexpected(exchange, what, &e))
}

/// A 2xx answer that lacks what the recipe needs from it.
pub(crate) fn unexpected(
    exchange: &Exchange,
    what: &str,
    why: &dyn std::fmt::Display,
) -> RecipeError {
    let body = String::from_utf8_lossy(&exchange.response.body);
    let excerpt: String = body.chars().take(200).collect();
    RecipeError::Server {
        status: exchange.response.status,
        detail: excerpt,
        explanation: format!(
            "The server answered {} but not with {what} ({why}): is this an AYON server?",
            exchange.response.status
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(url: &str) -> RecipeTarget {
        RecipeTarget {
            server_url: url.into(),
            headers: vec![("Authorization".into(), "Bearer abcdef123456".into())],
            secrets: vec!["abcdef123456".into()],
            timeout: Duration::from_secs(7),
        }
    }

    #[test]
    fn requests_join_encoded_segments_to_the_server_url() {
        let spec = target("http://127.0.0.1:5000/")
            .request(
                HttpMethod::Put,
                &["api", "desktop", "installers", "a b?#/c+1.zip"],
            )
            .unwrap();
        assert_eq!(
            spec.url.as_str(),
            "http://127.0.0.1:5000/api/desktop/installers/a%20b%3F%23%2Fc+1.zip"
        );
        assert_eq!(spec.timeout, Duration::from_secs(7));
        assert_eq!(spec.headers[0].0, "Authorization");
        assert!(!format!("{spec:?}").contains("abcdef123456"));
        let prefixed = target("https://host/ayon")
            .request(HttpMethod::Get, &["api", "info"])
            .unwrap();
        assert_eq!(prefixed.url.as_str(), "https://host/ayon/api/info");
        assert!(matches!(
            target("").request(HttpMethod::Get, &["api"]),
            Err(RecipeError::Http(_))
        ));
    }
}
