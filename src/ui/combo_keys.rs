//! Dropdowns by keyboard: a focused picker steps through its choices with Up and Down
//! (Enter or Space opens its list, as for any button), so Tab, arrows and Enter reach
//! every choice without the mouse.

/// When `picker` has the keyboard, Up and Down move `value` to the previous or next of
/// `choices` (round the ends); they stop moving focus meanwhile. Returns whether the
/// value changed.
pub fn step_with_arrows<T: PartialEq + Clone>(
    ui: &egui::Ui,
    picker: &egui::Response,
    choices: &[T],
    value: &mut T,
) -> bool {
    if !picker.has_focus() || choices.is_empty() {
        return false;
    }
    // Up and Down are the picker's while it has focus, not focus moves.
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            picker.id,
            egui::EventFilter {
                vertical_arrows: true,
                ..Default::default()
            },
        );
    });
    let step = ui.input(|i| {
        i.key_pressed(egui::Key::ArrowDown) as isize - i.key_pressed(egui::Key::ArrowUp) as isize
    });
    if step == 0 {
        return false;
    }
    let at = choices.iter().position(|c| c == value).unwrap_or(0) as isize;
    let next = (at + step).rem_euclid(choices.len() as isize) as usize;
    match choices.get(next) {
        Some(choice) if choice != value => {
            *value = choice.clone();
            true
        }
        _ => false,
    }
}
