use serde_json::Value as Json;

use super::{config, routes};
use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a route's `group_by` that Alertmanager refuses: the
    /// wildcard `...` together with label names, or a label named twice.
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses to start: `cannot have wildcard group_by
    /// (`...`) and other labels at the same time`, or `duplicated label
    /// "x" in group_by`.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: default
    ///   group_by: ['...', alertname]
    /// receivers:
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
    ///   group_by: ['...']
    /// receivers:
    ///   - name: default
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerGroupByInvalid {
        name: "alertmanager-group-by-invalid",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager route's `group_by` mixes `...` with labels or repeats a label",
    }
}

impl Rule for AlertmanagerGroupByInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(document) = config(file) else {
            return;
        };
        for (pointer, route) in routes(document) {
            let Some(labels) = route.get("group_by").and_then(Json::as_array) else {
                continue;
            };
            let names: Vec<&str> = labels.iter().filter_map(Json::as_str).collect();
            if names.contains(&"...") && names.len() > 1 {
                cx.report(
                    Finding::new(
                        Location::value(file.id, format!("{pointer}/group_by")),
                        "`group_by` mixes the wildcard `...` with label names",
                    )
                    .primary_label("`...` already groups by every label")
                    .help("keep `['...']` alone, or list the labels without `...`")
                    .note("Alertmanager refuses the configuration: `cannot have wildcard group_by (`...`) and other labels at the same time`"),
                );
                continue;
            }
            for (index, name) in names.iter().enumerate() {
                if names[..index].contains(name) {
                    cx.report(
                        Finding::new(
                            Location::value(file.id, format!("{pointer}/group_by/{index}")),
                            format!("label `{name}` is named twice in `group_by`"),
                        )
                        .primary_label("named again here")
                        .help("remove the repeated label")
                        .note(format!(
                            "Alertmanager refuses the configuration: `duplicated label \"{name}\" in group_by`"
                        )),
                    );
                }
            }
        }
    }
}
