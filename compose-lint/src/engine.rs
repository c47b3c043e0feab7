//! Runs the rules over a project and resolves what they report.

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Edit, Fix, Label};
use crate::location::{Location, Part};
use crate::meta::Severity;
use crate::model::Stack;
use crate::project::Project;
use crate::rules::{Context, Finding, FindingFix, RULES, RuleMeta};
use crate::settings::Config;
use crate::source::{SourceFile, Span};

/// The diagnostics that count and those a suppression silenced, each
/// sorted.
pub(crate) fn run(project: &Project, config: &Config) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    // A compose or environment file left unread (outside the root) leaves
    // the services and variables unknown: only syntax is checked then.
    let incomplete = project.incomplete();
    // Values from the process environment are quoted as `${NAME}`.
    let redactions = project
        .resolved
        .as_ref()
        .map(|resolved| &resolved.redactions)
        .filter(|redactions| !redactions.is_empty());
    let runs = |meta: &RuleMeta| {
        config.is_enabled(meta.name)
            && (!incomplete
                || meta.family == crate::rules::Family::Syntax
                || meta.name == "path-outside-root")
    };
    let unset = unset_variables(project);
    let stack = Stack::of(project);
    // Rules are independent: they run on the workers of the thread pool,
    // each with its own context, and their diagnostics are sorted after.
    let per_rule: Vec<Vec<Diagnostic>> = RULES
        .par_iter()
        .filter(|r| runs(r.meta()))
        .map(|rule| {
            let mut diagnostics = Vec::new();
            let mut cx = Context::new(project, &stack);
            for file in project.files() {
                rule.check_file(file, &mut cx);
            }
            rule.check_project(project, &mut cx);
            for finding in cx.take_findings() {
                let cap = finding.cap;
                if let Some(diagnostic) = resolve(project, rule.meta(), finding) {
                    let diagnostic = match redactions {
                        Some(redactions) => {
                            let primary = diagnostic.primary();
                            let written = primary
                                .source()
                                .text()
                                .get(primary.span().start..primary.span().end)
                                .unwrap_or_default();
                            let redactions = redactions.at(written);
                            diagnostic.map_texts(|text| redactions.apply(text))
                        }
                        None => diagnostic,
                    };
                    let severity = config.severity_of(rule.meta());
                    let severity = cap.map_or(severity, |cap| severity.min(cap));
                    let diagnostic = match unset_inside(&unset, &diagnostic) {
                        Some(name) if severity == Severity::Error
                            && rule.meta().family != crate::meta::Family::Interpolation =>
                        {
                            diagnostic.with_severity(Severity::Warning).with_note(format!(
                                "the value uses `${{{name}}}`, which is not set here: an error only if it is not set where the project runs either"
                            ))
                        }
                        _ => diagnostic.with_severity(severity),
                    };
                    diagnostics.push(diagnostic);
                }
            }
            diagnostics
        })
        .collect();
    let diagnostics: Vec<Diagnostic> = per_rule.into_iter().flatten().collect();
    let (mut kept, mut suppressed) = crate::suppress::apply(project, config, diagnostics);
    sort(&mut kept);
    sort(&mut suppressed);
    (kept, suppressed)
}

/// Where the project uses a variable that is not set, and its name.
struct Unset {
    source: Arc<SourceFile>,
    span: Span,
    name: String,
}

impl Unset {
    /// The file (by identity) and the start: the order they are kept in.
    fn key(&self) -> (usize, usize) {
        (Arc::as_ptr(&self.source) as usize, self.span.start)
    }
}

/// The uses of unset variables, sorted by file and start, so that those
/// inside a span are found by a binary search.
fn unset_variables(project: &Project) -> Vec<Unset> {
    let mut all: Vec<Unset> = project
        .load_problems()
        .iter()
        .filter_map(|problem| match problem {
            crate::compose::problem::LoadProblem::VariableUnset { at, name } => {
                let (source, span) = locate(project, at)?;
                // A use with no place of its own names nothing.
                (!span.is_empty()).then(|| Unset {
                    source,
                    span,
                    name: name.clone(),
                })
            }
            _ => None,
        })
        .collect();
    all.sort_by_key(Unset::key);
    all
}

/// The name of an unset variable written inside the diagnostic's primary
/// span, when that span is one scalar as written (on one line, not a flow
/// mapping or list): the value it reports depends on a variable that may
/// be set where the project runs, so the problem is not certain. A
/// problem with a whole mapping that merely holds such a variable stays
/// what it is.
fn unset_inside<'u>(unset: &'u [Unset], diagnostic: &Diagnostic) -> Option<&'u str> {
    if unset.is_empty() {
        return None;
    }
    let primary = diagnostic.primary();
    let span = primary.span();
    let written = primary.source().text().get(span.start..span.end)?;
    if written.contains('\n') || written.starts_with(['{', '[']) {
        return None;
    }
    let key = Arc::as_ptr(primary.source()) as usize;
    let first = unset.partition_point(|u| u.key() < (key, span.start));
    unset[first..]
        .iter()
        .take_while(|u| u.key().0 == key && u.span.start < span.end)
        .find(|u| u.span.end <= span.end)
        .map(|u| u.name.as_str())
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
        fix,
        cap: _,
    } = finding;
    debug_assert!(
        fix.is_none() || rule.fixable,
        "{} offers a fix but is not declared `fixable: true`",
        rule.name
    );
    let embedded = primary
        .file()
        .and_then(|file| project.file(file))
        .and_then(|file| file.embedded.as_ref());
    if let Some(embedding) = embedded.filter(|e| !e.unknown.is_empty())
        && resolve_in_file(project, &primary).is_some_and(|r| embedding.is_unknown(r.span))
    {
        // The shell expands that part when the container starts: what it
        // will hold is not known here.
        return None;
    }
    let resolved = resolve_location(project, &primary)?;
    let mut notes = notes;
    if let Some(file) = primary.file().and_then(|file| project.file(file))
        && file.embedded.is_some()
        && let Some(purpose) = &file.purpose
    {
        // The span is in the compose file; say which file the container
        // reads there.
        notes.push(format!(
            "this text is a file the container reads: {purpose}"
        ));
    }
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
            .with_notes(notes)
            .with_fix(fix.and_then(|fix| resolve_fix(project, fix))),
    )
}

/// The file and span `location` names in `project`: a node of the
/// resolved model resolves to the file that wrote it, a text embedded in a
/// compose file to its place there. `None` when it names nothing.
pub fn locate(project: &Project, location: &Location) -> Option<(Arc<SourceFile>, Span)> {
    resolve_location(project, location).map(|resolved| (resolved.source, resolved.span))
}

/// A fix's edits name exact spans; a fix with an edit that does not
/// resolve is dropped rather than applied somewhere else.
fn resolve_fix(project: &Project, fix: FindingFix) -> Option<Fix> {
    let mut edits = Vec::with_capacity(fix.edits.len());
    for (location, replacement) in fix.edits {
        let (file, span) = match &location {
            Location::Span { file, span } => (*file, *span),
            // A part of a value: where the rule found it in the written
            // text (a host inside a URL, a port inside a target).
            Location::Node {
                file,
                pointer,
                part: crate::location::Part::Sub(_),
            } => {
                // A value written through an alias is edited nowhere: the
                // anchor it stands for serves other places too.
                if project.file(*file)?.yaml.locate(pointer)?.via.is_some() {
                    return None;
                }
                let resolved = resolve_location(project, &location)?;
                if !Arc::ptr_eq(&resolved.source, &project.file(*file)?.source) {
                    return None;
                }
                (*file, resolved.span)
            }
            _ => return None,
        };
        if project.file(file)?.embedded.is_some() {
            // Edits to an embedded text would need mapping through
            // interpolation; none is offered.
            return None;
        }
        let source = Arc::clone(&project.file(file)?.source);
        edits.push(Edit::new(source, span, replacement));
    }
    Some(Fix::new(fix.description, fix.applicability, edits))
}

struct Resolved {
    source: Arc<SourceFile>,
    span: Span,
    via: Option<Span>,
}

/// Finds the span of a location; a location in a text embedded in a
/// compose file (an inline config, a heredoc) is shown in the compose file.
fn resolve_location(project: &Project, location: &Location) -> Option<Resolved> {
    let resolved = resolve_in_file(project, location)?;
    let embedding = location
        .file()
        .and_then(|file| project.file(file))
        .and_then(|file| file.embedded.as_ref());
    let Some(embedding) = embedding else {
        return Some(resolved);
    };
    Some(Resolved {
        source: Arc::clone(&project.file(embedding.host)?.source),
        span: embedding.map(resolved.span),
        via: None,
    })
}

/// Finds the span of a location in the file it names. A pointer that names
/// nothing (which would be a rule's bug) falls back to its nearest existing
/// ancestor, so the diagnostic is still shown close to where it belongs.
fn resolve_in_file(project: &Project, location: &Location) -> Option<Resolved> {
    let (file, pointer, part) = match location {
        Location::Span { file, span } => {
            return Some(Resolved {
                source: Arc::clone(&project.file(*file)?.source),
                span: *span,
                via: None,
            });
        }
        Location::Model { pointer, part } => return resolve_model(project, pointer, part),
        Location::Unread { path } => {
            return Some(Resolved {
                source: Arc::new(SourceFile::new(path.clone(), String::new())),
                span: Span::at(0),
                via: None,
            });
        }
        Location::Node {
            file,
            pointer,
            part,
        } => (project.file(*file)?, pointer, part),
    };
    let source = Arc::clone(&file.source);
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
    Some(Resolved {
        source,
        span: part_span(part, exact, spans.key, spans.value),
        via: spans.via,
    })
}

/// A location in the resolved project: the span in the file that wrote the
/// value, or its nearest ancestor that has one.
fn resolve_model(project: &Project, pointer: &str, part: &Part) -> Option<Resolved> {
    let (origin, exact) = project.model()?.locate(pointer)?;
    let file = project.file(origin.file)?;
    Some(Resolved {
        source: Arc::clone(&file.source),
        span: part_span(part, exact, origin.key(), origin.value()),
        via: origin.via(),
    })
}

fn part_span(part: &Part, exact: bool, key: Option<Span>, value: Span) -> Span {
    match part {
        Part::Key if exact => key.unwrap_or(value),
        Part::Sub(range) if exact => {
            let start = (value.start + range.start).min(value.end);
            let end = (value.start + range.end).clamp(start, value.end);
            Span::new(start, end)
        }
        _ => value,
    }
}
