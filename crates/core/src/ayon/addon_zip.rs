//! Reading an addon zip's manifest: which addon and version it holds, the way
//! AYON's installer looks at it (`ayon_server/installer/addons.py`,
//! `get_addon_zip_info`; see ayon-api.md §6.2).
//!
//! AYON looks at the zip root only, and the first of these it finds decides:
//!
//! 1. `manifest.json` with `addon_name` and `addon_version` (the server code is in
//!    an `addon/` folder next to it);
//! 2. `package.yaml`, then `package.yml`, with `name` and `version` (rez-style);
//! 3. `package.py` with `name = "..."` and `version = "..."` (rez-style; AYON runs
//!    the file, this reader only understands plain string assignments).
//!
//! Used by the client (to name an upload before sending it) and by the sandbox
//! (to answer `POST /api/addons/install`). Malformed input gives an error, never
//! a panic, and no manifest is read past [`MAX_MANIFEST_BYTES`].

use std::io::{BufReader, Read, Seek};
use std::path::Path;

use serde_json::Value as JsonValue;
use zip::ZipArchive;
use zip::result::ZipError;

/// The largest manifest file read; a real one is a few hundred bytes.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

/// The manifest names AYON tries, in its order.
pub const MANIFEST_NAMES: [&str; 4] =
    ["manifest.json", "package.yaml", "package.yml", "package.py"];

/// How an addon zip is laid out, told by the manifest AYON found in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddonLayout {
    /// `manifest.json` at the root; the server code must be in `addon/`.
    ManifestJson,
    /// Rez-style `package.yaml` or `package.yml`: the whole zip is the addon.
    PackageYaml,
    /// Rez-style `package.py`: the whole zip is the addon.
    PackagePy,
}

impl AddonLayout {
    /// Whether AYON treats the zip as a rez-style package (`is_rez` in its event
    /// summary): everything but the `manifest.json` layout.
    pub fn is_rez(self) -> bool {
        !matches!(self, AddonLayout::ManifestJson)
    }
}

/// What an addon zip says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddonZipInfo {
    /// The addon name (`addon_name` or `name`).
    pub name: String,
    /// The addon version (`addon_version` or `version`).
    pub version: String,
    /// Which manifest was found.
    pub layout: AddonLayout,
    /// The manifest file that was read, e.g. `package.yml`.
    pub manifest_file: &'static str,
    /// Whether the zip has an `addon/` folder at its root (required by the
    /// `manifest.json` layout; AYON fails the install without it).
    pub has_addon_dir: bool,
    /// The human title from `title = "..."` in the package file (`addon/package.py`
    /// for the `manifest.json` layout), when there is one.
    pub title: Option<String>,
    /// The AYON versions the addon asks for (`required_ayon_version` in
    /// `manifest.json`, `ayon_version` in a package file), when given.
    pub required_ayon_version: Option<String>,
}

/// Why an addon zip could not be read.
#[derive(Debug, thiserror::Error)]
pub enum AddonZipError {
    /// The file could not be opened or read at all.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    /// The path is not a regular file (a FIFO, a device, a folder, ...).
    #[error("the file {0}")]
    NotAFile(crate::untrusted::ReadError),
    /// The bytes are not a zip archive (or a damaged one).
    #[error("not a zip file: {0}")]
    NotAZip(String),
    /// A zip, but none of the manifests AYON looks for is at its root.
    #[error(
        "no addon manifest at the zip root: looked for manifest.json, package.yaml, package.yml and package.py"
    )]
    NoManifest,
    /// The manifest lacks a field (or has it empty).
    #[error("{file} has no `{field}`")]
    MissingField {
        /// The manifest file, e.g. `manifest.json`.
        file: &'static str,
        /// The missing field, e.g. `addon_version`.
        field: &'static str,
    },
    /// The field is there, but neither text nor a number.
    #[error("`{field}` in {file} is not a string")]
    NotAString {
        /// The manifest file.
        file: &'static str,
        /// The field.
        field: &'static str,
    },
    /// The manifest is not valid JSON or YAML, or not a mapping.
    #[error("{file} is not valid {format}: {message}{}", position_text(*.line, *.column))]
    InvalidManifest {
        /// The manifest file.
        file: &'static str,
        /// `JSON` or `YAML`.
        format: &'static str,
        /// What the parser said.
        message: String,
        /// 1-based line of the problem, when known.
        line: Option<usize>,
        /// 1-based column of the problem, when known.
        column: Option<usize>,
    },
    /// The manifest is larger than [`MAX_MANIFEST_BYTES`].
    #[error("{file} is larger than {limit} bytes")]
    ManifestTooLarge {
        /// The manifest file.
        file: &'static str,
        /// The limit.
        limit: u64,
    },
    /// The manifest entry is in the zip but cannot be unpacked or is not UTF-8.
    #[error("cannot read {file} from the zip: {message}")]
    UnreadableManifest {
        /// The manifest file.
        file: &'static str,
        /// The reason.
        message: String,
    },
}

fn position_text(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(" (line {line}, column {column})"),
        (Some(line), None) => format!(" (line {line})"),
        _ => String::new(),
    }
}

/// Reads the manifest of the addon zip at `path`, which must be a regular file (a FIFO
/// or a device is refused before it is opened).
pub fn read_addon_zip(path: &Path) -> Result<AddonZipInfo, AddonZipError> {
    let file = crate::untrusted::open_regular(path).map_err(|e| match e {
        crate::untrusted::ReadError::Io(io) => AddonZipError::Io(io),
        other => AddonZipError::NotAFile(other),
    })?;
    read_addon_zip_from(BufReader::new(file))
}

/// Reads the manifest of an addon zip from any seekable reader (a file, a
/// `Cursor` over bytes).
pub fn read_addon_zip_from<R: Read + Seek>(reader: R) -> Result<AddonZipInfo, AddonZipError> {
    // The zip crate is not promised to be panic-free on hostile archives; a
    // damaged upload must still end as an error.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_archive(reader))).unwrap_or_else(
        |_| {
            Err(AddonZipError::NotAZip(
                "the zip reader gave up on this archive".into(),
            ))
        },
    )
}

fn read_archive<R: Read + Seek>(reader: R) -> Result<AddonZipInfo, AddonZipError> {
    let mut archive = ZipArchive::new(reader).map_err(|err| match err {
        ZipError::Io(io) if io.kind() != std::io::ErrorKind::UnexpectedEof => AddonZipError::Io(io),
        other => AddonZipError::NotAZip(other.to_string()),
    })?;
    let has_addon_dir = archive
        .file_names_raw()
        .any(|name| name.starts_with(b"addon/"));
    let Some(manifest_file) = MANIFEST_NAMES
        .into_iter()
        .find(|name| archive.index_for_name(name).is_some())
    else {
        return Err(AddonZipError::NoManifest);
    };
    let text = read_entry(&mut archive, manifest_file)?;
    let mut info = match manifest_file {
        "manifest.json" => parse_manifest_json(&text)?,
        "package.py" => parse_package_py(manifest_file, &text)?,
        _ => parse_package_yaml(manifest_file, &text)?,
    };
    info.manifest_file = manifest_file;
    info.has_addon_dir = has_addon_dir;
    if info.layout == AddonLayout::ManifestJson {
        // The title is only in the addon's own package file; best effort.
        info.title = read_entry(&mut archive, "addon/package.py")
            .ok()
            .and_then(|text| python_string_assignment(&text, "title"));
    }
    Ok(info)
}

/// The text of one entry, read up to the manifest limit.
fn read_entry<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    file: &'static str,
) -> Result<String, AddonZipError> {
    let unreadable = |message: String| AddonZipError::UnreadableManifest { file, message };
    let entry = archive
        .by_name(file)
        .map_err(|err| unreadable(err.to_string()))?;
    if entry.size() > MAX_MANIFEST_BYTES {
        return Err(AddonZipError::ManifestTooLarge {
            file,
            limit: MAX_MANIFEST_BYTES,
        });
    }
    // The declared size may lie: never read more than the limit plus one byte.
    let mut bytes = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| unreadable(err.to_string()))?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(AddonZipError::ManifestTooLarge {
            file,
            limit: MAX_MANIFEST_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|_| unreadable("the file is not UTF-8 text".into()))
}

fn blank_info(layout: AddonLayout, name: String, version: String) -> AddonZipInfo {
    AddonZipInfo {
        name,
        version,
        layout,
        manifest_file: "",
        has_addon_dir: false,
        title: None,
        required_ayon_version: None,
    }
}

/// The depth guard every manifest passes before its parser.
fn check_nesting(
    file: &'static str,
    format: &'static str,
    text: &str,
) -> Result<(), AddonZipError> {
    crate::untrusted::check_nesting(text).map_err(|e| AddonZipError::InvalidManifest {
        file,
        format,
        message: e.to_string(),
        line: Some(e.line),
        column: Some(e.column),
    })
}

fn parse_manifest_json(text: &str) -> Result<AddonZipInfo, AddonZipError> {
    const FILE: &str = "manifest.json";
    check_nesting(FILE, "JSON", text)?;
    let value: JsonValue =
        serde_json::from_str(text).map_err(|err| AddonZipError::InvalidManifest {
            file: FILE,
            format: "JSON",
            message: crate::untrusted::parser_message(&err.to_string(), false),
            line: Some(err.line()),
            column: Some(err.column()),
        })?;
    let JsonValue::Object(map) = value else {
        return Err(not_a_mapping(FILE, "JSON"));
    };
    let field = |name: &'static str| json_text(FILE, name, map.get(name));
    let name = field("addon_name")?;
    let version = field("addon_version")?;
    let mut info = blank_info(AddonLayout::ManifestJson, name, version);
    info.required_ayon_version = json_text(
        FILE,
        "required_ayon_version",
        map.get("required_ayon_version"),
    )
    .ok();
    Ok(info)
}

fn parse_package_yaml(file: &'static str, text: &str) -> Result<AddonZipInfo, AddonZipError> {
    check_nesting(file, "YAML", text)?;
    // Read straight into a JSON value, so both formats share the field rules.
    let value: JsonValue =
        serde_yaml_ng::from_str(text).map_err(|err| AddonZipError::InvalidManifest {
            file,
            format: "YAML",
            message: crate::untrusted::parser_message(&err.to_string(), false),
            line: err.location().map(|l| l.line()),
            column: err.location().map(|l| l.column()),
        })?;
    let JsonValue::Object(map) = value else {
        return Err(not_a_mapping(file, "YAML"));
    };
    let field = |name: &'static str| json_text(file, name, map.get(name));
    let name = field("name")?;
    let version = field("version")?;
    let mut info = blank_info(AddonLayout::PackageYaml, name, version);
    info.title = field("title").ok();
    info.required_ayon_version = field("ayon_version").ok();
    Ok(info)
}

fn parse_package_py(file: &'static str, text: &str) -> Result<AddonZipInfo, AddonZipError> {
    let field = |name: &'static str| {
        python_string_assignment(text, name)
            .ok_or(AddonZipError::MissingField { file, field: name })
    };
    let name = field("name")?;
    let version = field("version")?;
    let mut info = blank_info(AddonLayout::PackagePy, name, version);
    info.title = field("title").ok();
    info.required_ayon_version = field("ayon_version").ok();
    Ok(info)
}

fn not_a_mapping(file: &'static str, format: &'static str) -> AddonZipError {
    AddonZipError::InvalidManifest {
        file,
        format,
        message: "the top level is not a mapping of keys to values".into(),
        line: None,
        column: None,
    }
}

/// A required text field of a manifest. Like AYON (`if not manifest.get(...)`),
/// an empty value counts as missing; numbers are taken as their text.
fn json_text(
    file: &'static str,
    field: &'static str,
    value: Option<&JsonValue>,
) -> Result<String, AddonZipError> {
    match value {
        None | Some(JsonValue::Null) => Err(AddonZipError::MissingField { file, field }),
        Some(JsonValue::String(s)) if s.is_empty() => {
            Err(AddonZipError::MissingField { file, field })
        }
        Some(JsonValue::String(s)) => Ok(s.clone()),
        Some(JsonValue::Number(n)) => Ok(n.to_string()),
        Some(_) => Err(AddonZipError::NotAString { file, field }),
    }
}

/// The value of the last top-level `key = "text"` (or `'text'`) line, as the
/// last assignment wins when Python runs the file. Other forms (expressions,
/// f-strings, triple quotes) are not understood and are skipped.
fn python_string_assignment(source: &str, key: &str) -> Option<String> {
    source
        .lines()
        .rev()
        .find_map(|line| {
            let rest = line.strip_prefix(key)?.trim_start();
            let rest = rest.strip_prefix('=')?.trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let body = &rest[1..];
            let end = body.find(quote)?;
            let value = &body[..end];
            let after = body[end + 1..].trim_start();
            // Only a comment may follow; and no escapes, which this reader
            // would get wrong.
            (after.is_empty() || after.starts_with('#'))
                .then_some(value)
                .filter(|v| !v.contains('\\') && !v.is_empty())
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    /// A zip with the given entries; names ending in `/` become folders.
    fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default();
        for (name, text) in entries {
            if name.ends_with('/') {
                writer.add_directory(*name, options).unwrap();
            } else {
                writer.start_file(*name, options).unwrap();
                writer.write_all(text.as_bytes()).unwrap();
            }
        }
        writer.finish().unwrap().into_inner()
    }

    fn read(bytes: Vec<u8>) -> Result<AddonZipInfo, AddonZipError> {
        read_addon_zip_from(Cursor::new(bytes))
    }

    #[test]
    fn manifest_json_layout() {
        let info = read(zip_of(&[
            (
                "manifest.json",
                r#"{"addon_name": "labtest", "addon_version": "0.1.0", "required_ayon_version": ">=1.0.0"}"#,
            ),
            ("addon/package.py", "name = \"labtest\"\ntitle = \"Lab Test\"\n"),
            ("addon/server/__init__.py", ""),
        ]))
        .unwrap();
        assert_eq!(info.name, "labtest");
        assert_eq!(info.version, "0.1.0");
        assert_eq!(info.layout, AddonLayout::ManifestJson);
        assert_eq!(info.manifest_file, "manifest.json");
        assert!(info.has_addon_dir);
        assert!(!info.layout.is_rez());
        assert_eq!(info.title.as_deref(), Some("Lab Test"));
        assert_eq!(info.required_ayon_version.as_deref(), Some(">=1.0.0"));
    }

    #[test]
    fn manifest_json_without_addon_folder_is_reported() {
        let info = read(zip_of(&[(
            "manifest.json",
            r#"{"addon_name": "x", "addon_version": 2}"#,
        )]))
        .unwrap();
        assert_eq!(info.version, "2");
        assert!(!info.has_addon_dir);
        assert_eq!(info.title, None);
    }

    #[test]
    fn package_yaml_and_yml_layouts() {
        for file in ["package.yaml", "package.yml"] {
            let info = read(zip_of(&[
                (file, "name: labyaml\nversion: 1.2.3\ntitle: Lab Yaml\n"),
                ("server/__init__.py", ""),
            ]))
            .unwrap();
            assert_eq!(
                (info.name.as_str(), info.version.as_str()),
                ("labyaml", "1.2.3")
            );
            assert_eq!(info.layout, AddonLayout::PackageYaml);
            assert_eq!(info.manifest_file, file);
            assert!(info.layout.is_rez());
            assert_eq!(info.title.as_deref(), Some("Lab Yaml"));
        }
    }

    #[test]
    fn package_py_layout_with_both_quote_styles() {
        let source = "# rez package\nname = 'labrez'\nversion=\"0.2.0\"  # pinned\n\
                      title = \"Lab Rez\"\n    name = \"indented, ignored\"\n";
        let info = read(zip_of(&[("package.py", source)])).unwrap();
        assert_eq!(info.name, "labrez");
        assert_eq!(info.version, "0.2.0");
        assert_eq!(info.layout, AddonLayout::PackagePy);
        assert_eq!(info.title.as_deref(), Some("Lab Rez"));
    }

    #[test]
    fn manifest_json_wins_over_package_files() {
        let info = read(zip_of(&[
            ("package.py", "name = \"a\"\nversion = \"1\"\n"),
            (
                "manifest.json",
                r#"{"addon_name": "b", "addon_version": "2"}"#,
            ),
        ]))
        .unwrap();
        assert_eq!(info.name, "b");
    }

    #[test]
    fn zip_without_manifest_names_the_files_looked_for() {
        let err = read(zip_of(&[("readme.txt", "x"), ("sub/manifest.json", "{}")])).unwrap_err();
        assert!(matches!(err, AddonZipError::NoManifest));
        let text = err.to_string();
        for name in MANIFEST_NAMES {
            assert!(text.contains(name), "{text}");
        }
    }

    #[test]
    fn not_a_zip_at_all() {
        for bytes in [
            Vec::new(),
            b"hello, not a zip".to_vec(),
            vec![0x50, 0x4b, 5, 6],
        ] {
            let err = read(bytes).unwrap_err();
            assert!(matches!(err, AddonZipError::NotAZip(_)), "{err:?}");
            assert!(err.to_string().starts_with("not a zip file"));
        }
    }

    #[test]
    fn missing_fields_are_named() {
        let err = read(zip_of(&[("manifest.json", r#"{"addon_name": "x"}"#)])).unwrap_err();
        assert!(matches!(
            err,
            AddonZipError::MissingField {
                file: "manifest.json",
                field: "addon_version"
            }
        ));
        assert_eq!(err.to_string(), "manifest.json has no `addon_version`");

        let err = read(zip_of(&[(
            "manifest.json",
            r#"{"addon_name": "", "addon_version": "1"}"#,
        )]))
        .unwrap_err();
        assert!(matches!(
            err,
            AddonZipError::MissingField {
                field: "addon_name",
                ..
            }
        ));

        let err = read(zip_of(&[("package.yml", "version: 1.0.0\n")])).unwrap_err();
        assert!(matches!(
            err,
            AddonZipError::MissingField {
                file: "package.yml",
                field: "name"
            }
        ));

        let err = read(zip_of(&[(
            "package.py",
            "name = get_name()\nversion = '1'\n",
        )]))
        .unwrap_err();
        assert!(matches!(
            err,
            AddonZipError::MissingField {
                file: "package.py",
                field: "name"
            }
        ));

        let err = read(zip_of(&[(
            "manifest.json",
            r#"{"addon_name": ["x"], "addon_version": "1"}"#,
        )]))
        .unwrap_err();
        assert!(matches!(
            err,
            AddonZipError::NotAString {
                field: "addon_name",
                ..
            }
        ));
    }

    #[test]
    fn invalid_manifests_report_the_position() {
        let err = read(zip_of(&[("manifest.json", "{\n  \"addon_name\": }")])).unwrap_err();
        let AddonZipError::InvalidManifest { format, line, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!((*format, *line), ("JSON", Some(2)));
        assert!(err.to_string().contains("(line 2, column"), "{err}");

        let err = read(zip_of(&[("package.yaml", "name: [unclosed\nversion: 1\n")])).unwrap_err();
        assert!(
            matches!(
                err,
                AddonZipError::InvalidManifest {
                    format: "YAML",
                    line: Some(_),
                    ..
                }
            ),
            "{err:?}"
        );

        let err = read(zip_of(&[("manifest.json", "[1, 2]")])).unwrap_err();
        assert!(err.to_string().contains("not a mapping"), "{err}");
    }

    #[test]
    fn huge_manifests_are_not_read() {
        let big = format!(
            r#"{{"addon_name": "x", "addon_version": "1", "pad": "{}"}}"#,
            "a".repeat(MAX_MANIFEST_BYTES as usize)
        );
        let err = read(zip_of(&[("manifest.json", &big)])).unwrap_err();
        assert!(
            matches!(err, AddonZipError::ManifestTooLarge { .. }),
            "{err:?}"
        );
    }

    #[test]
    fn bytes_around_the_zip_are_tolerated_like_python_does() {
        // A multipart envelope around a zip (fixture 67d): AYON's Python zipfile
        // still finds the archive, and so does this reader.
        let zip = zip_of(&[(
            "manifest.json",
            r#"{"addon_name": "m", "addon_version": "1"}"#,
        )]);
        let mut body =
            b"--boundary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n".to_vec();
        body.extend_from_slice(&zip);
        body.extend_from_slice(b"\r\n--boundary--\r\n");
        let info = read(body).unwrap();
        assert_eq!(info.name, "m");
    }

    #[test]
    fn truncated_and_garbled_zips_never_panic() {
        let zip = zip_of(&[
            (
                "manifest.json",
                r#"{"addon_name": "x", "addon_version": "1"}"#,
            ),
            ("addon/a.py", "print('hello')"),
        ]);
        for cut in 0..zip.len() {
            let _ = read(zip[..cut].to_vec());
        }
        for i in 0..zip.len() {
            let mut bad = zip.clone();
            bad[i] ^= 0xff;
            let _ = read(bad);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_a_regular_file_is_refused_unopened() {
        let err = read_addon_zip(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is a character device, not a regular file: not read"
        );
        let dir = tempfile::tempdir().unwrap();
        let err = read_addon_zip(dir.path()).unwrap_err();
        assert!(matches!(err, AddonZipError::NotAFile(_)), "{err:?}");
    }

    #[test]
    fn a_deep_manifest_is_refused_before_parsing() {
        let deep = format!("{{\"addon_name\": {}", "[".repeat(100_000));
        let err = read(zip_of(&[("manifest.json", &deep)])).unwrap_err();
        assert!(
            err.to_string()
                .contains("manifest.json is not valid JSON: nested more than 128 levels deep"),
            "{err}"
        );
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let err = read_addon_zip(Path::new("/definitely/not/here.zip")).unwrap_err();
        assert!(matches!(err, AddonZipError::Io(_)));
    }

    #[test]
    fn real_addon_zips_from_shared_fixtures() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/ayon-addons");
        if !dir.is_dir() {
            println!("skipped: ../shared/fixtures is absent, so the real addon zips are not read");
            return;
        }
        let labtest = read_addon_zip(&dir.join("labtest-0.1.0.zip")).unwrap();
        assert_eq!(
            (labtest.name.as_str(), labtest.version.as_str()),
            ("labtest", "0.1.0")
        );
        assert_eq!(labtest.layout, AddonLayout::ManifestJson);
        assert!(labtest.has_addon_dir);
        assert_eq!(labtest.title.as_deref(), Some("Lab Test"));

        let labrez = read_addon_zip(&dir.join("labrez-0.2.0.zip")).unwrap();
        assert_eq!(
            (labrez.name.as_str(), labrez.version.as_str()),
            ("labrez", "0.2.0")
        );
        assert_eq!(labrez.layout, AddonLayout::PackagePy);
        assert_eq!(labrez.title.as_deref(), Some("Lab Rez"));

        assert!(matches!(
            read_addon_zip(&dir.join("nomanifest.zip")),
            Err(AddonZipError::NoManifest)
        ));
        assert!(matches!(
            read_addon_zip(&dir.join("notazip.zip")),
            Err(AddonZipError::NotAZip(_))
        ));
    }
}
