//! Why fetching pages stopped, in words for the user.

use crate::http::HttpError;

/// Why fetching pages stopped. Only [`PagesStop::Done`] means every page was fetched.
#[derive(Clone, Debug, PartialEq)]
pub enum PagesStop {
    /// The last page said `hasNextPage: false`.
    Done,
    /// Cancelled by the user; what was merged is kept.
    Cancelled,
    /// A page gave as its `endCursor` a cursor already followed.
    RepeatedCursor {
        /// The cursor.
        cursor: String,
        /// The page (from 1) that gave it.
        page: usize,
    },
    /// The cap was reached while the server still said there were more pages.
    PageCap {
        /// The cap (pages).
        cap: usize,
    },
    /// A page said `hasNextPage: true` without an `endCursor` to follow.
    MissingCursor {
        /// The page (from 1).
        page: usize,
    },
    /// A page answered with a GraphQL `errors` list (shown with the answer).
    GraphQlErrors {
        /// The page (from 1).
        page: usize,
        /// The first error's message.
        first: String,
    },
    /// A page answered with an HTTP status other than 2xx.
    Status {
        /// The page (from 1).
        page: usize,
        /// The status.
        status: u16,
    },
    /// A page's answer is not JSON, or has no connection object where the query puts it.
    BadAnswer {
        /// The page (from 1).
        page: usize,
        /// What is wrong.
        reason: String,
    },
    /// A page got no answer (refused, timeout, ...).
    Http {
        /// The page (from 1).
        page: usize,
        /// Why.
        error: HttpError,
    },
}

impl PagesStop {
    /// What to tell the user, after `pages` pages were merged; `None` when every page was
    /// fetched.
    pub fn message(&self, pages: usize) -> Option<String> {
        Some(match self {
            PagesStop::Done => return None,
            PagesStop::Cancelled => format!("Cancelled after {}", count(pages, "page")),
            PagesStop::RepeatedCursor { cursor, page } => format!(
                "The server gave the cursor \"{cursor}\" again on page {page}: stopped so as \
                 not to fetch the same page forever (ayon-backend #931)"
            ),
            PagesStop::PageCap { cap } => {
                format!("Stopped at the page cap ({cap} pages): the server says there are more")
            }
            PagesStop::MissingCursor { page } => format!(
                "Page {page} says there is a next page but gives no endCursor to follow: stopped"
            ),
            PagesStop::GraphQlErrors { page, first } => {
                format!("Page {page} answered with GraphQL errors: stopped. {first}")
            }
            PagesStop::Status { page, status } => {
                format!("Page {page} answered HTTP {status}: stopped")
            }
            PagesStop::BadAnswer { page, reason } => format!("Page {page} {reason}: stopped"),
            PagesStop::Http { page, error } => format!("Page {page} failed: {error}"),
        })
    }
}

/// "1 page", "3 pages".
pub(super) fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
