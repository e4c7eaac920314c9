//! The built-in `practice` addon: always listed by `GET /api/addons`, with two
//! endpoints mounted where AYON mounts addon endpoints
//! (`/api/addons/{name}/{version}/...`, ayon-api.md §6.4) and its own OpenAPI
//! spec, as newer AYON servers serve one per addon version.
//!
//! Uploaded addons run no code in the sandbox, so they have no endpoints and
//! no spec; this one gives newcomers an addon endpoint to call. It cannot be
//! deleted (409): it is part of the sandbox, not something installed.

use serde_json::{Value, json};

/// The addon's name.
pub const NAME: &str = "practice";
/// Its human title.
pub const TITLE: &str = "Practice";
/// Its only version.
pub const VERSION: &str = "1.0.0";
/// Upper bound of the echo endpoint's `repeat`.
pub const MAX_REPEAT: i64 = 100;

/// `/api/addons/practice/1.0.0`, the prefix of its endpoints.
pub fn base_path() -> String {
    format!("/api/addons/{NAME}/{VERSION}")
}

/// The detail of the 409 a delete of the built-in addon gets.
pub const NOT_DELETABLE: &str =
    "The practice addon is built into the sandbox and cannot be deleted";

/// Whether `name` (and `version`, when given) is the built-in addon.
pub fn is_builtin(name: &str, version: Option<&str>) -> bool {
    name == NAME && version.is_none_or(|v| v == VERSION)
}

/// Its entry in `GET /api/addons`, in the shape of fixture 66.
pub fn list_entry() -> Value {
    json!({
        "name": NAME,
        "title": TITLE,
        "versions": {VERSION: version_info()},
        "description": "Built into the sandbox: try GET .../ping and POST .../echo, \
                        described in .../openapi.json",
        "addonType": "server",
        "system": false,
        "projectCanOverrideAddonVersion": false,
    })
}

/// The per-version part of a list entry.
pub fn version_info() -> Value {
    json!({
        "hasSettings": false,
        "hasSiteSettings": false,
        "frontendScopes": {},
        "isBroken": false,
        "projectCanOverrideAddonVersion": false,
    })
}

/// The addon's own OpenAPI 3.1.0 spec: full paths, operationId = handler name,
/// tag `"<title> <version>"`, the 422 response FastAPI documents.
pub fn spec() -> Value {
    let base = base_path();
    let tag = format!("{TITLE} {VERSION}");
    let validation = json!({
        "description": "Validation Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}},
    });
    let mut paths = serde_json::Map::new();
    paths.insert(
        format!("{base}/ping"),
        json!({"get": {
            "tags": [tag],
            "summary": "Ping",
            "description": "Answers that the addon is alive. Needs a logged-in user.",
            "operationId": "ping",
            "responses": {
                "200": {
                    "description": "Successful Response",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PingResponse"}}},
                },
            },
        }}),
    );
    paths.insert(
        format!("{base}/echo"),
        json!({"post": {
            "tags": [tag],
            "summary": "Echo",
            "description": "Sends `message` back `repeat` times. Needs a logged-in user.",
            "operationId": "echo",
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EchoRequest"}}},
                "required": true,
            },
            "responses": {
                "200": {
                    "description": "Successful Response",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EchoResponse"}}},
                },
                "422": validation,
            },
        }}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {"title": format!("{TITLE} addon"), "version": VERSION},
        "paths": paths,
        "components": {"schemas": {
            "PingResponse": {
                "properties": {
                    "pong": {"type": "boolean", "title": "Pong"},
                    "addon": {"type": "string", "title": "Addon"},
                    "version": {"type": "string", "title": "Version"},
                },
                "type": "object",
                "required": ["pong", "addon", "version"],
                "title": "PingResponse",
            },
            "EchoRequest": {
                "properties": {
                    "message": {"type": "string", "title": "Message", "description": "What to echo"},
                    "repeat": {
                        "type": "integer", "title": "Repeat", "description": "How many times",
                        "default": 1, "minimum": 1, "maximum": MAX_REPEAT,
                    },
                },
                "type": "object",
                "required": ["message"],
                "title": "EchoRequest",
            },
            "EchoResponse": {
                "properties": {
                    "echo": {"items": {"type": "string"}, "type": "array", "title": "Echo"},
                },
                "type": "object",
                "required": ["echo"],
                "title": "EchoResponse",
            },
            "HTTPValidationError": {
                "properties": {
                    "detail": {"items": {"$ref": "#/components/schemas/ValidationError"}, "type": "array", "title": "Detail"},
                },
                "type": "object",
                "title": "HTTPValidationError",
            },
            "ValidationError": {
                "properties": {
                    "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "type": "array", "title": "Location"},
                    "msg": {"type": "string", "title": "Message"},
                    "type": {"type": "string", "title": "Error Type"},
                },
                "type": "object",
                "required": ["loc", "msg", "type"],
                "title": "ValidationError",
            },
        }},
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_names_the_handlers_and_the_tag() {
        let spec = spec();
        assert_eq!(spec["openapi"], "3.1.0");
        let ping = &spec["paths"]["/api/addons/practice/1.0.0/ping"]["get"];
        assert_eq!(ping["operationId"], "ping");
        assert_eq!(ping["tags"], json!(["Practice 1.0.0"]));
        let echo = &spec["paths"]["/api/addons/practice/1.0.0/echo"]["post"];
        assert_eq!(echo["operationId"], "echo");
        assert_eq!(
            echo["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/EchoRequest"
        );
    }

    #[test]
    fn only_its_own_name_and_version_are_builtin() {
        assert!(is_builtin("practice", None));
        assert!(is_builtin("practice", Some("1.0.0")));
        assert!(!is_builtin("practice", Some("2.0.0")));
        assert!(!is_builtin("labtest", None));
    }
}
