//! The Docs pane of the GraphQL editor: the server's schema browsed from Query down. Each
//! field shows its arguments, type and description; clicking a type opens it, and
//! **Insert** puts the field's name at the cursor of the query.

use crate::graphql_schema::{Schema, fields_of};

/// The pane's path from Query (type names), kept per tab in egui's memory.
#[derive(Clone, Default)]
struct DocsPath(Vec<String>);

/// Draws the pane; returns a field name to insert at the cursor.
pub fn show(ui: &mut egui::Ui, schema: &Schema, tab: crate::state::TabId) -> Option<String> {
    let id = egui::Id::unique(("graphql_docs", tab));
    let mut path: DocsPath = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    let root = schema
        .query_type()
        .map(|t| t.name.clone())
        .unwrap_or_else(|| "Query".to_owned());
    if path.0.is_empty() {
        path.0.push(root);
    }
    let mut insert = None;
    egui::CollapsingHeader::new("Docs")
        .id_salt(id)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let mut cut = None;
                for (index, name) in path.0.iter().enumerate() {
                    if index > 0 {
                        ui.weak(">");
                    }
                    if ui
                        .small_button(name)
                        .on_hover_text("Back to this type")
                        .clicked()
                    {
                        cut = Some(index + 1);
                    }
                }
                if let Some(len) = cut {
                    path.0.truncate(len);
                }
            });
            let current = path.0.last().cloned().unwrap_or_default();
            if let Some(description) = schema
                .type_named(&current)
                .and_then(|t| t.description.as_deref())
            {
                ui.weak(description);
            }
            let Some(fields) = fields_of(schema, &current) else {
                ui.weak(format!("{current} has no fields."));
                return;
            };
            egui::ScrollArea::vertical()
                .id_salt(("graphql_docs_fields", id))
                .max_height(220.0)
                .show(ui, |ui| {
                    for field in &fields {
                        ui.horizontal_wrapped(|ui| {
                            if ui
                                .small_button("Insert")
                                .on_hover_text(format!("Put {} at the cursor", field.name))
                                .clicked()
                            {
                                insert = Some(field.name.clone());
                            }
                            let args: Vec<String> = field
                                .args
                                .iter()
                                .map(|a| format!("{}: {}", a.name, a.type_display))
                                .collect();
                            let signature = if args.is_empty() {
                                field.name.clone()
                            } else {
                                format!("{}({})", field.name, args.join(", "))
                            };
                            ui.monospace(signature);
                            let opens = schema
                                .type_named(&field.type_name)
                                .is_some_and(|t| !t.fields.is_empty());
                            if opens {
                                if ui
                                    .link(&field.type_display)
                                    .on_hover_text(format!("Open {}", field.type_name))
                                    .clicked()
                                {
                                    path.0.push(field.type_name.clone());
                                }
                            } else {
                                ui.weak(&field.type_display);
                            }
                            if let Some(reason) = &field.deprecation {
                                ui.weak(format!("(deprecated: {reason})"));
                            }
                        });
                        if let Some(description) = &field.description {
                            ui.weak(description);
                        }
                    }
                });
        });
    ui.data_mut(|d| d.insert_temp(id, path));
    insert
}
