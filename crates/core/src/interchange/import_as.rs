//! Importing in a format the user names (the command line's `--format`) instead of the
//! one [`super::detect`] finds: the same importers, called directly. Blocking: reads the
//! disk.

use std::path::Path;

use super::model::{Format, ImportError, Imported};

/// What is imported: a file or folder, or text (stdin, a paste).
#[derive(Clone, Copy, Debug)]
pub enum ImportSource<'a> {
    /// A file or a folder.
    Path(&'a Path),
    /// A file's content, or a command line.
    Text(&'a str),
}

/// Imports `source` as `format`. Folder formats (Bruno, OpenCollection) need a folder;
/// the others read a file's text. Files outside the collection are named in
/// [`Imported::outside_files`], as [`super::detect::import_path`] does.
pub fn import_as(format: Format, source: ImportSource<'_>) -> Result<Imported, ImportError> {
    let mut imported = read(format, source)?;
    if imported.name.trim().is_empty()
        && let ImportSource::Path(path) = source
        && let Some(stem) = path.file_stem()
    {
        imported.name = stem.to_string_lossy().into_owned();
    }
    super::outside_files::mark_outside_files(&mut imported);
    Ok(imported)
}

fn read(format: Format, source: ImportSource<'_>) -> Result<Imported, ImportError> {
    match (format, source) {
        (Format::Bruno, ImportSource::Path(path)) if path.is_dir() => {
            super::bruno::import_bruno(path)
        }
        (Format::OpenCollection, ImportSource::Path(path)) if path.is_dir() => {
            super::opencollection::import_opencollection(path)
        }
        (Format::Bruno | Format::OpenCollection, _) => Err(ImportError::new(format!(
            "A {} is read from its folder: give the folder",
            format.label()
        ))),
        (Format::Thunder, ImportSource::Path(path)) => super::thunder::import_thunder(path),
        (_, ImportSource::Path(path)) => {
            let text = read_text(path)?;
            read_text_as(format, &text).map_err(|e| ImportError {
                message: format!("{}: {}", path.display(), e.message),
                position: e.position,
            })
        }
        (_, ImportSource::Text(text)) => read_text_as(format, text),
    }
}

fn read_text(path: &Path) -> Result<String, ImportError> {
    if path.is_dir() {
        return Err(ImportError::new(format!(
            "{} is a folder; this format is read from a file",
            path.display()
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::new(format!("Could not read {}: {e}", path.display())))?;
    String::from_utf8(bytes)
        .map_err(|_| ImportError::new(format!("{} is not a text file (not UTF-8)", path.display())))
}

fn read_text_as(format: Format, text: &str) -> Result<Imported, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    match format {
        Format::Postman => super::postman::import_postman(text),
        Format::PostmanEnvironment => {
            let environment = super::postman::import_postman_environment(text)?;
            let mut imported = Imported::new(environment.name.clone(), format);
            imported.environments.push(environment);
            Ok(imported)
        }
        Format::Thunder => super::thunder::import_thunder_text(text),
        Format::Insomnia => super::insomnia::import_insomnia(text),
        Format::Curl => super::curl::import_curl(text.trim()),
        Format::OpenApi => super::openapi::import_openapi(text.as_bytes()),
        Format::Bruno | Format::OpenCollection => Err(ImportError::new(format!(
            "A {} is read from its folder: give the folder",
            format.label()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_format_uses_its_importer() {
        let imported = import_as(
            Format::Curl,
            ImportSource::Text("curl https://example.com/api/info"),
        )
        .expect("a curl command");
        assert_eq!(imported.format, Format::Curl);
        assert_eq!(imported.counts(), (0, 1));
    }

    #[test]
    fn the_wrong_format_is_an_error_not_a_panic() {
        for format in [
            Format::Postman,
            Format::Insomnia,
            Format::OpenApi,
            Format::Bruno,
        ] {
            assert!(import_as(format, ImportSource::Text("curl https://x")).is_err());
        }
    }
}
