//! Every answer of a request, kept: the window lists a request's past answers, opens one
//! and compares two. The answers live in one embedded SQLite database in the user's data
//! folder ([`AnswerStore`]), each body compressed with zstd in one row.
//!
//! **The store keeps what it is given.** The caller masks passwords, tokens and API keys
//! in the URL, the request, the headers and the body before calling
//! [`AnswerStore::record`]; nothing here looks for secrets.
//!
//! Limits ([`Limits`]): the newest answers of each request are kept (20 by default), then
//! the oldest answers overall go while the stored bytes exceed the total (500 MB by
//! default). A body over the cap (20 MB) keeps its first and last halves of the cap,
//! marked [`BodyKept::HeadAndTail`] with the original size; bodies can be turned off.
//!
//! Two windows may write at once: the database runs in WAL mode, waits up to 5 s for the
//! other writer and writes each answer in one transaction. A damaged database is never
//! emptied silently: [`AnswerStore::open`] renames it aside and says so in
//! [`OpenedStore::warning`].
//!
//! ```
//! use ayon_explorer_core::answer_history::{
//!     AnswerBody, AnswerStore, Limits, NewAnswer, unsaved_request_key,
//! };
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = AnswerStore::open(&dir.path().join("answers.sqlite"), Limits::default())
//!     .unwrap()
//!     .store;
//! let key = unsaved_request_key("get", "https://ayon.example/api/info");
//! let id = store
//!     .record(&NewAnswer {
//!         request_key: &key,
//!         time_ms: 1_700_000_000_000,
//!         method: "GET",
//!         url: "https://ayon.example/api/info",
//!         status: Some(200),
//!         duration_ms: 42,
//!         environment: None,
//!         server: None,
//!         request_json: "{}",
//!         headers: &[("content-type".into(), "application/json".into())],
//!         content_type: Some("application/json"),
//!         body: AnswerBody::Bytes(br#"{"version":"1.11.2"}"#),
//!     })
//!     .unwrap();
//! assert_eq!(store.list(&key).unwrap()[0].id, id);
//! assert_eq!(store.load(id).unwrap().body, br#"{"version":"1.11.2"}"#);
//! ```

mod answer;
mod compress;
mod error;
mod evict;
mod key;
mod limits;
mod open;
mod row;
mod schema;
mod store;

pub use answer::{AnswerBody, AnswerSummary, BodyKept, NewAnswer, StoredAnswer};
pub use compress::cut_lengths;
pub use error::AnswerStoreError;
pub use key::{saved_request_key, unsaved_request_key};
pub use limits::Limits;
pub use store::{AnswerStore, OpenedStore};
