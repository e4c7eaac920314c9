//! The clients a send may use: the app-wide one, and one per server that has its own TLS
//! files. Every hop of an exchange picks its client by its URL, so a redirect to another
//! host never carries this server's client certificate there.

use std::sync::Arc;

use super::client::build_client_recording;
use super::pinning::Presented;
use super::server_tls::ServerMatch;
use super::{ClientError, ClientOptions, HttpError, TlsFiles};

/// Picks the client for a URL. A plain `reqwest::Client` is used for every URL.
pub trait ClientFor: Sync {
    /// The client for requests to `url`; an error when that server's TLS files could not
    /// be loaded (so it is never reached with the wrong trust or certificate).
    fn client_for(&self, url: &url::Url) -> Result<&reqwest::Client, HttpError>;

    /// Where these clients record the certificates servers present (`None`: the shared
    /// record of plain clients).
    fn presented(&self) -> Option<&Presented> {
        None
    }
}

impl ClientFor for reqwest::Client {
    fn client_for(&self, _url: &url::Url) -> Result<&reqwest::Client, HttpError> {
        Ok(self)
    }
}

/// A server with its own TLS files, and its client (or why there is none).
#[derive(Clone, Debug)]
struct ServerClient {
    server: ServerMatch,
    client: Result<reqwest::Client, Arc<ClientError>>,
}

/// The app-wide client and the per-server ones. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Clients {
    default: reqwest::Client,
    /// The certificates presented to any of these clients.
    presented: Presented,
    /// Entries with a port first, so they win over an entry for the whole host.
    servers: Arc<[ServerClient]>,
}

impl Clients {
    /// One client for every URL.
    pub fn single(client: reqwest::Client) -> Clients {
        Clients {
            default: client,
            presented: Presented::shared(),
            servers: Arc::from([]),
        }
    }

    /// Builds the app-wide client (an error saying what is unusable when it cannot be
    /// built) and one client per server entry (a broken entry is kept as its error: see
    /// [`Clients::problems`]). Reads the TLS files: call it off the UI thread.
    pub fn build(options: &ClientOptions) -> Result<Clients, ClientError> {
        let presented = Presented::default();
        let default = build_client_recording(options, &presented)?;
        let mut servers: Vec<ServerClient> = options
            .servers
            .iter()
            .map(|(server, tls)| ServerClient {
                server: server.clone(),
                client: build_client_recording(
                    &ClientOptions {
                        tls: tls.clone(),
                        servers: Vec::new(),
                        ..options.clone()
                    },
                    &presented,
                )
                .map_err(Arc::new),
            })
            .collect();
        servers.sort_by_key(|s| !s.server.has_port());
        Ok(Clients {
            default,
            presented,
            servers: servers.into(),
        })
    }

    /// The per-server entries whose files could not be used, in words.
    pub fn problems(&self) -> Vec<String> {
        self.servers
            .iter()
            .filter_map(|s| {
                s.client
                    .as_ref()
                    .err()
                    .map(|e| format!("TLS for {}: {e}", s.server))
            })
            .collect()
    }
}

impl ClientFor for Clients {
    fn presented(&self) -> Option<&Presented> {
        Some(&self.presented)
    }

    fn client_for(&self, url: &url::Url) -> Result<&reqwest::Client, HttpError> {
        match self.servers.iter().find(|s| s.server.matches(url)) {
            None => Ok(&self.default),
            Some(ServerClient {
                client: Ok(client), ..
            }) => Ok(client),
            Some(ServerClient {
                server,
                client: Err(reason),
            }) => Err(HttpError::Other {
                url: url.to_string(),
                reason: format!(
                    "the TLS files set for {server} in Settings cannot be used: {reason}"
                ),
            }),
        }
    }
}

/// The per-server TLS files in effect: each entry's own files, falling back field by
/// field to the app-wide ones (`app`).
pub fn server_tls_files(
    entries: &[super::ServerTls],
    app: &TlsFiles,
) -> Vec<(ServerMatch, TlsFiles)> {
    entries
        .iter()
        // An entry without files of its own changes nothing.
        .filter(|e| !e.ca_file.trim().is_empty() || !e.client_cert_file.trim().is_empty())
        .filter_map(|entry| {
            let server = ServerMatch::parse(&entry.server).ok()?;
            let own = TlsFiles::typed(&entry.ca_file, &entry.client_cert_file);
            let files = TlsFiles {
                ca_file: own.ca_file.or_else(|| app.ca_file.clone()),
                client_cert_file: own
                    .client_cert_file
                    .or_else(|| app.client_cert_file.clone()),
            };
            Some((server, files))
        })
        .collect()
}

/// The TLS setup for a connection to `url` that does not go through reqwest (the event
/// stream's `wss://`): the files of the server entry that matches it (entries with a
/// port first, as [`Clients`] picks them), else the app-wide ones, with the user's pins.
/// Reads the files: call it off the UI thread.
pub fn rustls_config_for(
    options: &ClientOptions,
    url: &url::Url,
) -> Result<rustls::ClientConfig, ClientError> {
    let mut servers: Vec<&(ServerMatch, TlsFiles)> = options.servers.iter().collect();
    servers.sort_by_key(|(server, _)| !server.has_port());
    let files = servers
        .into_iter()
        .find(|(server, _)| server.matches(url))
        .map_or(&options.tls, |(_, files)| files);
    Ok(files.rustls_config(&options.pins, &Presented::shared())?)
}
