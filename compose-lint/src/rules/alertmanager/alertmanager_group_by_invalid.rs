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
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let mut findings = Vec::new();
        for route in &config.routes {
            let names = &route.group_by;
            if names.contains(&"...") && names.len() > 1 {
                findings.push(
                    Finding::new(
                        Location::value(file.id, format!("{}/group_by", route.pointer)),
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
                    findings.push(
                        Finding::new(
                            Location::value(file.id, format!("{}/group_by/{index}", route.pointer)),
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
        for finding in findings {
            cx.report(finding);
        }
    }
}
