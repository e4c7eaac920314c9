//! `--save-responses DIR`: each answer of a run, masked, as files a CI job keeps as
//! artefacts.
//!
//! For the request at place `NNN` of the run (001, 002, … in run order; requests skipped
//! after `--bail` write nothing):
//!
//! - `NNN-<slug>.json`: `{"request": {"name", "file", "method", "url"}, "status",
//!   "reason", "durationMs", "headers": [[name, value], …], "bodyFile": "NNN-<slug>.body"}`,
//!   and `"error"` when the request was not sent, not answered, or a capture failed (then
//!   without `bodyFile` when there was no answer);
//! - `NNN-<slug>.body`: the answer's body.
//!
//! `<slug>` is the request's name in lower-case ASCII letters, digits and `-` (at most 60
//! characters, `request` when nothing is left), so a collection's names cannot lead a file
//! out of `DIR`. Everything the run masks in its reports is masked here too (secret
//! variables, auth values, `AYON_API_KEY`, captured credentials, in every encoding), and
//! so are the values of credential headers (`Authorization`, `X-Api-Key`, `Cookie`,
//! `Set-Cookie`, …) and of JSON members named like credentials (`token`, `apiKey`,
//! `password`, …). The URL and error show masked values as `***`, as the reports do;
//! headers and bodies as `•••`. A body the engine kept on disk is masked as a stream,
//! never read whole (its JSON member names are then not looked at). The folder is made
//! private (0700) and the files are written 0600; files of an earlier run with other
//! names stay.

use std::path::Path;

use ayon_explorer_core::files::{WriteError, create_private_dir, replace_atomically};
use ayon_explorer_core::http::ResponseData;
use ayon_explorer_core::secret::answer_mask::AnswerMask;
use serde::Serialize;

use super::report::RequestReport;

/// The longest slug of a request name.
const SLUG_CHARS: usize = 60;

/// Makes the folder answers are saved in (private); a problem is a usage error, named.
pub fn prepare_folder(dir: &Path) -> Result<(), String> {
    create_private_dir(dir).map_err(|e| {
        format!(
            "--save-responses {}: the folder could not be made: {e}",
            dir.display()
        )
    })
}

/// What `NNN-<slug>.json` holds.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Saved<'a> {
    request: SavedRequest<'a>,
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    duration_ms: Option<u64>,
    headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct SavedRequest<'a> {
    name: &'a str,
    file: &'a str,
    method: &'a str,
    url: &'a str,
}

/// Saves the request at `place` (1 for the first of the run): its `report` (already
/// masked) and its `answer`, masked with `mask`.
pub fn save(
    dir: &Path,
    place: usize,
    report: &RequestReport,
    answer: Option<&ResponseData>,
    mask: &AnswerMask,
) -> Result<(), WriteError> {
    let stem = format!("{place:03}-{}", slug(&report.name));
    let body_file = answer.map(|_| format!("{stem}.body"));
    if let (Some(answer), Some(name)) = (answer, &body_file) {
        write_body(&dir.join(name), answer, mask)?;
    }
    let saved = Saved {
        request: SavedRequest {
            name: &report.name,
            file: &report.file,
            method: &report.method,
            url: &report.url,
        },
        status: report.status,
        reason: report.reason.as_deref(),
        duration_ms: report.time_ms,
        headers: answer.map(|a| mask.headers(&a.headers)).unwrap_or_default(),
        body_file,
        error: report.error.as_deref(),
    };
    let mut json = serde_json::to_vec_pretty(&saved).unwrap_or_default();
    json.push(b'\n');
    write_private_with(&dir.join(format!("{stem}.json")), |file| {
        use std::io::Write;
        file.write_all(&json)
    })
}

/// The body, masked: in memory with JSON member names looked at, from its file as a
/// stream.
fn write_body(path: &Path, answer: &ResponseData, mask: &AnswerMask) -> Result<(), WriteError> {
    match &answer.body_file {
        Some(spilled) => write_private_with(path, |file| {
            let source = std::fs::File::open(&spilled.path)?;
            mask.stream(std::io::BufReader::new(source), file)
                .map(|_| ())
        }),
        None => {
            let masked = mask.body(&answer.body);
            write_private_with(path, |file| {
                use std::io::Write;
                file.write_all(&masked)
            })
        }
    }
}

/// Writes `path` whole or not at all, private (0600) before its first byte.
fn write_private_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    replace_atomically(path, |file| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        fill(file)
    })
    .map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}

/// `name` as a file name part: lower-case ASCII letters and digits, every other run of
/// characters one `-`, none at either end, at most [`SLUG_CHARS`]; `request` when empty.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if out.len() == SLUG_CHARS {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "request".to_owned()
    } else {
        out.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_leave_the_folder() {
        assert_eq!(slug("Log in as admin"), "log-in-as-admin");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("..\\..\\x"), "x");
        assert_eq!(slug("/"), "request");
        assert_eq!(slug("Prójekt – list"), "pr-jekt-list");
        assert_eq!(slug(""), "request");
        assert_eq!(slug(&"a".repeat(100)).len(), SLUG_CHARS);
        assert!(!slug(&format!("{}!b", "a".repeat(59))).ends_with('-'));
    }
}
