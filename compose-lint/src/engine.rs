//! Runs the rules over a project and resolves what they report.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Label};
use crate::linter::Config;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, RULES, RuleMeta};
use crate::source::{SourceFile, Span};

pub(crate) fn run(project: &Project, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in RULES.iter().filter(|r| config.is_enabled(r.meta().name)) {
        let mut cx = Context::new(project);
        for file in &project.files {
            rule.check_file(file, &mut cx);
        }
        rule.check_project(project, &mut cx);
        for finding in cx.take_findings() {
            if let Some(diagnostic) = resolve(project, rule.meta(), finding) {
                diagnostics.push(diagnostic);
            }
        }
    }
    sort(&mut diagnostics);
    diagnostics
}

pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

fn resolve(project: &Project, rule: &'static RuleMeta, finding: Finding) -> Option<Diagnostic> {
    let Finding {
        message,
        primary,
        primary_label,
        labels,
        help,
        notes,
    } = finding;
    let resolved = resolve_location(project, &primary)?;
    let mut secondary = Vec::new();
    if let Some(via) = resolved.via.filter(|via| *via != resolved.span) {
        secondary.push(Label::new(
            Arc::clone(&resolved.source),
            via,
            Some("the value comes from this alias".to_string()),
        ));
    }
    for (location, text) in labels {
        if let Some(label) = resolve_location(project, &location) {
            secondary.push(Label::new(label.source, label.span, Some(text)));
        }
    }
    let primary = Label::new(resolved.source, resolved.span, primary_label);
    Some(
        Diagnostic::new(rule, rule.default_severity, message, primary)
            .with_secondary(secondary)
            .with_help(help)
            .with_notes(notes),
    )
}

struct Resolved {
    source: Arc<SourceFile>,
    span: Span,
    via: Option<Span>,
}

/// Finds the span of a location. A pointer that names nothing (which would
/// be a rule's bug) falls back to its nearest existing ancestor, so the
/// diagnostic is still shown close to where it belongs.
fn resolve_location(project: &Project, location: &Location) -> Option<Resolved> {
    let file = project.file(location.file())?;
    let source = Arc::clone(&file.source);
    let (pointer, part) = match location {
        Location::Span { span, .. } => {
            return Some(Resolved {
                source,
                span: *span,
                via: None,
            });
        }
        Location::Node { pointer, part, .. } => (pointer, part),
    };
    // Escaped segments never hold a `/`, so cutting at the last `/` gives
    // the parent pointer.
    let mut prefix = pointer.as_str();
    let found = loop {
        if let Some(spans) = file.yaml.locate(prefix) {
            break Some((spans, prefix.len() == pointer.len()));
        }
        match prefix.rfind('/') {
            Some(cut) => prefix = &prefix[..cut],
            None => break None,
        }
    };
    let Some((spans, exact)) = found else {
        return Some(Resolved {
            source,
            span: Span::at(0),
            via: None,
        });
    };
    let span = match part {
        Part::Key if exact => spans.key.unwrap_or(spans.value),
        Part::Sub(range) if exact => {
            let start = (spans.value.start + range.start).min(spans.value.end);
            let end = (spans.value.start + range.end).clamp(start, spans.value.end);
            Span::new(start, end)
        }
        _ => spans.value,
    };
    Some(Resolved {
        source,
        span,
        via: spans.via,
    })
}
