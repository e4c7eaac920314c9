//! The egui side of `{{variable}}` highlighting: a memoized `TextEdit` layouter and the
//! hover previews, for every composer field that accepts variables.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::cache::{ComputerMut, FrameCache};
use egui::text::LayoutJob;
use egui::{Galley, TextBuffer, TextStyle, Ui};

use crate::collection::variables::VariableSet;

use super::variable_text::{self, FieldStyle, kind_of, layout_job, variable_spans};

/// What kind of field a layouter is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A one-line field (URL, a table cell, X-as-user).
    Line,
    /// A one-line password field: plain text masked, references readable.
    Password,
    /// A multi-line editor (the body).
    Multiline,
}

/// The variables in effect, with a fingerprint of how each name resolves (the only thing
/// the colouring depends on), so cached layouts are redone when that changes.
#[derive(Clone, Copy)]
pub struct Variables<'a> {
    set: &'a VariableSet,
    fingerprint: u64,
}

impl<'a> Variables<'a> {
    /// The variables themselves.
    pub fn set(&self) -> &'a VariableSet {
        self.set
    }

    /// Wraps `set` for the composer's fields.
    pub fn new(set: &'a VariableSet) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for name in set.names() {
            name.hash(&mut h);
            kind_of(name, set).hash(&mut h);
        }
        Self {
            set,
            fingerprint: h.finish(),
        }
    }

    /// A layouter for `TextEdit::layouter` colouring `{{references}}` in a `field` drawn
    /// in `font`. Text without `{{` is laid out plainly; coloured layouts are memoized
    /// by text, variables and style, so an unchanged body costs no re-highlighting.
    pub fn layouter(
        self,
        field: Field,
        font: TextStyle,
    ) -> impl FnMut(&Ui, &dyn TextBuffer, f32) -> Arc<Galley> + 'a {
        self.decorated_layouter(field, font, |_, _| {})
    }

    /// [`Variables::layouter`], with `decorate` changing each layout job before it is
    /// laid out (the GraphQL editor underlines the query's problems).
    pub fn decorated_layouter(
        self,
        field: Field,
        font: TextStyle,
        mut decorate: impl FnMut(&Ui, &mut LayoutJob) + 'a,
    ) -> impl FnMut(&Ui, &dyn TextBuffer, f32) -> Arc<Galley> + 'a {
        move |ui: &Ui, buf: &dyn TextBuffer, wrap_width: f32| {
            let font = font.resolve(ui.style());
            let row_height = ui.fonts_mut(|f| f.row_height(&font));
            let style = FieldStyle {
                line_height: Some(row_height + ui.spacing().extra_text_line_spacing),
                color: ui
                    .visuals()
                    .override_text_color
                    .unwrap_or_else(|| ui.visuals().widgets.inactive.text_color()),
                dark: ui.visuals().dark_mode,
                multiline: field == Field::Multiline,
                password: field == Field::Password,
                font,
            };
            let text = buf.as_str();
            let mut job = if text.contains("{{") {
                ui.ctx().memory_mut(|m| {
                    m.caches
                        .cache::<JobCache>()
                        .get(JobKey {
                            text,
                            vars: self,
                            style: &style,
                        })
                        .clone()
                })
            } else {
                layout_job(
                    text,
                    &[(0..text.len(), variable_text::SpanKind::Plain)],
                    &style,
                )
            };
            job.wrap.max_width = if style.multiline {
                wrap_width
            } else {
                f32::INFINITY
            };
            decorate(ui, &mut job);
            ui.fonts_mut(|f| f.layout_job(job))
        }
    }

    /// Adds the resolved-text preview (and unknown names) to `response`'s tooltip when
    /// `text` holds a reference, above `help` (the field's usual tooltip, if any).
    pub fn preview_on_hover(
        self,
        response: egui::Response,
        text: &str,
        help: Option<&str>,
    ) -> egui::Response {
        let preview = if response.hovered() {
            variable_text::preview(text, self.set)
        } else {
            None
        };
        show_tooltip(response, preview, help)
    }

    /// Adds the list of variables used in `text` (values masked when `mask_all`) to
    /// `response`'s tooltip, for fields whose resolved text is too long or too secret.
    pub fn usage_on_hover(
        self,
        response: egui::Response,
        text: &str,
        mask_all: bool,
    ) -> egui::Response {
        let usage = if response.hovered() && text.contains("{{") {
            // Memoized: a big body is not rescanned on every frame it is hovered.
            response.ctx.memory_mut(|m| {
                m.caches
                    .cache::<UsageCache>()
                    .get(UsageKey {
                        text,
                        vars: self,
                        mask_all,
                    })
                    .clone()
            })
        } else {
            None
        };
        show_tooltip(response, usage, None)
    }
}

fn show_tooltip(
    response: egui::Response,
    variables: Option<String>,
    help: Option<&str>,
) -> egui::Response {
    if variables.is_none() && help.is_none() {
        return response;
    }
    response.on_hover_ui(|ui| {
        if let Some(text) = variables {
            ui.label(text);
        }
        if let Some(help) = help {
            ui.label(help);
        }
    })
}

/// The memo key: the text, the variables' fingerprint and the style.
#[derive(Clone, Copy)]
struct JobKey<'a> {
    text: &'a str,
    vars: Variables<'a>,
    style: &'a FieldStyle,
}

impl Hash for JobKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.vars.fingerprint.hash(state);
        self.style.hash(state);
    }
}

#[derive(Default)]
struct JobBuilder;

impl<'a> ComputerMut<JobKey<'a>, LayoutJob> for JobBuilder {
    fn compute(&mut self, key: JobKey<'a>) -> LayoutJob {
        layout_job(key.text, &variable_spans(key.text, key.vars.set), key.style)
    }
}

type JobCache = FrameCache<LayoutJob, JobBuilder>;

/// The memo key for a variables list.
#[derive(Clone, Copy)]
struct UsageKey<'a> {
    text: &'a str,
    vars: Variables<'a>,
    mask_all: bool,
}

impl Hash for UsageKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        // Values show in the list, so they are part of the key too.
        for name in self.vars.set.names() {
            self.vars.set.display_value(name).hash(state);
        }
        self.vars.fingerprint.hash(state);
        self.mask_all.hash(state);
    }
}

#[derive(Default)]
struct UsageBuilder;

impl<'a> ComputerMut<UsageKey<'a>, Option<String>> for UsageBuilder {
    fn compute(&mut self, key: UsageKey<'a>) -> Option<String> {
        variable_text::usage(key.text, key.vars.set, key.mask_all)
    }
}

type UsageCache = FrameCache<Option<String>, UsageBuilder>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::environment::{Environment, Variable};
    use crate::ui::format::error_color;
    use crate::ui::variable_text::known_color;

    fn host() -> VariableSet {
        let env = Environment {
            name: "dev".into(),
            variables: vec![Variable::plain("host", "h")],
            overrides: vec![],
        };
        VariableSet::build(&[], Some(&env), |_| None)
    }

    /// Lays `text` out with the real layouter in a real frame.
    fn galley(field: Field, text: &str, set: &VariableSet) -> (Arc<Galley>, bool) {
        let ctx = egui::Context::default();
        let mut out = None;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let mut layouter = Variables::new(set).layouter(field, TextStyle::Monospace);
            let text = text.to_string();
            out = Some((layouter(ui, &text, 300.0), ui.visuals().dark_mode));
        });
        // No renderer here to take the font atlas.
        output.textures_delta.clear();
        out.unwrap_or_else(|| panic!("the frame ran"))
    }

    #[test]
    fn the_layouter_colours_references_in_a_frame() {
        let (g, dark) = galley(Field::Line, "{{host}}/{{nope}}", &host());
        assert_eq!(g.text(), "{{host}}/{{nope}}");
        let colors: Vec<_> = g.job.sections.iter().map(|s| s.format.color).collect();
        assert_eq!(colors[0], known_color(dark));
        assert_eq!(colors[2], error_color(dark));
        assert_eq!(g.rows.len(), 1);
    }

    #[test]
    fn a_password_without_references_is_all_masked() {
        let (g, _) = galley(Field::Password, "abc", &host());
        assert_eq!(g.text(), "•••");
        let (g, _) = galley(Field::Password, "x{{host}}", &host());
        assert_eq!(g.text(), "•{{host}}");
    }

    #[test]
    fn a_multiline_body_wraps_and_breaks_lines() {
        let (g, _) = galley(Field::Multiline, "{\n  \"a\": \"{{host}}\"\n}", &host());
        assert_eq!(g.rows.len(), 3);
        let (g, _) = galley(Field::Line, "a\nb", &host());
        assert_eq!(g.rows.len(), 1);
    }

    #[test]
    fn coloured_layouts_are_memoized_and_plain_text_is_not_scanned() {
        use egui::cache::CacheTrait as _;
        let set = host();
        let ctx = egui::Context::default();
        let mut sizes = Vec::new();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let mut layouter =
                Variables::new(&set).layouter(Field::Multiline, TextStyle::Monospace);
            let cached =
                |ui: &egui::Ui| ui.ctx().memory_mut(|m| m.caches.cache::<JobCache>().len());
            let big = "x".repeat(100_000);
            layouter(ui, &big, 300.0);
            sizes.push(cached(ui));
            let body = "{\"a\": \"{{host}}\"}".to_string();
            layouter(ui, &body, 300.0);
            layouter(ui, &body, 200.0);
            sizes.push(cached(ui));
        });
        output.textures_delta.clear();
        assert_eq!(sizes, vec![0, 1]);
    }

    #[test]
    fn the_fingerprint_follows_how_names_resolve() {
        let empty = VariableSet::new();
        assert_ne!(
            Variables::new(&host()).fingerprint,
            Variables::new(&empty).fingerprint
        );
        assert_eq!(
            Variables::new(&host()).fingerprint,
            Variables::new(&host()).fingerprint
        );
    }
}
