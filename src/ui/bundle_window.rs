//! "Compare bundles": the server's bundles side by side, or one addon's settings as two
//! bundles, variants or projects see them. Read-only.

use crate::action::Action;
use crate::state::bundle_window::{BundleCompareMode, BundlePick, BundleWindow, VARIANTS};

/// The window's width.
const WIDTH: f32 = 520.0;

/// Draws the window when it is open.
pub fn show(ui: &mut egui::Ui, window: &mut BundleWindow, actions: &mut Vec<Action>) {
    if !window.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Compare bundles")
        .open(&mut open)
        .default_width(WIDTH)
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut window.mode, BundleCompareMode::Bundles, "Bundles");
                ui.selectable_value(
                    &mut window.mode,
                    BundleCompareMode::Settings,
                    "Addon settings",
                );
                if ui
                    .add_enabled(!window.loading, egui::Button::new("Reload bundles"))
                    .clicked()
                {
                    actions.push(Action::LoadBundles);
                }
            });
            if window.loading {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading bundles…");
                });
            }
            if let Some(problem) = &window.problem {
                ui.colored_label(
                    super::format::error_color(ui.visuals().dark_mode),
                    problem.as_str(),
                );
            }
            if window.bundles.is_empty() {
                return;
            }
            ui.separator();
            let names: Vec<String> = window.bundles.iter().map(|b| b.label()).collect();
            let settings = window.mode == BundleCompareMode::Settings;
            let mut picked = false;
            egui::Grid::new("bundle_sides")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    picked |= side(ui, "Left", &mut window.left, &names, settings);
                    ui.end_row();
                    picked |= side(ui, "Right", &mut window.right, &names, settings);
                    ui.end_row();
                });
            if picked {
                window.pick_addon();
            }
            if settings {
                let addons = window.addons();
                ui.horizontal(|ui| {
                    let label = ui.label("Addon");
                    egui::ComboBox::from_id_salt("bundle_addon")
                        .selected_text(window.addon.as_str())
                        .show_ui(ui, |ui| {
                            for addon in &addons {
                                ui.selectable_value(&mut window.addon, addon.clone(), addon);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                });
                match window.settings_sources() {
                    Ok((left, right)) => {
                        ui.weak(format!("Left: GET {}", left.path()));
                        ui.weak(format!("Right: GET {}", right.path()));
                        if ui.button("Compare the settings").clicked() {
                            actions.push(Action::CompareBundleSettings);
                        }
                    }
                    Err(why) => {
                        ui.colored_label(super::format::warning_color(ui.visuals().dark_mode), why);
                    }
                }
            } else if ui.button("Compare the two bundles").clicked() {
                actions.push(Action::CompareBundles);
            }
        });
    if !open {
        window.open = false;
    }
}

/// One side's bundle (and, for settings, its variant and project). Returns whether the
/// bundle changed.
fn side(
    ui: &mut egui::Ui,
    name: &str,
    pick: &mut BundlePick,
    bundles: &[String],
    settings: bool,
) -> bool {
    let label = ui.label(format!("{name} bundle"));
    let before = pick.bundle;
    ui.vertical(|ui| {
        egui::ComboBox::from_id_salt(format!("bundle_{name}"))
            .selected_text(bundles.get(pick.bundle).map(String::as_str).unwrap_or(""))
            .width(WIDTH - 160.0)
            .show_ui(ui, |ui| {
                for (i, bundle) in bundles.iter().enumerate() {
                    ui.selectable_value(&mut pick.bundle, i, bundle);
                }
            })
            .response
            .labelled_by(label.id);
        if settings {
            ui.horizontal(|ui| {
                let label = ui.label(format!("{name} variant"));
                let shown = if pick.variant.is_empty() {
                    "the bundle's own"
                } else {
                    pick.variant.as_str()
                };
                egui::ComboBox::from_id_salt(format!("variant_{name}"))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut pick.variant, String::new(), "the bundle's own");
                        for variant in VARIANTS {
                            ui.selectable_value(&mut pick.variant, variant.to_owned(), variant);
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label(format!("{name} project"));
                ui.add(
                    egui::TextEdit::singleline(&mut pick.project)
                        .id_salt(format!("project_{name}"))
                        .hint_text("none: studio settings")
                        .desired_width(180.0),
                )
                .labelled_by(label.id);
            });
        }
    });
    pick.bundle != before
}
