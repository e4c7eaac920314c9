//! One recorded exchange with a real AYON server, read from a fixture file: the curl line
//! that made it (`# REQUEST: curl ...`), then the status line, headers and body.

use std::path::{Path, PathBuf};

/// What a fixture's request sends as its body.
#[derive(Debug, Clone)]
pub enum RecordedBody {
    None,
    /// `-d` / `--data-binary` with literal text.
    Text(String),
    /// `--data-binary @path`: a file's bytes, path as written in the curl line.
    File(String),
    /// `-F name=@path;type=...`: one multipart file field.
    FormFile {
        field: String,
        path: String,
        content_type: Option<String>,
    },
}

/// The request of a fixture, as its curl line says.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: RecordedBody,
}

/// The real server's answer.
#[derive(Debug, Clone)]
pub struct RecordedAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body as recorded; `None` for header-only fixtures (`curl -D <file> -o ...`).
    pub body: Option<String>,
}

impl RecordedAnswer {
    /// A header's value (first of that name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A fixture file.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// The number and letter before the first `_` (`05b`, `1088`).
    pub id: String,
    pub request: RecordedRequest,
    pub answer: RecordedAnswer,
}

/// Every `*.txt` fixture of `dir` and then of `dir/more`, each folder in file-name order
/// (the order they were recorded in).
pub fn fixture_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for sub in ["", "more"] {
        let folder = dir.join(sub);
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for path in files {
            let file = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let name = if sub.is_empty() {
                file.to_owned()
            } else {
                format!("{sub}/{file}")
            };
            out.push((name, path));
        }
    }
    out
}

/// Reads a fixture; the error names what is malformed.
pub fn parse(name: &str, text: &str) -> Result<Fixture, String> {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let command = first
        .strip_prefix("# REQUEST: ")
        .ok_or("the first line is not '# REQUEST: curl ...'")?;
    // Some lines end with a note in parentheses after three spaces.
    let command = command.split("   (").next().unwrap_or(command);
    let request = parse_curl(command)?;

    let rest: Vec<&str> = lines.skip_while(|l| l.starts_with('#')).collect();
    let status = rest
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or("no status line after the request")?;
    let blank = rest
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(rest.len());
    let headers = rest[1..blank]
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let header_only = command.contains(" -D ");
    // Lines starting with `--- ` after the body are the recorder's notes (fixture 47).
    let body = (!header_only).then(|| {
        rest.get(blank + 1..)
            .unwrap_or_default()
            .iter()
            .filter(|l| !l.starts_with("--- "))
            .copied()
            .collect::<Vec<_>>()
            .join("\n")
    });
    let id = name
        .rsplit('/')
        .next()
        .unwrap_or(name)
        .split('_')
        .next()
        .unwrap_or_default()
        .to_owned();
    Ok(Fixture {
        id,
        request,
        answer: RecordedAnswer {
            status,
            headers,
            body,
        },
    })
}

/// The method, URL, headers and body of a curl command line.
fn parse_curl(command: &str) -> Result<RecordedRequest, String> {
    let words = shell_words::split(command).map_err(|e| format!("curl line: {e}"))?;
    let mut method = None;
    let mut url = None;
    let mut headers = Vec::new();
    let mut body = RecordedBody::None;
    let mut words = words.into_iter().skip(1); // "curl"
    while let Some(word) = words.next() {
        match word.as_str() {
            "-X" => method = words.next(),
            "-I" => method = Some("HEAD".into()),
            "-H" => {
                let header = words.next().unwrap_or_default();
                if let Some((name, value)) = header.split_once(':') {
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
            }
            "-b" => headers.push(("Cookie".into(), words.next().unwrap_or_default())),
            "-d" | "--data" | "--data-binary" => {
                let data = words.next().unwrap_or_default();
                body = match data.strip_prefix('@') {
                    Some(path) => RecordedBody::File(path.to_owned()),
                    None => RecordedBody::Text(data),
                };
            }
            "-F" => {
                let field = words.next().unwrap_or_default();
                let (name, value) = field.split_once('=').ok_or("-F without '='")?;
                let value = value.strip_prefix('@').ok_or("-F field is not a file")?;
                let mut parts = value.split(';');
                let path = parts.next().unwrap_or_default().to_owned();
                let content_type = parts
                    .find_map(|p| p.strip_prefix("type="))
                    .map(str::to_owned);
                body = RecordedBody::FormFile {
                    field: name.to_owned(),
                    path,
                    content_type,
                };
            }
            "-c" | "-o" | "-D" => {
                words.next();
            }
            w if w.starts_with("http://") || w.starts_with("https://") => url = Some(w.to_owned()),
            _ => {}
        }
    }
    let url = url.ok_or("no URL in the curl line")?;
    let url = url::Url::parse(&url).map_err(|e| format!("URL {url}: {e}"))?;
    let mut path_and_query = url.path().to_owned();
    if let Some(q) = url.query() {
        path_and_query.push('?');
        path_and_query.push_str(q);
    }
    let has_body = !matches!(body, RecordedBody::None);
    // curl -d without a content type sends a form content type.
    if matches!(body, RecordedBody::Text(_) | RecordedBody::File(_))
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    let method = method.unwrap_or_else(|| if has_body { "POST" } else { "GET" }.into());
    Ok(RecordedRequest {
        method,
        path_and_query,
        headers,
        body,
    })
}
