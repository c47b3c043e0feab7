//! Rules about variables: `${...}` in compose files and the environment
//! files that give them values.

pub mod dotenv_syntax_error;
pub mod invalid_interpolation;
pub mod required_variable_missing;
pub mod variable_unset;
