//! Rules about variables: `${...}` in compose files and the environment
//! files that give them values.

pub(crate) mod dotenv_syntax_error;
pub(crate) mod invalid_interpolation;
pub(crate) mod required_variable_missing;
pub(crate) mod variable_unset;
