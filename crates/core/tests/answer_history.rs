//! The answer history store through its public API: a real SQLite file in a temporary
//! folder, two connections on two threads, damaged files.

use std::path::{Path, PathBuf};

use ayon_explorer_core::answer_history::{
    AnswerBody, AnswerStore, BodyKept, Limits, NewAnswer, saved_request_key, unsaved_request_key,
};

const HEADERS: &[(&str, &str)] = &[("content-type", "application/json"), ("x-n", "1")];

fn headers() -> Vec<(String, String)> {
    HEADERS
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn answer<'a>(
    key: &'a str,
    time_ms: i64,
    headers: &'a [(String, String)],
    body: AnswerBody<'a>,
) -> NewAnswer<'a> {
    NewAnswer {
        request_key: key,
        time_ms,
        method: "GET",
        url: "https://ayon.example/api/projects",
        status: Some(200),
        duration_ms: 12,
        environment: Some("dev"),
        server: Some("ayon.example"),
        request_json: r#"{"method":"GET","headers":{"Authorization":"Bearer ***"}}"#,
        headers,
        content_type: Some("application/json"),
        body,
    }
}

fn db(dir: &Path) -> PathBuf {
    dir.join("data/answers.sqlite")
}

fn open(path: &Path, limits: Limits) -> AnswerStore {
    let opened = AnswerStore::open(path, limits).unwrap();
    assert_eq!(opened.warning, None);
    opened.store
}

#[test]
fn answers_round_trip_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let mut store = open(&path, Limits::default());
    let key = saved_request_key(Path::new("/c"), Path::new("/c/projects/list.yaml"));
    let h = headers();
    let first = store
        .record(&answer(&key, 1_000, &h, AnswerBody::Bytes(b"[1]")))
        .unwrap();
    let second = store
        .record(&answer(&key, 2_000, &h, AnswerBody::Bytes(b"[1,2]")))
        .unwrap();
    store
        .record(&answer("other", 3_000, &h, AnswerBody::Bytes(b"x")))
        .unwrap();

    let listed = store.list(&key).unwrap();
    assert_eq!(
        listed.iter().map(|a| a.id).collect::<Vec<_>>(),
        [second, first]
    );
    assert_eq!(listed[0].size, 5);
    assert_eq!(listed[0].kept, BodyKept::Whole);
    assert_eq!(listed[0].status, Some(200));
    assert_eq!(listed[0].environment.as_deref(), Some("dev"));
    assert!(listed[0].stored_bytes > 0);

    // Reopened, the answer reads back as recorded.
    drop(store);
    let store = open(&path, Limits::default());
    let loaded = store.load(first).unwrap();
    assert_eq!(loaded.body, b"[1]");
    assert_eq!(loaded.headers, h);
    assert_eq!(loaded.summary.url, "https://ayon.example/api/projects");
    assert_eq!(loaded.summary.request_key, key);
    assert!(loaded.request_json.contains("Bearer ***"));
    assert_eq!(
        store
            .list(&unsaved_request_key("GET", "https://x"))
            .unwrap(),
        []
    );
}

#[test]
fn each_request_keeps_its_newest_answers() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        per_request: 3,
        ..Limits::default()
    };
    let mut store = open(&db(dir.path()), limits);
    let h = headers();
    for t in 0..5 {
        store
            .record(&answer("a", t, &h, AnswerBody::Bytes(b"{}")))
            .unwrap();
        store
            .record(&answer("b", t, &h, AnswerBody::Bytes(b"{}")))
            .unwrap();
    }
    let times: Vec<i64> = store.list("a").unwrap().iter().map(|a| a.time_ms).collect();
    assert_eq!(times, [4, 3, 2]);
    assert_eq!(store.list("b").unwrap().len(), 3);

    // Tighter limits apply at once, to every request.
    store
        .set_limits(Limits {
            per_request: 1,
            ..limits
        })
        .unwrap();
    assert_eq!(store.list("a").unwrap()[0].time_ms, 4);
    assert_eq!(store.list("a").unwrap().len(), 1);
    assert_eq!(store.list("b").unwrap().len(), 1);
}

#[test]
fn the_total_limit_evicts_the_oldest_answers_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&db(dir.path()), Limits::default());
    let h = headers();
    // Incompressible bodies of 10 KB each.
    let bodies: Vec<Vec<u8>> = (0..6u64)
        .map(|n| {
            let mut x = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            (0..10_000)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect()
        })
        .collect();
    // Recorded out of key order and with times out of id order: age is the time.
    let times = [50, 10, 40, 20, 60, 30];
    for (n, t) in times.iter().enumerate() {
        let key = format!("req-{n}");
        store
            .record(&answer(&key, *t, &h, AnswerBody::Bytes(&bodies[n])))
            .unwrap();
    }
    let one = store.stored_bytes().unwrap() / 6;
    // Room for about three answers: the three oldest (times 10, 20, 30) go.
    store
        .set_limits(Limits {
            total_bytes: one * 3 + one / 2,
            ..Limits::default()
        })
        .unwrap();
    let mut left: Vec<i64> = (0..6)
        .flat_map(|n| store.list(&format!("req-{n}")).unwrap())
        .map(|a| a.time_ms)
        .collect();
    left.sort();
    assert_eq!(left, [40, 50, 60]);
    assert!(store.stored_bytes().unwrap() <= one * 3 + one / 2);

    // A new answer pushes out the oldest one left.
    store
        .record(&answer("new", 70, &h, AnswerBody::Bytes(&bodies[0])))
        .unwrap();
    assert!(store.list("req-2").unwrap().is_empty(), "time 40 went");
    assert_eq!(store.list("new").unwrap().len(), 1);
}

#[test]
fn a_big_body_file_keeps_head_and_tail_with_its_original_size() {
    let dir = tempfile::tempdir().unwrap();
    let body_path = dir.path().join("spilled.json");
    let body: Vec<u8> = (0..100_000u32)
        .flat_map(|i| format!("{i},").into_bytes())
        .collect();
    std::fs::write(&body_path, &body).unwrap();
    let limits = Limits {
        body_cap: 1_000,
        ..Limits::default()
    };
    let mut store = open(&db(dir.path()), limits);
    let h = headers();
    let id = store
        .record(&answer("big", 1, &h, AnswerBody::File(&body_path)))
        .unwrap();
    let loaded = store.load(id).unwrap();
    assert_eq!(loaded.summary.size, body.len() as u64);
    assert_eq!(
        loaded.summary.kept,
        BodyKept::HeadAndTail {
            head: 500,
            tail: 500
        }
    );
    assert_eq!(
        loaded.body,
        [&body[..500], &body[body.len() - 500..]].concat()
    );
}

#[test]
fn with_bodies_off_only_metadata_and_headers_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let limits = Limits {
        keep_bodies: false,
        ..Limits::default()
    };
    let mut store = open(&db(dir.path()), limits);
    let h = headers();
    let id = store
        .record(&answer("a", 1, &h, AnswerBody::Bytes(b"{\"big\":true}")))
        .unwrap();
    let loaded = store.load(id).unwrap();
    assert_eq!(loaded.summary.kept, BodyKept::Off);
    assert_eq!(loaded.summary.size, 12);
    assert!(loaded.body.is_empty());
    assert_eq!(loaded.headers, h);
}

/// Every file in `dir` whose name starts with `prefix`.
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

#[test]
fn a_garbage_file_is_set_aside_with_a_warning_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let garbage = b"this is not a database, just some bytes ".repeat(200);
    std::fs::write(&path, &garbage).unwrap();

    let opened = AnswerStore::open(&path, Limits::default()).unwrap();
    let warning = opened.warning.expect("a warning");
    assert!(warning.contains(&path.display().to_string()), "{warning}");
    assert!(warning.contains("answers.sqlite.broken-"), "{warning}");
    let aside = names_starting(path.parent().unwrap(), "answers.sqlite.broken-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(path.parent().unwrap().join(&aside[0])).unwrap(),
        garbage,
        "the damaged file is kept as it was"
    );
    // The new one works.
    let mut store = opened.store;
    let h = headers();
    store
        .record(&answer("a", 1, &h, AnswerBody::Bytes(b"{}")))
        .unwrap();
    assert_eq!(store.list("a").unwrap().len(), 1);
}

#[test]
fn a_truncated_database_is_set_aside_not_emptied() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    {
        let mut store = open(&path, Limits::default());
        let h = headers();
        let body = br#"{"name":"x"}"#.repeat(5_000);
        for t in 0..40 {
            store
                .record(&answer(&format!("k{t}"), t, &h, AnswerBody::Bytes(&body)))
                .unwrap();
        }
    }
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();

    let opened = AnswerStore::open(&path, Limits::default()).unwrap();
    let warning = opened.warning.expect("a warning");
    assert!(warning.contains("set aside"), "{warning}");
    let aside = names_starting(path.parent().unwrap(), "answers.sqlite.broken-");
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::metadata(path.parent().unwrap().join(&aside[0]))
            .unwrap()
            .len(),
        (whole.len() / 2) as u64
    );
    assert!(opened.store.list("k0").unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_made_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    let path = blocker.join("answers.sqlite");
    let err = AnswerStore::open(&path, Limits::default()).unwrap_err();
    assert!(
        err.to_string().contains(&blocker.display().to_string()),
        "{err}"
    );
}

#[test]
fn two_windows_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let limits = Limits {
        per_request: 1_000,
        ..Limits::default()
    };
    let stores = [open(&path, limits), open(&path, limits)];
    let threads: Vec<_> = stores
        .into_iter()
        .enumerate()
        .map(|(window, mut store)| {
            std::thread::spawn(move || {
                let h = headers();
                let body = format!(r#"{{"window":{window}}}"#).repeat(200);
                for n in 0..50 {
                    // Both write the shared request and one of their own.
                    let key = if n % 2 == 0 {
                        "shared".to_string()
                    } else {
                        format!("window-{window}")
                    };
                    store
                        .record(&answer(&key, n, &h, AnswerBody::Bytes(body.as_bytes())))
                        .unwrap();
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let store = open(&path, limits);
    assert_eq!(store.list("shared").unwrap().len(), 50);
    assert_eq!(store.list("window-0").unwrap().len(), 25);
    assert_eq!(store.list("window-1").unwrap().len(), 25);
    for summary in store.list("shared").unwrap() {
        store.load(summary.id).unwrap();
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[cfg(unix)]
#[test]
fn the_folder_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let path = db(dir.path());
    let mut store = open(&path, Limits::default());
    let h = headers();
    store
        .record(&answer("a", 1, &h, AnswerBody::Bytes(b"{}")))
        .unwrap();
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = path.with_file_name("answers.sqlite-wal");
    assert!(wal.exists(), "WAL mode");
    assert_eq!(mode(&wal), 0o600);
}
