//! What an importer produces, whatever the source format: a tree of requests as
//! [`RequestDraft`]s, variables and environments, and the list of what could not be
//! carried over. Nothing here is written anywhere: the app previews it first.

use crate::request::RequestDraft;

/// The formats understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Postman Collection v2.1 (v2.0 read the same way).
    Postman,
    /// A Postman environment export.
    PostmanEnvironment,
    /// Thunder Client: collection export, environment export, or a git-sync folder.
    Thunder,
    /// Bruno: a folder of `.bru` files with `bruno.json`.
    Bruno,
    /// Bruno's OpenCollection YAML (a folder with `opencollection.yml`).
    OpenCollection,
    /// Insomnia export v4 (JSON) or v5 (YAML).
    Insomnia,
    /// A curl command line.
    Curl,
    /// An OpenAPI 3.0 / 3.1 document.
    OpenApi,
}

impl Format {
    /// Name for messages: "Postman Collection v2.1".
    pub fn label(self) -> &'static str {
        match self {
            Format::Postman => "Postman Collection v2.1",
            Format::PostmanEnvironment => "Postman environment",
            Format::Thunder => "Thunder Client",
            Format::Bruno => "Bruno collection",
            Format::OpenCollection => "Bruno OpenCollection YAML",
            Format::Insomnia => "Insomnia export",
            Format::Curl => "curl command",
            Format::OpenApi => "OpenAPI document",
        }
    }
}

/// A collection read from another tool.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// Its name (from the file; the file name when it has none).
    pub name: String,
    /// The format it was read as.
    pub format: Format,
    /// The requests and folders.
    pub root: ImportedFolder,
    /// Collection-level variables (Postman collection variables, Bruno collection vars...).
    pub variables: Vec<ImportedVariable>,
    /// Environments found with it.
    pub environments: Vec<ImportedEnvironment>,
    /// What was not carried over, each naming where it was (scripts, unsupported auth
    /// types, dynamic variables, websocket items...). Shown to the user; never dropped
    /// silently.
    pub not_carried: Vec<String>,
    /// Each request's file outside the collection (absolute, or above it with `..`),
    /// named: kept as it is, but sent only once allowed on the computer that sends it.
    /// Filled by [`super::detect::import_path`] and [`super::detect::import_text`].
    pub outside_files: Vec<String>,
}

impl Imported {
    /// An empty import named `name`.
    pub fn new(name: impl Into<String>, format: Format) -> Self {
        Imported {
            name: name.into(),
            format,
            root: ImportedFolder::default(),
            variables: Vec::new(),
            environments: Vec::new(),
            not_carried: Vec::new(),
            outside_files: Vec::new(),
        }
    }

    /// Number of folders and requests below the root (the root not counted).
    pub fn counts(&self) -> (usize, usize) {
        self.root.counts()
    }

    /// "Not carried over" grouped: one [`super::NoteGroup`] per kind of loss, with its notes.
    pub fn note_groups(&self) -> Vec<super::NoteGroup> {
        super::notes::group_notes(&self.not_carried)
    }

    /// Every request with the names of the folders above it.
    pub fn requests(&self) -> Vec<(Vec<&str>, &ImportedRequest)> {
        let mut out = Vec::new();
        self.root.collect(&mut Vec::new(), &mut out);
        out
    }
}

/// A folder of imported requests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportedFolder {
    /// Its name (empty for the root).
    pub name: String,
    /// Sub-folders, in the source's order.
    pub folders: Vec<ImportedFolder>,
    /// Requests, in the source's order.
    pub requests: Vec<ImportedRequest>,
}

impl ImportedFolder {
    /// A folder named `name`.
    pub fn named(name: impl Into<String>) -> Self {
        ImportedFolder {
            name: name.into(),
            ..Default::default()
        }
    }

    fn counts(&self) -> (usize, usize) {
        self.folders
            .iter()
            .fold((0, self.requests.len()), |(f, r), sub| {
                let (sf, sr) = sub.counts();
                (f + 1 + sf, r + sr)
            })
    }

    fn collect<'a>(
        &'a self,
        path: &mut Vec<&'a str>,
        out: &mut Vec<(Vec<&'a str>, &'a ImportedRequest)>,
    ) {
        for request in &self.requests {
            out.push((path.clone(), request));
        }
        for folder in &self.folders {
            path.push(&folder.name);
            folder.collect(path, out);
            path.pop();
        }
    }
}

/// One imported request.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedRequest {
    /// Its name.
    pub name: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// The request, in this app's terms (`{{variables}}` kept as references).
    pub draft: RequestDraft,
}

/// A named set of variables.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedEnvironment {
    /// Its name.
    pub name: String,
    /// Its variables.
    pub variables: Vec<ImportedVariable>,
}

/// One variable. Secret ones (marked so in the source, or secret-looking by name) never
/// reach collection files: their values go to the secret store.
#[derive(Clone, PartialEq)]
pub struct ImportedVariable {
    /// Name, as used between braces.
    pub name: String,
    /// Value.
    pub value: String,
    /// Whether the value is secret.
    pub secret: bool,
}

impl std::fmt::Debug for ImportedVariable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret { "<secret>" } else { &self.value };
        f.debug_struct("ImportedVariable")
            .field("name", &self.name)
            .field("value", &value)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Why nothing could be imported: the problem and where (line and column, or the path
/// inside the document such as `$.item[2].request.url`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}{}", position.as_ref().map(|p| format!(" (at {p})")).unwrap_or_default())]
pub struct ImportError {
    /// What is wrong.
    pub message: String,
    /// Where, when known.
    pub position: Option<String>,
}

impl ImportError {
    /// An error without a position.
    pub fn new(message: impl Into<String>) -> Self {
        ImportError {
            message: message.into(),
            position: None,
        }
    }

    /// An error at `position`.
    pub fn at(message: impl Into<String>, position: impl Into<String>) -> Self {
        ImportError {
            message: message.into(),
            position: Some(position.into()),
        }
    }
}
