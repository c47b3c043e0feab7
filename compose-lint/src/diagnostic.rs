//! Diagnostics: what the linter reports, resolved to files and byte spans.

use std::fmt;
use std::sync::Arc;

use miette::{LabeledSpan, SourceCode};

use crate::meta::RuleMeta;
pub use crate::meta::Severity;
use crate::source::{LineCol, SourceFile, Span};

/// A span in a file, with an optional text explaining it.
#[derive(Clone, Debug)]
pub struct Label {
    source: Arc<SourceFile>,
    span: Span,
    message: Option<String>,
}

impl Label {
    pub fn new(source: Arc<SourceFile>, span: Span, message: Option<String>) -> Self {
        Self {
            source,
            span,
            message,
        }
    }

    pub fn source(&self) -> &Arc<SourceFile> {
        &self.source
    }

    pub fn span(&self) -> Span {
        self.span
    }

    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// Where the span starts.
    pub fn start(&self) -> LineCol {
        self.source.line_col(self.span.start)
    }

    /// Where the span ends (exclusive: the column after its last character).
    pub fn end(&self) -> LineCol {
        self.source.line_col(self.span.end)
    }

    fn in_same_file(&self, other: &Label) -> bool {
        Arc::ptr_eq(&self.source, &other.source) || self.source.path() == other.source.path()
    }

    fn labeled_span(&self, primary: bool) -> LabeledSpan {
        let text = self.message.clone();
        if primary {
            LabeledSpan::new_primary_with_span(text, self.span)
        } else {
            LabeledSpan::new_with_span(text, self.span)
        }
    }
}

/// A label in another file than the diagnostic's primary one is rendered as
/// a related note against its own source.
impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(message) => f.write_str(message),
            None => write!(f, "see {}", self.source.path().display()),
        }
    }
}

impl std::error::Error for Label {}

impl miette::Diagnostic for Label {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            None, self.span,
        ))))
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// The fix does what the author meant and changes nothing else.
    Safe,
    /// The fix is a likely repair that a person should review.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range of a file's original text.
#[derive(Clone, Debug)]
pub struct Edit {
    source: Arc<SourceFile>,
    span: Span,
    replacement: String,
}

impl Edit {
    pub fn new(source: Arc<SourceFile>, span: Span, replacement: String) -> Self {
        Self {
            source,
            span,
            replacement,
        }
    }

    pub fn source(&self) -> &Arc<SourceFile> {
        &self.source
    }

    pub fn span(&self) -> Span {
        self.span
    }

    pub fn replacement(&self) -> &str {
        &self.replacement
    }
}

/// A repair: byte-range edits on the original text, which keep comments,
/// anchors and formatting everywhere else.
#[derive(Clone, Debug)]
pub struct Fix {
    description: String,
    applicability: Applicability,
    edits: Vec<Edit>,
}

impl Fix {
    pub fn new(description: String, applicability: Applicability, edits: Vec<Edit>) -> Self {
        Self {
            description,
            applicability,
            edits,
        }
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The text of `source` with this fix's edits to it applied, or `None`
    /// when edits overlap or fall outside the text.
    pub fn apply_to(&self, source: &SourceFile) -> Option<String> {
        let mut edits: Vec<&Edit> = self
            .edits
            .iter()
            .filter(|e| e.source.path() == source.path())
            .collect();
        edits.sort_by_key(|e| e.span.start);
        apply_edits(source.text(), edits)
    }
}

/// `text` with `edits` (sorted by start) applied, or `None` when two
/// overlap or one falls outside the text or inside a character.
pub(crate) fn apply_edits<'a>(
    text: &str,
    edits: impl IntoIterator<Item = &'a Edit>,
) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.span.start < at {
            return None;
        }
        out.push_str(text.get(at..edit.span.start)?);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// One finding of one rule.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    rule: &'static RuleMeta,
    severity: Severity,
    message: String,
    primary: Label,
    secondary: Vec<Label>,
    help: Option<String>,
    notes: Vec<String>,
    fix: Option<Fix>,
    suppression: Option<Suppression>,
}

/// Where a suppression that silenced a diagnostic was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SuppressionKind {
    /// A `# compose-lint: ignore…` comment in the linted file.
    InSource,
    /// The configuration file (`compose-lint.toml`).
    Configuration,
}

/// Why a diagnostic is not counted: a suppression silenced it. Suppressed
/// diagnostics stay in the [`Report`](crate::Report) so that outputs such as
/// SARIF can carry them with their justification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    /// The reason written with the suppression, if any.
    pub justification: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(
        rule: &'static RuleMeta,
        severity: Severity,
        message: String,
        primary: Label,
    ) -> Self {
        Self {
            rule,
            severity,
            message,
            primary,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
            suppression: None,
        }
    }

    pub(crate) fn with_suppression(mut self, suppression: Option<Suppression>) -> Self {
        self.suppression = suppression;
        self
    }

    pub(crate) fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub(crate) fn with_note(mut self, note: String) -> Self {
        self.notes.push(note);
        self
    }

    pub(crate) fn with_secondary(mut self, labels: Vec<Label>) -> Self {
        self.secondary = labels;
        self
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub(crate) fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub(crate) fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }

    /// The diagnostic with each of its texts (message, labels, help,
    /// notes) passed through `map`; a fix that would write a text `map`
    /// changes is dropped.
    pub(crate) fn map_texts(
        mut self,
        map: impl for<'t> Fn(&'t str) -> std::borrow::Cow<'t, str>,
    ) -> Self {
        let owned = |text: &mut String| {
            if let std::borrow::Cow::Owned(changed) = map(text) {
                *text = changed;
            }
        };
        owned(&mut self.message);
        for label in std::iter::once(&mut self.primary).chain(&mut self.secondary) {
            if let Some(message) = label.message.as_mut() {
                owned(message);
            }
        }
        if let Some(help) = self.help.as_mut() {
            owned(help);
        }
        self.notes.iter_mut().for_each(owned);
        if self.fix.as_ref().is_some_and(|fix| {
            fix.edits()
                .iter()
                .any(|edit| matches!(map(edit.replacement()), std::borrow::Cow::Owned(_)))
        }) {
            self.fix = None;
        }
        self
    }

    /// The rule's name, such as `duplicate-key`.
    pub fn rule(&self) -> &'static str {
        self.rule.name
    }

    pub fn rule_meta(&self) -> &'static RuleMeta {
        self.rule
    }

    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    /// The place the diagnostic is about.
    pub fn primary(&self) -> &Label {
        &self.primary
    }

    /// Other places that explain it, possibly in other files.
    pub fn secondary(&self) -> &[Label] {
        &self.secondary
    }

    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The repair the rule offers, if any.
    pub fn fix(&self) -> Option<&Fix> {
        self.fix.as_ref()
    }

    /// The suppression that silenced this diagnostic, if one did.
    pub fn suppression(&self) -> Option<&Suppression> {
        self.suppression.as_ref()
    }

    /// The documentation page of the rule.
    pub fn url(&self) -> String {
        self.rule.url()
    }

    /// The key output is sorted by: path, position, rule, message.
    pub(crate) fn sort_key(&self) -> (&std::path::Path, usize, &str, &str) {
        (
            self.primary.source.path(),
            self.primary.span.start,
            self.rule.name,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.rule.name))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = self.help.as_deref();
        if self.notes.is_empty() {
            return help.map(|h| Box::new(h) as Box<dyn fmt::Display>);
        }
        let mut text = self.notes.join("\n");
        if let Some(help) = help {
            text = format!("{text}\n{help}");
        }
        Some(Box::new(text))
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.rule.url()))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.primary.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let same_file = self
            .secondary
            .iter()
            .filter(|label| label.in_same_file(&self.primary))
            .map(|label| label.labeled_span(false));
        Some(Box::new(
            std::iter::once(self.primary.labeled_span(true)).chain(same_file),
        ))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        let mut other_files = self
            .secondary
            .iter()
            .filter(|label| !label.in_same_file(&self.primary))
            .peekable();
        other_files.peek()?;
        Some(Box::new(
            other_files.map(|label| label as &dyn miette::Diagnostic),
        ))
    }
}
