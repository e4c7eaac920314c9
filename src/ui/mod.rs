//! The egui user interface.

pub mod body_view;
pub mod highlight;
