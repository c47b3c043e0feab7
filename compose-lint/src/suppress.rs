//! Inline suppressions: `# compose-lint: ignore[rule-name] reason`.
//!
//! A suppression is a comment in a linted file (compose file, environment
//! file, Prometheus configuration, rule file). Written after the content of
//! a line, it silences the named rules on that line; alone on its line, it
//! silences them on the next line that holds more than a comment;
//! `ignore-file[…]` silences them in the whole file. Several names are
//! separated by commas; the text after `]` is the reason, kept as the
//! suppressed diagnostic's justification.
//!
//! Only real comments count: a `#` inside a quoted or block scalar is text.
//! YAML files are read with the spans of the parsed tree; environment
//! files with a scanner that follows their quoting. In a YAML file that
//! does not parse, a trailing suppression is recognised only on a line
//! without quote characters, because which quotes are open is unknown.

use std::sync::Arc;

use crate::compose::schema::closest;
use crate::diagnostic::{Diagnostic, Label, Suppression, SuppressionKind};
use crate::project::{FileKind, LoadedFile, Project};
use crate::rules::{self, Described, Family, RULES};
use crate::settings::Config;
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, NodeKind, ParsedYaml, ScalarStyle};

/// The text that starts a suppression inside a comment.
pub(crate) const MARKER: &str = "compose-lint:";

/// What a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// One 1-based line.
    Line(usize),
    /// The whole file.
    File,
}

/// A rule name as written in a suppression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NamedRule {
    pub name: String,
    pub span: Span,
}

/// One `# compose-lint: ignore[…]` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Directive {
    pub scope: Scope,
    pub rules: Vec<NamedRule>,
    pub reason: Option<String>,
}

/// A comment that starts like a suppression but cannot be read as one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub span: Span,
    pub message: String,
}

/// The suppressions written in one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Suppressions {
    pub directives: Vec<Directive>,
    pub malformed: Vec<Malformed>,
}

/// Reads the suppressions of a loaded file. A text written inside a
/// compose file (a config's `content:`, a heredoc) has none of its own: its
/// findings are shown in the compose file, where a comment cannot sit
/// inside the block that holds the text.
pub(crate) fn of_file(file: &LoadedFile) -> Suppressions {
    if file.embedded.is_some() {
        return Suppressions::default();
    }
    parse(&file.source, file.kind, &file.yaml)
}

/// Reads the suppressions of `source`, a file of `kind` parsed as `yaml`.
pub(crate) fn parse(source: &SourceFile, kind: FileKind, yaml: &ParsedYaml) -> Suppressions {
    let text = source.text();
    if !text.contains(MARKER) {
        return Suppressions::default();
    }
    let starts = match kind {
        FileKind::Env => dotenv_comment_starts(source),
        _ if !yaml.documents.is_empty() => {
            let mut text_spans = Vec::new();
            for document in &yaml.documents {
                collect_text_spans(&document.root, text, &mut text_spans);
            }
            yaml_comment_starts(source, &text_spans)
        }
        _ => unparsed_comment_starts(source),
    };
    let mut found = Suppressions::default();
    for start in starts {
        read_comment(source, start, &mut found);
    }
    found
}

/// The byte ranges of quoted and block scalars, where `#` is text. A block
/// scalar's header line (`key: |  # comment`) can hold a comment, so its
/// range starts on the line after the header.
fn collect_text_spans(node: &Node, text: &str, spans: &mut Vec<Span>) {
    match &node.kind {
        NodeKind::Scalar(scalar) => match scalar.style {
            ScalarStyle::Plain => {}
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => spans.push(node.span),
            ScalarStyle::Literal | ScalarStyle::Folded => {
                // The span starts at the header (`|`, or its tag or anchor)
                // when that follows a key or `-` on its line, else at the
                // first line of content.
                let line_start = text
                    .get(..node.span.start)
                    .and_then(|before| before.rfind('\n'))
                    .map_or(0, |i| i + 1);
                let on_header = text
                    .get(line_start..node.span.start)
                    .is_some_and(|before| !before.trim().is_empty());
                let body = if on_header {
                    text.get(node.span.start..node.span.end)
                        .and_then(|s| s.find('\n'))
                        .map_or(node.span.end, |i| node.span.start + i + 1)
                } else {
                    line_start
                };
                spans.push(Span::new(body, node.span.end));
            }
        },
        NodeKind::Sequence(items) => {
            for item in items {
                collect_text_spans(item, text, spans);
            }
        }
        NodeKind::Mapping(entries) => {
            for entry in entries {
                collect_text_spans(&entry.key, text, spans);
                collect_text_spans(&entry.value, text, spans);
            }
        }
        NodeKind::Anchor(inner) => collect_text_spans(inner, text, spans),
        // The aliased node is written (and collected) where its anchor is.
        NodeKind::Alias(_) => {}
    }
}

/// The lines of `source` as (1-based number, start offset, text).
fn lines(source: &SourceFile) -> impl Iterator<Item = (usize, usize, &str)> {
    (1..=source.line_count())
        .filter_map(|line| Some((line, source.line_start(line)?, source.line_text(line)?)))
}

/// Where a `#` can start a comment: at the start of the line or after a
/// space or tab.
fn may_start_comment(line: &str, at: usize) -> bool {
    line.as_bytes()[at] == b'#' && (at == 0 || matches!(line.as_bytes()[at - 1], b' ' | b'\t'))
}

fn yaml_comment_starts(source: &SourceFile, text_spans: &[Span]) -> Vec<usize> {
    let inside_text = |offset: usize| {
        text_spans
            .iter()
            .any(|span| span.start <= offset && offset < span.end)
    };
    let mut starts = Vec::new();
    for (_, line_start, line) in lines(source) {
        let comment = (0..line.len())
            .find(|&at| may_start_comment(line, at) && !inside_text(line_start + at));
        starts.extend(comment.map(|at| line_start + at));
    }
    starts
}

fn unparsed_comment_starts(source: &SourceFile) -> Vec<usize> {
    let mut starts = Vec::new();
    for (_, line_start, line) in lines(source) {
        let Some(at) = (0..line.len()).find(|&at| may_start_comment(line, at)) else {
            continue;
        };
        let own_line = line[..at].trim().is_empty();
        if own_line || !line[..at].contains(['"', '\'']) {
            starts.push(line_start + at);
        }
    }
    starts
}

/// Comments of an environment file: whole-line comments, and `#` after
/// whitespace following a value, where quoted values (which may span
/// lines) end at their closing quote.
fn dotenv_comment_starts(source: &SourceFile) -> Vec<usize> {
    let text = source.text();
    let mut starts = Vec::new();
    let mut lines = lines(source);
    while let Some((_, line_start, line)) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            starts.push(line_start + (line.len() - trimmed.len()));
            continue;
        }
        let Some(equals) = line.find('=') else {
            continue;
        };
        let value_at =
            equals + 1 + (line[equals + 1..].len() - line[equals + 1..].trim_start().len());
        let quote = line[value_at..]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''));
        let (rest_start, rest) = match quote {
            None => (line_start + value_at, &line[value_at..]),
            Some(quote) => {
                let open = line_start + value_at;
                let Some(close) = closing_quote(text, open + 1, quote) else {
                    // An unterminated quote runs to the end of the file.
                    break;
                };
                // Skip the lines the quoted value spans.
                let close_line = source.line_col(close).line;
                let mut current = (line_start, line);
                while source.line_col(current.0).line < close_line {
                    match lines.next() {
                        Some((_, start, text)) => current = (start, text),
                        None => break,
                    }
                }
                let after = close + 1;
                let end = current.0 + current.1.len();
                (after, text.get(after..end).unwrap_or(""))
            }
        };
        let comment = (0..rest.len()).find(|&at| {
            rest.as_bytes()[at] == b'#'
                && ((at == 0 && quote.is_some())
                    || (at > 0 && matches!(rest.as_bytes()[at - 1], b' ' | b'\t')))
        });
        starts.extend(comment.map(|at| rest_start + at));
    }
    starts
}

/// The offset of the quote closing a value opened before `from`; in
/// double quotes a backslash escapes the next character.
fn closing_quote(text: &str, from: usize, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.get(from..)?.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return Some(from + i);
        }
    }
    None
}

/// Reads the comment starting at `start`: the first `# compose-lint:` in
/// it (a comment may hold other text before it, such as `# TODO`).
fn read_comment(source: &SourceFile, start: usize, found: &mut Suppressions) {
    let text = source.text();
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let comment = &text[start..end];
    let Some(marker) = (0..comment.len()).find_map(|at| {
        if !may_start_comment(comment, at) {
            return None;
        }
        let after = comment[at + 1..].trim_start_matches([' ', '\t']);
        after
            .starts_with(MARKER)
            .then(|| end - after.len() + MARKER.len())
    }) else {
        return;
    };
    let body_at = marker + (text[marker..end].len() - text[marker..end].trim_start().len());
    let body = &text[body_at..end];
    let (file_wide, open) = if body.starts_with("ignore-file[") {
        (true, body_at + "ignore-file[".len())
    } else if body.starts_with("ignore[") {
        (false, body_at + "ignore[".len())
    } else {
        found.malformed.push(Malformed {
            span: Span::new(start, end),
            message: "a suppression must read `compose-lint: ignore[rule-name]` or `compose-lint: ignore-file[rule-name]`".to_string(),
        });
        return;
    };
    let Some(close) = text[open..end].find(']').map(|i| open + i) else {
        found.malformed.push(Malformed {
            span: Span::new(start, end),
            message: "the suppression's `[` is not closed".to_string(),
        });
        return;
    };
    let mut rules = Vec::new();
    let mut at = open;
    for part in text[open..close].split(',') {
        let name = part.trim();
        let name_at = at + (part.len() - part.trim_start().len());
        at += part.len() + 1;
        if name.is_empty() {
            found.malformed.push(Malformed {
                span: Span::new(start, end),
                message: "the suppression names no rule".to_string(),
            });
            return;
        }
        rules.push(NamedRule {
            name: name.to_string(),
            span: Span::new(name_at, name_at + name.len()),
        });
    }
    let after = &text[close + 1..end];
    let reason_end = (0..after.len())
        .find(|&i| i > 0 && may_start_comment(after, i))
        .unwrap_or(after.len());
    let reason = after[..reason_end].trim();
    let scope = if file_wide {
        Scope::File
    } else {
        Scope::Line(target_line(source, start))
    };
    found.directives.push(Directive {
        scope,
        rules,
        reason: (!reason.is_empty()).then(|| reason.to_string()),
    });
}

/// The line a comment starting at `start` suppresses: its own line when it
/// follows content, else the next line holding more than a comment.
fn target_line(source: &SourceFile, start: usize) -> usize {
    let line = source.line_col(start).line;
    let before = source
        .line_start(line)
        .and_then(|line_start| source.text().get(line_start..start))
        .unwrap_or("");
    if !before.trim().is_empty() {
        return line;
    }
    (line + 1..=source.line_count())
        .find(|&next| {
            source.line_text(next).is_some_and(|text| {
                let text = text.trim();
                !text.is_empty() && !text.starts_with('#')
            })
        })
        .unwrap_or(line + 1)
}

/// The rules a comment cannot silence: they report on the suppressions
/// themselves, so only the configuration turns them off.
fn configured_only(name: &str) -> bool {
    name == rules::suppressions::unused_suppression::UnusedSuppression
        .meta()
        .name
        || name
            == rules::suppressions::invalid_suppression::InvalidSuppression
                .meta()
                .name
}

struct FileState {
    source: Arc<SourceFile>,
    suppressions: Suppressions,
    /// For each directive, which of its names silenced something.
    used: Vec<Vec<bool>>,
}

/// Splits `diagnostics` into those that count and those a suppression
/// (inline, or a per-path ignore of the configuration) silenced, and adds
/// the findings about the suppressions themselves.
pub(crate) fn apply(
    project: &Project,
    config: &Config,
    diagnostics: Vec<Diagnostic>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut files: Vec<FileState> = project
        .files()
        .iter()
        .map(|file| {
            let suppressions = of_file(file);
            let used = suppressions
                .directives
                .iter()
                .map(|d| vec![false; d.rules.len()])
                .collect();
            FileState {
                source: Arc::clone(&file.source),
                suppressions,
                used,
            }
        })
        .collect();
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for diagnostic in diagnostics {
        let mut silenced_by = None;
        let path = diagnostic.primary().source().path();
        if let Some(file) = files.iter_mut().find(|f| f.source.path() == path) {
            let line = diagnostic.primary().start().line;
            for (directive, used) in file.suppressions.directives.iter().zip(&mut file.used) {
                if directive.scope != Scope::File && directive.scope != Scope::Line(line) {
                    continue;
                }
                for (rule, used) in directive.rules.iter().zip(used.iter_mut()) {
                    if rule.name == diagnostic.rule() && !configured_only(&rule.name) {
                        *used = true;
                        silenced_by.get_or_insert_with(|| directive.reason.clone());
                    }
                }
            }
        }
        match silenced_by {
            Some(reason) => suppressed.push(diagnostic.with_suppression(Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: reason,
            }))),
            None => route_configured(config, diagnostic, &mut kept, &mut suppressed),
        }
    }
    for file in &files {
        for finding in suppression_findings(config, file) {
            route_configured(config, finding, &mut kept, &mut suppressed);
        }
    }
    (kept, suppressed)
}

/// Keeps `diagnostic`, unless a per-path ignore of the configuration
/// silences it.
fn route_configured(
    config: &Config,
    diagnostic: Diagnostic,
    kept: &mut Vec<Diagnostic>,
    suppressed: &mut Vec<Diagnostic>,
) {
    match config.path_ignore_for(&diagnostic) {
        Some(ignore) => {
            let suppression = Suppression {
                kind: SuppressionKind::Configuration,
                justification: ignore.reason().map(str::to_string),
            };
            suppressed.push(diagnostic.with_suppression(Some(suppression)));
        }
        None => kept.push(diagnostic),
    }
}

/// Unused suppressions and suppressions that cannot work, in one file.
fn suppression_findings(config: &Config, file: &FileState) -> Vec<Diagnostic> {
    let unused = rules::suppressions::unused_suppression::UnusedSuppression.meta();
    let invalid = rules::suppressions::invalid_suppression::InvalidSuppression.meta();
    let mut out = Vec::new();
    let diagnostic = |rule: &'static rules::RuleMeta, span: Span, message: String| {
        Diagnostic::new(
            rule,
            config.severity_of(rule),
            message,
            Label::new(Arc::clone(&file.source), span, None),
        )
    };
    if config.is_enabled(invalid.name) {
        for malformed in &file.suppressions.malformed {
            out.push(
                diagnostic(invalid, malformed.span, malformed.message.clone()).with_help(Some(
                    "write `# compose-lint: ignore[rule-name] reason`".to_string(),
                )),
            );
        }
    }
    for (directive, used) in file.suppressions.directives.iter().zip(&file.used) {
        for (rule, used) in directive.rules.iter().zip(used) {
            let name = rule.name.as_str();
            if configured_only(name) {
                if config.is_enabled(invalid.name) {
                    out.push(
                        diagnostic(
                            invalid,
                            rule.span,
                            format!("`{name}` cannot be silenced by a comment"),
                        )
                        .with_help(Some(
                            "turn it off, or ignore it for this path, in compose-lint.toml"
                                .to_string(),
                        )),
                    );
                }
                continue;
            }
            if rules::find(name).is_none() {
                if config.is_enabled(invalid.name) {
                    out.push(
                        diagnostic(
                            invalid,
                            rule.span,
                            format!("unknown rule `{name}` in a suppression"),
                        )
                        .with_help(unknown_rule_help(name)),
                    );
                }
                continue;
            }
            // A suppression for a rule the configuration turns off is
            // inert, not unused: the configuration may differ elsewhere.
            if !*used && config.is_enabled(name) && config.is_enabled(unused.name) {
                let place = match directive.scope {
                    Scope::File => "in this file",
                    Scope::Line(_) => "on this line",
                };
                out.push(
                    diagnostic(
                        unused,
                        rule.span,
                        format!("`{name}` reports nothing {place}: the suppression is unused"),
                    )
                    .with_help(Some(format!("remove `{name}` from the suppression"))),
                );
            }
        }
    }
    out
}

fn unknown_rule_help(name: &str) -> Option<String> {
    if Family::ALL.iter().any(|family| family.as_str() == name) {
        return Some(
            "a suppression names rules, not families; ignore a family in compose-lint.toml"
                .to_string(),
        );
    }
    closest(name, RULES.iter().map(|r| r.meta().name))
        .map(|suggestion| format!("did you mean `{suggestion}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_yaml(text: &str) -> Suppressions {
        let source = SourceFile::new("compose.yaml", text);
        parse(&source, FileKind::Compose, &crate::yaml::parse(text))
    }

    fn parse_env(text: &str) -> Suppressions {
        let source = SourceFile::new(".env", text);
        parse(&source, FileKind::Env, &ParsedYaml::default())
    }

    /// (scope, names, reason) of each directive.
    fn summary(found: &Suppressions) -> Vec<(Scope, Vec<&str>, Option<&str>)> {
        found
            .directives
            .iter()
            .map(|d| {
                (
                    d.scope,
                    d.rules.iter().map(|r| r.name.as_str()).collect(),
                    d.reason.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn trailing_comment_suppresses_its_own_line() {
        let found = parse_yaml(
            "services:\n  web:\n    image: nginx  # compose-lint: ignore[image-tag-floating] pinned by digest upstream\n",
        );
        assert_eq!(
            summary(&found),
            [(
                Scope::Line(3),
                vec!["image-tag-floating"],
                Some("pinned by digest upstream")
            )]
        );
    }

    #[test]
    fn own_line_comment_suppresses_the_next_content_line() {
        let text = "services:\n  web:\n    # compose-lint: ignore[privileged-container]\n    # another comment\n\n    privileged: true\n";
        assert_eq!(
            summary(&parse_yaml(text)),
            [(Scope::Line(6), vec!["privileged-container"], None)]
        );
    }

    #[test]
    fn several_names_are_separated_by_commas() {
        let text = "services:\n  web:\n    image: nginx # compose-lint: ignore[image-tag-floating, privileged-container ,x] why\n";
        let found = parse_yaml(text);
        assert_eq!(
            summary(&found),
            [(
                Scope::Line(3),
                vec!["image-tag-floating", "privileged-container", "x"],
                Some("why")
            )]
        );
        let names = &found.directives[0].rules;
        assert_eq!(
            &text[names[1].span.start..names[1].span.end],
            "privileged-container"
        );
        assert_eq!(&text[names[2].span.start..names[2].span.end], "x");
    }

    #[test]
    fn file_level_suppression_covers_the_file() {
        let text = "# compose-lint: ignore-file[image-tag-floating] dev stack\nservices:\n  web:\n    image: nginx\n";
        assert_eq!(
            summary(&parse_yaml(text)),
            [(Scope::File, vec!["image-tag-floating"], Some("dev stack"))]
        );
    }

    #[test]
    fn hash_inside_quoted_scalars_is_text() {
        let text = concat!(
            "services:\n",
            "  web:\n",
            "    command: \"echo # compose-lint: ignore[privileged-container]\"\n",
            "    entrypoint: 'a # compose-lint: ignore[privileged-container]'\n",
            "    privileged: true\n",
        );
        assert_eq!(parse_yaml(text), Suppressions::default());
    }

    #[test]
    fn hash_inside_block_scalars_is_text_but_the_header_may_hold_a_comment() {
        let text = concat!(
            "services:\n",
            "  web:\n",
            "    command: |  # compose-lint: ignore[invalid-type] header\n",
            "      # compose-lint: ignore[privileged-container]\n",
            "      echo hi\n",
            "      # compose-lint: ignore[privileged-container]\n",
            "    entrypoint: !!str >-\n",
            "      # compose-lint: ignore[privileged-container]\n",
            "    privileged: true\n",
        );
        assert_eq!(
            summary(&parse_yaml(text)),
            [(Scope::Line(3), vec!["invalid-type"], Some("header"))]
        );
    }

    #[test]
    fn a_marker_needs_a_comment_and_a_hash_after_whitespace() {
        let text = "services:\n  web:\n    image: nginx#compose-lint: ignore[image-tag-floating]\n";
        assert_eq!(parse_yaml(text), Suppressions::default());
    }

    #[test]
    fn the_reason_stops_at_a_following_comment() {
        let text = "a: 1 # TODO # compose-lint: ignore[invalid-type] legacy # expect: x\n";
        assert_eq!(
            summary(&parse_yaml(text)),
            [(Scope::Line(1), vec!["invalid-type"], Some("legacy"))]
        );
    }

    #[test]
    fn malformed_suppressions_are_kept_for_reporting() {
        for text in [
            "a: 1 # compose-lint: ignore image-tag-floating\n",
            "a: 1 # compose-lint: ignore[image-tag-floating\n",
            "a: 1 # compose-lint: ignore[]\n",
            "a: 1 # compose-lint: disable[image-tag-floating]\n",
        ] {
            let found = parse_yaml(text);
            assert!(found.directives.is_empty(), "{text}");
            assert_eq!(found.malformed.len(), 1, "{text}");
        }
    }

    #[test]
    fn unparsable_yaml_trusts_only_lines_without_quotes() {
        let text = "a: [\nb: \"x # compose-lint: ignore[invalid-type]\"\nc: 1 # compose-lint: ignore[duplicate-key]\n";
        assert_eq!(
            summary(&parse_yaml(text)),
            [(Scope::Line(3), vec!["duplicate-key"], None)]
        );
    }

    #[test]
    fn env_files_follow_their_quoting() {
        let text = concat!(
            "# compose-lint: ignore[variable-unset] own line\n",
            "A=1 # compose-lint: ignore[dotenv-syntax-error] trailing\n",
            "B=\"x # compose-lint: ignore[dotenv-syntax-error]\"\n",
            "C='multi\n",
            "# compose-lint: ignore[dotenv-syntax-error]\n",
            "line' # compose-lint: ignore[invalid-interpolation] after\n",
            "D=a#compose-lint: ignore[dotenv-syntax-error]\n",
        );
        assert_eq!(
            summary(&parse_env(text)),
            [
                (Scope::Line(2), vec!["variable-unset"], Some("own line")),
                (
                    Scope::Line(2),
                    vec!["dotenv-syntax-error"],
                    Some("trailing")
                ),
                (Scope::Line(6), vec!["invalid-interpolation"], Some("after")),
            ]
        );
    }
}
