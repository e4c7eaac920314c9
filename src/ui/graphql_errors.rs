//! The `errors` of a GraphQL answer, decoded, above the body: AYON sends them with
//! status 200, next to `"data": null` or partial data.

use crate::ayon::graphql::GraphQlError;

use super::format;

/// The mark after the status line (`200 OK · GraphQL errors`).
pub fn status_mark(ui: &mut egui::Ui) {
    ui.label(
        egui::RichText::new("· GraphQL errors")
            .strong()
            .color(format::error_color(ui.visuals().dark_mode)),
    )
    .on_hover_text("The status is 200, but the answer carries GraphQL errors (see below)");
}

/// A framed list: heading with the count, then one line per error.
pub fn show(ui: &mut egui::Ui, errors: &[GraphQlError]) {
    let color = format::error_color(ui.visuals().dark_mode);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(
            egui::RichText::new(format!("GraphQL errors ({})", errors.len()))
                .strong()
                .color(color),
        );
        for error in errors {
            ui.colored_label(color, describe(error));
        }
    });
}

/// `Project not found — 404 Not Found (path: project; line 1, column 3)`: the message
/// first, AYON's status in words (the answer's own status is 200), then where.
fn describe(error: &GraphQlError) -> String {
    let mut text = error.message.clone();
    if let Some(status) = error.status {
        text.push_str(&match crate::http::reason_phrase(status) {
            Some(reason) => format!(" — {status} {reason}"),
            None => format!(" — status {status}"),
        });
    }
    let mut notes = Vec::new();
    if !error.path.is_empty() {
        notes.push(format!("path: {}", error.path.join(".")));
    }
    let places: Vec<String> = error
        .locations
        .iter()
        .map(|(line, column)| format!("line {line}, column {column}"))
        .collect();
    if !places.is_empty() {
        notes.push(places.join("; "));
    }
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join("; ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_with_position_and_path() {
        let error = GraphQlError {
            message: "boom".into(),
            locations: vec![(1, 29), (2, 3)],
            path: vec!["project".into(), "0".into()],
            status: None,
        };
        assert_eq!(
            describe(&error),
            "boom (path: project.0; line 1, column 29; line 2, column 3)"
        );
        let unknown = GraphQlError {
            message: "Project not found".into(),
            locations: vec![(1, 3)],
            path: vec!["project".into()],
            status: Some(404),
        };
        assert_eq!(
            describe(&unknown),
            "Project not found — 404 Not Found (path: project; line 1, column 3)"
        );
        let odd = GraphQlError {
            message: "Odd".into(),
            status: Some(599),
            ..GraphQlError::default()
        };
        assert_eq!(describe(&odd), "Odd — status 599");
        assert_eq!(describe(&GraphQlError::default()), "");
    }
}
