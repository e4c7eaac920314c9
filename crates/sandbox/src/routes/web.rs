//! `GET /`: where a real server serves its web UI, a small page saying this is the
//! sandbox. Clients check that a server is up with it: ayon-python-api's
//! `is_server_available` asks `GET {base_url}` and needs a 200 before it logs in or makes
//! a session. Any other path outside `/api` is still the 404 `File ... not found`.

use axum::Router;
use axum::response::Html;
use axum::routing::get;

use crate::routes::info::VERSION;
use crate::state::SandboxState;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new().route("/", get(home))
}

/// The page: no auth, no scripts.
async fn home() -> Html<String> {
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>AYON sandbox</title></head>\n<body>\n<h1>AYON sandbox</h1>\n\
         <p>The practice server of AYON REST Explorer (imitating AYON {VERSION}). \
         It has no web UI: call its REST API under <code>/api</code>, GraphQL at \
         <code>/graphql</code>.</p>\n</body>\n</html>\n"
    ))
}
