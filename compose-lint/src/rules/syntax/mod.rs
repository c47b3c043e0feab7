//! Rules about the YAML itself: files Compose cannot even load.

pub mod alias_expansion_limit;
pub mod duplicate_key;
pub mod empty_compose_file;
pub mod invalid_utf8;
pub mod yaml_syntax_error;
