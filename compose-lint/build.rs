//! Writes the Compose schema (`compose-lint/schemas/compose.schema.json`) as Rust statics
//! for the quick schema check (`src/compose/schema/quick.rs`), so a process
//! neither parses nor compiles the schema to find a file valid. The build
//! fails on a keyword the quick check does not read, so the two cannot
//! drift apart.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Map, Value as Json};

const SCHEMA: &str = "schemas/compose.schema.json";

fn main() {
    println!("cargo::rerun-if-changed={SCHEMA}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SCHEMA).expect("reading the Compose schema");
    let schema: Json = serde_json::from_str(&text).expect("the Compose schema is JSON");
    let mut out = Writer::default();
    let definitions = schema
        .get("definitions")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default();
    for name in definitions.keys() {
        let index = out.definitions.len();
        out.definitions.insert(name.clone(), index);
    }
    let mut definition_values = Vec::new();
    for (name, definition) in &definitions {
        let value = out.schema(definition, &format!("#/definitions/{name}"));
        definition_values.push(value);
    }
    for (index, value) in definition_values.iter().enumerate() {
        writeln!(out.code, "static D{index}: Schema = {value};").expect("writing to a String");
    }
    let root = out.schema(&schema, "#");
    writeln!(out.code, "pub(super) static ROOT: Schema = {root};").expect("writing to a String");
    let path =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("compose_schema.rs");
    std::fs::write(path, out.code).expect("writing the generated schema");
}

#[derive(Default)]
struct Writer {
    code: String,
    definitions: HashMap<String, usize>,
    statics: usize,
    patterns: HashMap<String, String>,
}

impl Writer {
    fn name(&mut self, prefix: &str) -> String {
        self.statics += 1;
        format!("{prefix}{}", self.statics)
    }

    /// A `Schema` expression for `value`, writing the statics it refers to.
    fn schema(&mut self, value: &Json, at: &str) -> String {
        match value {
            Json::Bool(b) => format!("Schema::Bool({b})"),
            Json::Object(map) => {
                if let Some(reference) = map.get("$ref") {
                    let target = reference
                        .as_str()
                        .and_then(|r| r.strip_prefix("#/definitions/"))
                        .and_then(|name| self.definitions.get(name))
                        .unwrap_or_else(|| panic!("{at}: unsupported $ref {reference}"));
                    return format!("Schema::Ref(&D{target})");
                }
                let node = self.node(map, at);
                format!("Schema::Node(&{node})")
            }
            _ => panic!("{at}: a schema must be an object or a boolean"),
        }
    }

    fn schemas(&mut self, values: &Json, at: &str) -> String {
        let values = values
            .as_array()
            .unwrap_or_else(|| panic!("{at}: expected a list of schemas"));
        let items: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| self.schema(v, &format!("{at}/{i}")))
            .collect();
        let name = self.name("L");
        writeln!(
            self.code,
            "static {name}: [Schema; {}] = [{}];",
            items.len(),
            items.join(", ")
        )
        .expect("writing to a String");
        format!("&{name}")
    }

    fn named(&mut self, values: &Json, at: &str, patterns: bool) -> String {
        let map = values
            .as_object()
            .unwrap_or_else(|| panic!("{at}: expected a mapping of schemas"));
        let mut entries: Vec<(&String, &Json)> = map.iter().collect();
        if !patterns {
            // Sorted, for a binary search by name.
            entries.sort_by(|a, b| a.0.cmp(b.0));
        }
        let mut items = Vec::new();
        for (key, value) in entries {
            let schema = self.schema(value, &format!("{at}/{key}"));
            let key = if patterns {
                format!("&{}", self.pattern(key))
            } else {
                format!("{key:?}")
            };
            items.push(format!("({key}, {schema})"));
        }
        let name = self.name("M");
        let kind = if patterns {
            "&'static Pattern"
        } else {
            "&'static str"
        };
        writeln!(
            self.code,
            "static {name}: [({kind}, Schema); {}] = [{}];",
            items.len(),
            items.join(", ")
        )
        .expect("writing to a String");
        format!("&{name}")
    }

    fn pattern(&mut self, text: &str) -> String {
        if let Some(name) = self.patterns.get(text) {
            return name.clone();
        }
        let name = self.name("P");
        let prefix = text
            .strip_prefix('^')
            .filter(|p| {
                p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .map_or("None".to_owned(), |p| format!("Some({p:?})"));
        writeln!(
            self.code,
            "static {name}: Pattern = Pattern::new({text:?}, {prefix});"
        )
        .expect("writing to a String");
        self.patterns.insert(text.to_owned(), name.clone());
        name
    }

    fn node(&mut self, map: &Map<String, Json>, at: &str) -> String {
        let mut fields: Vec<String> = Vec::new();
        for (keyword, argument) in map {
            let here = format!("{at}/{keyword}");
            let field = match keyword.as_str() {
                "$schema" | "$id" | "$comment" | "title" | "description" | "definitions"
                | "default" | "examples" => continue,
                "type" => {
                    let names: Vec<&str> = match argument {
                        Json::String(name) => vec![name.as_str()],
                        Json::Array(names) => names.iter().filter_map(Json::as_str).collect(),
                        _ => panic!("{here}: bad type"),
                    };
                    let types: Vec<String> =
                        names.iter().map(|name| type_name(name, &here)).collect();
                    format!("types: &[{}]", types.join(", "))
                }
                "enum" => {
                    let values = argument
                        .as_array()
                        .unwrap_or_else(|| panic!("{here}: bad enum"));
                    let literals: Vec<String> = values.iter().map(|v| literal(v, &here)).collect();
                    format!("enumeration: Some(&[{}])", literals.join(", "))
                }
                "properties" => format!("properties: {}", self.named(argument, &here, false)),
                "patternProperties" => {
                    format!("pattern_properties: {}", self.named(argument, &here, true))
                }
                "additionalProperties" => {
                    format!(
                        "additional_properties: Some({})",
                        self.schema(argument, &here)
                    )
                }
                "required" => {
                    let names: Vec<String> = argument
                        .as_array()
                        .unwrap_or_else(|| panic!("{here}: bad required"))
                        .iter()
                        .map(|n| format!("{:?}", n.as_str().expect("a required name")))
                        .collect();
                    format!("required: &[{}]", names.join(", "))
                }
                "items" => match argument {
                    Json::Array(_) => {
                        format!("items: Items::Each({})", self.schemas(argument, &here))
                    }
                    _ => format!("items: Items::All({})", self.schema(argument, &here)),
                },
                "additionalItems" => {
                    format!("additional_items: Some({})", self.schema(argument, &here))
                }
                "uniqueItems" => {
                    format!("unique_items: {}", argument.as_bool().expect("a boolean"))
                }
                "minItems" => format!("min_items: Some({})", count(argument, &here)),
                "maxItems" => format!("max_items: Some({})", count(argument, &here)),
                "minLength" => format!("min_length: Some({})", count(argument, &here)),
                "maxLength" => format!("max_length: Some({})", count(argument, &here)),
                "minimum" => format!("minimum: Some({})", number(argument, &here)),
                "maximum" => format!("maximum: Some({})", number(argument, &here)),
                "format" => format!(
                    "format: Some({:?})",
                    argument.as_str().expect("a format name")
                ),
                "pattern" => {
                    let text = argument.as_str().expect("a pattern");
                    format!("pattern: Some(&{})", self.pattern(text))
                }
                "anyOf" => format!("any_of: {}", self.schemas(argument, &here)),
                "oneOf" => format!("one_of: {}", self.schemas(argument, &here)),
                "allOf" => format!("all_of: {}", self.schemas(argument, &here)),
                "not" => format!("not: Some({})", self.schema(argument, &here)),
                other => panic!("{here}: the quick schema check does not read `{other}`"),
            };
            fields.push(field);
        }
        let name = self.name("N");
        fields.push("..Node::EMPTY".to_owned());
        writeln!(
            self.code,
            "static {name}: Node = Node {{ {} }};",
            fields.join(", ")
        )
        .expect("writing to a String");
        name
    }
}

fn type_name(name: &str, at: &str) -> String {
    match name {
        "null" => "Type::Null",
        "boolean" => "Type::Boolean",
        "string" => "Type::String",
        "number" => "Type::Number",
        "integer" => "Type::Integer",
        "array" => "Type::Array",
        "object" => "Type::Object",
        _ => panic!("{at}: unknown type {name}"),
    }
    .to_owned()
}

fn literal(value: &Json, at: &str) -> String {
    match value {
        Json::Null => "Literal::Null".to_owned(),
        Json::Bool(b) => format!("Literal::Bool({b})"),
        Json::String(s) => format!("Literal::Str({s:?})"),
        Json::Number(n) => match n.as_i64() {
            Some(i) => format!("Literal::Int({i})"),
            None => panic!("{at}: only whole numbers are read in an enum"),
        },
        _ => panic!("{at}: only scalars are read in an enum"),
    }
}

fn count(value: &Json, at: &str) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("{at}: expected a count"))
}

fn number(value: &Json, at: &str) -> String {
    match value.as_i64() {
        Some(i) if i.unsigned_abs() <= 1 << 53 => format!("{i}.0"),
        _ => panic!("{at}: expected a whole number"),
    }
}
