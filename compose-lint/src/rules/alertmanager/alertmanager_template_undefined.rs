use crate::declare_rule;
use crate::location::{FileId, Location};
use crate::project::{LoadedFile, Project};
use crate::prometheus::files::Reference;
use crate::prometheus::rule_files::Resolution;
use crate::prometheus::template::{ALERTMANAGER_DEFAULTS, action_span, named_templates};
use crate::rules::{Context, Finding, Rule};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports `{{ template "name" . }}` naming a template that neither a
    /// file of the Alertmanager configuration's `templates` nor
    /// Alertmanager itself (`slack.default.text`, `__subject`…) defines:
    /// in a receiver's setting or in a template file. It stays silent when
    /// a `templates` pattern points at files that cannot be known (a named
    /// volume, the image's own files).
    ///
    /// ## Why is this bad?
    /// Alertmanager loads the configuration, then fails every notification
    /// through the receiver when it is sent (`template: no such template
    /// "slack.team.text"`): the alert reaches nobody. Usually the template
    /// file is not mounted, the glob does not match it, or the name is
    /// misspelt.
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
    ///         text: '{{ template "slack.team.text" . }}'
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
    ///         text: '{{ template "slack.default.text" . }}'
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerTemplateUndefined {
        name: "alertmanager-template-undefined",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager notification uses a template nothing defines",
    }
}

/// The template files the `templates` of `config` load, or `None` when
/// what some pattern names cannot be known.
fn template_files(project: &Project, config: FileId) -> Option<Vec<FileId>> {
    let mut files = Vec::new();
    for entry in project
        .prometheus_files
        .iter()
        .filter(|e| e.reference == Reference::AlertmanagerTemplates && e.config == config)
    {
        match &entry.resolution {
            Resolution::Files(paths) if paths.len() == entry.loaded.len() => {
                files.extend(entry.loaded.iter().copied());
            }
            Resolution::Missing { .. } | Resolution::NoMatch { .. } => {}
            _ => return None,
        }
    }
    Some(files)
}

impl Rule for AlertmanagerTemplateUndefined {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let project = cx.project();
        let Some(files) = template_files(project, file.id) else {
            return;
        };
        let loaded: Vec<&LoadedFile> = files.iter().filter_map(|id| project.file(*id)).collect();
        let mut defined: std::collections::HashSet<&str> =
            ALERTMANAGER_DEFAULTS.iter().copied().collect();
        let mut uses: Vec<(Location, &str)> = Vec::new();
        for template in &loaded {
            let text = template.source.text();
            // A name that is not a literal: what is defined is unknown.
            let Some((names, invoked)) = named_templates(text) else {
                return;
            };
            defined.extend(names);
            for (name, offset) in invoked {
                let action = action_span(text, offset);
                let span = Span::new(action.start, action.end);
                uses.push((Location::span(template.id, span), name));
            }
        }
        for (pointer, text) in super::templated_settings(config) {
            let Some((names, invoked)) = named_templates(text) else {
                return;
            };
            defined.extend(names);
            for (name, _) in invoked {
                uses.push((Location::value(file.id, pointer.clone()), name));
            }
        }
        let mut known: Vec<&str> = defined.iter().copied().collect();
        known.sort_unstable();
        let mut findings = Vec::new();
        for (at, name) in uses {
            if defined.contains(&name) {
                continue;
            }
            let finding = Finding::new(at, format!("template `{name}` is not defined"))
                .primary_label("no template of this name")
                .note(format!(
                    "Alertmanager loads the configuration, but every notification that expands this fails: `no such template \"{name}\"`"
                ));
            let finding = match crate::compose::schema::closest(name, known.iter().copied()) {
                Some(close) => finding.help(format!("did you mean `{close}`?")),
                None if loaded.is_empty() => finding.help(
                    "define it with `{{ define \"…\" }}` in a file the configuration's `templates` names, and mount that file",
                ),
                None => finding.help(format!(
                    "define it with `{{{{ define \"{name}\" }}}}` in one of the {} template files the configuration loads",
                    loaded.len()
                )),
            };
            findings.push(finding);
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
