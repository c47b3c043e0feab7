use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::prometheus::template::{NOTIFICATION, action_span, check};
use crate::rules::{Context, Finding, Rule};
use crate::source::Span;
use crate::sources::FileKind;

declare_rule! {
    /// ## What it does
    /// Reports a notification template Alertmanager cannot parse: in a
    /// file its `templates` names (found through the service's mounts), or
    /// in a templated setting of a receiver (`title`, `text`, `message`,
    /// `html`…). It finds an action never closed by `}}`, `{{if}}`,
    /// `{{range}}`, `{{with}}` or `{{define}}` without `{{end}}`, an
    /// `{{end}}` with nothing open, a function that is neither Go's nor
    /// Alertmanager's (`humanize` is Prometheus's, not Alertmanager's), and
    /// an undeclared variable (`$value` and `$labels` exist only in
    /// Prometheus's alert rules).
    ///
    /// ## Why is this bad?
    /// A template file that does not parse stops Alertmanager at start
    /// (`amtool check-config` fails on it). A receiver setting that does not
    /// parse loads, but every notification through that receiver fails when
    /// it is sent, so the alert reaches nobody.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    /// receivers:
    ///   - name: team
    ///     slack_configs:
    ///       - api_url: https://hooks.slack.com/services/T0/B0/X
    ///         channel: "#alerts"
    ///         text: "{{ range .Alerts }}{{ .Annotations.summary }}"
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    /// receivers:
    ///   - name: team
    ///     slack_configs:
    ///       - api_url: https://hooks.slack.com/services/T0/B0/X
    ///         channel: "#alerts"
    ///         text: "{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}"
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerTemplateInvalid {
        name: "alertmanager-template-invalid",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager notification template does not parse",
    }
}

const HELP: &str = "fix the action; Go templates close every `{{` with `}}` and every `{{if}}`, `{{range}}`, `{{with}}` and `{{define}}` with `{{end}}`";

impl Rule for AlertmanagerTemplateInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind == FileKind::AlertmanagerTemplates {
            let text = file.source.text();
            if let Some(error) = check(text, &NOTIFICATION) {
                let mut end = action_span(text, error.offset).end.min(error.offset + 80);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                cx.report(
                    Finding::new(
                        Location::span(file.id, Span::new(error.offset, end)),
                        format!("the template file cannot be parsed: {}", error.message),
                    )
                    .primary_label("here")
                    .help(HELP)
                    .note("Alertmanager fails to start on a template file it cannot parse"),
                );
            }
            return;
        }
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let found: Vec<(String, String)> = super::templated_settings(config)
            .into_iter()
            .filter_map(|(pointer, text)| Some((pointer, check(text, &NOTIFICATION)?.message)))
            .collect();
        for (pointer, message) in found {
            cx.report(
                Finding::new(
                    Location::value(file.id, pointer),
                    format!("this template cannot be parsed: {message}"),
                )
                .primary_label("Alertmanager cannot parse it")
                .help(HELP)
                .note("Alertmanager loads the configuration, but every notification through this receiver fails when it is sent"),
            );
        }
    }
}
