use crate::declare_rule;
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports the old matcher syntax of an Alertmanager configuration:
    /// `match` and `match_re` in a route, `source_match`,
    /// `source_match_re`, `target_match` and `target_match_re` in an
    /// inhibit rule.
    ///
    /// ## Why is this bad?
    /// Alertmanager documents them as deprecated in favour of `matchers`
    /// (`source_matchers`, `target_matchers`), which take the same
    /// `label="value"`, `label=~"regex"` and negated forms in one list.
    /// They still work, but new configurations should not start with them.
    ///
    /// ## Example
    /// ```yaml
    /// # file: alertmanager.yml
    /// route:
    ///   receiver: default
    ///   routes:
    ///     - match:
    ///         team: db
    ///       receiver: default
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
    ///       receiver: default
    /// receivers:
    ///   - name: default
    /// # file: compose.yaml
    /// services:
    ///   alertmanager:
    ///     image: prom/alertmanager:v0.28.1
    ///     volumes:
    ///       - ./alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro
    /// ```
    pub(crate) struct AlertmanagerMatchersDeprecated {
        name: "alertmanager-matchers-deprecated",
        family: Alertmanager,
        severity: Info,
        summary: "the deprecated `match`/`match_re` matcher syntax of Alertmanager",
    }
}

impl Rule for AlertmanagerMatchersDeprecated {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        let Some(config) = cx.stack().alertmanager_file(file.id) else {
            return;
        };
        let mut found: Vec<(String, &str, &str)> = Vec::new();
        for route in &config.routes {
            for &(key, new) in &route.deprecated {
                found.push((format!("{}/{key}", route.pointer), key, new));
            }
        }
        for (pointer, key, new) in &config.inhibit_deprecated {
            found.push((pointer.clone(), key, new));
        }
        for (pointer, key, new) in found {
            cx.report(
                Finding::new(Location::key(file.id, pointer), format!("`{key}` is deprecated"))
                    .help(format!(
                        "write it as `{new}`: a list of `label=\"value\"` (or `=~`, `!=`, `!~`) matchers"
                    )),
            );
        }
    }
}
