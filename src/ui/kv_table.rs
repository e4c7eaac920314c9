//! An editable table of switchable name/value rows, with a blank row to add more.

use crate::state::KvRow;

/// Draws the table. `what` names a row in labels ("Header", "Query parameter").
pub fn show(ui: &mut egui::Ui, rows: &mut Vec<KvRow>, what: &str, id_salt: impl egui::AsIdSalt) {
    if rows.last().is_none_or(|r| !r.is_blank()) {
        rows.push(KvRow::new("", ""));
    }
    let mut remove = None;
    let last = rows.len() - 1;
    egui::Grid::new(id_salt)
        .num_columns(4)
        .spacing([6.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for (i, row) in rows.iter_mut().enumerate() {
                let n = i + 1;
                ui.checkbox(&mut row.enabled, "")
                    .on_hover_text("Send this row")
                    .widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::CheckBox,
                            true,
                            row.enabled,
                            format!("{what} {n} enabled"),
                        )
                    });
                ui.add(
                    egui::TextEdit::singleline(&mut row.name)
                        .hint_text("name")
                        .desired_width(200.0),
                )
                .widget_info(|| {
                    egui::WidgetInfo::text_edit(true, format!("{what} {n} name"), &row.name, "name")
                });
                ui.add(
                    egui::TextEdit::singleline(&mut row.value)
                        .hint_text("value")
                        .desired_width(ui.available_width().max(200.0) - 40.0),
                )
                .widget_info(|| {
                    egui::WidgetInfo::text_edit(
                        true,
                        format!("{what} {n} value"),
                        &row.value,
                        "value",
                    )
                });
                if i != last
                    && ui
                        .small_button("🗑")
                        .on_hover_text(format!("Remove {what} {n}"))
                        .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        rows.remove(i);
    }
}
