use std::collections::HashMap;

use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports two `receivers` of an Alertmanager configuration with the
    /// same `name`.
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses to start: `notification config name "x" is not
    /// unique`. Usually one of them was meant to be another team's.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: default
    /// receivers:
    ///   - name: default
    ///   - name: default
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
    ///   receiver: default
    /// receivers:
    ///   - name: default
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerReceiverDuplicate {
        name: "alertmanager-receiver-duplicate",
        family: Alertmanager,
        severity: Error,
        summary: "two Alertmanager receivers have the same name",
    }
}

impl Rule for AlertmanagerReceiverDuplicate {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut findings = Vec::new();
        for receiver in &config.receivers {
            let Some(name) = receiver.name else {
                continue;
            };
            let pointer = |index: usize| format!("/receivers/{index}/name");
            match first.get(name) {
                Some(&earlier) => findings.push(
                    Finding::new(
                        Location::value(file.id, pointer(receiver.index)),
                        format!("receiver `{name}` is defined twice"),
                    )
                    .primary_label("defined again here")
                    .label(Location::value(file.id, pointer(earlier)), "first defined here")
                    .help("rename one of them, or merge their integrations into one receiver")
                    .note(format!(
                        "Alertmanager refuses the configuration: `notification config name \"{name}\" is not unique`"
                    )),
                ),
                None => {
                    first.insert(name, receiver.index);
                }
            }
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
