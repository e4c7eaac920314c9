//! The words the format uses for methods, auth modes and body modes, and small
//! deserializers that report bad values at their line.

use serde::Deserialize;
use serde::de::{Deserializer, Error};

use crate::ayon::AuthMode;
use crate::http::HttpMethod;
use crate::request::BodyMode;

pub(super) fn yes() -> bool {
    true
}

/// A string, with an empty YAML value (`value:`) read as "".
pub(super) fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A variable name such as `token` (not `{{token}}`).
pub(super) fn var_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(name) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    if super::is_var_name(&name) {
        Ok(Some(name))
    } else {
        Err(D::Error::custom(format!(
            "`{name}` is not a variable name: write the name alone (`token`, not `{{{{token}}}}`), \
             with letters, digits, `_`, `-` or `.`"
        )))
    }
}

pub(super) mod method {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<HttpMethod, D::Error> {
        let word = String::deserialize(d)?;
        HttpMethod::from_name(&word).ok_or_else(|| {
                D::Error::custom(format!(
                    "unknown method `{word}`, expected one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"
                ))
            })
    }
}

/// The word for an auth mode in files.
pub(super) fn auth_mode_name(mode: AuthMode) -> &'static str {
    match mode {
        AuthMode::None => "none",
        AuthMode::Session => "session",
        AuthMode::Bearer => "bearer",
        AuthMode::ApiKey => "api_key",
        AuthMode::ApiKeyAsUser => "api_key_as_user",
    }
}

fn auth_mode_from<E: Error>(word: &str) -> Result<AuthMode, E> {
    AuthMode::ALL
        .into_iter()
        .find(|m| auth_mode_name(*m) == word)
        .ok_or_else(|| {
            E::custom(format!(
                "unknown auth mode `{word}`, expected one of none, session, bearer, api_key, api_key_as_user"
            ))
        })
}

pub(super) mod auth_mode {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<AuthMode, D::Error> {
        auth_mode_from(&String::deserialize(d)?)
    }
}

pub(super) mod opt_auth_mode {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AuthMode>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|w| auth_mode_from(&w))
            .transpose()
    }
}

/// The word for a body mode in files.
pub(super) fn body_mode_name(mode: BodyMode) -> &'static str {
    match mode {
        BodyMode::None => "none",
        BodyMode::Json => "json",
        BodyMode::GraphQl => "graphql",
        BodyMode::Text => "text",
        BodyMode::File => "file",
        BodyMode::Multipart => "multipart",
    }
}

pub(super) mod body_mode {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BodyMode, D::Error> {
        let word = String::deserialize(d)?;
        BodyMode::ALL
            .into_iter()
            .find(|m| body_mode_name(*m) == word)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "unknown body mode `{word}`, expected one of none, json, graphql, text, file, multipart"
                ))
            })
    }
}
