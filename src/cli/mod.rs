//! The command line's `import` and `export`, for teams migrating many collections and
//! for CI. Each takes its arguments (clap), works on this thread (no runtime, no window)
//! and returns its exit code; `main` only dispatches.
//!
//! ```text
//!   import <file|folder|-> <new-folder>
//!     read (detect, or --format) ─► move secrets ─► print the preview ─► (--dry-run: stop)
//!     ─► write the collection ─► secret values to the secret store, or --secrets-to-env
//!   export <collection> --format F <out>
//!     the Export window's writer ─► no secret values, ever
//! ```
//!
//! They use the engine's importers and exporters, the same as the window, and the
//! [`crate::vault`] (blocking, through [`crate::vault::run_now`]) for secret values;
//! never the window's modules.

mod env_file;
pub mod export;
pub mod import;

/// Exit code: done (imported or exported in full; with losses too unless `--strict`).
pub const EXIT_OK: u8 = 0;
/// Exit code: imported, but something was not carried over (only with `--strict`).
pub const EXIT_LOSSY: u8 = 1;
/// Exit code: usage, an unreadable source, an unknown format, or a write that failed.
pub const EXIT_PROBLEM: u8 = 2;

/// Whether `path` is a folder that holds something (or cannot be listed), or a file:
/// somewhere an import or export must not write into.
fn is_occupied(path: &std::path::Path) -> Option<String> {
    let metadata = std::fs::symlink_metadata(path).ok()?;
    if !metadata.is_dir() {
        return Some(format!("{} exists and is not a folder", path.display()));
    }
    match std::fs::read_dir(path) {
        Ok(mut entries) => entries.next().map(|_| {
            format!(
                "{} is not empty: choose a new (or empty) folder",
                path.display()
            )
        }),
        Err(e) => Some(format!("{} cannot be listed: {e}", path.display())),
    }
}
