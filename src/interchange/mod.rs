//! Import from and export to other tools: Postman, Thunder Client, Bruno, Insomnia,
//! curl and OpenAPI, and code snippets. Importers produce an [`Imported`] preview; nothing
//! is written until the user accepts it. No egui here.

pub mod model;

pub use model::{
    Format, ImportError, Imported, ImportedEnvironment, ImportedFolder, ImportedRequest,
    ImportedVariable,
};

// Postman, Insomnia and Postman export (helper ix-postman).
pub mod export;
pub mod insomnia;
pub mod postman;

pub use insomnia::import_insomnia;
pub use postman::{import_postman, import_postman_environment};
