//! Loading a Compose project the way Compose does: environment files,
//! interpolation, overrides merged by the Compose Specification's rules,
//! `extends`, `include` and profiles, all on a value tree that keeps the
//! origin of every value.

pub mod dotenv;
pub mod duration;
pub mod emit;
pub mod environment;
pub mod extends;
pub mod file_names;
pub mod include;
pub mod interpolate;
pub mod load;
pub mod merge;
pub mod model;
pub mod mounts;
pub mod normalize;
pub mod paths;
pub mod port_spec;
pub mod problem;
pub mod redact;
pub mod schema;
pub mod substitute;
pub mod value;
