//! Pictures of the main screens at 1200×800 in the dark and the light theme, compared with
//! the ones kept in `tests/snapshots/`, so a layout regression shows as a picture diff.
//!
//! Behind the `snapshots` feature: rendering needs a GPU adapter, which a machine without
//! one gets from a software renderer (Mesa's lavapipe, Debian's `mesa-vulkan-drivers`):
//!
//! ```sh
//! cargo test --features snapshots --test screens                      # compare
//! UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test screens   # write them anew
//! ```
//!
//! The sandbox's port and the answer's timing differ between runs, so a few thousand
//! pixels may differ; a moved panel or bar changes far more. `assets/screenshot.png` (the
//! README's picture) is the logged-in dark screen, copied from here when they are written.

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions};

use ayon_rest_explorer::app::{AppOptions, ExplorerApp};
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use ayon_rest_explorer::settings::{Settings, Theme};
use ayon_rest_explorer::state::SandboxInfo;

const WAIT: Duration = Duration::from_secs(30);

/// Pixels that may differ (the port in the URL, a timing, the cursor's blink).
const CHANGING_PIXELS: usize = 6_000;

struct Screen {
    harness: Harness<'static, ExplorerApp>,
    _runtime: tokio::runtime::Runtime,
}

impl Screen {
    fn new(sandbox: &Sandbox, theme: Theme) -> Screen {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let handle = runtime.handle().clone();
        let options = AppOptions {
            settings: Settings {
                server_url: sandbox.base_url().to_string(),
                login_name: sandbox.admin_name().to_string(),
                theme,
                ..Settings::default()
            },
            sandbox: Some(SandboxInfo {
                url: sandbox.base_url().to_string(),
                admin_name: sandbox.admin_name().to_string(),
                admin_password: sandbox.admin_password().to_string(),
            }),
            ..AppOptions::default()
        };
        let harness = Harness::builder()
            .with_size(egui::vec2(1200.0, 800.0))
            .wgpu()
            .build_eframe(move |cc| ExplorerApp::new(&cc.egui_ctx, handle, options).unwrap());
        Screen {
            harness,
            _runtime: runtime,
        }
    }

    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            self.harness.step();
            if self
                .harness
                .query_all_by_label_contains(text)
                .next()
                .is_some()
            {
                // Let what arrives with it (icons, counts) settle.
                for _ in 0..5 {
                    self.harness.step();
                }
                return;
            }
            assert!(Instant::now() < deadline, "waited for {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn press(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(egui::Role::Button, label)
            .click_accesskit();
        self.harness.step();
    }

    fn snapshot(&mut self, name: &str) {
        let options = SnapshotOptions::new().max_failed_pixels(CHANGING_PIXELS);
        self.harness.snapshot_options(name, &options);
    }
}

fn sandbox(io: &tokio::runtime::Runtime) -> Sandbox {
    io.block_on(Sandbox::start(SandboxConfig {
        admin_name: "admin".into(),
        admin_password: "admin".into(),
        seed_demo_project: true,
    }))
    .unwrap()
}

fn main_screens(theme: Theme, suffix: &str) {
    let io = tokio::runtime::Runtime::new().unwrap();
    let sandbox = sandbox(&io);
    let mut screen = Screen::new(&sandbox, theme);
    screen.wait_for("Log in");
    screen.snapshot(&format!("start_{suffix}"));

    screen.press("Log in");
    screen.wait_for("Logged in as");
    screen.press("List projects");
    screen.wait_for("200 OK");
    screen.snapshot(&format!("projects_{suffix}"));
    if suffix == "dark" && std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        // The README's picture follows the screen it shows.
        let _ = std::fs::copy("tests/snapshots/projects_dark.png", "assets/screenshot.png");
    }

    screen.harness.get_by_label("Endpoints").click_accesskit();
    screen.wait_for("Filter endpoints");
    screen.snapshot(&format!("endpoints_{suffix}"));
}

#[test]
fn main_screens_dark() {
    main_screens(Theme::Dark, "dark");
}

#[test]
fn main_screens_light() {
    main_screens(Theme::Light, "light");
}
