//! Drawing only: reads state, edits drafts, pushes [`Action`]s. Never awaits, never does I/O.
//!
//! Only this file sees the whole [`AppState`]: [`draw`] splits it into the slices each
//! panel reads and changes (a panel's `…View` struct of disjoint borrows, or a plain
//! reference), so a panel can be drawn, and tested, on its own with only its slice.

pub mod allow_file;
mod answer_history;
pub use answer_history::describe as answer_label;
mod auth_editor;
mod body_editor;
mod body_tools;
pub mod body_view;
mod body_wrap;
pub mod bundle_window;
pub mod catalog_panel;
mod caused_events;
mod code_edit_rules;
mod code_editor;
pub mod collection_tree;
mod combo_keys;
pub mod compare_view;
mod compare_window;
mod composer;
pub mod conflict_dialog;
pub mod connection_bar;
pub mod dialogs;
pub mod environment_editor;
mod events_detail;
pub mod events_panel;
pub mod export_window;
mod form_table;
mod format;
mod graphql_diagnostics;
mod graphql_docs;
mod graphql_editor;
mod graphql_errors;
mod graphql_filter;
mod graphql_pages;
pub mod graphql_schema_view;
mod hex_view;
pub mod highlight;
pub mod history_list;
mod image_view;
pub mod import_window;
mod json_tree;
mod keyboard;
mod kv_table;
pub mod layout;
mod marks;
mod method_label;
pub mod notices;
mod operation_docs;
mod operation_row;
pub mod palette;
mod path_params;
mod proxy_settings;
mod response_view;
mod secret_question;
pub mod send_two_window;
pub mod settings_window;
pub mod sidebar;
pub mod tab_strip;
mod tests_view;
pub mod theme;
mod tls_settings;
pub mod upload_window;
mod url_completion;
mod variable_edit;
mod variable_text;

use crate::state::TabId;
use std::collections::HashMap;

pub use body_view::BodyView;
pub use highlight::{BodyKind, warm_up_highlighter};

use crate::action::Action;
use crate::collection::variables::VariableSet;
use crate::state::{AppState, BodyTools, KnownServer, SessionState};

/// Per-tab view caches (highlighted lines, the picture's texture) that are not
/// application state.
#[derive(Default)]
pub struct Views {
    body_views: HashMap<TabId, (BodyView, BodyTools)>,
    pictures: HashMap<TabId, image_view::PictureView>,
}

impl Views {
    fn forget_closed(&mut self, state: &AppState) {
        self.body_views
            .retain(|id, _| state.tabs.iter().any(|t| t.id == *id));
        self.pictures
            .retain(|id, _| state.tabs.iter().any(|t| t.id == *id));
    }
}

/// Draws the whole window.
pub fn draw(ui: &mut egui::Ui, state: &mut AppState, views: &mut Views, actions: &mut Vec<Action>) {
    keyboard::shortcuts(ui, state, actions);
    // Only when pointed at the sandbox: on a real server nothing mentions it.
    let sandbox = state.sandbox_in_use().cloned();
    egui::Panel::top("connection_bar").show(ui, |ui| {
        let view = connection_bar::ConnectionBarView {
            settings: &mut state.settings,
            login_password: &mut state.login_password,
            session: &state.session,
            server: &state.server,
            login_error: state.login_error.as_deref(),
            sandbox: sandbox.as_ref(),
            settings_open: &mut state.settings_open,
            events_open: &mut state.events.open,
            events_status: &state.events.status,
            collection: state.collection.loaded.as_ref(),
            active_environment: &mut state.collection.active_environment,
        };
        connection_bar::show(ui, view, actions);
    });
    egui::Panel::top("tab_strip").show(ui, |ui| {
        let view = tab_strip::TabStripView {
            tabs: &state.tabs,
            active_tab: &mut state.active_tab,
            catalog: state.catalog.catalog.as_deref(),
        };
        tab_strip::show(ui, view, actions);
    });
    if !state.notices.is_empty() {
        egui::Panel::bottom("notices").show(ui, |ui| notices::show(ui, &mut state.notices));
    }
    if state.events.open {
        let column = ui.available_height();
        egui::Panel::bottom("events")
            .resizable(true)
            .default_size(320.0)
            .size_range(layout::split_range(140.0, column))
            .show(ui, |ui| events_panel::show(ui, &mut state.events, actions));
    }
    let window_width = ui.available_width();
    egui::Panel::left("sidebar")
        .resizable(true)
        .default_size(layout::SIDEBAR_DEFAULT)
        .size_range(layout::sidebar_range(window_width))
        .show(ui, |ui| {
            let logged_in = matches!(state.session, SessionState::LoggedIn { .. });
            let can_browse = state.can_browse;
            let view = sidebar::SidebarPanelView {
                shown: &mut state.sidebar_view,
                upload_open: &mut state.upload.open,
                import_open: &mut state.import.open,
                catalog: catalog_panel::CatalogPanelView {
                    catalog: &mut state.catalog,
                    logged_in,
                    can_browse,
                },
                tree: collection_tree::CollectionTreeView {
                    collection: &mut state.collection,
                    confirm: &mut state.confirm,
                    recent_collections: &state.settings.recent_collections,
                    recent_names: &state.settings.collection_names,
                    can_browse,
                },
                history: history_list::HistoryListView {
                    entries: &state.history,
                    filter: &mut state.history_filter,
                },
            };
            sidebar::show(ui, view, actions);
        });
    let active = state.active_tab;
    let variables = state.collection.variables();
    let can_browse = state.can_browse;
    let catalog = state.catalog.catalog.clone();
    let server_url = state.settings.server_url.clone();
    let server_version = state.server.version_of(&server_url).cloned();
    let schema = state.graphql_schema.for_server(&server_url).cloned();
    let schema_status = state.graphql_schema.describe(&server_url);
    let dropped: Vec<std::path::PathBuf> = ui.ctx().input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    if !dropped.is_empty() {
        actions.push(Action::Dropped(dropped));
    }
    if let Some(tab) = state.tabs.get_mut(active) {
        let column = ui.available_height();
        egui::Panel::top("composer")
            .resizable(true)
            .default_size(layout::COMPOSER_DEFAULT)
            .size_range(layout::split_range(120.0, column))
            .show(ui, |ui| {
                let server = KnownServer {
                    url: &server_url,
                    version: server_version.as_ref(),
                };
                composer::show(
                    ui,
                    tab,
                    composer::Context {
                        variables: &variables,
                        can_browse,
                        catalog: catalog.as_deref(),
                        server,
                        graphql: graphql_schema_view::SchemaContext {
                            schema: schema.as_ref(),
                            status: &schema_status,
                            can_browse,
                        },
                    },
                    actions,
                );
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if let Some(tab) = state.tabs.get_mut(active) {
            let picture = views.pictures.entry(tab.id).or_default();
            let (body, tools) = views.body_views.entry(tab.id).or_default();
            let views = response_view::ResponseViews {
                body,
                tools,
                picture,
                wrap_lines: &mut state.settings.wrap_body_lines,
            };
            let save_dialog = &mut state.save_dialog;
            response_view::show(ui, tab, views, save_dialog, &state.events, actions);
        }
    });
    windows(ui, state, &variables, actions);
    views.forget_closed(state);
}

/// The windows and questions drawn over the panels (each only while open).
fn windows(
    ui: &mut egui::Ui,
    state: &mut AppState,
    variables: &VariableSet,
    actions: &mut Vec<Action>,
) {
    let view = dialogs::ConfirmView {
        confirm: &mut state.confirm,
        tabs: &state.tabs,
        collection: state.collection.loaded.as_ref(),
    };
    dialogs::confirm(ui, view, actions);
    let view = upload_window::UploadWindowView {
        dialog: &mut state.upload,
        can_browse: state.can_browse,
        logged_in_as: state.session.identity().map(|i| i.name.as_str()),
        server_url: &state.settings.server_url,
        variables,
    };
    upload_window::show(ui, view, actions);
    let view = import_window::ImportWindowView {
        dialog: &mut state.import,
        has_collection: state.collection.loaded.is_some(),
        can_browse: state.can_browse,
    };
    import_window::show(ui, view, actions);
    let view = export_window::ExportWindowView {
        dialog: &mut state.export,
        collection_name: state
            .collection
            .loaded
            .as_ref()
            .map(|l| l.collection.file.name.as_str()),
    };
    export_window::show(ui, view, actions);
    let view = dialogs::SaveBodyView {
        dialog: &mut state.save_dialog,
        can_browse: state.can_browse,
    };
    dialogs::save_body(ui, view, actions);
    dialogs::save_request(ui, &mut state.collection.save_dialog, actions);
    let view = settings_window::SettingsWindowView {
        open: &mut state.settings_open,
        settings: &mut state.settings,
        settings_path: state.settings_path.as_deref(),
        environment_proxies: &state.environment_proxies,
        proxy_password: &mut state.proxy_password_input,
    };
    settings_window::show(ui, view, actions);
    let view = environment_editor::EnvironmentEditorView {
        editor: &mut state.collection.env_editor,
        vault_report: state.collection.vault_report.as_deref(),
    };
    environment_editor::show(ui, view, actions);
    conflict_dialog::show(ui, &state.disk_conflicts, actions);
    bundle_window::show(ui, &mut state.bundle_window, actions);
    compare_window::show(ui, &mut state.compare, actions);
    let environments: Vec<String> = state
        .collection
        .loaded
        .as_ref()
        .map(|l| l.environments.iter().map(|e| e.name.clone()).collect())
        .unwrap_or_default();
    send_two_window::show(ui, &mut state.send_two, &environments, actions);
    let view = palette::PaletteView {
        palette: &mut state.catalog.palette,
        catalog: state.catalog.catalog.as_ref(),
    };
    palette::show(ui, view, actions);
    keyboard::sheet(ui);
}
