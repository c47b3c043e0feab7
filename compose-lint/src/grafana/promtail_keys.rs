//! The keys and value types of Promtail's configuration file (`-config.file`).

use crate::shape::{Block, Shape};

/// The whole file.
pub(crate) static PROMTAIL: Block = Block {
    name: "top level",
    fields: &[("placeholder", Shape::Any)],
};
