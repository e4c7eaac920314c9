//! Import of a curl command line (as pasted from a terminal, API docs or a browser's
//! "Copy as cURL") into one request, and of a text of several commands into one request
//! each.

mod args;
mod build;
mod form;
mod lexer;
mod options;
mod split;

use super::{Format, ImportError, Imported, ImportedRequest, ImportedVariable};
use crate::ayon::AuthMode;

pub use lexer::single_quoted;

/// A parsed command: the request, its shell variables and what was not carried.
struct Parsed {
    request: ImportedRequest,
    variables: Vec<ImportedVariable>,
    not_carried: Vec<String>,
}

/// The request of a curl `command` as an import of one request named from its method
/// and path. Shell variables (`$NAME`) become `{{NAME}}` variables with empty values.
pub fn import_curl(command: &str) -> Result<Imported, ImportError> {
    let parsed = parse(command)?;
    let mut imported = Imported::new(parsed.request.name.clone(), Format::Curl);
    imported.root.requests.push(parsed.request);
    imported.variables = parsed.variables;
    imported.not_carried = parsed.not_carried;
    Ok(imported)
}

/// Whether `text` starts with a curl command once leading blank lines, `#` comments and
/// a `$ ` prompt are skipped (a script or a page of commands).
pub fn is_curl_text(text: &str) -> bool {
    let command = lexer::skip_preamble(text);
    crate::interchange::detect::is_curl_command(command) || command.trim_end() == "curl"
}

/// Whether `text` (a script, a page of notes) holds a curl command anywhere, at the
/// start of one of its commands.
pub fn has_curl_command(text: &str) -> bool {
    !lexer::is_cmd_style(text) && !split::split(text).commands.is_empty()
}

/// Every curl command of `text` (a script, a page of API docs), one request each, in
/// order; a text with one command is read as [`import_curl`] reads it. Commands that are
/// not curl, and curl commands that cannot be read, are named in `not_carried`.
pub fn import_curl_text(text: &str) -> Result<Imported, ImportError> {
    if lexer::is_cmd_style(text) {
        return import_curl(text);
    }
    let split = split::split(text);
    if split.commands.len() < 2 && is_curl_text(text) || split.commands.is_empty() {
        return import_curl(text);
    }
    let mut imported = Imported::new(
        format!("{} curl commands", split.commands.len()),
        Format::Curl,
    );
    let mut first_error = None;
    for (index, command) in split.commands.iter().enumerate() {
        let number = index + 1;
        match parse(command) {
            Ok(parsed) => {
                for note in parsed.not_carried {
                    imported.not_carried.push(format!(
                        "Command {number} ({}): {note}",
                        parsed.request.name
                    ));
                }
                for variable in parsed.variables {
                    match imported
                        .variables
                        .iter_mut()
                        .find(|v| v.name == variable.name)
                    {
                        Some(known) => known.secret |= variable.secret,
                        None => imported.variables.push(variable),
                    }
                }
                imported.root.requests.push(parsed.request);
            }
            Err(error) => {
                imported
                    .not_carried
                    .push(format!("Command {number}: not read: {error}"));
                first_error.get_or_insert(error);
            }
        }
    }
    for other in &split.ignored {
        let shown: String = other.chars().take(60).collect();
        let more = if other.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        imported
            .not_carried
            .push(format!("Not a curl command; ignored: {shown}{more}"));
    }
    if let [only] = imported.root.requests.as_slice() {
        imported.name = only.name.clone();
    }
    match first_error {
        Some(error) if imported.root.requests.is_empty() => Err(error),
        _ => Ok(imported),
    }
}

/// The request of a curl `command` (see [`import_curl`], which also says what was not
/// carried over).
pub fn parse_curl(command: &str) -> Result<ImportedRequest, ImportError> {
    parse(command).map(|p| p.request)
}

fn parse(command: &str) -> Result<Parsed, ImportError> {
    let lexed = lexer::lex(command)?;
    if lexed.words.is_empty() {
        return Err(ImportError::new("The command is empty"));
    }
    let args = args::collect(&lexed.words)?;
    let built = build::build(args)?;
    let draft = built.draft;
    let mut not_carried = lexed.notes;
    not_carried.extend(built.notes);
    // One line per distinct thing, however often it occurs.
    let mut seen = std::collections::HashSet::new();
    not_carried.retain(|n| seen.insert(n.clone()));
    // Variables holding credentials are secret.
    let secret_text = match draft.auth.mode {
        AuthMode::Bearer => draft.auth.bearer_token.clone(),
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => draft.auth.api_key.clone(),
        _ => String::new(),
    };
    let variables = lexed
        .variables
        .into_iter()
        .map(|name| ImportedVariable {
            secret: secret_text.contains(&format!("{{{{{name}}}}}")),
            name,
            value: String::new(),
        })
        .collect();
    let name = format!("{} {}", draft.method, path_of(&draft.url));
    Ok(Parsed {
        request: ImportedRequest {
            name,
            description: None,
            draft,
        },
        variables,
        not_carried,
    })
}

/// The path of `url`, without scheme, host and query: `/api/projects`.
fn path_of(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or("");
    let after_host = if let Some((_, rest)) = without_query.split_once("://") {
        rest.find('/').and_then(|i| rest.get(i..)).unwrap_or("")
    } else if without_query.starts_with("{{") {
        let end = without_query.find("}}").map_or(0, |i| i + 2);
        without_query.get(end..).unwrap_or("")
    } else {
        without_query
    };
    if after_host.is_empty() {
        "/".to_string()
    } else {
        after_host.to_string()
    }
}
