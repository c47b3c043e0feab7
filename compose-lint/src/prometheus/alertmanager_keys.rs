//! The keys and value types of Alertmanager's configuration file (`--config.file`).

use crate::shape::{Block, Shape};

/// The whole file.
pub(crate) static ALERTMANAGER: Block = Block {
    name: "top level",
    fields: &[("placeholder", Shape::Any)],
};
