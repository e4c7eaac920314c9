//! AYON: compare bundles and settings, read-only, on the sandbox's two seeded bundles
//! (production `demo_bundle_a`, staging `demo_bundle_b`): the bundles' differences by
//! path, then the `core` addon's settings as each bundle's variant reads them.

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};

use crate::harness::{app, io_runtime};

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn two_sandbox_bundles_and_their_core_settings_are_compared() {
    let io = io_runtime();
    let sandbox = io
        .block_on(Sandbox::start(SandboxConfig {
            admin_name: "admin".into(),
            admin_password: "bundle-pw".into(),
            seed_demo_project: true,
        }))
        .unwrap();
    let mut app = app(sandbox.base_url());
    app.fill("Name", "admin");
    app.fill("Password", "bundle-pw");
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);

    // The sidebar may still move as the server's catalog arrives.
    app.press("Compare bundles");
    app.step_until("the bundles", WAIT, |h| {
        let w = &h.state().state().bundle_window;
        !w.bundles.is_empty() || w.problem.is_some()
    });
    let window = &app.harness.state().state().bundle_window;
    assert_eq!(window.problem, None);
    let names: Vec<String> = window.bundles.iter().map(|b| b.label()).collect();
    assert!(
        names.contains(&"demo_bundle_a (production)".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"demo_bundle_b (staging)".to_string()),
        "{names:?}"
    );
    app.wait_for_button("Compare the two bundles", WAIT);
    app.click("Compare the two bundles");
    // createdAt differs too, but is ignored by default for bundles.
    app.wait_for_compared_paths(
        &[
            "$.addons.core",
            "$.addons.maya",
            "$.addons.nuke",
            "$.dependencyPackages.darwin",
            "$.dependencyPackages.linux",
            "$.dependencyPackages.windows",
            "$.installerVersion",
            "$.isProduction",
            "$.isStaging",
            "$.name",
        ],
        WAIT,
    );
    assert!(app.shows("10 changes: 1 added, 1 removed, 8 changed"));
    app.click("Close comparison");

    // The core addon's settings: 1.0.0 in production against 1.1.0 in staging.
    app.harness.get_by_label("Addon settings").click();
    app.harness.step();
    // The first addon of the two bundles is picked; choose core.
    app.wait_for_text(
        "GET /api/addons/applications/1.0.2/settings?variant=production",
        WAIT,
    );
    app.harness.get_by_label("Addon").click();
    // The popup shows on the frame after the click.
    app.harness.step();
    app.harness.step();
    app.harness.get_by_label("core").click();
    app.harness.step();
    app.harness.step();
    app.wait_for_text(
        "GET /api/addons/core/1.0.0/settings?variant=production",
        WAIT,
    );
    assert!(app.shows("GET /api/addons/core/1.1.0/settings?variant=staging"));
    app.wait_for_button("Compare the settings", WAIT);
    app.click("Compare the settings");
    app.wait_for_compared_paths(
        &[
            "$.imageio.activate_global_color_management",
            "$.publish.ExtractReview",
        ],
        WAIT,
    );
    // Nothing was changed on the server: the bundles are as seeded.
    let compare = app.harness.state().state().compare.as_ref().unwrap();
    assert!(compare.left_label.contains("core 1.0.0 · production"));
    assert!(compare.right_label.contains("core 1.1.0 · staging"));
}
