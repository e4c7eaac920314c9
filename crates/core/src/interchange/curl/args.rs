//! Walks the words of a curl command and sorts the options by what they do. Nothing is
//! interpreted yet beyond that; the draft is built from [`CurlArgs`].

use super::super::ImportError;
use super::options::{self, Action, DataKind, Spec};

/// A value with the number of the argument it came from (1 = first after `curl`).
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    /// The value.
    pub value: T,
    /// Its argument number.
    pub arg: usize,
}

/// The options of one command, sorted.
#[derive(Debug, Default)]
pub struct CurlArgs {
    pub method: Option<At<String>>,
    pub headers: Vec<At<String>>,
    pub data: Vec<At<(DataKind, String)>>,
    pub json: Vec<At<String>>,
    /// Multipart fields; `true` when literal (`--form-string`).
    pub forms: Vec<At<(bool, String)>>,
    pub user: Option<At<String>>,
    pub urls: Vec<At<String>>,
    pub url_queries: Vec<At<String>>,
    pub get: bool,
    pub head: bool,
    pub upload_file: Option<At<String>>,
    pub user_agent: Option<String>,
    pub referer: Option<String>,
    pub cookies: Vec<At<String>>,
    pub oauth2_bearer: Option<String>,
    /// Options naming another auth scheme than Basic.
    pub other_auth: Vec<String>,
    /// What is not carried, already worded.
    pub notes: Vec<String>,
}

/// Whether `word` is the program name.
fn is_curl(word: &str) -> bool {
    let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
    name.eq_ignore_ascii_case("curl") || name.eq_ignore_ascii_case("curl.exe")
}

/// Sorts the options of `words` (the program name first, optional).
pub fn collect(words: &[String]) -> Result<CurlArgs, ImportError> {
    let skip = usize::from(words.first().is_some_and(|w| is_curl(w)));
    let args: Vec<&str> = words.iter().skip(skip).map(String::as_str).collect();
    let mut out = CurlArgs::default();
    let mut i = 0;
    let mut options_done = false;
    while let Some(&word) = args.get(i) {
        let number = i + 1;
        i += 1;
        if options_done || !word.starts_with('-') || word == "-" {
            out.urls.push(At {
                value: word.to_string(),
                arg: number,
            });
            continue;
        }
        if word == "--" {
            options_done = true;
            continue;
        }
        if let Some(long) = word.strip_prefix("--") {
            // `--name=value` is not curl's syntax, but its meaning is plain.
            if let Some((name, value)) = long.split_once('=') {
                match options::by_long(name).filter(|s| s.takes_arg) {
                    Some(spec) => apply(spec, Some(value.to_string()), number, &mut out)?,
                    None => out.notes.push(format!(
                        "Unknown option {word} (argument {number}) is ignored"
                    )),
                }
                continue;
            }
            let Some(spec) = options::by_long(long) else {
                unknown(word, number, args.get(i).copied(), &mut out)?;
                continue;
            };
            let value = if spec.takes_arg {
                let value = args
                    .get(i)
                    .copied()
                    .ok_or_else(|| needs_value(spec, number))?;
                i += 1;
                Some(value.to_string())
            } else {
                None
            };
            apply(spec, value, number, &mut out)?;
            continue;
        }
        // A cluster of one-letter options: `-sSL`, `-XPOST`, `-d'…'`.
        let letters: Vec<char> = word.chars().skip(1).collect();
        let mut k = 0;
        while let Some(&c) = letters.get(k) {
            k += 1;
            let Some(spec) = options::by_short(c) else {
                if k != letters.len() {
                    return Err(ImportError::at(
                        format!(
                            "Unknown option -{c} inside {word}: cannot tell whether the rest is its value"
                        ),
                        format!("argument {number}"),
                    ));
                }
                unknown(&format!("-{c}"), number, args.get(i).copied(), &mut out)?;
                continue;
            };
            if spec.takes_arg {
                let rest: String = letters.iter().skip(k).collect();
                let value = if rest.is_empty() {
                    let value = args
                        .get(i)
                        .copied()
                        .ok_or_else(|| needs_value(spec, number))?;
                    i += 1;
                    value.to_string()
                } else {
                    rest
                };
                apply(spec, Some(value), number, &mut out)?;
                break;
            }
            apply(spec, None, number, &mut out)?;
        }
    }
    Ok(out)
}

fn needs_value(spec: &Spec, number: usize) -> ImportError {
    ImportError::at(
        format!("Option {} needs a value", options::label(spec)),
        format!("argument {number}"),
    )
}

/// An option not in the table: reported, unless the next word could be its value.
fn unknown(
    name: &str,
    number: usize,
    next: Option<&str>,
    out: &mut CurlArgs,
) -> Result<(), ImportError> {
    if let Some(next) = next.filter(|n| !n.is_empty() && !n.starts_with('-')) {
        return Err(ImportError::at(
            format!(
                "Unknown option {name}: cannot tell whether \"{next}\" after it is its value or the URL"
            ),
            format!("argument {number}"),
        ));
    }
    out.notes.push(format!(
        "Unknown option {name} (argument {number}) is ignored"
    ));
    Ok(())
}

fn apply(
    spec: &Spec,
    value: Option<String>,
    arg: usize,
    out: &mut CurlArgs,
) -> Result<(), ImportError> {
    let label = options::label(spec);
    let value = value.unwrap_or_default();
    let at = |value: String| At { value, arg };
    match spec.action {
        Action::Method => out.method = Some(at(value)),
        Action::Header => out.headers.push(at(value)),
        Action::Data(kind) => out.data.push(At {
            value: (kind, value),
            arg,
        }),
        Action::Json => out.json.push(at(value)),
        Action::Form => out.forms.push(At {
            value: (false, value),
            arg,
        }),
        Action::FormString => out.forms.push(At {
            value: (true, value),
            arg,
        }),
        Action::User => out.user = Some(at(value)),
        Action::Url => out.urls.push(at(value)),
        Action::UrlQuery => out.url_queries.push(at(value)),
        Action::Get => out.get = true,
        Action::Head => out.head = true,
        Action::UploadFile => out.upload_file = Some(at(value)),
        Action::UserAgent => out.user_agent = Some(value),
        Action::Referer => out.referer = Some(value),
        Action::Cookie => out.cookies.push(at(value)),
        Action::OAuth2Bearer => out.oauth2_bearer = Some(value),
        Action::Insecure => out.notes.push(format!(
            "{label} (argument {arg}): certificate checks are not switched off"
        )),
        Action::OtherAuth => out.other_auth.push(label),
        Action::Ignore => {}
        Action::Report => out
            .notes
            .push(format!("Option {label} (argument {arg}) is not carried")),
    }
    Ok(())
}
