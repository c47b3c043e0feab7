//! Renderers: the same diagnostics as text for people, one line each for
//! editors and scripts, or versioned JSON for programs.

pub mod compact;
pub mod human;
pub mod json;

pub use human::HumanOptions;
