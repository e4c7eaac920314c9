//! Settings, history and other saved files survive a crash: a process saving them in a
//! loop is killed with SIGKILL many times, and after every kill each file is the old one or
//! the new one, whole, never a partial one.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ayon_rest_explorer::collection::history::{History, HistoryEntry};
use ayon_rest_explorer::files::write_file;
use ayon_rest_explorer::settings::{Settings, load_settings, save_settings};

/// Set in the child process: the folder it saves into.
const CHILD_DIR: &str = "ARE_SAVE_LOOP_DIR";
/// Large values make each write take long enough to be cut by a kill.
const PADDING: usize = 2 * 1024 * 1024;

fn files(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    (
        dir.join("settings.toml"),
        dir.join("history.jsonl"),
        dir.join("document.json"),
    )
}

/// The child: saves the three files over and over until it is killed.
#[test]
#[ignore = "the child process of a_save_loop_killed_many_times_leaves_only_complete_files"]
fn save_loop_child() {
    let dir = PathBuf::from(std::env::var(CHILD_DIR).expect("run by the parent test"));
    let (settings_path, history_path, document_path) = files(&dir);
    let mut history = History::load(&history_path).history.with_cap(3);
    for n in 0u64.. {
        let padding = "x".repeat(PADDING + (n as usize % 1000));
        let settings = Settings {
            server_url: format!("http://host/{n}/{padding}"),
            ..Settings::default()
        };
        save_settings(&settings_path, &settings).expect("settings saved");
        let entry = HistoryEntry::now(
            "GET",
            &format!("/api/{n}/{padding}"),
            Some(200),
            1,
            None,
            &[],
        );
        history.append(entry).expect("history saved");
        let document = serde_json::json!({"n": n, "data": padding, "end": true});
        write_file(&document_path, document.to_string().as_bytes()).expect("document saved");
        if n == 0 {
            // Tell the parent that every file exists now.
            std::fs::write(dir.join("started"), b"1").expect("marker");
        }
    }
}

/// Every file there is whole: it loads without a warning and carries its end marker.
fn check_complete(dir: &Path, round: usize) {
    let (settings_path, history_path, document_path) = files(dir);
    let settings = load_settings(&settings_path);
    assert_eq!(settings.warning, None, "round {round}: settings");
    assert!(
        settings.settings.server_url.starts_with("http://host/")
            && settings.settings.server_url.len() > PADDING,
        "round {round}: settings hold {} bytes of URL",
        settings.settings.server_url.len()
    );
    let history = History::load(&history_path);
    assert_eq!(history.warning, None, "round {round}: history");
    assert!(!history.history.entries().is_empty(), "round {round}");
    for entry in history.history.entries() {
        assert!(
            entry.url.len() > PADDING,
            "round {round}: a cut history entry"
        );
    }
    let text = std::fs::read(&document_path).expect("the document exists");
    let document: serde_json::Value = serde_json::from_slice(&text)
        .unwrap_or_else(|e| panic!("round {round}: the document is cut: {e}"));
    assert_eq!(document["end"], true, "round {round}");
    // Anything else is a temporary dotfile of an interrupted write, which loaders skip.
    for entry in std::fs::read_dir(dir).expect("list").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let known = ["settings.toml", "history.jsonl", "document.json", "started"];
        assert!(
            known.contains(&name.as_str()) || (name.starts_with('.') && name.contains(".part-")),
            "round {round}: unexpected file {name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_save_loop_killed_many_times_leaves_only_complete_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("test executable");
    let rounds = 30;
    for round in 0..rounds {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "save_loop_child",
                "--ignored",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the child");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !dir.path().join("started").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(dir.path().join("started").exists(), "the child never saved");
        // Kill at a different point of the loop each round.
        std::thread::sleep(Duration::from_millis(3 + (round as u64 * 7) % 37));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        check_complete(dir.path(), round);
    }
}
