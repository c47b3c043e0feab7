//! Prometheus configurations: the ones compose services mount, and what
//! they scrape.

pub mod discover;
pub mod targets;
