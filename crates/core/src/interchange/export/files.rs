//! Writing an export to disk: a collection, or one of its folders or requests, as a
//! Postman file, an OpenCollection folder or a file of snippets. Blocking: run it off the
//! UI thread.

use std::path::Path;

use super::{ExportError, ExportFormat};
use crate::collection::store::Collection;
use crate::files::write_file;

use super::{
    ExportFolder, ExportRequest, environments_of, export_opencollection_with, export_postman_with,
    from_collection, from_folder,
};

/// Writes the collection at `root` in another tool's format. Secret values are never
/// written: requests keep `{{references}}` and literal credentials become references.
/// The environments go with a Postman or OpenCollection export (shared values only,
/// secrets by name with an empty value). Says what was written.
pub fn write_export(
    root: &Path,
    scope: Option<&Path>,
    server_url: &str,
    format: ExportFormat,
    path: &Path,
) -> Result<String, ExportError> {
    let collection = Collection::load(root);
    let mut tree = match scope {
        None => from_collection(&collection),
        Some(scope) => match (collection.folder(scope), collection.request(scope)) {
            (Some(folder), _) => from_folder(folder),
            (None, Some(entry)) => ExportFolder {
                name: entry.file.name.clone(),
                description: None,
                folders: Vec::new(),
                requests: vec![ExportRequest {
                    name: entry.file.name.clone(),
                    description: entry.file.description.clone(),
                    draft: entry.file.to_draft(),
                }],
            },
            (None, None) => {
                return Err(ExportError::Gone {
                    path: scope.to_path_buf(),
                });
            }
        },
    };
    // A hand-edited request may hold a literal credential: every format writes a
    // reference in its place, never the value.
    references_only_in(&mut tree);
    let name = match scope {
        None => collection.file.name.clone(),
        Some(_) => tree.name.clone(),
    };
    let make_parent = |path: &Path| -> Result<(), ExportError> {
        match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(parent) => {
                std::fs::create_dir_all(parent).map_err(|source| ExportError::CreateFolder {
                    path: parent.to_path_buf(),
                    source,
                })
            }
            None => Ok(()),
        }
    };
    let single = |text: String| -> Result<String, ExportError> {
        make_parent(path)?;
        write_file(path, text.as_bytes())?;
        Ok(format!("Exported \"{name}\" to {}", path.display()))
    };
    let environments = environments_of(root);
    match format {
        ExportFormat::Postman => single(export_postman_with(&name, &tree, &environments)),
        ExportFormat::OpenCollection => {
            let files = export_opencollection_with(&name, &tree, &environments);
            if path.exists()
                && std::fs::read_dir(path)
                    .map(|mut d| d.next().is_some())
                    .unwrap_or(true)
            {
                return Err(ExportError::NotEmpty {
                    path: path.to_path_buf(),
                });
            }
            for (rel, text) in &files {
                let target = path.join(rel);
                make_parent(&target)?;
                write_file(&target, text.as_bytes())?;
            }
            Ok(format!(
                "Exported \"{name}\" as {} files into {}",
                files.len(),
                path.display()
            ))
        }
        ExportFormat::Curl
        | ExportFormat::PythonRequests
        | ExportFormat::AyonApi
        | ExportFormat::Httpie => single(snippets_file(&tree, server_url, format, root)),
    }
}

/// Every request of `tree` with its literal credentials replaced by references.
fn references_only_in(tree: &mut ExportFolder) {
    for request in &mut tree.requests {
        request.draft =
            crate::interchange::secrets::references_only(std::mem::take(&mut request.draft));
    }
    for folder in &mut tree.folders {
        references_only_in(folder);
    }
}

/// One file of snippets, one per request, each under a comment naming it, made as
/// "Copy as" makes them (see [`crate::interchange::codegen::snippet_for`]) with the
/// variables of the collection at `root`. Saved requests hold only `{{references}}` for
/// secrets, so none is written.
fn snippets_file(
    tree: &ExportFolder,
    server_url: &str,
    format: ExportFormat,
    root: &Path,
) -> String {
    use crate::interchange::codegen::{
        SecretPolicy, SnippetLanguage, collection_variables, snippet_for,
    };
    let vars = collection_variables(root);
    let language = match format {
        ExportFormat::PythonRequests => SnippetLanguage::PythonRequests,
        ExportFormat::AyonApi => SnippetLanguage::AyonApi,
        ExportFormat::Httpie => SnippetLanguage::Httpie,
        _ => SnippetLanguage::Curl,
    };
    fn walk<'a>(
        folder: &'a ExportFolder,
        path: &mut Vec<&'a str>,
        out: &mut Vec<(String, &'a ExportRequest)>,
    ) {
        for request in &folder.requests {
            let mut name = path.join(" / ");
            if !name.is_empty() {
                name.push_str(" / ");
            }
            name.push_str(&request.name);
            out.push((name, request));
        }
        for sub in &folder.folders {
            path.push(&sub.name);
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut requests = Vec::new();
    walk(tree, &mut Vec::new(), &mut requests);
    let mut text = String::new();
    for (name, request) in requests {
        let snippet = snippet_for(
            language,
            &request.draft,
            &vars,
            server_url,
            SecretPolicy::Reference,
        );
        text.push_str(&format!("# {name}\n{}\n\n", snippet.trim_end()));
    }
    text
}
