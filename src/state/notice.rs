//! A message at the bottom of the window, with how much it matters.

/// How much a notice matters; the window colours it by this.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Something done (saved, copied, trusted).
    Info,
    /// Something the user should do or know first.
    Warning,
    /// Something that failed.
    Error,
}

/// One notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// How much it matters.
    pub level: NoticeLevel,
    /// What it says.
    pub text: String,
}

impl Notice {
    /// Something done.
    pub fn info(text: String) -> Notice {
        Notice {
            level: NoticeLevel::Info,
            text,
        }
    }

    /// Something to do or know first.
    pub fn warning(text: String) -> Notice {
        Notice {
            level: NoticeLevel::Warning,
            text,
        }
    }

    /// Something that failed.
    pub fn error(text: String) -> Notice {
        Notice {
            level: NoticeLevel::Error,
            text,
        }
    }
}
