use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a route of an Alertmanager configuration whose `receiver`
    /// names no entry of `receivers`, and a root `route` without a
    /// `receiver` (the default every alert falls back to). The
    /// configuration is the one an Alertmanager service reads, found
    /// through its container view.
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses to start, and `amtool check-config` fails:
    /// `undefined receiver "team-x" used in route`, or `root route must
    /// specify a default receiver`. Until it is fixed, no alert is sent.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: default
    ///   routes:
    ///     - matchers: ['team="db"']
    ///       receiver: team-db
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
    ///   routes:
    ///     - matchers: ['team="db"']
    ///       receiver: team-db
    /// receivers:
    ///   - name: default
    ///   - name: team-db
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerReceiverUndefined {
        name: "alertmanager-receiver-undefined",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager route names a receiver that is not defined",
    }
}

impl Rule for AlertmanagerReceiverUndefined {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let known = config.receiver_names();
        let mut findings = Vec::new();
        for route in &config.routes {
            match route.receiver {
                Some(receiver) => {
                    let Some(name) = receiver.as_str() else {
                        continue;
                    };
                    if known.contains(&name) {
                        continue;
                    }
                    let finding = super::undefined(
                        Location::value(file.id, format!("{}/receiver", route.pointer)),
                        "receiver",
                        name,
                        &known,
                        format!(
                            "add `- name: {name}` to `receivers`, or route to a receiver that exists"
                        ),
                    );
                    findings.push(finding);
                }
                None if route.pointer == "/route" => findings.push(
                    Finding::new(
                        Location::key(file.id, "/route"),
                        "the root route has no `receiver`",
                    )
                    .primary_label("every alert no other route matches goes here")
                    .help("set `receiver:` on the root route to one of `receivers`")
                    .note("Alertmanager refuses the configuration: `root route must specify a default receiver`"),
                ),
                None => {}
            }
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
