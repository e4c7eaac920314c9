//! 12. Request files had no size limit (a 50 MB file used 2 GB); files with names that
//!     are not UTF-8 and folders past the path limit were skipped without a word (CI ran
//!     fewer requests); terminal escape sequences in request names were printed raw; the
//!     data folder was created 0755 and history and settings 0644. Now a file past its cap
//!     is refused by name, every skipped file is listed (exit 2 unless
//!     `--skip-unreadable`), names print escaped, and the app's folders are 0700 and its
//!     files 0600.

use crate::kit::{RUN_LIMIT, arg, collection, foreign_server, run, run_guarded};

#[tokio::test(flavor = "multi_thread")]
async fn a_50_mb_request_file_is_refused_by_its_size() {
    let server = foreign_server().await;
    let dir = collection(&[("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n")]);
    let big = std::fs::File::create(dir.path().join("big.yml")).expect("create");
    big.set_len(50 * 1024 * 1024).expect("50 MB");
    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("big.yml: is larger than 8 MB, the limit for this file: not read"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_name_that_is_not_utf8_is_listed_and_stops_the_run_unless_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let server = foreign_server().await;
    let dir = collection(&[("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n")]);
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.yml");
    std::fs::write(dir.path().join(odd), "name: Odd\nmethod: GET\nurl: /odd\n").expect("write");
    let args = |extra: &[&str]| {
        let mut args = vec![arg(dir.path()), "--server".into(), server.url.clone()];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let result = run(args(&[]), Vec::new()).await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("caf\u{FFFD}.yml: has a name that is not UTF-8: not loaded (rename it)")
            && result.stderr.contains("--skip-unreadable"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");

    let result = run(args(&["--skip-unreadable"]), Vec::new()).await;
    assert_eq!(result.code, 0, "{}", result.all());
    assert!(result.stdout.contains("PASS  Fine"), "{}", result.all());
    assert!(
        result
            .stdout
            .contains("1 file(s) of the collection did not load and were skipped")
            && result
                .stdout
                .contains("caf\u{FFFD}.yml: has a name that is not UTF-8"),
        "{}",
        result.all()
    );
    assert_eq!(server.received().len(), 1, "the rest ran");
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_sequences_in_a_request_name_print_escaped() {
    let server = foreign_server().await;
    let dir = collection(&[(
        "evil.yml",
        "name: \"Evil\\e]0;owned\\a\\e[2J\\e[1A\"\nmethod: GET\nurl: /evil\n",
    )]);
    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 0, "{}", result.all());
    assert!(
        !result.all().contains('\u{1b}') && !result.all().contains('\u{7}'),
        "{:?}",
        result.all()
    );
    assert!(
        result
            .stdout
            .contains("PASS  Evil\\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{1b}[1A  (evil.yml)"),
        "{}",
        result.all()
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn the_data_folder_and_the_apps_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let server = foreign_server().await;
    let dir = collection(&[("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n")]);
    let home = tempfile::tempdir().expect("home");
    let result = run_guarded(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
        home.path().to_path_buf(),
        RUN_LIMIT,
    )
    .await
    .expect("the run ends");
    assert_eq!(result.code, 0, "{}", result.all());
    // The run made the data folder and its log.
    let data = home.path().join("data/ayon-rest-explorer");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("logs")), 0o700);
    let logs: Vec<_> = std::fs::read_dir(data.join("logs"))
        .expect("logs")
        .flatten()
        .collect();
    assert!(!logs.is_empty(), "a log file");
    for log in logs {
        assert_eq!(mode(&log.path()), 0o600, "{}", log.path().display());
    }

    // What the window writes there: history, settings and stored secrets.
    use ayon_rest_explorer::collection::history::History;
    use ayon_rest_explorer::collection::secrets::{FileStore, SecretKey, SecretStore};
    let history_path = ayon_rest_explorer::paths::history_path(&data);
    History::new(&history_path).save().expect("history saved");
    assert_eq!(mode(&history_path), 0o600);
    let settings = home.path().join("config/ayon-rest-explorer/settings.toml");
    ayon_rest_explorer::settings::save_settings(&settings, &Default::default())
        .expect("settings saved");
    assert_eq!(mode(settings.parent().expect("folder")), 0o700);
    assert_eq!(mode(&settings), 0o600);
    let store = FileStore::new(data.join("secrets.json"));
    store
        .set(
            &SecretKey::new("c", "dev", "token"),
            &ayon_rest_explorer::secret::Secret::new("s3cret".to_string()),
        )
        .expect("secret stored");
    assert_eq!(mode(store.path()), 0o600);
    assert_eq!(mode(&data), 0o700);
}
