//! Who the server says the caller is.

use serde_json::Value;

/// The caller's highest role, as AYON's user `data` flags say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// `data.isAdmin`.
    Admin,
    /// `data.isManager`.
    Manager,
    /// `data.isService` (counts as admin and manager on the server).
    Service,
    /// `data.isGuest`.
    Guest,
    /// None of the above.
    User,
}

impl Role {
    /// Lower-case name shown next to the user name.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Service => "service",
            Role::Guest => "guest",
            Role::User => "user",
        }
    }
}

/// A user as `GET /api/users/me` describes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// Login name.
    pub name: String,
    /// `attrib.fullName`, when set.
    pub full_name: Option<String>,
    /// Highest role.
    pub role: Role,
}

impl Identity {
    /// Reads a user model; `None` when it has no `name`.
    pub fn from_user_json(value: &Value) -> Option<Identity> {
        let name = value.get("name")?.as_str()?.to_string();
        let flag = |key: &str| {
            value
                .get("data")
                .and_then(|d| d.get(key))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        let role = if flag("isService") {
            Role::Service
        } else if flag("isAdmin") {
            Role::Admin
        } else if flag("isManager") {
            Role::Manager
        } else if flag("isGuest") {
            Role::Guest
        } else {
            Role::User
        };
        let full_name = value
            .get("attrib")
            .and_then(|a| a.get("fullName"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Some(Identity {
            name,
            full_name,
            role,
        })
    }

    /// "admin (admin)" or "jdoe — John Doe (manager)".
    pub fn describe(&self) -> String {
        match &self.full_name {
            Some(full) => format!("{} — {} ({})", self.name, full, self.role.label()),
            None => format!("{} ({})", self.name, self.role.label()),
        }
    }
}
