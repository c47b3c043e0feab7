//! The keys and value types of Loki's configuration file (`-config.file`).

use crate::shape::{Block, Shape};

/// The whole file.
pub(crate) static LOKI: Block = Block {
    name: "top level",
    fields: &[("placeholder", Shape::Any)],
};
