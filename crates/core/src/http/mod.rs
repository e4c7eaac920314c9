//! The HTTP engine: turns a resolved [`RequestSpec`] into an [`Exchange`].
//!
//! ```text
//!   RequestDraft (what the user edits, in `state`)
//!        │ resolve: URL against the server, auth headers, body
//!        ▼
//!   RequestSpec  ──execute()──►  hop 1 ── 3xx? ──► hop 2 …  (redirects followed here, by us)
//!        │                                      │
//!        │                 cross-origin hop: credential headers dropped
//!        ▼                                      ▼
//!   Exchange { request as sent, redirects, response (status, headers, body), timings }
//!   or HttpError (refused, DNS, TLS, timeout, closed mid-body, …)
//! ```
//!
//! Nothing here knows about egui; everything is tested over real loopback sockets.

mod classify;
mod client;
mod client_error;
mod clients;
mod decode;
mod error;
mod exchange;
mod execute;
mod file_body;
mod multipart;
mod pinning;
mod progress;
mod proxy;
mod redirect;
mod server_tls;
mod sink;
mod spec;
mod tls;

pub(crate) use tls::explain_certificate_error;

pub use client::{ClientOptions, build_client, build_client_with};
pub use client_error::{ClientCertificateProblem, ClientError, ProxyError, TlsError};
pub use clients::{ClientFor, Clients, rustls_config_for, server_tls_files};
pub use error::HttpError;
pub use exchange::{Exchange, RedirectHop, ResponseData, SentRequest, Timings, reason_phrase};
pub use execute::{Transfer, execute, execute_with};
pub use multipart::guess_content_type;
pub use pinning::{CertificateInfo, Pin, certificate_info, fingerprint, last_presented};
pub use progress::{Direction, Progress, ProgressSnapshot, human_bytes, human_duration};
pub use proxy::{ProxySettings, environment_proxies};
pub use redirect::{CREDENTIAL_HEADERS, same_origin};
pub use server_tls::{ServerMatch, ServerMatchError, ServerTls};
pub use sink::{BodyFile, ResponseSink, is_textual, suggested_file_name, unused_path};
pub use spec::{FormPart, HttpMethod, PartValue, RequestSpec, SpecBody};
pub use tls::TlsFiles;
