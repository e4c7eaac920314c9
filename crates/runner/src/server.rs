//! The run's server: where relative URLs go, and the one origin credentials may go to.
//!
//! It is the sandbox (`--sandbox`), else `--server`, else `AYON_SERVER_URL`, else the
//! collection's `defaults.base_url` (variables resolved). None of them is needed when
//! every request of the run has a full URL (`https://…`, after the variables known before
//! the run are substituted); then there is no server, and no request may carry
//! credentials (see `words.rs`).

use std::path::Path;

use ayon_explorer_core::collection::variables::{VariableSet, find_references, resolve};

use super::plan::{ConfigError, Plan, Step};
use super::{RunContext, RunOptions};

/// Whether a request's URL needs the run's server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServerNeed {
    /// A path (`/api/users/me`): it goes to the server.
    Yes,
    /// A full URL, or one the engine refuses whatever the server (empty, another scheme).
    No,
    /// It starts with a variable that has no value before the run (one captured on the
    /// way): known only when the request is sent.
    NotYetKnown,
}

/// The configured server, if any: the sandbox, `--server`, `AYON_SERVER_URL`, then the
/// collection's `defaults.base_url` with its variables resolved.
pub fn pick_server(
    options: &RunOptions,
    context: &RunContext,
    plan: &Plan,
    vars: &VariableSet,
) -> Result<Option<String>, ConfigError> {
    if let Some(sandbox) = &context.sandbox {
        return Ok(Some(sandbox.url.clone()));
    }
    if let Some(server) = options.server.as_ref().filter(|s| !s.trim().is_empty()) {
        return Ok(Some(server.trim().to_owned()));
    }
    if let Some(server) = (context.env)("AYON_SERVER_URL").filter(|s| !s.trim().is_empty()) {
        return Ok(Some(server.trim().to_owned()));
    }
    let base = plan.collection.file.defaults.base_url.as_deref();
    match base.filter(|b| !b.trim().is_empty()) {
        Some(base) => resolve(base, vars)
            .map(Some)
            .map_err(|unknown| ConfigError(format!("the collection's base_url {base}: {unknown}"))),
        None => Ok(None),
    }
}

/// The server named outside the collection: the sandbox, `--server`, then
/// `AYON_SERVER_URL` (never the collection's `defaults.base_url`). `AYON_SECRET_<NAME>`
/// values may go there.
pub fn own_server(options: &RunOptions, context: &RunContext) -> Option<String> {
    if let Some(sandbox) = &context.sandbox {
        return Some(sandbox.url.clone());
    }
    options
        .server
        .clone()
        .or_else(|| (context.env)("AYON_SERVER_URL"))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The first request of the plan whose URL is known to need a server.
pub fn first_needing_server<'a>(plan: &'a Plan, vars: &VariableSet) -> Option<&'a Step> {
    plan.steps
        .iter()
        .find(|step| server_need(&step.file.url, vars) == ServerNeed::Yes)
}

/// The configuration error for a run without a server whose `step` needs one.
pub fn no_server_for(step: &Step) -> ConfigError {
    ConfigError(format!(
        "no server to send to: \"{}\" ({}) has the relative URL {}; pass --server URL, set \
         AYON_SERVER_URL or the collection's defaults.base_url, or use --sandbox (requests \
         with full URLs need none of them)",
        step.file.name,
        slash_path(&step.path),
        step.file.url.trim()
    ))
}

/// Whether `url` (as written in a request file) needs the server, with the variables of
/// `vars` substituted. Only its start matters: the engine sends text starting with
/// `http://` or `https://` as it is, and puts anything else after the server's URL.
pub fn server_need(url: &str, vars: &VariableSet) -> ServerNeed {
    // The URL up to its first variable without a value, the known ones substituted.
    let mut known = String::new();
    let mut last = 0;
    let mut open = false;
    for (range, name) in find_references(url) {
        known.push_str(&url[last..range.start]);
        let Some(value) = vars.value(&name) else {
            open = true;
            break;
        };
        known.push_str(value);
        last = range.end;
    }
    if !open {
        known.push_str(&url[last..]);
    }
    let known = known.trim_start().to_ascii_lowercase();
    if known.starts_with("http://") || known.starts_with("https://") || known.contains("://") {
        return ServerNeed::No;
    }
    if open {
        // `{{base_url}}/api`, `http{{s}}://…`: what comes may still make it a full URL.
        let could_be_full = ["http://", "https://"]
            .iter()
            .any(|scheme| scheme.starts_with(known.as_str()));
        return if could_be_full {
            ServerNeed::NotYetKnown
        } else {
            ServerNeed::Yes
        };
    }
    if known.trim().is_empty() {
        return ServerNeed::No;
    }
    ServerNeed::Yes
}

/// A relative path with `/` on every system, as collections are shared.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayon_explorer_core::collection::environment::Variable;
    use ayon_explorer_core::collection::variables::Source;

    fn vars(pairs: &[(&str, &str)]) -> VariableSet {
        let mut set = VariableSet::new();
        for (name, value) in pairs {
            set.insert(&Variable::plain(*name, *value), Source::Local);
        }
        set
    }

    #[test]
    fn paths_need_the_server_and_full_urls_do_not() {
        let none = vars(&[]);
        assert_eq!(server_need("/api/users/me", &none), ServerNeed::Yes);
        assert_eq!(server_need("api/info", &none), ServerNeed::Yes);
        assert_eq!(server_need("  HTTPS://h/x", &none), ServerNeed::No);
        assert_eq!(server_need("http://127.0.0.1:9/x", &none), ServerNeed::No);
        // Refused when sent, whatever the server.
        assert_eq!(server_need("ftp://h/x", &none), ServerNeed::No);
        assert_eq!(server_need("  ", &none), ServerNeed::No);
    }

    #[test]
    fn known_variables_are_substituted_and_unknown_ones_wait() {
        let set = vars(&[("base", "http://h:5000"), ("path", "/api")]);
        assert_eq!(server_need("{{base}}/api/info", &set), ServerNeed::No);
        assert_eq!(server_need("{{ path }}/info", &set), ServerNeed::Yes);
        // Captured later: it may still become a full URL.
        assert_eq!(
            server_need("{{later}}/api/info", &set),
            ServerNeed::NotYetKnown
        );
        assert_eq!(
            server_need("http{{s}}://h/x", &set),
            ServerNeed::NotYetKnown
        );
        // Whatever the variable holds, this is a path.
        assert_eq!(server_need("/api/{{later}}", &set), ServerNeed::Yes);
        assert_eq!(server_need("{{path}}/{{later}}", &set), ServerNeed::Yes);
    }
}
