//! What the linter knows about a rule without running it: its name,
//! family, default severity and documentation. The bottom of the crate:
//! diagnostics carry this, rules declare it, renderers print it.

use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Self::Info),
            "warning" => Ok(Self::Warning),
            "error" => Ok(Self::Error),
            other => Err(format!(
                "unknown severity `{other}` (expected error, warning or info)"
            )),
        }
    }
}

/// Where rule documentation is published for this version (its release
/// tag); each rule's page is `<name>.md`.
pub(crate) const DOCS_URL: &str = concat!(
    "https://github.com/compose-lint/compose-lint/blob/v",
    env!("CARGO_PKG_VERSION"),
    "/docs/rules"
);

/// The groups rules belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// YAML that Compose cannot load.
    Syntax,
    /// Variables and environment files.
    Interpolation,
    /// How the files of a project combine: overrides, `extends`, `include`.
    Loading,
    /// What the Compose Specification's schema allows.
    Schema,
    /// What services bind on the host: published ports, container names,
    /// replicas and network modes.
    Ports,
    /// The project's networks, their subnets and the addresses services take.
    Networks,
    /// The order services start in: `depends_on` and the like.
    Dependencies,
    /// Service healthchecks: the command, the image that runs it, timings.
    Healthcheck,
    /// What `docker compose build` needs: build contexts, Dockerfiles,
    /// their stages.
    Build,
    /// Mounts: bind sources, named volumes, env files, secrets and configs,
    /// and who can read or write them.
    Volumes,
    /// What a service can do to the host and who can reach it: privileges,
    /// host mounts, credentials, published admin surfaces, image tags.
    Security,
    /// Prometheus configuration and how it matches the compose project.
    Prometheus,
    /// Alertmanager configuration: the route tree and its receivers.
    Alertmanager,
    /// The Grafana stack's configurations (Grafana provisioning, Promtail,
    /// Alloy) and how they match the compose project.
    Grafana,
    /// The `# compose-lint:` suppression comments themselves.
    Suppressions,
}

impl Family {
    /// Every family, in the order above.
    pub const ALL: [Family; 15] = [
        Self::Syntax,
        Self::Interpolation,
        Self::Loading,
        Self::Schema,
        Self::Ports,
        Self::Networks,
        Self::Dependencies,
        Self::Healthcheck,
        Self::Build,
        Self::Volumes,
        Self::Security,
        Self::Prometheus,
        Self::Alertmanager,
        Self::Grafana,
        Self::Suppressions,
    ];

    /// True for the families whose problems change what the project is or
    /// stop Compose from loading it: what `compose-lint config` reports
    /// alongside the project.
    pub fn affects_loading(self) -> bool {
        matches!(
            self,
            Self::Syntax | Self::Interpolation | Self::Loading | Self::Schema
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::Interpolation => "interpolation",
            Self::Loading => "loading",
            Self::Schema => "schema",
            Self::Ports => "ports",
            Self::Networks => "networks",
            Self::Dependencies => "dependencies",
            Self::Healthcheck => "healthcheck",
            Self::Build => "build",
            Self::Volumes => "volumes",
            Self::Security => "security",
            Self::Prometheus => "prometheus",
            Self::Alertmanager => "alertmanager",
            Self::Grafana => "grafana",
            Self::Suppressions => "suppressions",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the linter knows about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// The kebab-case name of the problem the rule detects.
    pub name: &'static str,
    pub family: Family,
    pub default_severity: Severity,
    /// One line saying what the rule detects.
    pub summary: &'static str,
    /// True when the rule offers fixes (`fixable: true` in its declaration).
    pub fixable: bool,
    /// True for a rule that runs only when selected (`select` or
    /// `extend-select` in `compose-lint.toml`, by name or family): its
    /// findings are a policy some projects keep and others do not.
    pub opt_in: bool,
    /// The rule's doc comment, as written (each line keeps its leading space).
    pub raw_docs: &'static str,
    /// The file that implements the rule.
    pub source_file: &'static str,
}

impl RuleMeta {
    /// The rule's documentation as Markdown.
    pub fn documentation(&self) -> String {
        let mut text = String::with_capacity(self.raw_docs.len());
        for line in self.raw_docs.lines() {
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
            text.push('\n');
        }
        text
    }

    /// The Markdown page `docs/rules/<name>.md` is generated from.
    pub fn markdown_page(&self) -> String {
        format!(
            "<!-- Generated from the doc comment in {}: edit that, then run\n     UPDATE_RULE_DOCS=1 cargo test --test registry -->\n\n# {}\n\n{}\n\n| family | default severity | fix |\n| --- | --- | --- |\n| {} | {} | {} |\n\n{}",
            self.source_file,
            self.name,
            self.summary,
            self.family,
            self.default_severity,
            if self.fixable { "yes" } else { "no" },
            self.documentation()
        )
    }

    /// The rule's documentation for a terminal (`compose-lint rule NAME`):
    /// the page's text without its Markdown furniture, headings in bold and
    /// examples indented when `color` is on, and the link to the page.
    pub fn terminal_page(&self, color: bool) -> String {
        let (bold, dim, reset) = if color {
            ("\x1b[1m", "\x1b[2m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let fix = if self.fixable {
            "offers a fix"
        } else {
            "no fix"
        };
        let opt_in = if self.opt_in { ", opt-in" } else { "" };
        let mut out = format!(
            "{bold}{}{reset} ({}, {}, {fix}{opt_in})\n{}\n\n",
            self.name, self.family, self.default_severity, self.summary
        );
        let mut in_code = false;
        for line in self.documentation().lines() {
            if line.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                out.push_str(&format!("    {dim}{line}{reset}\n"));
            } else if let Some(heading) = line.strip_prefix("## ") {
                out.push_str(&format!("{bold}{heading}{reset}\n"));
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(&format!("\nDocumentation: {}\n", self.url()));
        out
    }

    /// The rule's documentation page.
    pub fn url(&self) -> String {
        format!("{DOCS_URL}/{}.md", self.name)
    }
}
