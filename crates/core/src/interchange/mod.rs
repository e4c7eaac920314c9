//! Import from and export to other tools: Postman, Thunder Client, Bruno, Insomnia,
//! curl and OpenAPI, and code snippets. Importers produce an [`Imported`] preview; nothing
//! is written until the user accepts it. No egui here.

pub mod detect;
pub mod export_vars;
pub mod import_as;
pub mod model;
pub mod notes;
pub mod openapi;
pub mod outside_files;
pub mod preview;
pub mod secrets;
pub mod write;

// curl import and code snippets.
pub mod codegen;
pub mod curl;
pub use curl::{import_curl, import_curl_text, parse_curl};

// Bruno (.bru), OpenCollection YAML and Thunder Client importers, and the export tree
// with the OpenCollection writer.
pub mod bruno;
pub use bruno::import_bruno;
pub mod thunder;
pub use thunder::{import_thunder, import_thunder_text};
pub mod opencollection;
pub use opencollection::import_opencollection;

pub use model::{
    Format, ImportError, Imported, ImportedEnvironment, ImportedFolder, ImportedRequest,
    ImportedVariable,
};
pub use notes::{NoteGroup, group_notes};

// Postman and Insomnia importers, and export (Postman v2.1, OpenCollection).
pub mod export;
pub mod insomnia;
pub mod postman;

pub use insomnia::import_insomnia;
pub use postman::{import_postman, import_postman_environment, import_postman_environment_file};
