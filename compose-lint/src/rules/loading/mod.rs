//! Rules about how the files of a project combine: overrides, `extends`
//! and `include`.

pub mod chain_too_deep;
pub mod extends_cycle;
pub mod extends_target_missing;
pub mod include_cycle;
pub mod include_file_missing;
pub mod override_empty_does_not_reset;
pub mod path_outside_root;
