use std::collections::HashMap;

use crate::compose::model::Element;
use crate::compose::model::profiles as profiles_of;
use crate::compose::normalize::is_enabled;
use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::model::graph::{Edge, service_edges};
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service that depends (`depends_on` without
    /// `required: false`, `links`, `volumes_from`, `network_mode: service:`)
    /// on a service that its profiles leave out: checked with no profile
    /// active and with each profile the project declares (or, with
    /// `--profile`, with the profiles selected).
    ///
    /// ## Why is this bad?
    /// Compose starts a service without profiles every time, but a service
    /// with `profiles` only when one of them is active. When the dependency
    /// is off, `docker compose up` fails: "service db is required by
    /// load_tester but is disabled".
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   load_tester:
    ///     image: grafana/k6:0.54.0
    ///     depends_on: [db]
    ///   db:
    ///     image: postgres:17
    ///     profiles: [production]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   load_tester:
    ///     image: grafana/k6:0.54.0
    ///     profiles: [production]
    ///     depends_on: [db]
    ///   db:
    ///     image: postgres:17
    ///     profiles: [production]
    /// ```
    pub(crate) struct DependencyDisabledByProfile {
        name: "dependency-disabled-by-profile",
        family: Dependencies,
        severity: Error,
        summary: "a service depends on a service its profiles leave out",
    }
}

fn describe(set: &[String]) -> String {
    match set {
        [] => "with no profile active".to_string(),
        [one] => format!("with profile `{one}`"),
        many => format!(
            "with profiles {}",
            many.iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn report(
    cx: &mut Context<'_>,
    edge: &Edge,
    target: &Value,
    sets: &[String],
    label: Option<Location>,
) {
    let target_profiles = profiles_of(target);
    let mut finding = Finding::new(
        edge.location(),
        format!(
            "`{}` depends on `{}`, which is disabled {}",
            edge.from,
            edge.to,
            sets.join(" and ")
        ),
    )
    .primary_label(format!("`{}` is not started then", edge.to))
    .help(format!(
        "add `profiles: [{}]` to `{}`, or activate {} whenever `{}` runs",
        target_profiles.join(", "),
        edge.from,
        target_profiles
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(" or "),
        edge.from
    ));
    if let Some(label) = label {
        finding = finding.label(
            label,
            format!("`{}` runs only with these profiles", edge.to),
        );
    }
    cx.report(finding);
}

impl Rule for DependencyDisabledByProfile {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let Some(resolved) = project.resolved.as_ref() else {
            return;
        };
        if !resolved.profiles.is_empty() {
            // Only the selected profiles: the model holds the services that
            // run, the loader kept the others aside.
            let graph = cx.stack().graph();
            for edge in graph.edges.iter().filter(|e| e.kind.is_required()) {
                if graph.index(&edge.to).is_some() {
                    continue;
                }
                if let Some(target) = resolved.disabled_services.get(edge.to.as_str()) {
                    report(cx, edge, target, &[describe(&resolved.profiles)], None);
                }
            }
            return;
        }
        let all: Vec<Element<'_>> = services(project);
        let by_name: HashMap<&str, &Element<'_>> = all.iter().map(|s| (s.name, s)).collect();
        let mut declared: Vec<String> = Vec::new();
        for service in &all {
            for profile in profiles_of(service.value) {
                if !declared.iter().any(|p| p == profile) {
                    declared.push(profile.to_string());
                }
            }
        }
        if declared.is_empty() {
            return;
        }
        let mut sets: Vec<Vec<String>> = vec![Vec::new()];
        sets.extend(declared.iter().map(|p| vec![p.clone()]));
        for service in &all {
            for edge in service_edges(service.name, service.value) {
                if !edge.kind.is_required() {
                    continue;
                }
                let Some(target) = by_name.get(edge.to.as_str()) else {
                    continue;
                };
                let broken: Vec<String> = sets
                    .iter()
                    .filter(|set| is_enabled(service.value, set) && !is_enabled(target.value, set))
                    .map(|set| describe(set))
                    .collect();
                if broken.is_empty() {
                    continue;
                }
                let label = Location::model(target.pointer("services", &["profiles"]), Part::Value);
                report(cx, &edge, target.value, &broken, Some(label));
            }
        }
    }
}
