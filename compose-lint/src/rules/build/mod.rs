//! Rules about what `docker compose build` needs: the build context, the
//! Dockerfile and its stages.

pub(crate) mod build_context_missing;
pub(crate) mod build_target_missing;
pub(crate) mod copy_from_unknown;
pub(crate) mod dockerfile_missing;
pub(crate) mod dockerfile_syntax_error;

use crate::location::{Location, Part};
use crate::yaml::escape_pointer_segment;

/// The place of `key` (a path under `build`) of service `service`.
fn at(service: &str, key: &[&str], part: Part) -> Location {
    let mut pointer = format!("/services/{}/build", escape_pointer_segment(service));
    for segment in key {
        pointer.push('/');
        pointer.push_str(&escape_pointer_segment(segment));
    }
    Location::model(pointer, part)
}

/// Names as `` `a`, `b` `` for messages.
fn quoted<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
