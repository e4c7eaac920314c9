//! "Send to two": the open request sent to two environments (or two servers) at once,
//! and the answers compared.

use super::TabId;

/// The Send to two form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SendTwoDialog {
    /// The tab whose request is sent.
    pub tab: TabId,
    /// The left side's environment (`None`: no environment).
    pub left_env: Option<String>,
    /// The right side's environment.
    pub right_env: Option<String>,
    /// The right side's server, when it differs (blank: the same server).
    pub right_server: String,
}

impl SendTwoDialog {
    /// A form for `tab`: the active environment on the left, the next one on the right.
    pub fn new(tab: TabId, environments: &[String], active: Option<&str>) -> Self {
        let left_env = active.map(str::to_owned);
        let right_env = environments
            .iter()
            .find(|e| Some(e.as_str()) != active)
            .cloned()
            .or_else(|| left_env.clone());
        SendTwoDialog {
            tab,
            left_env,
            right_env,
            right_server: String::new(),
        }
    }

    /// "staging", "no environment", or "production at http://prod:5000".
    pub fn side_label(env: Option<&str>, server: Option<&str>) -> String {
        let env = env.unwrap_or("no environment");
        match server.map(str::trim).filter(|s| !s.is_empty()) {
            Some(server) => format!("{env} at {server}"),
            None => env.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_other_environment_goes_right() {
        let envs = vec!["staging".to_string(), "production".to_string()];
        let form = SendTwoDialog::new(TabId::default(), &envs, Some("staging"));
        assert_eq!(form.left_env.as_deref(), Some("staging"));
        assert_eq!(form.right_env.as_deref(), Some("production"));
        assert_eq!(
            SendTwoDialog::side_label(Some("production"), Some(" http://p:5000 ")),
            "production at http://p:5000"
        );
        assert_eq!(SendTwoDialog::side_label(None, Some("")), "no environment");
    }
}
