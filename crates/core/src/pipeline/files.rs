//! Which files a request may send as its body. A collection may come from someone else
//! (through git), so its body files (File (raw), and each file field of a form) stay in
//! its folder:
//!
//! 1. Each file is taken to its real path (symlinks followed, `..` resolved), so neither
//!    `../../etc/passwd`, an absolute path nor a symlink inside the collection pointing
//!    out of it can step outside.
//! 2. A file in one of the app's own folders (settings, stored secrets, history, logs)
//!    is refused, whatever else holds: confined or not, allowed or not. The one
//!    exception is a collection kept inside such a folder (the Getting started
//!    collection lives in the data folder): the files inside it are its own.
//! 3. A confined request (one of a collection) may read files inside the collection's
//!    folder, and those the user allowed on this machine (a file, or a folder with
//!    everything in it); anything else is refused with the real path to allow.
//! 4. A request the user made (an unsaved tab, no collection) may read any other file.

use std::path::{Path, PathBuf};

use crate::files::real_path;
use crate::http::{PartValue, SpecBody};

use super::{PrepareError, SendContext};

/// `Ok` when every file `body` reads may be read in `context`; else the first that may
/// not, named.
pub(super) fn check_body_files(
    body: &SpecBody,
    context: &SendContext<'_>,
) -> Result<(), PrepareError> {
    let files = body_files(body);
    if files.is_empty() {
        return Ok(());
    }
    let rule = FileRule::new(context);
    files.into_iter().try_for_each(|file| rule.check(file))
}

/// The files a body reads, in order.
fn body_files(body: &SpecBody) -> Vec<&Path> {
    match body {
        SpecBody::File { path, .. } => vec![path.as_path()],
        SpecBody::Multipart(parts) => parts
            .iter()
            .filter_map(|part| match &part.value {
                PartValue::File(path) => Some(path.as_path()),
                PartValue::Text(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The rule of one send, its folders taken to their real paths once.
struct FileRule<'a> {
    /// The collection's folder as given, and really.
    root: Option<(&'a Path, PathBuf)>,
    /// Whether files must stay in `root` (or be allowed).
    confined: bool,
    /// What the user allowed, really.
    allowed: Vec<PathBuf>,
    /// The app's folders as given (to name them), and really.
    protected: Vec<(&'a Path, PathBuf)>,
}

impl<'a> FileRule<'a> {
    fn new(context: &SendContext<'a>) -> Self {
        FileRule {
            root: context.file_root.map(|root| (root, real_path(root))),
            confined: context.confine_files,
            allowed: context.allowed_files.iter().map(|p| real_path(p)).collect(),
            protected: context
                .protected_folders
                .iter()
                .map(|folder| (folder.as_path(), real_path(folder)))
                .collect(),
        }
    }

    fn check(&self, path: &Path) -> Result<(), PrepareError> {
        let real = real_path(path);
        let named = || match &self.root {
            Some((root, _)) => path.strip_prefix(root).unwrap_or(path).to_path_buf(),
            None => path.to_path_buf(),
        };
        let in_collection = self
            .root
            .as_ref()
            .filter(|(_, root)| real.starts_with(root));
        for (folder, folder_real) in &self.protected {
            let collection_inside = in_collection
                .is_some_and(|(_, root)| root != folder_real && root.starts_with(folder_real));
            if real.starts_with(folder_real) && !collection_inside {
                return Err(PrepareError::FileInAppFolder {
                    path: named(),
                    real,
                    folder: folder.to_path_buf(),
                });
            }
        }
        let Some((root, _)) = self.root.as_ref().filter(|_| self.confined) else {
            return Ok(());
        };
        if in_collection.is_some() || self.allowed.iter().any(|a| real.starts_with(a)) {
            return Ok(());
        }
        Err(PrepareError::FileOutsideCollection {
            path: named(),
            real,
            collection: root.to_path_buf(),
        })
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::collection::variables::VariableSet;
    use crate::pipeline::{CredentialScope, prepare};
    use crate::request::{BodyMode, FormRow, RequestDraft};

    /// A machine: a collection folder, a file outside it, and the app's data folder with
    /// its secrets file.
    struct Machine {
        _dir: tempfile::TempDir,
        top: PathBuf,
        collection: PathBuf,
        outside: PathBuf,
        data: PathBuf,
    }

    fn machine() -> Machine {
        let dir = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(dir.path()).unwrap();
        let collection = top.join("team/collection");
        std::fs::create_dir_all(collection.join("files")).unwrap();
        std::fs::write(collection.join("files/ok.bin"), b"inside").unwrap();
        let outside = top.join("home/private.txt");
        std::fs::create_dir_all(top.join("home")).unwrap();
        std::fs::write(&outside, b"private").unwrap();
        let data = top.join("data/ayon-rest-explorer");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("secrets.json"), b"{}").unwrap();
        Machine {
            _dir: dir,
            top,
            collection,
            outside,
            data,
        }
    }

    /// Prepares a raw file body `file` from the collection.
    fn send(
        m: &Machine,
        file: &str,
        confined: bool,
        allowed: &[PathBuf],
    ) -> Result<(), PrepareError> {
        let mut draft = RequestDraft::get("http://h/api/upload");
        draft.auth.mode = crate::ayon::AuthMode::None;
        draft.body_mode = BodyMode::File;
        draft.body_file = file.to_owned();
        send_draft(m, &draft, confined, allowed)
    }

    fn send_draft(
        m: &Machine,
        draft: &RequestDraft,
        confined: bool,
        allowed: &[PathBuf],
    ) -> Result<(), PrepareError> {
        let protected = [m.data.clone()];
        let context = SendContext {
            server_url: None,
            session_token: None,
            credentials: CredentialScope::SessionHome(None),
            api_key_fallback: None,
            timeout: Duration::from_secs(1),
            file_root: Some(&m.collection),
            confine_files: confined,
            allowed_files: allowed,
            protected_folders: &protected,
            secret_bindings: &crate::collection::secrets::NO_BINDINGS,
            allowed_origins: &[],
        };
        prepare(draft, &VariableSet::default(), &context).map(|_| ())
    }

    fn outside_real(error: Result<(), PrepareError>) -> PathBuf {
        match error {
            Err(PrepareError::FileOutsideCollection { real, .. }) => real,
            other => panic!("not refused as outside: {other:?}"),
        }
    }

    #[test]
    fn files_inside_the_collection_are_read() {
        let m = machine();
        assert_eq!(send(&m, "files/ok.bin", true, &[]), Ok(()));
        assert_eq!(send(&m, "files/../files/ok.bin", true, &[]), Ok(()));
        let absolute = m.collection.join("files/ok.bin");
        assert_eq!(send(&m, &absolute.to_string_lossy(), true, &[]), Ok(()));
    }

    #[test]
    fn dot_dot_out_of_the_collection_is_refused_naming_both_paths() {
        let m = machine();
        let err = send(&m, "../../home/private.txt", true, &[]);
        let Err(PrepareError::FileOutsideCollection {
            path,
            real,
            collection,
        }) = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(path, Path::new("../../home/private.txt"));
        assert_eq!(real, &m.outside);
        assert_eq!(collection, &m.collection);
        let text = err.unwrap_err().to_string();
        assert!(text.contains("../../home/private.txt"), "{text}");
        assert!(text.contains(&m.outside.display().to_string()), "{text}");
        assert!(text.contains("Nothing was sent"), "{text}");
    }

    #[test]
    fn absolute_paths_outside_are_refused() {
        let m = machine();
        let real = outside_real(send(&m, &m.outside.to_string_lossy(), true, &[]));
        assert_eq!(real, m.outside);
        // A file that does not exist is judged by where it would be.
        let real = outside_real(send(&m, "/nowhere/at/all.bin", true, &[]));
        assert_eq!(real, Path::new("/nowhere/at/all.bin"));
    }

    #[test]
    fn a_symlink_inside_pointing_out_is_refused() {
        let m = machine();
        std::os::unix::fs::symlink(&m.outside, m.collection.join("files/innocent.bin")).unwrap();
        std::os::unix::fs::symlink(m.top.join("home"), m.collection.join("linked")).unwrap();
        let real = outside_real(send(&m, "files/innocent.bin", true, &[]));
        assert_eq!(real, m.outside);
        let real = outside_real(send(&m, "linked/private.txt", true, &[]));
        assert_eq!(real, m.outside);
    }

    #[test]
    fn form_file_fields_follow_the_same_rule() {
        let m = machine();
        let mut draft = RequestDraft::get("http://h/api/upload");
        draft.auth.mode = crate::ayon::AuthMode::None;
        draft.body_mode = BodyMode::Multipart;
        draft.form = vec![
            FormRow::text("note", "hi"),
            FormRow::file("ok", "files/ok.bin"),
            FormRow::file("steal", "../../home/private.txt"),
        ];
        let real = outside_real(send_draft(&m, &draft, true, &[]));
        assert_eq!(real, m.outside);
        draft.form.pop();
        assert_eq!(send_draft(&m, &draft, true, &[]), Ok(()));
    }

    #[test]
    fn an_allowed_file_or_folder_is_read() {
        let m = machine();
        let file = m.outside.to_string_lossy().into_owned();
        assert_eq!(
            send(&m, &file, true, std::slice::from_ref(&m.outside)),
            Ok(())
        );
        assert_eq!(send(&m, &file, true, &[m.top.join("home")]), Ok(()));
        // Allowed through a path that itself goes round about.
        let round = m.top.join("team/../home/./private.txt");
        assert_eq!(send(&m, &file, true, &[round]), Ok(()));
        // Another file of that folder is not allowed by allowing one file.
        std::fs::write(m.top.join("home/other.txt"), b"x").unwrap();
        let other = m.top.join("home/other.txt");
        outside_real(send(
            &m,
            &other.to_string_lossy(),
            true,
            std::slice::from_ref(&m.outside),
        ));
    }

    #[test]
    fn a_request_the_user_made_is_not_confined() {
        let m = machine();
        assert_eq!(send(&m, &m.outside.to_string_lossy(), false, &[]), Ok(()));
    }

    #[test]
    fn the_apps_own_folders_are_never_read_even_when_allowed() {
        let m = machine();
        let secrets = m.data.join("secrets.json");
        let secrets_text = secrets.to_string_lossy().into_owned();
        for (confined, allowed) in [
            (true, vec![]),
            (true, vec![secrets.clone()]),
            (true, vec![m.top.clone()]),
            (false, vec![]),
        ] {
            let err = send(&m, &secrets_text, confined, &allowed);
            let Err(PrepareError::FileInAppFolder { folder, real, .. }) = &err else {
                panic!("{err:?}");
            };
            assert_eq!((folder, real), (&m.data, &secrets));
            let text = err.unwrap_err().to_string();
            assert!(text.contains("never sent as a body"), "{text}");
        }
        // Through a symlink in the collection, too.
        std::os::unix::fs::symlink(&secrets, m.collection.join("files/notes.txt")).unwrap();
        let err = send(&m, "files/notes.txt", true, std::slice::from_ref(&m.data));
        assert!(
            matches!(err, Err(PrepareError::FileInAppFolder { .. })),
            "{err:?}"
        );
    }

    #[test]
    fn a_collection_kept_in_the_data_folder_reads_its_own_files_only() {
        let m = machine();
        let inside = m.data.join("getting-started");
        std::fs::create_dir_all(inside.join("files")).unwrap();
        std::fs::write(inside.join("files/a.bin"), b"a").unwrap();
        let moved = Machine {
            collection: inside,
            ..m
        };
        assert_eq!(send(&moved, "files/a.bin", true, &[]), Ok(()));
        let err = send(&moved, "../secrets.json", true, &[]);
        assert!(
            matches!(err, Err(PrepareError::FileInAppFolder { .. })),
            "{err:?}"
        );
    }
}
