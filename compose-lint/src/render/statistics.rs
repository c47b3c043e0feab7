//! `--statistics`: how many findings each rule reported, most first, with
//! `[*]` on the rules whose findings can be fixed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::Diagnostic;

struct Count {
    name: &'static str,
    count: usize,
    fixable: usize,
    summary: &'static str,
}

fn counts(diagnostics: &[Diagnostic]) -> Vec<Count> {
    let mut by_rule: BTreeMap<&'static str, Count> = BTreeMap::new();
    for diagnostic in diagnostics {
        let meta = diagnostic.rule_meta();
        let entry = by_rule.entry(meta.name).or_insert(Count {
            name: meta.name,
            count: 0,
            fixable: 0,
            summary: meta.summary,
        });
        entry.count += 1;
        if diagnostic.fix().is_some() {
            entry.fixable += 1;
        }
    }
    let mut counts: Vec<Count> = by_rule.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(b.name)));
    counts
}

/// One line per rule that reported something: count, rule, `[*]` when its
/// findings carry a fix, summary.
pub fn text(diagnostics: &[Diagnostic]) -> String {
    let counts = counts(diagnostics);
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(1);
    let name_width = counts.iter().map(|c| c.name.len()).max().unwrap_or(0);
    counts
        .iter()
        .map(|c| {
            let fix = if c.fixable > 0 { "[*]" } else { "[ ]" };
            format!(
                "{:>count_width$}  {:name_width$}  {fix} {}\n",
                c.count, c.name, c.summary
            )
        })
        .collect()
}

#[derive(Serialize)]
struct Listed {
    rule: &'static str,
    count: usize,
    fixable: usize,
    summary: &'static str,
}

/// The same as a JSON array.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let listed: Vec<Listed> = counts(diagnostics)
        .into_iter()
        .map(|c| Listed {
            rule: c.name,
            count: c.count,
            fixable: c.fixable,
            summary: c.summary,
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&listed).unwrap_or_default();
    text.push('\n');
    text
}
