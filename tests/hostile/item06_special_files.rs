//! 6. `collection.yml` or an environment file that is a symlink to `/dev/zero` was read
//!    until memory ran out, and a FIFO there hung the run forever. Now every file the
//!    loader reads must be a regular file: anything else is refused by name, unopened, and
//!    the run ends at once (each run here is killed if it takes longer than
//!    [`RUN_LIMIT`], which would fail the test).

use std::path::Path;

use crate::kit::{RUN_LIMIT, Run, arg, collection, foreign_server, run_guarded};

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

async fn run_ending(args: Vec<String>) -> Run {
    let home = tempfile::tempdir().expect("home");
    run_guarded(args, Vec::new(), home.path().to_path_buf(), RUN_LIMIT)
        .await
        .expect("the run ends instead of hanging")
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn collection_yml_linked_to_dev_zero_or_a_fifo_is_refused_at_once() {
    let server = foreign_server().await;
    let dir = collection(&[("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n")]);
    let collection_yml = dir.path().join("collection.yml");
    std::fs::remove_file(&collection_yml).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &collection_yml).expect("symlink");
    let args = || vec![arg(dir.path()), "--server".into(), server.url.clone()];
    let result = run_ending(args()).await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result.stderr.contains(
            "collection.yml: is a symlink to a character device outside the collection: not read"
        ),
        "{}",
        result.all()
    );

    std::fs::remove_file(&collection_yml).expect("remove");
    mkfifo(&collection_yml);
    let result = run_ending(args()).await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("collection.yml: is a FIFO (named pipe), not a regular file: not read"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn an_environment_linked_to_dev_zero_or_a_fifo_is_refused_at_once() {
    let server = foreign_server().await;
    let dir = collection(&[
        ("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n"),
        (
            "environments/ci.yml",
            "variables:\n  - name: a\n    value: b\n",
        ),
    ]);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("environments/dev.yml"))
        .expect("symlink");
    mkfifo(&dir.path().join("environments/ci.local.yml"));
    let args = |env: &str| {
        vec![
            arg(dir.path()),
            "--server".into(),
            server.url.clone(),
            "--env".into(),
            env.into(),
        ]
    };
    // The environment asked for is named with its file's problem.
    let result = run_ending(args("dev")).await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result.stderr.contains(
            "dev.yml: is a symlink to a character device outside the collection: not read"
        ),
        "{}",
        result.all()
    );
    let result = run_ending(args("ci")).await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("ci.local.yml: is a FIFO (named pipe), not a regular file: not read"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_request_or_folder_file_that_is_not_regular_is_listed() {
    let server = foreign_server().await;
    let dir = collection(&[("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n")]);
    mkfifo(&dir.path().join("pipe.yml"));
    std::fs::create_dir(dir.path().join("sub")).expect("folder");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("sub/folder.yml")).expect("link");
    let result = run_ending(vec![arg(dir.path()), "--server".into(), server.url.clone()]).await;
    assert_eq!(result.code, 2, "{}", result.all());
    for named in [
        "2 file(s) of the collection did not load",
        "pipe.yml: is a FIFO (named pipe), not a regular file: not read",
        "sub/folder.yml: is a symlink to a character device outside the collection",
    ] {
        assert!(result.stderr.contains(named), "{named}: {}", result.all());
    }
    assert!(server.received().is_empty(), "nothing is sent");
}
