//! Where AYON's auth rules bite: warnings before sending and explanations after.

use serde_json::Value;

use super::{AuthInput, AuthMode, AyonErrorBody, BEARER_TOKEN_LEN, Identity, Role};

/// Warnings to show before sending with this auth.
pub fn before_send_warnings(auth: &AuthInput, session: Option<&Identity>) -> Vec<String> {
    let mut out = Vec::new();
    match auth.mode {
        AuthMode::Bearer => {
            let len = auth.bearer_token.trim().chars().count();
            if len > 0 && len != BEARER_TOKEN_LEN {
                out.push(format!(
                    "This Bearer token has {}; AYON silently ignores Bearer values \
                     that are not {BEARER_TOKEN_LEN} characters (you would get 401 \"Access token \
                     is missing\"). API keys go in X-Api-Key.",
                    characters(len)
                ));
            }
        }
        AuthMode::ApiKeyAsUser => out.push(
            "X-as-user is honoured only when the key belongs to a service user; for any other \
             user AYON silently ignores it and the request runs as the key's owner."
                .into(),
        ),
        AuthMode::Session if session.is_none() => {
            out.push("Not logged in: the Session mode has no token to send.".into())
        }
        _ => {}
    }
    out
}

/// Explanations of a response in terms of the auth that was used.
pub fn after_response_hints(
    auth: &AuthInput,
    path: &str,
    status: u16,
    error: Option<&AyonErrorBody>,
    body: &[u8],
) -> Vec<String> {
    let mut out = Vec::new();
    let detail = error.and_then(|e| e.detail.as_deref()).unwrap_or("");
    if status == 401 {
        out.push(explain_401(auth, detail));
    }
    if status == 413 {
        out.push(
            "413 Payload Too Large: AYON itself sets no body-size limit, so a reverse proxy \
             in front of it refused the upload (e.g. nginx client_max_body_size). Raise its \
             limit, or upload from inside the network."
                .into(),
        );
    }
    if let Some(endpoint) = super::raw_upload_endpoint(path) {
        match (status, detail) {
            (400, "Empty file") => out.push(format!(
                "{endpoint} got an empty body. AYON deletes the file it had under that name \
                 when this happens: upload it again."
            )),
            (404, d) if d.contains("manifest") || d.contains("not found") => out.push(
                "AYON needs the manifest first: POST it to /api/desktop/installers (or \
                 /api/desktop/dependencyPackages), then PUT the file."
                    .into(),
            ),
            _ => {}
        }
    }
    if status == 403 && path.ends_with("/openapi.json") {
        out.push("AYON serves its OpenAPI schema only to managers and admins.".into());
    }
    if let Some(code) = error.and_then(|e| e.body_code_mismatch) {
        out.push(format!(
            "The body says code {code}, but the HTTP status is {status}: AYON sends some \
             conflicts (e.g. duplicates) as 500 with code {code} in the body. The status line \
             is what the server sent."
        ));
    }
    if auth.mode == AuthMode::ApiKeyAsUser
        && status == 200
        && path.trim_end_matches('/').ends_with("/api/users/me")
        && let Ok(value) = serde_json::from_slice::<Value>(body)
        && let Some(who) = Identity::from_user_json(&value)
        && !who.name.eq_ignore_ascii_case(auth.as_user.trim())
    {
        let why = if who.role == Role::Service {
            "".to_string()
        } else {
            format!(" because {} is not a service user", who.name)
        };
        out.push(format!(
            "X-as-user \"{}\" was ignored{why}: the request ran as {}.",
            auth.as_user.trim(),
            who.name
        ));
    }
    if status == 500
        && body.starts_with(b"Internal Server Error")
        && auth.mode == AuthMode::ApiKeyAsUser
    {
        out.push(format!(
            "AYON answers a bare 500 when the X-as-user name (\"{}\") is not a known user.",
            auth.as_user.trim()
        ));
    }
    out
}

/// "1 character", "32 characters".
fn characters(n: usize) -> String {
    if n == 1 {
        "1 character".into()
    } else {
        format!("{n} characters")
    }
}

fn explain_401(auth: &AuthInput, detail: &str) -> String {
    let bearer_len = auth.bearer_token.trim().chars().count();
    match (detail, auth.mode) {
        ("Access token is missing", AuthMode::None) => {
            "This endpoint needs credentials: pick an auth mode (Session after logging in, \
             Bearer token or X-Api-Key)."
                .into()
        }
        ("Access token is missing", AuthMode::Bearer) if bearer_len != BEARER_TOKEN_LEN => {
            format!(
                "AYON ignored the Bearer value because it has {}, not \
                 {BEARER_TOKEN_LEN}. If it is an API key, send it as X-Api-Key.",
                characters(bearer_len)
            )
        }
        ("Access token is missing", _) => {
            "The server found no credentials it accepts in this request.".into()
        }
        ("Invalid API key", _) => {
            "The X-Api-Key value is neither a live session token nor a known API key.".into()
        }
        ("Invalid session", _) => {
            "The token is not a live session (expired, or the server restarted): log in again."
                .into()
        }
        ("User logged out", _) => "This token was logged out: log in again.".into(),
        ("Session expired", _) => "The session expired: log in again.".into(),
        (other, _) if other.starts_with("Client IP mismatch") => {
            "AYON binds sessions to the public IP they were made from: log in again from here."
                .into()
        }
        _ => format!("Unauthorized: {detail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(detail: &str) -> AyonErrorBody {
        AyonErrorBody {
            detail: Some(detail.into()),
            ..Default::default()
        }
    }

    #[test]
    fn upload_answers_are_explained() {
        let auth = AuthInput::default();
        let hints = after_response_hints(&auth, "/api/desktop/installers/a.exe", 413, None, b"");
        assert!(hints[0].contains("reverse proxy"), "{hints:?}");
        let empty = error("Empty file");
        let hints = after_response_hints(
            &auth,
            "/api/desktop/installers/a.exe",
            400,
            Some(&empty),
            b"",
        );
        assert!(hints[0].contains("deletes the file"), "{hints:?}");
        let missing = error("Installer manifest a.exe not found");
        let hints = after_response_hints(
            &auth,
            "/api/desktop/installers/a.exe",
            404,
            Some(&missing),
            b"",
        );
        assert!(hints[0].contains("manifest first"), "{hints:?}");
    }

    #[test]
    fn short_bearer_is_flagged_before_and_after() {
        let auth = AuthInput {
            mode: AuthMode::Bearer,
            bearer_token: "fe26e8249ae7cfcbf6c61a9f2994b491".into(),
            ..Default::default()
        };
        let before = before_send_warnings(&auth, None);
        assert!(before[0].contains("32 characters"), "{before:?}");
        let after = after_response_hints(
            &auth,
            "/api/users/me",
            401,
            Some(&error("Access token is missing")),
            b"",
        );
        assert!(after[0].contains("X-Api-Key"), "{after:?}");
    }

    #[test]
    fn ignored_x_as_user_is_explained() {
        let auth = AuthInput {
            mode: AuthMode::ApiKeyAsUser,
            api_key: "k".into(),
            as_user: "artist".into(),
            ..Default::default()
        };
        let body = br#"{"name":"admin","data":{"isAdmin":true}}"#;
        let hints = after_response_hints(&auth, "/api/users/me", 200, None, body);
        assert!(hints[0].contains("not a service user"), "{hints:?}");
    }
}
