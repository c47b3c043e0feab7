use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::template::{ALERT, check};
use crate::rules::{Context, Finding, Rule};
use crate::yaml::escape_pointer_segment;

declare_rule! {
    /// ## What it does
    /// Reports an alerting rule's `labels` or `annotations` value that Go's
    /// `text/template` cannot parse, as Prometheus reads it: an action
    /// `{{` never closed by `}}`, an `{{if}}`/`{{range}}`/`{{with}}`
    /// without its `{{end}}` (or an `{{end}}` without one), a function that
    /// is neither Go's nor Prometheus's (`humanize`, `humanizeDuration`,
    /// `query`, `first`, `value`, `label`…), or a variable other than
    /// `$labels`, `$value`, `$externalLabels` and those the template
    /// declares.
    ///
    /// ## Why is this bad?
    /// Prometheus refuses the whole rule file (`promtool check rules`
    /// fails with `template: __alert_…: function "humanise" not defined`),
    /// so none of its alerts is evaluated.
    ///
    /// ## Example
    /// ```yaml
    /// # file: rules.yml
    /// groups:
    ///   - name: disk
    ///     rules:
    ///       - alert: DiskFull
    ///         expr: node_filesystem_avail_bytes == 0
    ///         annotations:
    ///           summary: "{{ $labels.instance }} is full ({{ $value | humanise }})"
    /// # file: prometheus.yml
    /// rule_files: [rules.yml]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: rules.yml
    /// groups:
    ///   - name: disk
    ///     rules:
    ///       - alert: DiskFull
    ///         expr: node_filesystem_avail_bytes == 0
    ///         annotations:
    ///           summary: "{{ $labels.instance }} is full ({{ $value | humanize }})"
    /// # file: prometheus.yml
    /// rule_files: [rules.yml]
    /// ```
    pub(crate) struct AlertTemplateInvalid {
        name: "alert-template-invalid",
        family: Prometheus,
        severity: Error,
        summary: "an alert's label or annotation template cannot be parsed",
    }
}

impl Rule for AlertTemplateInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(rules) = cx.stack().rule_file(file.id) else {
            return;
        };
        let mut found = Vec::new();
        for group in &rules.groups {
            for rule in &group.rules {
                // Recording rules' labels are not templates.
                if !matches!(rule.kind, Some(crate::model::RuleKind::Alert(_))) {
                    continue;
                }
                for section in [&rule.labels, &rule.annotations].into_iter().flatten() {
                    let Some(map) = section.value.as_object() else {
                        continue;
                    };
                    for (key, value) in map {
                        let Some(text) = value.as_str() else {
                            continue;
                        };
                        if let Some(error) = check(text, &ALERT) {
                            let action: String = text[error.offset..].chars().take(40).collect();
                            found.push((
                                format!("{}/{}", section.pointer(), escape_pointer_segment(key)),
                                key.clone(),
                                error.message,
                                action,
                            ));
                        }
                    }
                }
            }
        }
        for (pointer, key, message, action) in found {
            cx.report(
                Finding::new(
                    Location::value(file.id, pointer),
                    format!("template `{key}` cannot be parsed: {message}"),
                )
                .primary_label(format!("at `{}`", action.trim_end()))
                .help("fix the action; Go templates close every `{{` with `}}` and every `{{if}}`, `{{range}}` and `{{with}}` with `{{end}}`")
                .note("Prometheus refuses the rule file, so none of its rules run"),
            );
        }
    }
}
