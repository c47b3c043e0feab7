//! Validation against compose-lint's JSON schema of the Compose
//! Specification (`compose-lint/schemas/compose.schema.json`), run on each document after
//! interpolation as Compose does, with each schema error shaped into one
//! message a person understands at once (`shape`).

pub mod formats;
mod quick;
mod shape;
mod suggest;

use std::sync::LazyLock;

use jsonschema::{Draft, Validator};
use serde_json::Value as Json;

use super::value::{Kind, Tag, Value};
use crate::location::Part;

pub use suggest::closest;
pub(crate) use suggest::spelled_alike;

/// The schema, as written in `compose-lint/schemas/`.
pub(crate) const SCHEMA_TEXT: &str = include_str!("../../../schemas/compose.schema.json");

/// The schema as JSON, for the keys and values it allows.
pub(crate) static SCHEMA: LazyLock<Json> = LazyLock::new(|| {
    // The bundled schema is valid JSON; the unit tests load it.
    serde_json::from_str(SCHEMA_TEXT).unwrap_or(Json::Bool(true))
});

/// The validator, compiled once and shared by every thread.
static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    let mut options = jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true);
    for format in formats::FORMATS {
        let check = format.check;
        options = options.with_format(format.name, move |text: &str| check(text).is_ok());
    }
    options.build(&SCHEMA).unwrap_or_else(|error| {
        // A test compiles the bundled schema; a broken one cannot ship.
        panic!("schemas/compose.schema.json does not compile: {error}")
    })
});

/// The compiled validator, for tools that check instances themselves.
pub fn validator() -> &'static Validator {
    &VALIDATOR
}

/// What kind of schema problem a value has; each is its own rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemaProblemKind {
    /// A key the schema does not know at that place.
    UnknownKey,
    /// A value of the wrong type: a mapping where a list belongs.
    InvalidType,
    /// A value of the right type that is not allowed: a bad enum value,
    /// duration, port mapping, size, address or number.
    InvalidValue,
    /// A mapping without a key it needs.
    MissingKey,
}

/// One schema problem, shaped into a message.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SchemaProblem {
    pub kind: SchemaProblemKind,
    /// The JSON pointer of the value in the validated document.
    pub pointer: String,
    /// Whether the key or the value is at fault.
    pub part: Part,
    pub message: String,
    pub help: Option<String>,
    /// What Compose says about the value, when it checks it itself.
    pub note: Option<String>,
    /// The key or value as found and the one allowed name it misspells,
    /// when exactly one is that close.
    pub replacement: Option<(String, String)>,
}

/// Validates one document and returns every problem, one message each, in
/// document order. A document the quick check finds valid is neither
/// copied into JSON nor shown to the compiled validator.
pub(crate) fn validate(document: &Value) -> Vec<SchemaProblem> {
    let quick = quick::check(document);
    if matches!(quick, Ok(true)) && !cfg!(debug_assertions) {
        return Vec::new();
    }
    let instance = instance(document);
    debug_assert!(
        quick
            .as_ref()
            .map_or(true, |valid| *valid == VALIDATOR.is_valid(&instance)),
        "the quick check and the validator disagree on {instance}"
    );
    debug_assert!(
        quick.as_ref().ok() == quick::check(&instance).as_ref().ok(),
        "the quick check reads the value tree and its JSON differently: {instance}"
    );
    if matches!(quick, Ok(true)) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for error in VALIDATOR.iter_errors(&instance) {
        shape::shape(&error, &instance, &mut problems);
    }
    problems.dedup();
    problems
}

/// Why a value the schema refuses at `pointer` is no certain error:
/// Compose loads it and runs the project anyway. `None` for every other
/// place.
pub(crate) fn loaded_anyway(pointer: &str) -> Option<&'static str> {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    match segments.as_slice() {
        ["services", _, "deploy", "mode"] => Some(
            "`docker compose` loads the file and runs the service whatever the mode says; \
             `docker stack deploy` refuses it",
        ),
        _ => None,
    }
}

/// The JSON instance the schema validates: the value without the mapping
/// entries `!reset` removes (Compose drops them while reading the file).
pub fn instance(value: &Value) -> Json {
    match &value.kind {
        Kind::Null => Json::Null,
        Kind::Bool(b) => Json::Bool(*b),
        Kind::Number(n) => Json::Number(n.clone()),
        Kind::String(s) => Json::String(s.to_string()),
        Kind::Sequence(items) => Json::Array(items.iter().map(instance).collect()),
        Kind::Mapping(map) => Json::Object(
            map.iter()
                .filter(|(_, v)| v.tag != Some(Tag::Reset))
                .map(|(k, v)| (k.to_string(), instance(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_schema_compiles() {
        assert!(serde_json::from_str::<Json>(SCHEMA_TEXT).is_ok());
        assert!(validator().is_valid(&serde_json::json!({"services": {}})));
    }
}
