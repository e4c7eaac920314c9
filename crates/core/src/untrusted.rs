//! Files someone else wrote: a collection from git, an addon's manifest, a spec file.
//! Every loader reads them through these guards, so none can hang a run, exhaust memory,
//! stall a parser, or put its content (or a terminal escape sequence) into a message:
//!
//! - [`read_file`] / [`read_text`]: regular files only (a FIFO, a device, a folder is
//!   refused by name before it is opened), a size cap read through `take`, and symlinks
//!   followed only inside the collection;
//! - [`check_nesting`]: one depth guard before every YAML or JSON parse, linear in the
//!   text's length;
//! - [`parser_message`], [`excerpt`], [`printable`]: what is printed quotes at most a short
//!   excerpt of a file, with control characters escaped.

mod excerpt;
mod nesting;
mod read;

pub use excerpt::{
    EXCERPT_CHARS, MESSAGE_CHARS, excerpt, is_unprintable, parser_message, printable,
};
pub use nesting::{MAX_NESTING, TooDeep, check_nesting, check_nesting_within};
pub use read::{
    FileBytes, FileKind, FileText, MAX_COLLECTION_FILE_BYTES, MAX_SPEC_FILE_BYTES, ReadError,
    open_checked, open_regular, read_file, read_text,
};
