//! "Fetch all pages": a GraphQL query with a connection field
//! (`projects(first: 100) { edges { node { name } } }`) run page after page, following
//! `after:` cursors, its pages' edges merged into one answer. No egui here.
//!
//! ```text
//!   query text ──plan_pages──► PagesPlan (query rewritten: pageInfo { hasNextPage endCursor }
//!                                │          selected, `after: $cursor` bound to a variable)
//!                                ▼
//!   RequestSpec template ──fetch_all_pages──► page 1, page 2 (after: endCursor of 1), …
//!                                │   progress and Cancel through a shared PagesRun
//!                                ▼
//!   PagesOutcome { answer: last page's exchange with the merged body, pages, edges, stop }
//! ```
//!
//! It stops when `hasNextPage` is false, and also (said in [`PagesStop`]) on a cursor given
//! twice, at the page cap, on GraphQL `errors`, on an HTTP failure, and on Cancel; what was
//! merged until then is kept.

mod merge;
mod plan;
#[cfg(test)]
mod plan_tests;
mod run;
mod stop;

pub use plan::{PagesPlan, PlanError, plan_pages, plan_request_body};
pub use run::{DEFAULT_PAGE_CAP, PagesOutcome, PagesRun, fetch_all_pages};
pub use stop::PagesStop;
