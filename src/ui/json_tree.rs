//! The JSON tree view: a virtualized list of the expanded nodes of a body.

use egui::{Color32, Label, RichText, ScrollArea, Sense, TextStyle, Ui};

use crate::body::JsonTree;

/// What the user did in the tree this frame.
enum TreeAction {
    Toggle(usize),
    Select(usize),
    CopyValue(usize),
    CopyPath(usize),
    Capture(usize),
}

/// Draws `tree` with a toolbar for the selected node (copy its value or its JSONPath,
/// capture it as a variable). Only the visible rows are laid out. Returns the JSONPath of
/// a node the user chose to capture.
pub fn show(ui: &mut Ui, tree: &mut JsonTree, selected: &mut Option<usize>) -> Option<String> {
    let dark = ui.visuals().dark_mode;
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let chosen = selected.filter(|&i| i < tree.len() && tree.entry(i).is_some_and(|e| !e.more));
        match chosen {
            Some(i) => {
                ui.monospace(tree.path(i));
                if ui.button("Copy value").clicked() {
                    actions.push(TreeAction::CopyValue(i));
                }
                if ui.button("Copy path").clicked() {
                    actions.push(TreeAction::CopyPath(i));
                }
                if ui
                    .button("Capture as variable")
                    .on_hover_text("Adds a capture: to this request; its next answer fills {{name}}")
                    .clicked()
                {
                    actions.push(TreeAction::Capture(i));
                }
            }
            None => {
                ui.weak("Click a node to copy its value or path, or capture it as a variable; click the arrow to expand it.");
            }
        }
    });
    ui.separator();
    let row_h = ui.text_style_height(&TextStyle::Monospace) + 4.0;
    let indent = ui.spacing().indent;
    ScrollArea::both()
        .id_salt("json_tree")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, tree.len(), |ui, rows| {
            for i in rows {
                let (Some(entry), Some(label)) = (tree.entry(i), tree.label(i)) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    ui.set_height(row_h);
                    ui.add_space(f32::from(entry.depth) * indent);
                    if entry.more {
                        if ui
                            .small_button(format!(
                                "Show more ({})",
                                label.value.trim_start_matches("… ")
                            ))
                            .clicked()
                        {
                            actions.push(TreeAction::Toggle(i));
                        }
                        return;
                    }
                    toggle_icon(ui, &label, i, &mut actions);
                    let text = RichText::new(format!("{}: ", label.key))
                        .monospace()
                        .color(key_color(dark));
                    let key = ui.add(Label::new(text).sense(Sense::click()));
                    let value = ui.add(
                        Label::new(value_text(&label, dark))
                            .sense(Sense::click())
                            .truncate(),
                    );
                    let response = key.union(value);
                    if *selected == Some(i) {
                        ui.painter().rect_stroke(
                            response.rect.expand(1.0),
                            2.0,
                            ui.visuals().selection.stroke,
                            egui::StrokeKind::Outside,
                        );
                    }
                    if response.clicked() {
                        actions.push(TreeAction::Select(i));
                    }
                    if response.double_clicked() && label.container.is_some() {
                        actions.push(TreeAction::Toggle(i));
                    }
                    response.context_menu(|ui| {
                        if ui.button("Copy value").clicked() {
                            actions.push(TreeAction::CopyValue(i));
                        }
                        if ui.button("Copy path").clicked() {
                            actions.push(TreeAction::CopyPath(i));
                        }
                        if ui.button("Capture as variable").clicked() {
                            actions.push(TreeAction::Capture(i));
                        }
                    });
                });
            }
        });
    let mut captured = None;
    for action in actions {
        match action {
            TreeAction::Toggle(i) => {
                tree.toggle(i);
                // Entries after `i` moved; keep the selection only if it is `i`.
                if *selected != Some(i) {
                    *selected = None;
                }
            }
            TreeAction::Select(i) => *selected = Some(i),
            TreeAction::CopyValue(i) => ui.ctx().copy_text(tree.value(i)),
            TreeAction::CopyPath(i) => ui.ctx().copy_text(tree.path(i)),
            TreeAction::Capture(i) => captured = Some(tree.path(i)),
        }
    }
    captured
}

/// The expand/collapse arrow of a container (a blank of the same width otherwise).
fn toggle_icon(
    ui: &mut Ui,
    label: &crate::body::tree::NodeLabel,
    i: usize,
    actions: &mut Vec<TreeAction>,
) {
    let size = egui::vec2(ui.spacing().icon_width, ui.spacing().icon_width);
    let openable = label.container.is_some_and(|(count, _)| count > 0);
    if !openable {
        ui.allocate_exact_size(size, Sense::hover());
        return;
    }
    let (_, response) = ui.allocate_exact_size(size, Sense::click());
    let verb = if label.expanded { "Collapse" } else { "Expand" };
    let name = format!("{verb} {}", label.key);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    let openness = if label.expanded { 1.0 } else { 0.0 };
    egui::collapsing_header::paint_default_icon(ui, openness, &response);
    if response.clicked() {
        actions.push(TreeAction::Toggle(i));
    }
}

/// The value in its JSON colour; a container's summary in the weak colour.
fn value_text(label: &crate::body::tree::NodeLabel, dark: bool) -> RichText {
    let text = RichText::new(&label.value).monospace();
    if label.container.is_some() {
        return text.weak();
    }
    let color = match (label.value.as_bytes().first(), dark) {
        (Some(b'"'), true) => Color32::from_rgb(0xa3, 0xbe, 0x8c),
        (Some(b'"'), false) => Color32::from_rgb(0x0b, 0x6e, 0x1e),
        (Some(b't' | b'f' | b'n'), true) => Color32::from_rgb(0xb4, 0x8e, 0xad),
        (Some(b't' | b'f' | b'n'), false) => Color32::from_rgb(0x9a, 0x1b, 0x8a),
        (_, true) => Color32::from_rgb(0xd0, 0x87, 0x70),
        (_, false) => Color32::from_rgb(0xa0, 0x40, 0x00),
    };
    text.color(color)
}

fn key_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x8f, 0xa1, 0xb3)
    } else {
        Color32::from_rgb(0x18, 0x36, 0x91)
    }
}
