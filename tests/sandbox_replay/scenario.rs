//! What the real server had before each fixture, and the few fixtures the sandbox is
//! excused from.
//!
//! The fixtures in `ayon-1.11.2/` were recorded in file order on one server, and those in
//! `more/` on the same kind of server later, after requests that answered the same on
//! both servers and so were not kept. [`setup_before`] replays those missing steps.

use serde_json::{Value, json};

/// A fixture the sandbox is not held to, and why.
pub struct Excuse {
    pub id: &'static str,
    pub reason: &'static str,
}

/// The deliberate differences and the exchanges a loopback test cannot make.
pub const EXCUSED: &[Excuse] = &[
    Excuse {
        id: "66b",
        reason: "an uploaded addon's own endpoints: the sandbox runs no addon code",
    },
    Excuse {
        id: "69",
        reason: "an addon install from a URL on the recording machine (127.0.0.1:8765): \
                 the sandbox downloads nothing",
    },
    Excuse {
        id: "70",
        reason: "an installer from a URL on the recording machine (127.0.0.1:8765): the \
                 sandbox downloads nothing",
    },
    Excuse {
        id: "31",
        reason: "GET / on a server without its web UI is a 404; the sandbox serves a small \
                 page there, as a server with its UI does, since ayon-python-api needs a 200 \
                 at / before it logs in (issue 22)",
    },
    Excuse {
        id: "1159",
        reason: "the sandbox's built-in practice addon answers where the real server has \
                 no such addon",
    },
];

/// The reason a fixture is excused, if it is.
pub fn excuse(id: &str) -> Option<&'static str> {
    EXCUSED.iter().find(|e| e.id == id).map(|e| e.reason)
}

/// A request made before a fixture to give the sandbox the state the real server had.
pub struct Step {
    pub method: &'static str,
    pub path: &'static str,
    pub body: StepBody,
    /// The status the step must get.
    pub status: u16,
}

/// What a step sends.
pub enum StepBody {
    Json(Value),
    Bytes(&'static [u8]),
}

/// A full body for `PUT /api/projects/{name}` (1.11.2 needs the type lists).
fn put_project_body(code: &str) -> Value {
    json!({
        "code": code,
        "folderTypes": [{"name": "Folder"}],
        "taskTypes": [{"name": "Generic"}],
        "statuses": [{"name": "Not ready"}],
        "tags": [],
        "linkTypes": [],
    })
}

/// The steps to run (as the admin) before the fixture `id`.
pub fn setup_before(id: &str) -> Vec<Step> {
    let project = |name: &str, code: &str| Step {
        method: "POST",
        path: "/api/projects",
        body: StepBody::Json(json!({"name": name, "code": code, "anatomy": {}})),
        status: 201,
    };
    match id {
        // Projects of the `more/` session created by requests that were not kept.
        "1088" => vec![
            project("diff_p2", "diffp2"),
            project("diff_p7", "diffp7"),
            project("diff_p9", "diffp9s"),
        ],
        "1105" => vec![Step {
            method: "PUT",
            path: "/api/projects/diff_put1",
            body: StepBody::Json(put_project_body("diffput1")),
            status: 201,
        }],
        "1134" => vec![Step {
            method: "PUT",
            path: "/api/users/diff_user",
            body: StepBody::Json(
                json!({"attrib": {"fullName": "Diff user"}, "password": "Diff.user.12345"}),
            ),
            status: 204,
        }],
        "1177" => vec![
            Step {
                method: "POST",
                path: "/api/desktop/installers",
                body: StepBody::Json(json!({
                    "filename": "diff_AYON-0.0.57-linux.tar.gz",
                    "platform": "linux",
                    "version": "0.0.57",
                    "pythonVersion": "3.11",
                })),
                status: 201,
            },
            Step {
                method: "PUT",
                path: "/api/desktop/installers/diff_AYON-0.0.57-linux.tar.gz",
                body: StepBody::Bytes(b"diff-file-bytes\n"),
                status: 204,
            },
        ],
        // The upload of an empty body that removed the file.
        "1185" => vec![Step {
            method: "PUT",
            path: "/api/desktop/installers/diff_AYON-0.0.57-linux.tar.gz",
            body: StepBody::Bytes(b""),
            status: 400,
        }],
        "1197" => vec![
            Step {
                method: "POST",
                path: "/api/desktop/dependencyPackages",
                body: StepBody::Json(json!({
                    "filename": "diff_deps-0.0.57-linux.zip",
                    "platform": "linux",
                    "installerVersion": "0.0.57",
                })),
                status: 201,
            },
            Step {
                method: "PUT",
                path: "/api/desktop/dependencyPackages/diff_deps-0.0.57-linux.zip",
                body: StepBody::Bytes(b"diff-file-bytes\n"),
                status: 204,
            },
        ],
        _ => Vec::new(),
    }
}

/// Whether the server process is restarted (sessions lost) before the fixture `id`, as
/// the real one was for fixtures 99 and 99b.
pub fn full_restart_before(id: &str) -> bool {
    id == "99"
}

/// Recorded file paths of the curl lines, mapped to the bytes to send.
pub fn file_bytes(recorded_path: &str, shared: &std::path::Path) -> Result<Vec<u8>, String> {
    let synthetic = |size: usize| (0..size).map(|i| (i % 251) as u8).collect::<Vec<u8>>();
    match recorded_path {
        // The installer and package the recording uploaded: only their size matters.
        "tmp/files/AYON-1.2.3-linux.tar.gz" => Ok(synthetic(4096)),
        "tmp/files/deps-linux.zip" => Ok(synthetic(2048)),
        other => {
            let path = if let Some(addon) = other.strip_prefix("test-addon/") {
                shared.join("fixtures/ayon-addons").join(addon)
            } else if let Some(rest) = other.strip_prefix("../shared/") {
                shared.join(rest)
            } else {
                return Err(format!("no file for {other}"));
            };
            std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
        }
    }
}
