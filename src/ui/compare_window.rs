//! The Compare window: two answers side by side, whatever gathered them (Send to two,
//! the bundle window, two past answers). While a side is still coming it says so; a side
//! that could not be had says why.

use crate::action::Action;
use crate::state::compare_run::{CompareRun, SideAnswer};

use super::{compare_view, format};

/// Draws the window while a comparison is open.
pub fn show(ui: &mut egui::Ui, compare: &mut Option<CompareRun>, actions: &mut Vec<Action>) {
    let Some(run) = compare.as_mut() else {
        return;
    };
    let mut open = true;
    let content = ui.ctx().content_rect();
    egui::Window::new("Compare")
        .open(&mut open)
        .default_size([
            (content.width() - 80.0).clamp(320.0, 1100.0),
            (content.height() - 120.0).clamp(240.0, 700.0),
        ])
        .resizable(true)
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            ui.strong(run.title.as_str());
            if let Some(view) = run.view.as_mut() {
                for request in compare_view::show(ui, view) {
                    actions.push(Action::Compare(request));
                }
                return;
            }
            let dark = ui.visuals().dark_mode;
            for (name, label, side) in [
                ("Left", &run.left_label, &run.left),
                ("Right", &run.right_label, &run.right),
            ] {
                ui.horizontal(|ui| {
                    ui.label(format!("{name}: {label}"));
                    match side {
                        SideAnswer::Waiting => {
                            ui.spinner();
                            ui.weak("waiting for the answer…");
                        }
                        SideAnswer::Ready(_) => {
                            ui.weak("here");
                        }
                        SideAnswer::Failed(why) => {
                            ui.colored_label(format::error_color(dark), why.as_str());
                        }
                    }
                });
            }
        });
    if !open {
        actions.push(Action::CloseCompare);
    }
}
