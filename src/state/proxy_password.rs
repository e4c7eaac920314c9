//! The proxy password: typed under Settings (or into the proxy URL, from where it moves
//! out), kept in the secret store bound to the proxy's origin, and dropped when the proxy
//! URL moves to another host, so one proxy's password never goes to another.

use crate::secret::Secret;
use crate::settings::split_password;

use super::{AppState, Effect, Notice};

impl AppState {
    /// The proxy URL edit is finished: a password typed into it moves to the password
    /// field (and the store), and a password kept for another proxy is forgotten.
    pub fn proxy_url_edited(&mut self) -> Vec<Effect> {
        let (url, typed) = split_password(&self.settings.proxy_url);
        self.settings.proxy_url = url;
        let origin = self.proxy_origin();
        if let Some(password) = typed {
            self.proxy_password_input = password.expose().to_owned();
            return self.proxy_password_entered();
        }
        if self.settings.proxy_password.is_some() && self.proxy_password_origin != origin {
            let was = self.proxy_password_origin.take().unwrap_or_default();
            self.settings.proxy_password = None;
            self.proxy_password_input.clear();
            self.notices.push(Notice::info(format!(
                "The proxy password was for {was}: type the one for the new proxy under \
                 Proxy password."
            )));
        }
        vec![Effect::SaveSettings]
    }

    /// The Proxy password field's edit is finished: keep the value for the proxy the URL
    /// names (an empty field forgets it).
    pub fn proxy_password_entered(&mut self) -> Vec<Effect> {
        let typed = Some(Secret::new(self.proxy_password_input.as_str()))
            .filter(|p| !p.expose().is_empty());
        let origin = self.proxy_origin();
        if typed == self.settings.proxy_password && origin == self.proxy_password_origin {
            return vec![Effect::SaveSettings];
        }
        let Some(origin) = origin else {
            if typed.is_some() {
                self.proxy_password_input.clear();
                self.notices.push(Notice::warning(
                    "Set the proxy URL (http://user@proxy:3128) before its password.".to_owned(),
                ));
            }
            return Vec::new();
        };
        self.settings.proxy_password = typed.clone();
        self.proxy_password_origin = Some(origin.clone());
        vec![
            Effect::StoreProxyPassword {
                password: typed,
                origin,
            },
            Effect::SaveSettings,
        ]
    }

    /// The secret store answered the start-up read of the proxy password.
    pub(super) fn proxy_password_loaded(
        &mut self,
        password: Option<Secret>,
        origin: String,
        warning: Option<String>,
    ) -> Vec<Effect> {
        self.notices.extend(warning.map(Notice::warning));
        // Not used once the URL moved on, nor over a password typed meanwhile.
        let Some(password) = password else {
            return Vec::new();
        };
        if self.proxy_origin().as_ref() != Some(&origin) || self.settings.proxy_password.is_some() {
            return Vec::new();
        }
        self.proxy_password_input = password.expose().to_owned();
        self.settings.proxy_password = Some(password);
        self.proxy_password_origin = Some(origin);
        vec![Effect::ApplyClientOptions]
    }

    /// The origin of the proxy URL in Settings, when it names a user (only then is there a
    /// password to look up or keep).
    pub fn proxy_origin(&self) -> Option<String> {
        let url = url::Url::parse(self.settings.proxy_url.trim()).ok()?;
        if url.username().is_empty() || !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        Some(url.origin().ascii_serialization())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn state(proxy_url: &str) -> AppState {
        AppState::new(
            Settings {
                proxy_url: proxy_url.to_owned(),
                ..Settings::default()
            },
            None,
        )
    }

    fn stored(effects: &[Effect]) -> Option<(Option<&str>, &str)> {
        effects.iter().find_map(|e| match e {
            Effect::StoreProxyPassword { password, origin } => {
                Some((password.as_ref().map(Secret::expose), origin.as_str()))
            }
            _ => None,
        })
    }

    #[test]
    fn a_password_typed_into_the_url_moves_to_the_store() {
        let mut state = state("http://me:pr0xy%20pw@proxy.studio:3128");
        let effects = state.proxy_url_edited();
        assert_eq!(state.settings.proxy_url, "http://me@proxy.studio:3128/");
        assert_eq!(state.proxy_password_input, "pr0xy pw");
        assert_eq!(
            stored(&effects),
            Some((Some("pr0xy pw"), "http://proxy.studio:3128"))
        );
        assert_eq!(
            state.settings.proxy().password,
            Some(Secret::new("pr0xy pw"))
        );
    }

    #[test]
    fn a_new_proxy_host_forgets_the_old_proxys_password() {
        let mut state = state("http://me@proxy.studio:3128");
        state.proxy_password_input = "pr0xy".into();
        let effects = state.proxy_password_entered();
        assert!(stored(&effects).is_some());
        state.settings.proxy_url = "http://me@attacker.example:3128".into();
        let effects = state.proxy_url_edited();
        assert_eq!(stored(&effects), None);
        assert_eq!(state.settings.proxy_password, None);
        assert!(state.proxy_password_input.is_empty());
        assert!(
            state
                .notices
                .iter()
                .any(|n| n.text.contains("was for http://proxy.studio:3128"))
        );
    }

    #[test]
    fn a_password_without_a_user_in_the_url_is_not_kept() {
        let mut state = state("http://proxy.studio:3128");
        state.proxy_password_input = "pr0xy".into();
        let effects = state.proxy_password_entered();
        assert_eq!(stored(&effects), None);
        assert_eq!(state.settings.proxy_password, None);
        assert!(
            state
                .notices
                .iter()
                .any(|n| n.text.contains("before its password"))
        );
    }

    #[test]
    fn a_loaded_password_applies_only_to_the_proxy_it_was_kept_for() {
        let mut state = state("http://me@proxy.studio:3128");
        let effects = state.proxy_password_loaded(
            Some(Secret::new("pr0xy")),
            "http://other:3128".into(),
            None,
        );
        assert!(effects.is_empty());
        assert_eq!(state.settings.proxy_password, None);
        let effects = state.proxy_password_loaded(
            Some(Secret::new("pr0xy")),
            "http://proxy.studio:3128".into(),
            None,
        );
        assert!(matches!(effects[..], [Effect::ApplyClientOptions]));
        assert_eq!(state.proxy_password_input, "pr0xy");
    }
}
