use crate::build::built_image;
use crate::declare_rule;
use crate::images::ImageFacts;
use crate::model::Service;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

use super::{Probe, Reported, first_shell_word, is_shell, probe, strings};

declare_rule! {
    /// ## What it does
    /// Reports a healthcheck that runs `curl` or `wget` in an image known
    /// not to ship it, and a shell-form healthcheck (`CMD-SHELL` or a plain
    /// string) in an image known to have no shell. Only images whose
    /// contents compose-lint knows are checked; services that are built
    /// are not.
    ///
    /// A service built from a Dockerfile is checked against the image
    /// the Dockerfile makes: its base image's facts (through `FROM stage`
    /// chains, the final stage or `target`) plus the programs its `RUN`s
    /// install (`apk add`, `apt-get install`, `yum`/`dnf`/`microdnf
    /// install`). An unknown base image, an `${ARG}` base or a custom
    /// `# syntax=` frontend says nothing.
    ///
    /// ## Why is this bad?
    /// The check fails with "executable file not found" every time: the
    /// container never becomes healthy, and services that wait for it with
    /// `condition: service_healthy` never start.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     healthcheck:
    ///       test: ["CMD", "curl", "-f", "http://localhost:9090/-/healthy"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     healthcheck:
    ///       test: ["CMD", "wget", "-q", "--spider", "http://localhost:9090/-/healthy"]
    /// ```
    pub(crate) struct HealthcheckToolMissingInImage {
        name: "healthcheck-tool-missing-in-image",
        family: Healthcheck,
        severity: Error,
        summary: "a healthcheck runs a program the image does not ship",
    }
}

impl Rule for HealthcheckToolMissingInImage {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let mut reported = Reported::default();
        for service in &cx.stack().services {
            let Some(check) = service.healthcheck.as_ref().filter(|h| h.is_mapping()) else {
                continue;
            };
            let Some(test) = check.test.map(|t| t.value) else {
                continue;
            };
            // A built image: its base image's facts, changed by what its
            // Dockerfile installs; unknown when the base is.
            let (subject, facts) = if service.build.is_some() {
                let Some(built) = project.build(service.name).and_then(built_image) else {
                    continue;
                };
                let Some(facts) = built.facts else {
                    continue;
                };
                (format!("the image built on `{}`", built.base), facts)
            } else {
                let Some(image) = service.image.map(|i| i.value) else {
                    continue;
                };
                let Some(facts) = project.images.lookup(image) else {
                    continue;
                };
                (format!("image `{image}`"), facts)
            };
            let Some(probe) = probe(test) else {
                continue;
            };
            if !reported.first(test, &subject) {
                continue;
            }
            // The list item that names the program, or the whole string.
            let item = match (&probe, test.as_sequence().and_then(strings)) {
                (Probe::Exec(program), Some(items)) if is_shell(program) && items.len() > 3 => {
                    Some(3)
                }
                (_, Some(_)) => Some(1),
                (_, None) => None,
            };
            let at = |item: Option<usize>| match (item, check.test) {
                (Some(index), _) => check.test_item_location(index),
                (None, Some(test)) => test.location(),
                (None, None) => service.key_location(),
            };
            let location = at(item);
            // What needs the shell: `CMD-SHELL`'s command, or the `sh` of `CMD`.
            let shell_location = at(test.as_sequence().map(|_| 1));
            let (program, needs_shell) = match probe {
                Probe::Shell(command) if has_fallback(command, facts) => (None, true),
                Probe::Shell(command) => (first_shell_word(command), true),
                Probe::Exec(program) if is_shell(program) => {
                    let items = test.as_sequence().and_then(strings).unwrap_or_default();
                    let script = match items.get(2..) {
                        Some(["-c", script, ..]) if !has_fallback(script, facts) => {
                            first_shell_word(script)
                        }
                        _ => None,
                    };
                    (script, true)
                }
                Probe::Exec(program) => (Some(program), false),
            };
            if needs_shell && facts.shell == Some(false) {
                cx.report(with_alternative(
                    Finding::new(
                        shell_location,
                        format!("{subject} has no shell, but this healthcheck needs one"),
                    )
                    .primary_label("run by `/bin/sh`")
                    .note(format!("image facts: {}", facts.source)),
                    facts,
                ));
                continue;
            }
            let Some(program) = program else {
                continue;
            };
            let tool = program.rsplit('/').next().unwrap_or(program);
            let ships = match tool {
                "curl" => facts.curl,
                "wget" => facts.wget,
                _ => None,
            };
            if ships != Some(false) || mounts_tool(service, tool) {
                continue;
            }
            cx.report(with_alternative(
                Finding::new(location, format!("{subject} does not ship `{tool}`"))
                    .primary_label("this check can never succeed")
                    .note(format!("image facts: {}", facts.source)),
                facts,
            ));
        }
    }
}

fn with_alternative(finding: Finding, facts: ImageFacts<'_>) -> Finding {
    match facts.healthcheck {
        Some(test) => finding.help(format!("use a program the image ships: `test: {test}`")),
        None => finding.help("use a program the image ships, or build an image that adds it"),
    }
}

/// True when a shell command also runs a program the image does ship
/// (`curl … || wget …`).
fn has_fallback(command: &str, facts: ImageFacts<'_>) -> bool {
    command.split_whitespace().any(|word| {
        let tool = word.rsplit('/').next().unwrap_or(word);
        match tool {
            "curl" => facts.curl == Some(true),
            "wget" => facts.wget == Some(true),
            _ => false,
        }
    })
}

/// True when a volume puts a file named `tool` into the container.
fn mounts_tool(service: &Service<'_>, tool: &str) -> bool {
    let suffix = format!("/{tool}");
    service
        .mounts()
        .iter()
        .any(|mount| mount.target.ends_with(&suffix))
}
