//! What the user asked for. Drawing code pushes these; the app acts on them after the frame.

/// One user request.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Log in with the connection bar's fields.
    Login,
    /// Log out and forget the token.
    Logout,
    /// Send the tab's request (asks first when its JSON body is invalid, unless confirmed).
    Send {
        /// Tab index.
        tab: usize,
        /// The user already agreed to send invalid JSON.
        confirmed: bool,
    },
    /// Stop the tab's request.
    Cancel {
        /// Tab index.
        tab: usize,
    },
    /// Open an empty tab.
    NewTab,
    /// Close a tab.
    CloseTab(usize),
    /// Persist the current settings.
    SaveSettings,
}
