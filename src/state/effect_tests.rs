//! Reducer tests: `AppState::apply` changes the state and returns what the app must do,
//! and nothing else is left behind for the app to collect.

use std::path::{Path, PathBuf};

use crate::action::FileSlot;
use crate::ayon::{Identity, LoginSuccess, Role};
use crate::secret::Secret;
use crate::settings::Settings;
use crate::worker::{Event, ImportWritten};

use super::{AppState, BodyMode, CatalogWanted, Effect, SentForHistory, SessionState};

fn logged_in(state: &mut AppState, server: &str) -> Vec<Effect> {
    let (id, _password) = state.begin_login().expect("no login running");
    state.apply(Event::LoginFinished {
        id,
        server_url: server.into(),
        result: Ok(LoginSuccess {
            token: Secret::new("a".repeat(64)),
            identity: Identity {
                name: "admin".into(),
                full_name: None,
                role: Role::Admin,
            },
        }),
    })
}

#[test]
fn a_login_asks_for_the_catalog_and_the_event_stream_and_remembers_the_token_only_when_asked_to() {
    let mut state = AppState::new(Settings::default(), None);
    let effects = logged_in(&mut state, "http://h:5000");
    assert!(
        matches!(
            effects.as_slice(),
            [
                Effect::LoadCatalog(CatalogWanted::AfterLogin),
                Effect::StartEvents,
                Effect::LoadGraphQlSchema
            ]
        ),
        "{effects:?}"
    );
    assert!(matches!(state.session, SessionState::LoggedIn { .. }));

    let settings = Settings {
        remember_token: true,
        ..Settings::default()
    };
    let mut state = AppState::new(settings, None);
    let effects = logged_in(&mut state, "http://h:5000");
    assert!(
        matches!(
            effects.as_slice(),
            [
                Effect::RememberToken(token),
                Effect::LoadCatalog(CatalogWanted::AfterLogin),
                Effect::StartEvents,
                Effect::LoadGraphQlSchema
            ] if token.expose() == "a".repeat(64)
        ),
        "{effects:?}"
    );
}

#[test]
fn a_late_login_changes_nothing_and_asks_for_nothing() {
    let mut state = AppState::new(Settings::default(), None);
    let effects = state.apply(Event::LoginFinished {
        id: 999,
        server_url: "http://h".into(),
        result: Err(crate::ayon::LoginError::Rejected {
            status: 403,
            detail: "Invalid login credentials".into(),
        }),
    });
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(state.session, SessionState::LoggedOut));
}

#[test]
fn an_answer_is_kept_in_history_and_written_through_an_effect() {
    let mut state = AppState::new(Settings::default(), None);
    state.tabs[0].state.start(7);
    state.tabs[0].sent = Some(SentForHistory {
        method: "GET".into(),
        url: "http://h/api/info?token=s3cret".into(),
        secrets: vec!["s3cret".into()],
        started: std::time::Instant::now(),
        request: None,
        name: None,
        environment: None,
    });
    let effects = state.apply(Event::Executed {
        id: 7,
        result: Err(crate::http::HttpError::Other {
            url: "http://h/api/info".into(),
            reason: "refused".into(),
        }),
    });
    let [Effect::AppendHistory(entry)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(state.history.last(), Some(entry));
    assert!(!entry.url.contains("s3cret"), "{}", entry.url);
}

#[test]
fn a_dropped_folder_opens_as_the_collection_and_a_dropped_file_becomes_the_body() {
    let mut state = AppState::new(Settings::default(), None);
    let effects = state.apply(Event::DroppedSorted {
        folders: vec![PathBuf::from("/work/team-requests")],
        files: vec![PathBuf::from("/tmp/addon.zip")],
    });
    assert!(
        matches!(effects.as_slice(), [Effect::OpenCollection(path)] if path == Path::new("/work/team-requests")),
        "{effects:?}"
    );
    assert_eq!(state.collection.path_input, "/work/team-requests");
    assert_eq!(state.tabs[0].draft.body_mode, BodyMode::File);
    assert_eq!(state.tabs[0].draft.body_file, "/tmp/addon.zip");
}

#[test]
fn a_written_import_opens_a_new_collection_or_reloads_the_open_one() {
    let written = |new_collection| Event::ImportWritten {
        result: Ok(ImportWritten {
            root: PathBuf::from("/c/imported"),
            new_collection,
            summary: "3 requests".into(),
        }),
    };
    let mut state = AppState::new(Settings::default(), None);
    let effects = state.apply(written(true));
    assert!(
        matches!(effects.as_slice(), [Effect::OpenCollection(path)] if path == Path::new("/c/imported")),
        "{effects:?}"
    );
    let effects = state.apply(written(false));
    assert!(
        matches!(effects.as_slice(), [Effect::ReloadCollection]),
        "{effects:?}"
    );
    let effects = state.apply(Event::ImportWritten {
        result: Err("disk full".into()),
    });
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(state.import.outcome, Some(Err("disk full".into())));
}

#[test]
fn a_picked_spec_file_asks_for_the_catalog_from_it() {
    let mut state = AppState::new(Settings::default(), None);
    let effects = state.apply(Event::OpenFilePicked {
        slot: FileSlot::SpecFile,
        path: Some(PathBuf::from("/specs/openapi.json")),
    });
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::LoadCatalog(CatalogWanted::SpecFile)]
        ),
        "{effects:?}"
    );
    assert_eq!(state.catalog.spec_path, "/specs/openapi.json");
    let effects = state.apply(Event::OpenFilePicked {
        slot: FileSlot::SpecFile,
        path: None,
    });
    assert!(effects.is_empty(), "cancelled: {effects:?}");
}

#[test]
fn a_json_file_dropped_on_a_graphql_tab_becomes_its_schema_and_a_picked_one_too() {
    let mut state = AppState::new(Settings::default(), None);
    state.tabs[0].draft.body_mode = BodyMode::GraphQl;
    let effects = state.apply(Event::DroppedSorted {
        folders: Vec::new(),
        files: vec![PathBuf::from("/schemas/ayon.JSON")],
    });
    assert!(
        matches!(effects.as_slice(), [Effect::LoadGraphQlSchemaFile]),
        "{effects:?}"
    );
    assert_eq!(state.graphql_schema.file_path, "/schemas/ayon.JSON");
    assert_eq!(
        state.tabs[0].draft.body_mode,
        BodyMode::GraphQl,
        "the query is kept"
    );
    let effects = state.apply(Event::OpenFilePicked {
        slot: FileSlot::GraphQlSchema,
        path: Some(PathBuf::from("/schemas/other.json")),
    });
    assert!(
        matches!(effects.as_slice(), [Effect::LoadGraphQlSchemaFile]),
        "{effects:?}"
    );
    assert_eq!(state.graphql_schema.file_path, "/schemas/other.json");
}
