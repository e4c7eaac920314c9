//! The one factory for the app under egui_kittest, and waiting with a deadline.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::app::{AppOptions, ExplorerApp};
use ayon_rest_explorer::settings::Settings;

/// The app under test with its own runtime (settings are never written to disk).
pub struct TestApp {
    pub harness: Harness<'static, ExplorerApp>,
    // Dropped after the harness, so in-flight tasks end with the test.
    _runtime: tokio::runtime::Runtime,
}

/// A runtime for a test's own calls to the server (the app has its own).
pub fn io_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Builds the real app, as `main` does, pointed at `server_url`.
pub fn app(server_url: &str) -> TestApp {
    app_with(AppOptions {
        settings: Settings {
            server_url: server_url.to_string(),
            ..Settings::default()
        },
        ..AppOptions::default()
    })
}

/// Builds the real app with these start-up options (settings are still never saved
/// unless `options.settings_path` says where).
pub fn app_with(options: AppOptions) -> TestApp {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let handle = runtime.handle().clone();
    let mut builder = Harness::builder().with_size(egui::vec2(1200.0, 800.0));
    if std::env::var("AYON_TEST_SERVER_URL").is_ok_and(|u| !u.trim().is_empty()) {
        // A real server's names and texts may hold glyphs the test fonts lack.
        builder = builder.allow_missing_glyphs();
    }
    let harness = builder.build_eframe(move |cc| {
        ExplorerApp::new(&cc.egui_ctx, handle, options).expect("the app starts")
    });
    TestApp {
        harness,
        _runtime: runtime,
    }
}

impl TestApp {
    /// Puts the first tab on `POST /graphql` with the GraphQL body editor showing.
    pub fn open_graphql_tab(&mut self) {
        let tab = &mut self.harness.state_mut().state_mut().tabs[0];
        tab.draft = ayon_rest_explorer::request::RequestDraft {
            method: ayon_rest_explorer::http::HttpMethod::Post,
            url: "/graphql".into(),
            body_mode: ayon_rest_explorer::request::BodyMode::GraphQl,
            ..Default::default()
        };
        tab.editor = ayon_rest_explorer::state::EditorTab::Body;
    }

    /// Steps frames until `done` holds, failing with `what` after `timeout`.
    pub fn step_until(
        &mut self,
        what: &str,
        timeout: Duration,
        mut done: impl FnMut(&Harness<'static, ExplorerApp>) -> bool,
    ) {
        let deadline = Instant::now() + timeout;
        loop {
            self.harness.step();
            if done(&self.harness) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out after {timeout:?} waiting for: {what}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until a node whose label contains `text` is shown.
    pub fn wait_for_text(&mut self, text: &str, timeout: Duration) {
        self.step_until(&format!("text {text:?}"), timeout, |h| {
            !h.query_all_by_label_contains(text)
                .collect::<Vec<_>>()
                .is_empty()
        });
    }

    /// Whether a node whose label contains `text` is shown now.
    pub fn shows(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    /// Steps frames until a button labelled `label` is shown.
    pub fn wait_for_button(&mut self, label: &str, timeout: Duration) {
        self.step_until(&format!("the button \"{label}\""), timeout, |h| {
            h.query_by_role_and_label(egui::Role::Button, label)
                .is_some()
        });
    }

    /// Steps frames until a progress bar is shown (a transfer under way).
    pub fn wait_for_progress_bar(&mut self, timeout: Duration) {
        self.step_until("a progress bar", timeout, |h| {
            h.query_all_by_role(egui::Role::ProgressIndicator)
                .next()
                .is_some()
        });
    }

    /// Replaces the text of the input labelled `label` (select all, then type).
    pub fn fill(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.step();
        self.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        self.harness.step();
        self.harness.get_by_label(label).type_text(text);
        self.harness.step();
    }

    /// Text the last frame put on the clipboard, if any.
    pub fn copied(&self) -> Option<String> {
        self.harness
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                egui::OutputCommand::CopyText(text) => Some(text.clone()),
                _ => None,
            })
    }

    /// Steps up to 3 frames (a copy is handed over at the end of the frame
    /// that acted on the click) and returns what was copied.
    pub fn wait_for_copy(&mut self) -> Option<String> {
        for _ in 0..3 {
            self.harness.step();
            if let Some(text) = self.copied() {
                return Some(text);
            }
        }
        None
    }

    /// The changed paths the Compare window lists (each path is a button starting with
    /// `$.`), sorted.
    pub fn compared_paths(&self) -> Vec<String> {
        compared_paths(&self.harness)
    }

    /// Steps frames until the Compare window lists exactly `expected` (sorted).
    pub fn wait_for_compared_paths(&mut self, expected: &[&str], timeout: Duration) {
        self.step_until(&format!("the paths {expected:?}"), timeout, |h| {
            compared_paths(h) == expected
        });
    }

    /// Clicks the button labelled `label` through its accessibility node, not at its last
    /// position: for a button that an answer arriving may move (a bar growing after
    /// login). Menus and popups open only on a pointer click: use [`TestApp::click`].
    pub fn press(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(egui::Role::Button, label)
            .click_accesskit();
        self.harness.step();
    }

    /// The collection tree's row labelled `label`: the tab of the same request, open
    /// above, reads the same words, so the lowest node of that label is the row.
    pub fn row<'a>(&'a self, label: &'a str) -> egui_kittest::Node<'a> {
        self.harness
            .query_all_by_label(label)
            .max_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
            .unwrap_or_else(|| panic!("no row labelled {label:?}"))
    }

    /// Drags with the mouse from `start` to `end`, in small steps as a hand would.
    pub fn drag(&mut self, start: egui::Pos2, end: egui::Pos2) {
        self.harness.hover_at(start);
        self.harness.step();
        self.harness.drag_at(start);
        self.harness.step();
        for i in 1..=8 {
            self.harness.hover_at(start.lerp(end, i as f32 / 8.0));
            self.harness.step();
        }
        self.harness.event(egui::Event::PointerButton {
            pos: end,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: egui::Modifiers::NONE,
        });
        self.harness.step();
        self.harness.remove_cursor();
        self.harness.step();
    }

    /// Clicks the button labelled `label`.
    pub fn click(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(egui::Role::Button, label)
            .click();
        self.harness.step();
    }
}

fn compared_paths(harness: &Harness<'static, ExplorerApp>) -> Vec<String> {
    use egui_kittest::kittest::NodeT as _;
    let mut paths: Vec<String> = harness
        .query_all_by_role(egui::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("$."))
        .collect();
    paths.sort();
    paths
}

/// A fresh folder under the system temp dir.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "are-gui-{name}-{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Picks `name` in the top bar's environment list.
pub fn pick_environment(app: &mut TestApp, name: &str) {
    app.harness.get_by_label("Environment").click();
    // The popup shows on the frame after the click.
    app.harness.step();
    app.harness.step();
    app.harness.get_by_label(name).click();
    app.harness.step();
    app.harness.step();
}

/// A file picker that answers every "open a file" with this file (no dialog in tests).
pub struct FilePicked(pub std::path::PathBuf);

impl ayon_rest_explorer::file_picker::FilePicker for FilePicked {
    fn save_path(&self, _suggested_name: &str) -> ayon_rest_explorer::file_picker::PickFuture {
        Box::pin(async { None })
    }

    fn pick_folder(&self) -> ayon_rest_explorer::file_picker::PickFuture {
        Box::pin(async { None })
    }

    fn open_file(&self) -> ayon_rest_explorer::file_picker::PickFuture {
        let path = self.0.clone();
        Box::pin(async move { Some(path) })
    }
}
