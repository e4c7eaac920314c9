//! `GET /api/info`: server version and uptime; more when the caller is logged in.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::anatomy;
use crate::auth::Auth;
use crate::records::truthy;
use crate::state::SandboxState;

/// The version the sandbox reports: the AYON release it imitates, tagged.
pub const VERSION: &str = "1.11.2+sandbox";

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new().route("/api/info", get(info))
}

/// Needs no auth, and bad credentials do not fail here: the user part is just
/// left out; `onboarding` is there for admins only. Uptime is whole seconds as a float, as 1.11.2 reports it.
async fn info(State(state): State<SandboxState>, auth: Auth) -> Json<Value> {
    let uptime = state.uptime().as_secs() as f64;
    let mut body = json!({"version": VERSION, "uptime": uptime});
    if let (Some(caller), Value::Object(obj)) = (auth.optional(), &mut body) {
        // Only admins are told about onboarding (more/1054, 1055).
        if truthy(caller.user.data.get("isAdmin")) {
            obj.insert("onboarding".into(), json!(false));
        }
        obj.insert("disableChangelog".into(), json!(true));
        obj.insert("user".into(), caller.user.to_json());
        obj.insert("attributes".into(), anatomy::attribute_definitions());
        obj.insert("sites".into(), json!([]));
        obj.insert("ssoOptions".into(), json!([]));
        obj.insert("extras".into(), json!(""));
    }
    Json(body)
}
