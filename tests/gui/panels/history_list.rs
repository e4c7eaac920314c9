//! The history list: the filter, and opening an entry again.

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::collection::history::HistoryEntry;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::ui::history_list::{self, HistoryListView};

use super::{fill, panel};

/// The history list's slice.
struct History {
    entries: Vec<HistoryEntry>,
    filter: String,
}

/// An entry of the history.
fn sent(method: &str, url: &str, status: Option<u16>) -> HistoryEntry {
    HistoryEntry {
        time: 1_700_000_000,
        method: method.into(),
        url: url.into(),
        status,
        duration_ms: 12,
        error: status.is_none().then(|| "connection refused".into()),
        request: None,
        name: None,
        environment: None,
    }
}

#[test]
fn filter_narrows_the_list_and_a_row_opens_it_again() {
    let entries = vec![
        sent(
            "GET",
            "http://localhost:5000/api/projects?limit=5",
            Some(200),
        ),
        sent("POST", "http://localhost:5000/api/users", Some(201)),
        sent("GET", "http://localhost:5000/api/info", None),
    ];
    let mut harness = panel(
        History {
            entries,
            filter: String::new(),
        },
        |ui, s, actions| {
            let view = HistoryListView {
                entries: &s.entries,
                filter: &mut s.filter,
            };
            history_list::show(ui, view, actions);
        },
    );
    // Newest first, path and query shown, a failure as ERR.
    for shown in [
        "/api/info",
        "/api/users",
        "/api/projects?limit=5",
        "ERR",
        "201",
    ] {
        harness.get_by_label(shown);
    }

    fill(&mut harness, "Filter history", "post");
    assert_eq!(harness.state().slice.filter, "post");
    assert!(harness.query_by_label("/api/info").is_none());
    assert!(harness.query_by_label("/api/projects?limit=5").is_none());
    harness.get_by_label("/api/users").click();
    harness.run();
    let [Action::OpenDraft(draft)] = harness.state().actions.as_slice() else {
        panic!("{:?}", harness.state().actions);
    };
    assert_eq!(draft.method, HttpMethod::Post);
    assert_eq!(draft.url, "http://localhost:5000/api/users");
}
