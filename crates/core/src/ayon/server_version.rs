//! Which AYON release a server runs, from `GET /api/info`'s `version` ("1.11.2+DEVELOP",
//! "1.16.0"), and what differs for a client between the releases the app knows.
//!
//! Measured on real 1.11.2 and 1.16.0 servers (see `../shared/fixtures/VERSIONS.md`). The
//! releases in between were not measured: the cut is put at 1.12.0, so 1.12 to 1.15 are
//! taken to behave like 1.16.

use std::cmp::Ordering;
use std::fmt;

/// A server's version: the release numbers and what follows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerVersion {
    major: u64,
    minor: u64,
    patch: u64,
    /// What follows the numbers (`-rc.1`, `+DEVELOP`, `+sandbox`), without its sign.
    suffix: Option<String>,
    /// The text the server reported.
    reported: String,
}

/// What a client meets that differs between AYON releases; each field says how this
/// server behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Behaviours {
    /// `POST /api/projects` without `anatomy` is refused (400 "anatomy: field required");
    /// 1.16 creates the project with the default anatomy.
    pub project_needs_anatomy: bool,
    /// `/api/addons/{name}/{version}/openapi.json` serves each addon's own spec (1.16);
    /// 1.11 answers 404 for every addon.
    pub serves_addon_specs: bool,
    /// `/ws` sends heartbeats to a client subscribed to named topics (1.16; 1.11 only to
    /// clients subscribed to `*`).
    pub ws_heartbeat_to_named_topics: bool,
    /// `/ws` sends an event matching two subscribed prefixes once (1.16; 1.11 twice).
    pub ws_event_sent_once: bool,
    /// User objects always carry `data.accessGroups` (1.11, `{}` when none); 1.16 leaves
    /// the key out for a user without groups and adds `uiExposureLevel`.
    pub user_access_groups_always_present: bool,
}

/// The first release measured to serve addon specs and create projects without anatomy
/// is 1.16.0; the cut is put just after the last one measured not to (1.11.2).
const FIRST_NEWER: (u64, u64, u64) = (1, 12, 0);

impl ServerVersion {
    /// Reads "1.11.2", "1.16.0+abc", "1.11.2+sandbox", "v1.16.0-rc.1" or "1.16" (patch 0).
    /// `None` when the text does not start with a number and a dot.
    pub fn parse(text: &str) -> Option<ServerVersion> {
        let reported = text.trim();
        let rest = reported.strip_prefix(['v', 'V']).unwrap_or(reported);
        let numbers_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (numbers, tail) = rest.split_at(numbers_end);
        let mut parts = numbers.split('.');
        let major = parts.next()?.parse::<u64>().ok()?;
        let minor = parts.next()?.parse::<u64>().ok()?;
        let patch = match parts.next() {
            None | Some("") => 0,
            Some(p) => p.parse::<u64>().ok()?,
        };
        if parts.next().is_some_and(|p| !p.is_empty()) {
            return None;
        }
        let suffix = tail
            .strip_prefix(['-', '+'])
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        if suffix.is_none() && !tail.is_empty() {
            return None;
        }
        Some(ServerVersion {
            major,
            minor,
            patch,
            suffix,
            reported: reported.to_string(),
        })
    }

    /// "1.11.2": the release, without what follows it.
    pub fn release(&self) -> String {
        format!("{}.{}.{}", self.major, self.minor, self.patch)
    }

    /// The text the server reported ("1.11.2+DEVELOP").
    pub fn reported(&self) -> &str {
        &self.reported
    }

    /// (major, minor, patch).
    pub fn numbers(&self) -> (u64, u64, u64) {
        (self.major, self.minor, self.patch)
    }

    /// Whether the release is `major.minor.patch` or later.
    pub fn at_least(&self, major: u64, minor: u64, patch: u64) -> bool {
        self.numbers().cmp(&(major, minor, patch)) != Ordering::Less
    }

    /// Whether this is the app's own practice server (a `+sandbox` build), which
    /// imitates 1.11.2 but serves its practice addon's spec as newer servers do.
    pub fn is_sandbox(&self) -> bool {
        self.suffix
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("sandbox"))
    }

    /// How this release behaves where AYON releases differ.
    pub fn behaviours(&self) -> Behaviours {
        let (major, minor, patch) = FIRST_NEWER;
        let newer = self.at_least(major, minor, patch);
        Behaviours {
            project_needs_anatomy: !newer,
            serves_addon_specs: newer || self.is_sandbox(),
            ws_heartbeat_to_named_topics: newer,
            ws_event_sent_once: newer,
            user_access_groups_always_present: !newer,
        }
    }
}

impl fmt::Display for ServerVersion {
    /// "AYON 1.11.2".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AYON {}", self.release())
    }
}

/// Whether a project POST without `anatomy` is refused by `server` (an unknown server is
/// taken to be one that refuses, since the fix is harmless on newer ones).
pub fn project_needs_anatomy(server: Option<&ServerVersion>) -> bool {
    server.is_none_or(|v| v.behaviours().project_needs_anatomy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> ServerVersion {
        ServerVersion::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    #[test]
    fn the_versions_servers_report_parse() {
        let dev = v("1.11.2+DEVELOP");
        assert_eq!(dev.numbers(), (1, 11, 2));
        assert_eq!(dev.release(), "1.11.2");
        assert_eq!(dev.reported(), "1.11.2+DEVELOP");
        assert_eq!(dev.to_string(), "AYON 1.11.2");
        assert_eq!(v("1.16.0").numbers(), (1, 16, 0));
        assert_eq!(v("1.16.0+abc").release(), "1.16.0");
        assert_eq!(v(" v1.16.0-rc.1 ").numbers(), (1, 16, 0));
        assert_eq!(v("1.16").numbers(), (1, 16, 0));
        assert!(v("1.11.2+sandbox").is_sandbox());
        assert!(!dev.is_sandbox());
    }

    #[test]
    fn text_that_is_not_a_version_is_refused() {
        for bad in [
            "",
            "unknown",
            "1",
            "1.",
            "a.b.c",
            "1.2.3.4",
            "1.2.x",
            "1.2.3 beta",
            "+1.2",
        ] {
            assert_eq!(ServerVersion::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn releases_compare_by_number_not_by_text() {
        assert!(v("1.16.0").at_least(1, 12, 0));
        assert!(!v("1.11.2").at_least(1, 12, 0));
        assert!(v("1.100.0").at_least(1, 12, 0));
        assert!(v("2.0.0").at_least(1, 12, 0));
        assert!(v("1.12.0").at_least(1, 12, 0));
    }

    #[test]
    fn behaviours_follow_the_release() {
        let old = v("1.11.2+DEVELOP").behaviours();
        assert!(old.project_needs_anatomy);
        assert!(!old.serves_addon_specs);
        assert!(!old.ws_heartbeat_to_named_topics);
        assert!(!old.ws_event_sent_once);
        assert!(old.user_access_groups_always_present);
        let new = v("1.16.0").behaviours();
        assert!(!new.project_needs_anatomy);
        assert!(new.serves_addon_specs);
        assert!(new.ws_heartbeat_to_named_topics);
        assert!(new.ws_event_sent_once);
        assert!(!new.user_access_groups_always_present);
        // The sandbox answers like 1.11.2 but serves its practice addon's spec.
        let sandbox = v("1.11.2+sandbox").behaviours();
        assert!(sandbox.project_needs_anatomy);
        assert!(sandbox.serves_addon_specs);
    }

    #[test]
    fn an_unknown_server_is_told_to_send_anatomy() {
        assert!(project_needs_anatomy(None));
        assert!(project_needs_anatomy(Some(&v("1.11.2"))));
        assert!(!project_needs_anatomy(Some(&v("1.16.0"))));
    }
}
