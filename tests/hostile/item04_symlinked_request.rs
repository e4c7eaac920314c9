//! 4. A symlinked request file printed its target in the error: serde quotes the whole
//!    value, so a link to a credentials file or `/etc/passwd` put it into the CI log. Now a
//!    link that leaves the collection is refused unread (named), and a file read through a
//!    link inside the collection has parse errors that quote nothing of it.

use crate::kit::{arg, collection, foreign_server, run, write};

const CREDENTIAL: &str = "AYON-FAKE-CREDENTIAL-7d1e0c55a9b24f36";

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_request_linked_to_a_file_outside_is_refused_unread() {
    let server = foreign_server().await;
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = write(
        outside.path(),
        "credentials",
        &format!("{CREDENTIAL}\nroot:x:0:0:root:/root:/bin/bash\n"),
    );
    let dir = collection(&[("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n")]);
    std::os::unix::fs::symlink(&secret, dir.path().join("steal.yml")).expect("symlink");

    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("steal.yml: is a symlink to a regular file outside the collection: not read"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");
    result.assert_reveals_none(&[CREDENTIAL, "root:x:0:0"]);

    // Told to run the rest, it does, and still names the link.
    let result = run(
        vec![
            arg(dir.path()),
            "--server".into(),
            server.url.clone(),
            "--skip-unreadable".into(),
        ],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 0, "{}", result.all());
    assert!(result.stdout.contains("PASS  Fine"), "{}", result.all());
    assert!(
        result
            .stdout
            .contains("steal.yml: is a symlink to a regular file outside"),
        "{}",
        result.all()
    );
    result.assert_reveals_none(&[CREDENTIAL, "root:x:0:0"]);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_request_linked_to_a_file_inside_quotes_nothing_of_it() {
    let server = foreign_server().await;
    // A personal, git-ignored file inside the collection folder (not one the loader
    // reads), and a committed link to it.
    let dir = collection(&[
        ("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n"),
        ("personal/token.txt", &format!("{CREDENTIAL}\n")),
    ]);
    std::os::unix::fs::symlink("personal/token.txt", dir.path().join("steal.yml"))
        .expect("symlink");

    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("steal.yml:1:1: invalid type: string \"…\", expected struct RequestFile"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");
    result.assert_reveals_none(&[CREDENTIAL, "AYON-FAKE"]);
}
