//! The keyboard map, one table for the handlers and the shortcut sheet (F1 or Ctrl+/):
//! shortcuts are read before any widget draws, so a focused text field does not eat them.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::action::Action;
use crate::state::AppState;

/// What a shortcut does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Command {
    Send,
    Save,
    NewTab,
    CloseTab,
    NextTab,
    PreviousTab,
    FocusUrl,
    ShortcutSheet,
}

/// One row of the map: the keys, what the sheet says, and what they do (`None`: handled
/// by the widget named, listed here for the sheet).
struct Shortcut {
    keys: &'static [KeyboardShortcut],
    does: &'static str,
    command: Option<Command>,
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

/// The map. Ctrl+Shift+Tab comes before Ctrl+Tab: a shortcut with fewer modifiers would
/// also match the longer one.
const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        keys: &[ctrl(Key::Enter)],
        does: "Send the request",
        command: Some(Command::Send),
    },
    Shortcut {
        keys: &[ctrl(Key::S)],
        does: "Save the request to the collection",
        command: Some(Command::Save),
    },
    Shortcut {
        keys: &[ctrl(Key::T)],
        does: "New request tab",
        command: Some(Command::NewTab),
    },
    Shortcut {
        keys: &[ctrl(Key::W)],
        does: "Close the tab (asks when it has unsaved edits)",
        command: Some(Command::CloseTab),
    },
    Shortcut {
        keys: &[ctrl_shift(Key::Tab), ctrl(Key::PageUp)],
        does: "Previous tab",
        command: Some(Command::PreviousTab),
    },
    Shortcut {
        keys: &[ctrl(Key::Tab), ctrl(Key::PageDown)],
        does: "Next tab",
        command: Some(Command::NextTab),
    },
    Shortcut {
        keys: &[ctrl(Key::L)],
        does: "Go to the URL field (all selected: type to replace)",
        command: Some(Command::FocusUrl),
    },
    Shortcut {
        keys: &[ctrl(Key::K)],
        does: "Search the server's endpoints",
        command: None,
    },
    Shortcut {
        keys: &[ctrl(Key::F)],
        does: "Find in the response body",
        command: None,
    },
    Shortcut {
        keys: &[
            plain(Key::F7),
            KeyboardShortcut::new(Modifiers::SHIFT, Key::F7),
        ],
        does: "Next / previous change in a comparison",
        command: None,
    },
    Shortcut {
        keys: &[plain(Key::F1), ctrl(Key::Slash)],
        does: "This list of shortcuts",
        command: Some(Command::ShortcutSheet),
    },
];

/// Whether the shortcut sheet is open (window state, not application state).
fn sheet_id() -> egui::Id {
    egui::Id::unique("shortcut_sheet")
}

/// Reads the shortcuts of this frame and turns them into actions or focus moves.
pub fn shortcuts(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    super::palette::shortcut(ui, &mut state.catalog.palette);
    for shortcut in SHORTCUTS {
        let Some(command) = shortcut.command else {
            continue;
        };
        let pressed = shortcut
            .keys
            .iter()
            .any(|keys| ui.input_mut(|i| i.consume_shortcut(keys)));
        if pressed {
            run(ui, state, command, actions);
        }
    }
}

fn run(ui: &mut egui::Ui, state: &mut AppState, command: Command, actions: &mut Vec<Action>) {
    let active = state.active().map(|tab| tab.id);
    match (command, active) {
        (Command::Send, Some(tab)) => actions.push(Action::Send {
            tab,
            confirmed: false,
            download: false,
        }),
        (Command::Save, Some(tab)) => actions.push(Action::SaveTab { tab }),
        (Command::CloseTab, Some(tab)) => actions.push(Action::CloseTab(tab)),
        (Command::NewTab, _) => actions.push(Action::NewTab),
        (Command::NextTab, _) => step_tab(state, 1),
        (Command::PreviousTab, _) => step_tab(state, -1),
        (Command::FocusUrl, _) => super::composer::focus_url(ui.ctx()),
        (Command::ShortcutSheet, _) => {
            let id = sheet_id();
            let open = ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
            ui.data_mut(|d| d.insert_temp(id, !open));
        }
        (Command::Send | Command::Save | Command::CloseTab, None) => {}
    }
}

/// Moves to the next (or previous) tab, round the end.
fn step_tab(state: &mut AppState, by: isize) {
    let count = state.tabs.len();
    if count == 0 {
        return;
    }
    let next = (state.active_tab as isize + by).rem_euclid(count as isize);
    state.active_tab = next as usize;
}

/// The shortcut sheet, while open (Escape or its close button shuts it).
pub fn sheet(ui: &mut egui::Ui) {
    let id = sheet_id();
    let mut open = ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false);
    if !open {
        return;
    }
    if ui.input(|i| i.key_pressed(Key::Escape)) {
        open = false;
    }
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            egui::Grid::new("shortcut_sheet_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for shortcut in SHORTCUTS {
                        let keys: Vec<String> = shortcut
                            .keys
                            .iter()
                            .map(|k| k.format(&egui::ModifierNames::NAMES, false))
                            .collect();
                        ui.strong(keys.join(" or "));
                        ui.label(shortcut.does);
                        ui.end_row();
                    }
                });
        });
    ui.data_mut(|d| d.insert_temp(id, open));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_rows_share_keys() {
        let mut seen = Vec::new();
        for shortcut in SHORTCUTS {
            for keys in shortcut.keys {
                assert!(!seen.contains(keys), "{keys:?} is listed twice");
                seen.push(*keys);
            }
        }
    }

    #[test]
    fn a_longer_shortcut_comes_before_its_shorter_prefix() {
        // consume_shortcut ignores extra Shift, so Ctrl+Tab would eat Ctrl+Shift+Tab.
        let position = |wanted: KeyboardShortcut| {
            SHORTCUTS
                .iter()
                .position(|s| s.keys.contains(&wanted))
                .unwrap()
        };
        assert!(position(ctrl_shift(Key::Tab)) < position(ctrl(Key::Tab)));
    }
}
