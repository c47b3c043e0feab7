use super::default_credential::is_default;
use super::{is_interpolated, is_secret_name, is_switch};
use crate::declare_rule;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a literal value written in a service's `environment` for a
    /// variable whose name says it holds a secret (`PASSWORD`, `PASSWD`,
    /// `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`, `_PASS`).
    /// Values set by a variable (`${DB_PASSWORD}`), empty values, switches
    /// (`true`, `yes`, `1`), and names that hold a path or a user
    /// (`_FILE`, `_PATH`, `_USER`) are not reported, nor are well-known
    /// defaults, which `default-credential` reports.
    ///
    /// ## Why is this bad?
    /// The secret is in version control and in `docker inspect`, shared
    /// with everyone who reads either, and the same in every deployment.
    /// Example stacks often do this on purpose for local use, so the rule
    /// only informs.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD: s3cr3t-pw
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     environment:
    ///       POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    ///     secrets:
    ///       - db_password
    /// secrets:
    ///   db_password:
    ///     file: ./db_password.txt
    /// # file: db_password.txt
    /// a-long-random-password
    /// ```
    pub(crate) struct HardcodedCredential {
        name: "hardcoded-credential",
        family: Security,
        severity: Info,
        summary: "a service's environment holds a literal secret",
    }
}

impl Rule for HardcodedCredential {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            for variable in &service.environment {
                let (name, text) = (variable.value.name, &variable.value.value);
                if !is_secret_name(name)
                    || is_switch(text)
                    || is_default(name, text)
                    || is_interpolated(project, variable.node())
                {
                    continue;
                }
                cx.report(
                    Finding::new(
                        variable.location(),
                        format!("service `{}` sets `{name}` to a literal secret", service.name),
                    )
                    .help(format!("set it from the environment, `{name}: ${{{name}:?set {name}}}`, or use `secrets:` and the image's `{name}_FILE` variable if it has one")),
                );
            }
        }
    }
}
