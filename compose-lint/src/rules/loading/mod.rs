//! Rules about how the files of a project combine: overrides, `extends`
//! and `include`.

pub(crate) mod chain_too_deep;
pub(crate) mod extends_cycle;
pub(crate) mod extends_target_missing;
pub(crate) mod include_conflict;
pub(crate) mod include_cycle;
pub(crate) mod include_file_missing;
pub(crate) mod override_empty_does_not_reset;
pub(crate) mod path_outside_root;
