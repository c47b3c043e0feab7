//! Interpolation of a whole document: every string value (never a key) goes
//! through [`interpolate::substitute`], problems are placed on the exact
//! `${...}` in the file, and the strings at the attributes Compose reads as
//! numbers or booleans are converted, as Compose does after interpolating.

use serde_json::Number;

use super::environment::{Environment, interpolation_problem};
use super::interpolate;
use super::problem::LoadProblem;
use super::value::{Kind, Origin, Value};
use crate::location::Location;
use crate::source::Span;
use crate::sources::LoadedFile;

/// Interpolates `value` (a document of one of `files`) with `environment`.
pub(crate) fn interpolate_document(
    value: &mut Value,
    environment: &Environment,
    files: &[LoadedFile],
    problems: &mut Vec<LoadProblem>,
) {
    let mut walker = Walker {
        environment,
        files,
        problems,
    };
    walker.walk(value, &mut Vec::new());
}

struct Walker<'a> {
    environment: &'a Environment,
    files: &'a [LoadedFile],
    problems: &'a mut Vec<LoadProblem>,
}

impl Walker<'_> {
    /// `path` holds the keys from the root, borrowed (list items are
    /// `[]`): nothing is copied per node.
    fn walk<'v>(&mut self, value: &'v mut Value, path: &mut Vec<&'v str>) {
        match value.kind {
            Kind::Mapping(_) | Kind::Sequence(_) => self.walk_children(value, path),
            Kind::String(_) => self.substitute(value, path),
            _ => {}
        }
    }

    fn walk_children<'v>(&mut self, value: &'v mut Value, path: &mut Vec<&'v str>) {
        match &mut value.kind {
            Kind::Mapping(map) => {
                for (key, item) in map.iter_mut() {
                    path.push(key.as_str());
                    self.walk(item, path);
                    path.pop();
                }
            }
            Kind::Sequence(items) => {
                path.push("[]");
                for item in items.iter_mut() {
                    self.walk(item, path);
                }
                path.pop();
            }
            _ => {}
        }
    }

    /// Interpolates a string value, then converts it when `path` is an
    /// attribute Compose reads as a number or a boolean.
    fn substitute(&mut self, value: &mut Value, path: &[&str]) {
        let Kind::String(text) = &value.kind else {
            return;
        };
        if text.contains('$') {
            let lookup = |name: &str| self.environment.get(name).map(str::to_string);
            let result = interpolate::substitute(text, &lookup);
            for problem in result.problems {
                let expression = text.get(problem.range.clone()).unwrap_or_default();
                let at = self.place(value.origin, text, expression, problem.range.start);
                self.problems
                    .push(interpolation_problem(at, problem.kind, self.environment));
            }
            value.kind = Kind::String(result.text.into());
        }
        if let Some(cast) = cast_for(path)
            && let Kind::String(text) = &value.kind
            && let Some(kind) = cast.apply(text)
        {
            value.kind = kind;
        }
    }

    /// The place of `expression`, which starts at byte `at` of the scalar's
    /// `text`, in the file. The scalar as written may differ from its text
    /// (quotes, escapes, folded lines), so the expression is searched for in
    /// the written form: the same occurrence as in the text when it can be
    /// found, else the whole value.
    fn place(&self, origin: Option<Origin>, text: &str, expression: &str, at: usize) -> Location {
        let Some(origin) = origin else {
            return Location::span(crate::location::FileId(0), Span::at(0));
        };
        let whole = Location::span(origin.file, origin.value());
        let Some(written) = self.files.get(origin.file.index()).and_then(|f| {
            f.source
                .text()
                .get(origin.value().start..origin.value().end)
        }) else {
            return whole;
        };
        if expression.is_empty() {
            return whole;
        }
        let occurrence = text
            .get(..at)
            .map_or(0, |before| before.matches(expression).count());
        match written.match_indices(expression).nth(occurrence) {
            Some((offset, _)) => {
                let start = origin.value().start + offset;
                Location::span(origin.file, Span::new(start, start + expression.len()))
            }
            None => whole,
        }
    }
}

/// How a string attribute is converted after interpolation.
#[derive(Clone, Copy)]
enum Cast {
    Integer,
    Float,
    Boolean,
}

impl Cast {
    /// The converted value, or `None` to leave the string for the schema
    /// check to report.
    fn apply(self, text: &str) -> Option<Kind> {
        match self {
            Cast::Integer => text.parse::<i64>().ok().map(|n| Kind::Number(n.into())),
            Cast::Float => text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Kind::Number),
            Cast::Boolean => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "on" => Some(Kind::Bool(true)),
                "false" | "no" | "n" | "off" => Some(Kind::Bool(false)),
                _ => None,
            },
        }
    }
}

/// The attributes Compose converts after interpolation, by path pattern
/// (`*` any key, `[]` any list item).
const CASTS: &[(&[&str], Cast)] = &[
    (&["services", "*", "cpu_count"], Cast::Integer),
    (&["services", "*", "cpu_percent"], Cast::Float),
    (&["services", "*", "cpu_period"], Cast::Integer),
    (&["services", "*", "cpu_quota"], Cast::Integer),
    (&["services", "*", "cpu_rt_period"], Cast::Integer),
    (&["services", "*", "cpu_rt_runtime"], Cast::Integer),
    (&["services", "*", "cpus"], Cast::Float),
    (&["services", "*", "cpu_shares"], Cast::Integer),
    (&["services", "*", "init"], Cast::Boolean),
    (
        &["services", "*", "depends_on", "*", "required"],
        Cast::Boolean,
    ),
    (
        &["services", "*", "depends_on", "*", "restart"],
        Cast::Boolean,
    ),
    (&["services", "*", "deploy", "replicas"], Cast::Integer),
    (
        &["services", "*", "deploy", "update_config", "parallelism"],
        Cast::Integer,
    ),
    (
        &[
            "services",
            "*",
            "deploy",
            "update_config",
            "max_failure_ratio",
        ],
        Cast::Float,
    ),
    (
        &["services", "*", "deploy", "rollback_config", "parallelism"],
        Cast::Integer,
    ),
    (
        &[
            "services",
            "*",
            "deploy",
            "rollback_config",
            "max_failure_ratio",
        ],
        Cast::Float,
    ),
    (
        &["services", "*", "deploy", "restart_policy", "max_attempts"],
        Cast::Integer,
    ),
    (
        &[
            "services",
            "*",
            "deploy",
            "placement",
            "max_replicas_per_node",
        ],
        Cast::Integer,
    ),
    (&["services", "*", "healthcheck", "retries"], Cast::Integer),
    (&["services", "*", "healthcheck", "disable"], Cast::Boolean),
    (&["services", "*", "oom_kill_disable"], Cast::Boolean),
    (&["services", "*", "oom_score_adj"], Cast::Integer),
    (&["services", "*", "pids_limit"], Cast::Integer),
    (&["services", "*", "ports", "[]", "target"], Cast::Integer),
    (&["services", "*", "privileged"], Cast::Boolean),
    (&["services", "*", "read_only"], Cast::Boolean),
    (&["services", "*", "scale"], Cast::Integer),
    (&["services", "*", "stdin_open"], Cast::Boolean),
    (&["services", "*", "tty"], Cast::Boolean),
    (&["services", "*", "ulimits", "*"], Cast::Integer),
    (&["services", "*", "ulimits", "*", "hard"], Cast::Integer),
    (&["services", "*", "ulimits", "*", "soft"], Cast::Integer),
    (
        &["services", "*", "volumes", "[]", "read_only"],
        Cast::Boolean,
    ),
    (
        &["services", "*", "volumes", "[]", "volume", "nocopy"],
        Cast::Boolean,
    ),
    (&["networks", "*", "external"], Cast::Boolean),
    (&["networks", "*", "internal"], Cast::Boolean),
    (&["networks", "*", "attachable"], Cast::Boolean),
    (&["networks", "*", "enable_ipv4"], Cast::Boolean),
    (&["networks", "*", "enable_ipv6"], Cast::Boolean),
    (&["volumes", "*", "external"], Cast::Boolean),
    (&["secrets", "*", "external"], Cast::Boolean),
    (&["configs", "*", "external"], Cast::Boolean),
];

fn cast_for(path: &[&str]) -> Option<Cast> {
    CASTS.iter().find_map(|(pattern, cast)| {
        let matches = pattern.len() == path.len()
            && pattern
                .iter()
                .zip(path)
                .all(|(want, have)| *want == "*" && *have != "[]" || want == have);
        matches.then_some(*cast)
    })
}
