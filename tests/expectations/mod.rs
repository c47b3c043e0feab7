//! Expectations written next to the input: a trailing
//! `# expect: rule-name[:COL]` on the line a diagnostic must point at, or a
//! line `# expect-next-line: rule-name` above it. A diagnostic in a file
//! that cannot hold a comment (a link to nothing) is expected from a
//! neighbour: `# expect-in: FILE:LINE rule-name`, FILE relative to the
//! neighbour's directory. Shared by the rule and project fixture tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use compose_lint::{Diagnostic, RULES};

/// (path, line, rule) → the columns expected there (`None`: any column).
pub(crate) type Expectations = BTreeMap<(PathBuf, usize, String), Vec<Option<usize>>>;

#[derive(Debug)]
pub(crate) struct Actual {
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) rule: String,
    pub(crate) message: String,
}

impl From<&Diagnostic> for Actual {
    fn from(d: &Diagnostic) -> Self {
        let start = d.primary().start();
        Actual {
            path: d.primary().source().path().to_path_buf(),
            line: start.line,
            column: start.column,
            rule: d.rule().to_string(),
            message: d.message().to_string(),
        }
    }
}

pub(crate) fn parse_expectations(
    path: &Path,
    text: &str,
    into: &mut Expectations,
) -> Result<(), String> {
    for (index, line) in text.lines().enumerate() {
        let mut target_path = path.to_path_buf();
        let (target_line, list) = if let Some(rest) = line.trim_start().strip_prefix("# expect-in:")
        {
            let (place, list) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
            let (file, number) = place.rsplit_once(':').ok_or_else(|| {
                format!(
                    "{}:{}: `# expect-in:` wants FILE:LINE",
                    path.display(),
                    index + 1
                )
            })?;
            let number = number
                .parse()
                .map_err(|_| format!("{}:{}: bad line in `{place}`", path.display(), index + 1))?;
            target_path = path.parent().unwrap_or(Path::new(".")).join(file);
            (number, list)
        } else if let Some(rest) = line.trim_start().strip_prefix("# expect-next-line:") {
            (index + 2, rest)
        } else if let Some(position) = line.find("# expect:") {
            (index + 1, &line[position + "# expect:".len()..])
        } else {
            continue;
        };
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (rule, column) = match item.split_once(':') {
                Some((rule, column)) => {
                    let column = column.parse().map_err(|_| {
                        format!("{}:{}: bad column in `{item}`", path.display(), index + 1)
                    })?;
                    (rule, Some(column))
                }
                None => (item, None),
            };
            if !RULES.iter().any(|r| r.meta().name == rule) {
                return Err(format!(
                    "{}:{}: `{rule}` is not a rule",
                    path.display(),
                    index + 1
                ));
            }
            into.entry((target_path.clone(), target_line, rule.to_string()))
                .or_default()
                .push(column);
        }
    }
    Ok(())
}

/// Every file under `dir`, sorted.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// What differs between the expected and the actual diagnostics, in
/// readable lines.
pub(crate) fn compare(mut expected: Expectations, actual: Vec<Actual>) -> Vec<String> {
    let mut problems = Vec::new();
    for found in actual {
        let key = (found.path.clone(), found.line, found.rule.clone());
        let matched = expected.get_mut(&key).and_then(|columns| {
            let position = columns
                .iter()
                .position(|c| *c == Some(found.column))
                .or_else(|| columns.iter().position(Option::is_none))?;
            Some(columns.remove(position))
        });
        if matched.is_none() {
            problems.push(format!(
                "unexpected {}:{}:{}: [{}] {}",
                found.path.display(),
                found.line,
                found.column,
                found.rule,
                found.message
            ));
        }
    }
    for ((path, line, rule), columns) in expected {
        for column in columns {
            let at = column.map_or_else(String::new, |c| format!(":{c}"));
            problems.push(format!(
                "missing    {}:{line}{at}: [{rule}]",
                path.display()
            ));
        }
    }
    problems
}
