//! Loading a Compose project the way Compose does: environment files,
//! interpolation, overrides merged by the Compose Specification's rules,
//! `extends`, `include` and profiles, all on a value tree that keeps the
//! origin of every value.

pub(crate) mod dotenv;
pub(crate) mod duration;
pub(crate) mod emit;
pub(crate) mod env_files;
pub(crate) mod environment;
pub(crate) mod extends;
pub(crate) mod file_names;
pub(crate) mod include;
pub(crate) mod interpolate;
pub(crate) mod load;
pub(crate) mod merge;
pub(crate) mod model;
pub(crate) mod mounts;
pub(crate) mod normalize;
pub(crate) mod paths;
pub(crate) mod port_spec;
pub(crate) mod problem;
pub(crate) mod redact;
pub(crate) mod schema;
pub(crate) mod substitute;
pub(crate) mod value;
