//! 5. Deeply nested YAML took quadratic time: 100 000 levels (a 200 KB file) took about
//!    40 s in a request file, an environment file (even one not selected) or an addon's
//!    `package.yaml`. Now the depth guard refuses them before the parser sees them, with
//!    the file, the line and the limit named. (No timing assertion: the runs end.)

use std::io::Write;

use ayon_rest_explorer::ayon::addon_zip::{AddonZipError, read_addon_zip};

use crate::kit::{arg, collection, foreign_server, run};

const LEVELS: usize = 100_000;

fn deep() -> String {
    format!("{}{}", "[".repeat(LEVELS), "]".repeat(LEVELS))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deep_request_file_is_refused_by_name() {
    let server = foreign_server().await;
    let dir = collection(&[
        ("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n"),
        (
            "deep.yml",
            &format!("name: Deep\nmethod: POST\nurl: /x\nbody: {}\n", deep()),
        ),
    ]);
    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("deep.yml:4:134: nested more than 128 levels deep: not parsed"),
        "{}",
        result.all()
    );
    assert!(server.received().is_empty(), "nothing is sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deep_environment_file_is_refused_even_when_not_selected() {
    let server = foreign_server().await;
    let dir = collection(&[
        ("ok.yml", "name: Fine\nmethod: GET\nurl: /fine\n"),
        (
            "environments/ci.yml",
            "variables:\n  - name: a\n    value: b\n",
        ),
        (
            "environments/other.yml",
            &format!("variables: {}\n", deep()),
        ),
    ]);
    let args = |extra: &[&str]| {
        let mut args = vec![
            arg(dir.path()),
            "--server".into(),
            server.url.clone(),
            "--env".into(),
            "ci".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let result = run(args(&[]), Vec::new()).await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("other.yml:1:139: nested more than 128 levels deep: not parsed"),
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
            .contains("other.yml:1:139: nested more than 128")
    );
}

#[test]
fn a_deep_package_yaml_is_refused_by_name() {
    let zip = tempfile::NamedTempFile::new().expect("temp file");
    let mut writer = zip::ZipWriter::new(zip.reopen().expect("reopen"));
    writer
        .start_file("package.yaml", zip::write::SimpleFileOptions::default())
        .expect("entry");
    writer
        .write_all(format!("name: deep\nversion: {}\n", deep()).as_bytes())
        .expect("write");
    writer.finish().expect("zip");
    let err = read_addon_zip(zip.path()).expect_err("refused");
    assert!(
        matches!(
            err,
            AddonZipError::InvalidManifest {
                file: "package.yaml",
                line: Some(2),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("package.yaml is not valid YAML: nested more than 128 levels deep"),
        "{err}"
    );
}
