//! Rules about the YAML itself: files Compose cannot even load.

pub(crate) mod alias_expansion_limit;
pub(crate) mod duplicate_key;
pub(crate) mod empty_compose_file;
pub(crate) mod invalid_utf8;
pub(crate) mod non_string_key;
pub(crate) mod yaml_syntax_error;
