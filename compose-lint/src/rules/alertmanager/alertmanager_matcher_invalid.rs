use crate::declare_rule;
use crate::location::Location;
use crate::model::MatchForm;
use crate::project::LoadedFile;
use crate::prometheus::matchers::{refusal, regex_refusal};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a label matcher Alertmanager cannot parse, in a route's
    /// `matchers` or an inhibit rule's `source_matchers`/`target_matchers`:
    /// a missing operator (`alertname Watchdog`), a stray or missing double
    /// quote, a label name neither parser accepts, a regular expression
    /// that does not compile. A `match_re`, `source_match_re` or
    /// `target_match_re` value whose regular expression does not compile is
    /// reported too.
    ///
    /// Matchers are parsed as Alertmanager 0.27 and later parse them by
    /// default: with the UTF-8 parser, falling back to the classic one. A
    /// matcher only one of them accepts loads, so it is not reported.
    ///
    /// ## Why is this bad?
    /// Alertmanager refuses the configuration (`amtool check-config`: `bad
    /// matcher format: alertname Watchdog`); the container does not start,
    /// and a reload keeps the old configuration, routing alerts the old
    /// way.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: team
    ///   routes:
    ///     - receiver: team
    ///       matchers:
    ///         - severity=~"(critical|page"
    /// receivers:
    ///   - name: team
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
    ///   routes:
    ///     - receiver: team
    ///       matchers:
    ///         - severity=~"(critical|page)"
    /// receivers:
    ///   - name: team
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerMatcherInvalid {
        name: "alertmanager-matcher-invalid",
        family: Alertmanager,
        severity: Error,
        summary: "an Alertmanager matcher or match_re regular expression does not parse",
    }
}

impl Rule for AlertmanagerMatcherInvalid {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let mut findings = Vec::new();
        for matching in &config.matching {
            let (reason, help) = match matching.form {
                MatchForm::Matchers => (
                    refusal(matching.text),
                    "write `name=\"value\"`, `name!=\"value\"`, `name=~\"regex\"` or `name!~\"regex\"`, with the value in double quotes",
                ),
                MatchForm::Regex => (
                    regex_refusal(matching.text)
                        .map(|r| format!("the regular expression does not compile: {r}")),
                    "fix the regular expression; Alertmanager anchors it at both ends and uses RE2 syntax",
                ),
            };
            let Some(reason) = reason else {
                continue;
            };
            findings.push(
                Finding::new(
                    Location::value(file.id, matching.pointer.clone()),
                    format!("Alertmanager cannot parse `{}`: {reason}", matching.text),
                )
                .primary_label("refused")
                .help(help)
                .note("Alertmanager refuses the configuration at start and on reload"),
            );
        }
        for finding in findings {
            cx.report(finding);
        }
    }
}
