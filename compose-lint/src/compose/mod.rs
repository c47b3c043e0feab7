//! Loading a Compose project the way Compose does: environment files,
//! interpolation, overrides merged by the Compose Specification's rules,
//! `extends`, `include` and profiles, all on a value tree that keeps the
//! origin of every value.

pub mod dotenv;
pub mod emit;
pub mod interpolate;
pub mod merge;
pub mod value;
