//! The rule list (`compose-lint rules`): a table for people, grouped by
//! family and fitted to the width, or JSON for programs.

use serde::Serialize;

use crate::meta::{Family, RuleMeta};
use crate::rules::RULES;

/// The family called `name`; an error naming the closest family
/// otherwise.
pub fn family(name: &str) -> Result<Family, String> {
    if let Some(family) = Family::ALL.iter().find(|f| f.as_str() == name) {
        return Ok(*family);
    }
    let names = Family::ALL.iter().map(|f| f.as_str());
    let prefixed = Family::ALL
        .iter()
        .map(|f| f.as_str())
        .find(|f| !name.is_empty() && f.starts_with(name));
    let hint = match prefixed.or_else(|| crate::compose::schema::closest(name, names)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "the families are {}",
            Family::ALL.map(Family::as_str).join(", ")
        ),
    };
    Err(format!("no family is called `{name}`; {hint}"))
}

/// The rules of `family` (every rule when `None`), by family (in the
/// order families are listed) and name.
pub fn listed(family: Option<Family>) -> Vec<&'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = RULES
        .iter()
        .map(|rule| rule.meta())
        .filter(|meta| family.is_none_or(|f| meta.family == f))
        .collect();
    rules.sort_by_key(|meta| {
        let family = Family::ALL.iter().position(|f| *f == meta.family);
        (family, meta.name)
    });
    rules
}

/// The table: a heading per family, then a line per rule (name, default
/// severity, `*` when it offers a fix) with its summary beside it, wrapped
/// to `width` columns, or on the lines below when the width leaves too
/// little room beside the names.
pub fn table(rules: &[&RuleMeta], width: usize) -> String {
    let name_width = rules.iter().map(|m| m.name.len()).max().unwrap_or(0);
    let beside = 2 + name_width + 2 + 7 + 2 + 1 + 2;
    let (indent, summary_width) = if width >= beside + 30 {
        (beside, width - beside)
    } else {
        (6, width.saturating_sub(6).max(20))
    };
    let mut out = String::new();
    let mut family = None;
    for meta in rules {
        if family != Some(meta.family) {
            if family.is_some() {
                out.push('\n');
            }
            out.push_str(&format!("{}\n", meta.family));
            family = Some(meta.family);
        }
        let mut summary = meta.summary.to_string();
        if meta.opt_in {
            summary.push_str(" (opt-in)");
        }
        let lines = super::wrap(&summary, summary_width);
        let fix = if meta.fixable { "*" } else { " " };
        let head = format!(
            "  {:name_width$}  {:7}  {fix}",
            meta.name,
            meta.default_severity.to_string()
        );
        let rest = if indent == beside {
            out.push_str(&format!("{head}  {}\n", lines[0]));
            &lines[1..]
        } else {
            out.push_str(head.trim_end());
            out.push('\n');
            &lines[..]
        };
        for line in rest {
            out.push_str(&format!("{:indent$}{line}\n", ""));
        }
    }
    out.push_str("\n* offers a fix (`--fix` shows it)\n");
    out
}

#[derive(Serialize)]
struct Listed {
    name: &'static str,
    family: &'static str,
    severity: &'static str,
    fixable: bool,
    opt_in: bool,
    summary: &'static str,
    url: String,
}

/// The rules as a JSON array, one object per rule.
pub fn json(rules: &[&RuleMeta]) -> String {
    let listed: Vec<Listed> = rules
        .iter()
        .map(|meta| Listed {
            name: meta.name,
            family: meta.family.as_str(),
            severity: meta.default_severity.as_str(),
            fixable: meta.fixable,
            opt_in: meta.opt_in,
            summary: meta.summary,
            url: meta.url(),
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&listed).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_fits_eighty_columns_and_json_lists_every_rule() {
        let rules = listed(None);
        for width in [80, 120] {
            for line in table(&rules, width).lines() {
                // A code span longer than its column is the only overflow.
                let fits = line.chars().count() <= width;
                assert!(
                    fits || !line.trim().contains(' ') || line.contains('`'),
                    "{line}"
                );
            }
        }
        let parsed: serde_json::Value = serde_json::from_str(&json(&rules)).unwrap_or_default();
        assert_eq!(parsed.as_array().map(Vec::len), Some(RULES.len()));
        let grafana = listed(Some(Family::Grafana));
        assert!(!grafana.is_empty() && grafana.iter().all(|m| m.family == Family::Grafana));
    }
}
