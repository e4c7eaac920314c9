//! Real AYON 1.11.2 answers (`../shared/fixtures/ayon-1.11.2/more/`), replayed by a
//! loopback server and read through the engine and the response preparation the window
//! uses: every error body decodes, GraphQL errors keep their status, and the server's traps
//! get their hints; the requests that made them get their warnings before sending.
//! Skipped, and said so, when `../shared` is absent (the unit tests of `ayon::error_body`,
//! `ayon::trap_hints` and `ayon::project_rules` cover the same shapes with our own bodies).

use std::path::{Path, PathBuf};

use ayon_rest_explorer::ayon::ServerVersion;
use ayon_rest_explorer::ayon::project_rules::project_request_warnings;
use ayon_rest_explorer::http::{HttpMethod, RequestSpec, build_client, execute};
use ayon_rest_explorer::state::{CompletedResponse, RequestDraft};

use crate::support::raw_server::{Behaviour, start};

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/ayon-1.11.2/more");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the shared fixtures folder is absent ({})",
            dir.display()
        );
        None
    }
}

/// A fixture: the curl line's method, path and `-d` body, and the answer as received.
struct Fixture {
    name: String,
    method: HttpMethod,
    path_and_query: String,
    request_body: Option<String>,
    status: u16,
    /// Status line and headers (LF-separated, as stored).
    head: Vec<String>,
    body: Vec<u8>,
}

impl Fixture {
    fn read(path: &Path) -> Fixture {
        let bytes = std::fs::read(path).expect("read the fixture");
        let text = String::from_utf8_lossy(&bytes);
        let (curl, rest) = text.split_once('\n').expect("a curl line, then the answer");
        let curl = curl.trim_start_matches("# REQUEST:").trim();
        let words = shell_words::split(curl).expect("the curl line splits");
        let mut method = HttpMethod::Get;
        let mut url = String::new();
        let mut request_body = None;
        let mut i = 0;
        while i < words.len() {
            match words[i].as_str() {
                "-X" => {
                    i += 1;
                    method = HttpMethod::from_name(&words[i]).expect("a known method");
                }
                "-I" => method = HttpMethod::Head,
                "-d" => {
                    i += 1;
                    request_body = Some(words[i].clone());
                }
                w if w.starts_with("http") => url = w.to_string(),
                _ => {}
            }
            i += 1;
        }
        let path_and_query = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
            .expect("a path");
        let answer = rest.split_once('\n').map(|(_, a)| a).unwrap_or("");
        let (head, body) = answer.split_once("\n\n").unwrap_or((answer, ""));
        let head: Vec<String> = head.lines().map(str::to_string).collect();
        let status = head[0]
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        let length = head.iter().find_map(|h| {
            let (n, v) = h.split_once(':')?;
            n.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        });
        let body = body.as_bytes();
        let body = match length {
            Some(n) if n <= body.len() => body[..n].to_vec(),
            _ => body.trim_ascii_end().to_vec(),
        };
        Fixture {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            method,
            path_and_query,
            request_body,
            status,
            head,
            body,
        }
    }

    /// The answer as bytes on the wire (CRLF, the body's own length, then closed).
    fn wire(&self) -> Vec<u8> {
        let mut out = format!("{}\r\n", self.head[0]);
        for header in &self.head[1..] {
            let name = header.split(':').next().unwrap_or("").to_ascii_lowercase();
            let keep_length = self.method == HttpMethod::Head;
            if matches!(name.as_str(), "connection" | "transfer-encoding")
                || (name == "content-length" && !keep_length)
            {
                continue;
            }
            out.push_str(header);
            out.push_str("\r\n");
        }
        if self.method != HttpMethod::Head {
            out.push_str(&format!("content-length: {}\r\n", self.body.len()));
        }
        out.push_str("connection: close\r\n\r\n");
        let mut bytes = out.into_bytes();
        if self.method != HttpMethod::Head {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }

    /// Replays the answer on loopback and prepares it as the window would.
    async fn replay(&self) -> CompletedResponse {
        let base = start(Behaviour::Reply(self.wire())).await;
        let url = url::Url::parse(&format!("{base}{}", self.path_and_query)).expect("URL");
        let mut spec = RequestSpec::new(self.method, url);
        // A redirect's Location names the recording server (127.0.0.1:5000): never go there.
        spec.follow_redirects = false;
        let client = build_client().expect("client");
        let exchange = execute(&client, &spec)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", self.name));
        let mut draft = RequestDraft::get(&self.path_and_query);
        draft.method = self.method;
        CompletedResponse::prepare(exchange, &draft)
    }
}

fn all() -> Vec<Fixture> {
    let Some(dir) = fixtures() else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list the fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| Fixture::read(p)).collect()
}

fn one(prefix: &str) -> Option<Fixture> {
    all().into_iter().find(|f| f.name.starts_with(prefix))
}

#[tokio::test]
async fn every_json_error_body_of_1_11_2_decodes() {
    let mut checked = 0;
    for fixture in all() {
        let is_json_error = fixture.status >= 400 && fixture.body.first() == Some(&b'{');
        if !is_json_error {
            continue;
        }
        let prepared = fixture.replay().await;
        assert_eq!(prepared.exchange.response.status, fixture.status);
        let error = prepared
            .ayon_error
            .as_ref()
            .unwrap_or_else(|| panic!("{}: the error body decodes", fixture.name));
        assert!(
            error.detail.is_some() || error.server_location.is_some(),
            "{}: it says what or where: {error:?}",
            fixture.name
        );
        if fixture.status == 400 && fixture.body.windows(9).any(|w| w == b"\"errors\":") {
            assert!(!error.issues.is_empty(), "{}: issues listed", fixture.name);
        }
        checked += 1;
    }
    if fixtures().is_some() {
        assert!(checked >= 30, "only {checked} error answers checked");
    }
}

#[tokio::test]
async fn graphql_lookups_of_unknown_names_keep_their_404() {
    for prefix in ["1212_", "1213_"] {
        let Some(fixture) = one(prefix) else {
            return;
        };
        let prepared = fixture.replay().await;
        assert_eq!(prepared.exchange.response.status, 200);
        let errors = prepared
            .graphql_errors
            .unwrap_or_else(|| panic!("{prefix}: GraphQL errors decoded"));
        assert_eq!(errors[0].status, Some(404), "{prefix}");
        assert!(errors[0].message.ends_with("not found"), "{prefix}");
    }
}

#[tokio::test]
async fn the_servers_traps_are_explained_with_the_answer() {
    let cases: [(&str, &str); 7] = [
        ("1075_", "order=name"),
        ("1076_", "order=name"),
        ("1081_", "AYON redirects trailing slashes; drop the slash"),
        ("1088_", "AYON 1.11 requires anatomy"),
        ("1093_", "^[a-zA-Z0-9_]+$"),
        ("1094_", "^[a-zA-Z0-9_]+$"),
        ("1228_", "send GET"),
    ];
    for (prefix, expected) in cases {
        let Some(fixture) = one(prefix) else {
            return;
        };
        let prepared = fixture.replay().await;
        assert!(
            prepared.hints.iter().any(|h| h.contains(expected)),
            "{}: a hint with {expected:?} in {:?}",
            fixture.name,
            prepared.hints
        );
    }
}

#[test]
fn the_requests_that_crashed_1_11_2_are_flagged_before_sending() {
    let v1_11 = ServerVersion::parse("1.11.2+DEVELOP");
    let cases: [(&str, &str); 3] = [
        ("1088_", "AYON 1.11 requires anatomy"),
        ("1093_", "code \"bad code\""),
        ("1094_", "name \"diff-p5\""),
    ];
    for (prefix, expected) in cases {
        let Some(fixture) = one(prefix) else {
            return;
        };
        let body: serde_json::Value =
            serde_json::from_str(fixture.request_body.as_deref().expect("a -d body"))
                .expect("a JSON body");
        let warnings = project_request_warnings(
            fixture.method,
            &fixture.path_and_query,
            Some(&body),
            v1_11.as_ref(),
        );
        assert!(
            warnings.iter().any(|w| w.contains(expected)),
            "{}: {expected:?} in {warnings:?}",
            fixture.name
        );
    }
}
