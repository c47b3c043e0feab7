use crate::compose::model::Element;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::meta::Severity;
use crate::model::External;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a top-level network or volume marked `external: true` that
    /// also sets something other than `name` (`driver`, `driver_opts`,
    /// `labels`, `ipam`…), and one that gives its name twice, as `name` and
    /// as the legacy `external.name`, with different values.
    ///
    /// ## Why is this bad?
    /// An external network or volume is created outside the project; Compose
    /// only looks it up by name. The Compose Specification says every other
    /// attribute is irrelevant. For a volume Compose rejects the file
    /// (`conflicting parameters "external" and "driver" specified`), and for
    /// either it rejects two different names (`name and external.name
    /// conflict; only use name`). For a network it loads the file and
    /// ignores the settings, so they are reported as a warning: the network
    /// in use is whatever its creator made, not what the file says. The
    /// settings usually belong to the command that creates the resource.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [proxy]
    /// networks:
    ///   proxy:
    ///     external: true
    ///     driver: overlay
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     networks: [proxy]
    /// networks:
    ///   proxy:
    ///     external: true
    ///     name: proxy
    /// ```
    pub(crate) struct ExternalResourceWithSettings {
        name: "external-resource-with-settings",
        family: Schema,
        severity: Error,
        summary: "an external network or volume that also sets what only its creator can",
    }
}

impl Rule for ExternalResourceWithSettings {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        let stack = cx.stack();
        let networks = stack.networks.iter().map(|n| {
            (
                "networks",
                "network",
                n.name,
                n.node,
                n.external_form,
                n.written_name,
            )
        });
        let volumes = stack.volumes.iter().map(|v| {
            (
                "volumes",
                "volume",
                v.name,
                v.node,
                v.external,
                v.written_name,
            )
        });
        let all: Vec<_> = networks.chain(volumes).collect();
        for (section, what, name, node, external, written_name) in all {
            let element = Element { name, value: node };
            let legacy_name = match external {
                Some(External::Yes) => None,
                // The legacy form: `external: {name: …}`.
                Some(External::Named(name)) => name,
                None => continue,
            };
            let Some(entries) = element.value.as_mapping() else {
                continue;
            };
            for (key, _) in entries.iter() {
                if matches!(key.as_str(), "name" | "external") || key.starts_with("x-") {
                    continue;
                }
                let finding = Finding::new(
                    Location::model(element.pointer(section, &[key]), Part::Key),
                    format!("external {what} `{}` cannot set `{key}`", element.name),
                )
                .primary_label("ignored for an external resource")
                .label(
                    Location::model(element.pointer(section, &["external"]), Part::Key),
                    "created outside the project",
                )
                .help(format!(
                    "remove `{key}`, and give it to the command that creates the {what}; or remove `external` to let Compose create it"
                ));
                // Compose refuses these settings on an external volume; on
                // an external network it loads the file and ignores them.
                let finding = if section == "volumes" {
                    finding.note(format!(
                        "Compose rejects the file: `conflicting parameters \"external\" and \"{key}\" specified`"
                    ))
                } else {
                    finding.at_most(Severity::Warning).note(format!(
                        "Compose loads the file but ignores `{key}`: it looks the network up by name and uses it as it was created"
                    ))
                };
                cx.report(finding);
            }
            if let (Some(legacy), Some(name)) = (legacy_name, written_name)
                && legacy != name
            {
                cx.report(
                        Finding::new(
                            Location::model(
                                element.pointer(section, &["external", "name"]),
                                Part::Value,
                            ),
                            format!(
                                "external {what} `{}` is named both `{name}` and `{legacy}`",
                                element.name
                            ),
                        )
                        .label(
                            Location::model(element.pointer(section, &["name"]), Part::Value),
                            "named here",
                        )
                        .help("write `external: true` and keep only `name`")
                        .note("Compose rejects the file: `name and external.name conflict; only use name`"),
                    );
            }
        }
    }
}
