//! 10. Download wrote `NAME.part` with a plain create (truncating, following symlinks),
//!     and two downloads of one name shared it. Now each download writes a new file of a
//!     unique name, created exclusively, and moves it to a free name only when complete:
//!     a symlink planted at the `.part` or the final name is neither followed nor
//!     replaced, and two downloads of one name both arrive whole. Engine level: the
//!     window's "Send and download" is this sink.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use futures_util::StreamExt;

use ayon_rest_explorer::http::{
    HttpMethod, RequestSpec, ResponseSink, Transfer, build_client, execute_with,
};

use crate::support::recording_server;

/// The name every answer here suggests.
const NAME: &str = "report.bin";

/// `len` bytes that differ per `seed`.
fn bytes(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// An attachment named [`NAME`], sent slowly in chunks so downloads overlap.
fn slow_attachment(seed: u8) -> impl IntoResponse {
    let chunks = bytes(seed, 400_000)
        .chunks(20_000)
        .map(<[u8]>::to_vec)
        .collect::<Vec<_>>();
    let stream = futures_util::stream::iter(chunks).then(|chunk| async move {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Ok::<_, std::io::Error>(bytes::Bytes::from(chunk))
    });
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{NAME}\""),
            ),
        ],
        Body::from_stream(stream),
    )
}

/// A server of two different attachments of one name, `/a` and `/b`.
async fn server() -> String {
    let app = Router::new()
        .route("/a", get(|| async { slow_attachment(1) }))
        .route("/b", get(|| async { slow_attachment(2) }));
    recording_server::start(app).await.url
}

/// Downloads `url` with `sink`.
async fn download(url: String, sink: ResponseSink) -> Result<PathBuf, String> {
    let client = build_client().map_err(|e| e.to_string())?;
    let spec = RequestSpec::new(
        HttpMethod::Get,
        url::Url::parse(&url).map_err(|e| e.to_string())?,
    )
    .timeout(Duration::from_secs(30));
    let transfer = Transfer {
        progress: None,
        sink,
    };
    let exchange = execute_with(&client, &spec, &transfer)
        .await
        .map_err(|e| e.to_string())?;
    exchange
        .response
        .body_file
        .map(|file| file.path)
        .ok_or_else(|| "not written to a file".to_owned())
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_symlink_planted_at_the_part_or_the_final_name_is_not_followed() {
    let url = server().await;
    let victims = tempfile::tempdir().expect("victims");
    let part_victim = victims.path().join("bashrc");
    let name_victim = victims.path().join("authorized_keys");
    std::fs::write(&part_victim, "part victim").expect("write");
    std::fs::write(&name_victim, "name victim").expect("write");
    let nowhere = victims.path().join("created-through-a-link");
    let downloads = tempfile::tempdir().expect("downloads");
    let dir = downloads.path();
    let link = |target: &Path, name: &str| {
        std::os::unix::fs::symlink(target, dir.join(name)).expect("plant a link")
    };
    link(&part_victim, &format!("{NAME}.part"));
    link(&name_victim, NAME);
    link(&nowhere, "report (1).bin");
    link(&part_victim, "report (1).bin.part");

    let saved = download(
        format!("{url}/a"),
        ResponseSink::IntoFolder(dir.to_path_buf()),
    )
    .await
    .expect("the download completes");
    assert_eq!(saved, dir.join("report (2).bin"), "the first free name");
    assert_eq!(std::fs::read(&saved).expect("read"), bytes(1, 400_000));
    assert_eq!(
        std::fs::read_to_string(&part_victim).expect("read"),
        "part victim"
    );
    assert_eq!(
        std::fs::read_to_string(&name_victim).expect("read"),
        "name victim"
    );
    assert!(
        !nowhere.exists(),
        "nothing was created through a dangling link"
    );
    for planted in [NAME, "report (1).bin"] {
        let meta = dir.join(planted).symlink_metadata().expect("still there");
        assert!(meta.file_type().is_symlink(), "{planted} is still the link");
    }
    assert_eq!(
        names(dir),
        [
            "report (1).bin",
            "report (1).bin.part",
            "report (2).bin",
            NAME,
            "report.bin.part"
        ],
        "the planted links, the download, and no temporary file left"
    );

    // A download to an exact path that is a symlink fails and replaces nothing.
    let error = download(format!("{url}/b"), ResponseSink::File(dir.join(NAME)))
        .await
        .expect_err("the name is taken");
    assert!(error.contains("not replaced"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&name_victim).expect("read"),
        "name victim"
    );
    assert!(
        dir.join(NAME)
            .symlink_metadata()
            .expect("there")
            .file_type()
            .is_symlink()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn two_concurrent_downloads_of_one_name_both_complete_intact() {
    let url = server().await;
    let downloads = tempfile::tempdir().expect("downloads");
    let dir = downloads.path().to_path_buf();
    let (a, b) = tokio::join!(
        download(format!("{url}/a"), ResponseSink::IntoFolder(dir.clone())),
        download(format!("{url}/b"), ResponseSink::IntoFolder(dir.clone())),
    );
    let (a, b) = (a.expect("a completes"), b.expect("b completes"));
    assert_ne!(a, b, "each has its own file");
    assert_eq!(
        names(&dir),
        ["report (1).bin", "report.bin"],
        "no .part left"
    );
    assert_eq!(std::fs::read(&a).expect("read a"), bytes(1, 400_000));
    assert_eq!(std::fs::read(&b).expect("read b"), bytes(2, 400_000));
}
