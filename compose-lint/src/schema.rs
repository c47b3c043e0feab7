//! The Compose schema compose-lint validates each compose document
//! against (`compose-lint/schemas/compose.schema.json`), with its formats: for tools that
//! compare it with another schema, or validate a document the way the
//! linter does.

pub use crate::compose::schema::formats;
pub use crate::compose::schema::{closest, instance, validator};
