use super::report_undefined;
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a config a service uses (`- name` or `- source: name`) that
    /// the top-level `configs` section does not define. A file that looks
    /// like part of a larger project (no default name, with a default-named
    /// compose file beside it or up to two levels above) is not reported.
    ///
    /// ## Why is this bad?
    /// Compose refuses the project: `service "web" refers to undefined config
    /// …`.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     configs:
    ///       - source: nginx_conf
    ///         target: /etc/nginx/conf.d/default.conf
    /// configs:
    ///   nginx-conf:
    ///     content: |
    ///       server { listen 80; }
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   web:
    ///     image: nginx:1.27
    ///     configs:
    ///       - source: nginx-conf
    ///         target: /etc/nginx/conf.d/default.conf
    /// configs:
    ///   nginx-conf:
    ///     content: |
    ///       server { listen 80; }
    /// ```
    pub(crate) struct UndefinedConfig {
        name: "undefined-config",
        family: Volumes,
        severity: Error,
        summary: "a service uses a config the project does not define",
    }
}

impl Rule for UndefinedConfig {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        report_undefined(project, cx, "configs", "config");
    }
}
