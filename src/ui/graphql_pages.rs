//! "Fetch all pages" in the window: the editor's button (disabled, saying why, for a
//! query without a connection field), and in the response area the run's progress with
//! Cancel, then its summary and why it stopped early.

use egui::cache::{ComputerMut, FrameCache};

use crate::action::Action;
use crate::ayon::graphql::MAX_CHECKED_LEN;
use crate::ayon::graphql_pages::plan_pages;
use crate::state::{GraphQlBody, RequestState, RequestTab};

use super::format;

/// Whether the query can be fetched page by page: `Err` says why not. Memoized by the
/// query and operation: idle frames do not plan again. A query too long to check as you
/// type is planned when the button is clicked.
pub fn availability(ctx: &egui::Context, body: &GraphQlBody) -> Result<(), String> {
    if body.query.len() > MAX_CHECKED_LEN {
        return Ok(());
    }
    ctx.memory_mut(|m| {
        m.caches
            .cache::<FrameCache<Availability, Planner>>()
            .get((body.query.as_str(), body.operation_name.as_str()))
            .0
            .clone()
    })
}

/// The "Fetch all pages" button; true when clicked.
pub fn button(ui: &mut egui::Ui, availability: &Result<(), String>) -> bool {
    let enabled = availability.is_ok();
    let response = ui.add_enabled(enabled, egui::Button::new("Fetch all pages").small());
    let response = match availability {
        Ok(()) => response.on_hover_text(
            "Run the query page after page, following its connection's after: cursors, and \
             show every page's edges merged into one answer",
        ),
        Err(why) => response.on_disabled_hover_text(why.as_str()),
    };
    response.clicked()
}

/// The run's progress with Cancel while it runs; afterwards its summary and any reason it
/// stopped early.
pub fn status(ui: &mut egui::Ui, tab: &RequestTab, actions: &mut Vec<Action>) {
    let Some(pages) = &tab.pages else {
        return;
    };
    let dark = ui.visuals().dark_mode;
    match &pages.ended {
        None if tab.state.pending_id() == Some(pages.id) => {
            let (merged, edges) = (pages.run.pages(), pages.run.edges());
            ui.horizontal_wrapped(|ui| {
                let text = if pages.run.is_cancelled() {
                    format!("Cancelling… keeping {merged} pages, {edges} edges")
                } else {
                    format!("Fetching page {}… {edges} edges so far", merged + 1)
                };
                ui.label(text);
                if !pages.run.is_cancelled()
                    && ui
                        .small_button("Cancel fetching pages")
                        .on_hover_text("Stop after this page's request; the pages merged are kept")
                        .clicked()
                {
                    actions.push(Action::Cancel { tab: tab.id });
                }
            });
        }
        None => {}
        Some(ended) => {
            if matches!(tab.state, RequestState::Done(_)) && !ended.summary.is_empty() {
                ui.label(format!("Pages merged: {}", ended.summary));
            }
            if let Some(problem) = &ended.problem {
                ui.colored_label(format::error_color(dark), problem.as_str());
            }
        }
    }
}

#[derive(Clone)]
struct Availability(Result<(), String>);

#[derive(Default)]
struct Planner;

impl ComputerMut<(&str, &str), Availability> for Planner {
    fn compute(&mut self, (query, operation): (&str, &str)) -> Availability {
        Availability(
            plan_pages(query, Some(operation))
                .map(|_| ())
                .map_err(|e| e.to_string()),
        )
    }
}
