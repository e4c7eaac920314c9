//! Why an import could not be written.

use crate::collection::environment::EnvError;
use crate::collection::store::StoreError;

/// Why an import could not be written into a collection.
#[derive(Debug, thiserror::Error)]
pub enum ImportWriteError {
    /// A collection, folder or request file could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An environment could not be saved.
    #[error(transparent)]
    Environment(#[from] EnvError),
    /// The import nests folders deeper than a collection takes.
    #[error("The import nests folders more than {0} deep")]
    TooDeep(usize),
}
