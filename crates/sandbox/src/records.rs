//! The records the sandbox keeps (users, sessions, projects) and how each one is
//! rendered as AYON JSON.
//!
//! Secrets (passwords, API keys) live in their own fields and are never part of
//! any rendered model. The real server stores hashes in `data.password` and
//! `data.apiKey` and sends them to clients; the sandbox deliberately does not.

use std::time::{Instant, SystemTime};

use serde_json::{Map, Value, json};

use super::anatomy;
use super::clock;

/// The user attributes a default AYON server defines, in its order.
pub const USER_ATTRIBUTES: [&str; 4] = ["fullName", "email", "avatarUrl", "developerMode"];

/// Keys that must never be stored in (and so never leak from) a user's public `data`.
const SECRET_DATA_KEYS: [&str; 3] = ["password", "apiKey", "apiKeys"];

/// Python truthiness of a JSON value, as `data.get("isAdmin")` is used in `if`.
pub fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// A user account.
#[derive(Debug, Clone)]
pub struct UserRecord {
    /// Login name (unique, case-sensitive as a key; login matches it case-insensitively).
    pub name: String,
    /// Attribute values that are set; unset ones are absent (rendered as null or left out).
    pub attrib: Map<String, Value>,
    /// Public `data` (roles, access groups, `createdBy`, `apiKeyPreview`, ...).
    pub data: Map<String, Value>,
    /// Inactive users cannot log in or use their sessions.
    pub active: bool,
    /// Plain-text password, kept only in memory; `None` disables password login.
    pub password: Option<String>,
    /// The legacy single API key of a service user.
    pub api_key: Option<String>,
    /// Creation timestamp.
    pub created_at: String,
    /// Last modification timestamp.
    pub updated_at: String,
}

impl UserRecord {
    /// A new user with the current time as creation time. Secret keys are dropped
    /// from `data` so they can never be rendered.
    pub fn new(
        name: impl Into<String>,
        attrib: Map<String, Value>,
        data: Map<String, Value>,
    ) -> Self {
        let now = clock::now_iso();
        let mut user = UserRecord {
            name: name.into(),
            attrib: Map::new(),
            data: Map::new(),
            active: true,
            password: None,
            api_key: None,
            created_at: now.clone(),
            updated_at: now,
        };
        user.set_attrib(attrib);
        user.set_data(data);
        user
    }

    /// Replaces the attributes, keeping only non-null values.
    pub fn set_attrib(&mut self, attrib: Map<String, Value>) {
        self.attrib = attrib.into_iter().filter(|(_, v)| !v.is_null()).collect();
    }

    /// Replaces `data`, dropping any secret keys.
    pub fn set_data(&mut self, data: Map<String, Value>) {
        self.data = data
            .into_iter()
            .filter(|(k, _)| !SECRET_DATA_KEYS.contains(&k.as_str()))
            .collect();
    }

    /// Sets the service API key and its preview (`abcd***wxyz`, as AYON shows it).
    pub fn set_api_key(&mut self, key: &str) {
        let preview = match (key.get(..4), key.get(key.len().saturating_sub(4)..)) {
            (Some(head), Some(tail)) => format!("{head}***{tail}"),
            _ => "***".to_owned(),
        };
        self.data
            .insert("apiKeyPreview".into(), Value::String(preview));
        self.api_key = Some(key.to_owned());
    }

    /// `data.isService`.
    pub fn is_service(&self) -> bool {
        truthy(self.data.get("isService"))
    }

    /// `data.isAdmin`, or a service user.
    pub fn is_admin(&self) -> bool {
        truthy(self.data.get("isAdmin")) || self.is_service()
    }

    /// `data.isManager`, or an admin (which includes service users).
    pub fn is_manager(&self) -> bool {
        truthy(self.data.get("isManager")) || self.is_admin()
    }

    /// `data.isGuest`.
    pub fn is_guest(&self) -> bool {
        truthy(self.data.get("isGuest"))
    }

    /// Whether `data.accessGroups` gives this user any access group on `project`.
    pub fn has_access_group(&self, project: &str) -> bool {
        match self.data.get("accessGroups") {
            Some(Value::Object(groups)) => groups
                .iter()
                .any(|(name, list)| name.eq_ignore_ascii_case(project) && truthy(Some(list))),
            _ => false,
        }
    }

    /// The model `GET /api/users/me` returns: null attributes left out and
    /// `ownAttrib` listing every user attribute.
    pub fn to_json(&self) -> Value {
        let attrib: Map<String, Value> = self
            .ordered_attrib()
            .filter(|(_, v)| !v.is_null())
            .collect();
        json!({
            "name": self.name,
            "attrib": attrib,
            "data": self.data,
            "active": self.active,
            "ownAttrib": USER_ATTRIBUTES,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }

    /// The model inside a login response: every user attribute present (null when
    /// unset) and `ownAttrib` listing only the set ones, sorted, as AYON 1.11.2 does.
    pub fn to_login_json(&self) -> Value {
        let attrib: Map<String, Value> = self.ordered_attrib().collect();
        let mut own: Vec<&String> = self.attrib.keys().collect();
        own.sort();
        json!({
            "name": self.name,
            "attrib": attrib,
            "data": self.data,
            "active": self.active,
            "ownAttrib": own,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }

    /// What a non-manager sees of another user: name and whether it is active
    /// (more/1112).
    pub fn to_public_json(&self) -> Value {
        json!({"name": self.name, "active": self.active})
    }

    /// Known attributes first (null when unset), then any extra ones.
    fn ordered_attrib(&self) -> impl Iterator<Item = (String, Value)> + '_ {
        let known = USER_ATTRIBUTES.iter().map(|k| {
            (
                (*k).to_owned(),
                self.attrib.get(*k).cloned().unwrap_or(Value::Null),
            )
        });
        let extra = self
            .attrib
            .iter()
            .filter(|(k, _)| !USER_ATTRIBUTES.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()));
        known.chain(extra)
    }
}

/// A login session.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    /// Name of the user the session belongs to.
    pub user_name: String,
    /// When the session was created.
    pub created: SystemTime,
    /// Last use; sessions expire after a period of disuse.
    pub last_used: Instant,
}

/// Why a token stopped working, reported for a while after it ended (like AYON's
/// `auth.logout` events, which it consults for 5 minutes).
#[derive(Debug, Clone)]
pub struct EndedSession {
    /// E.g. `User logged out` or `Session expired`.
    pub reason: String,
    /// When it ended.
    pub at: Instant,
}

/// A project with its anatomy.
#[derive(Debug, Clone)]
pub struct ProjectRecord {
    /// Project name (`^[a-zA-Z0-9_]+$`).
    pub name: String,
    /// Short code.
    pub code: String,
    /// Optional display label.
    pub label: Option<String>,
    /// Library project flag.
    pub library: bool,
    /// Active flag.
    pub active: bool,
    /// `folderTypes` list.
    pub folder_types: Value,
    /// `taskTypes` list.
    pub task_types: Value,
    /// `linkTypes` list.
    pub link_types: Value,
    /// `statuses` list.
    pub statuses: Value,
    /// `tags` list.
    pub tags: Value,
    /// `config` object (roots, templates).
    pub config: Value,
    /// Project attributes (fps, resolution, frame range...).
    pub attrib: Map<String, Value>,
    /// Free-form `data`.
    pub data: Map<String, Value>,
    /// Creation timestamp.
    pub created_at: String,
    /// Last modification timestamp.
    pub updated_at: String,
}

impl ProjectRecord {
    /// A project with the sandbox's default anatomy.
    pub fn with_default_anatomy(name: impl Into<String>, code: impl Into<String>) -> Self {
        let now = clock::now_iso();
        ProjectRecord {
            name: name.into(),
            code: code.into(),
            label: None,
            library: false,
            active: true,
            folder_types: anatomy::folder_types(),
            task_types: anatomy::task_types(),
            link_types: anatomy::link_types(),
            statuses: anatomy::statuses(),
            tags: anatomy::tags(),
            config: anatomy::config(),
            attrib: anatomy::project_attrib(),
            data: Map::new(),
            created_at: now.clone(),
            updated_at: now,
        }
    }

    /// One row of `GET /api/projects`.
    pub fn to_list_item(&self) -> Value {
        json!({
            "name": self.name,
            "code": self.code,
            "active": self.active,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }

    /// The full model of `GET /api/projects/{name}` (null fields left out).
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("name".into(), json!(self.name));
        obj.insert("code".into(), json!(self.code));
        if let Some(label) = &self.label {
            obj.insert("label".into(), json!(label));
        }
        obj.insert("library".into(), json!(self.library));
        obj.insert("folderTypes".into(), self.folder_types.clone());
        obj.insert("taskTypes".into(), self.task_types.clone());
        obj.insert("linkTypes".into(), self.link_types.clone());
        obj.insert("statuses".into(), self.statuses.clone());
        obj.insert("tags".into(), self.tags.clone());
        obj.insert("config".into(), self.config.clone());
        obj.insert("attrib".into(), Value::Object(self.attrib.clone()));
        obj.insert("data".into(), Value::Object(self.data.clone()));
        obj.insert("active".into(), json!(self.active));
        let mut own: Vec<&String> = self.attrib.keys().collect();
        own.sort();
        obj.insert("ownAttrib".into(), json!(own));
        obj.insert("createdAt".into(), json!(self.created_at));
        obj.insert("updatedAt".into(), json!(self.updated_at));
        Value::Object(obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_render() {
        let mut data = Map::new();
        data.insert("isService".into(), json!(true));
        data.insert("password".into(), json!("hash:salt"));
        data.insert("apiKey".into(), json!("hash"));
        let mut user = UserRecord::new("svc", Map::new(), data);
        user.set_api_key("fe26e8249ae7cfcbf6c61a9f2994b491");
        user.password = Some("secret".into());
        let text = format!("{}{}", user.to_json(), user.to_login_json());
        assert!(!text.contains("password"));
        assert!(!text.contains("fe26e8249ae7cfcbf6c61a9f2994b491"));
        assert!(!text.contains("\"apiKey\""));
        assert_eq!(user.data["apiKeyPreview"], json!("fe26***b491"));
        assert!(user.is_service() && user.is_admin() && user.is_manager());
    }

    #[test]
    fn roles_follow_data_flags() {
        let mut data = Map::new();
        data.insert("isManager".into(), json!(true));
        let user = UserRecord::new("m", Map::new(), data);
        assert!(user.is_manager());
        assert!(!user.is_admin());
        assert!(!truthy(Some(&json!(0))));
        assert!(truthy(Some(&json!("yes"))));
    }
}
