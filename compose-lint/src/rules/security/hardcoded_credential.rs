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
    /// defaults, which `default-credential` reports, nor values a service's
    /// `env_file` sets. A connection URL with
    /// a literal password in its user information
    /// (`postgres://app:s3cret@db/app`, `redis://:pw@cache`) is reported
    /// whatever the variable's name.
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
                // A value from an `env_file` is kept out of the compose
                // file already, which is what this rule asks for.
                if is_interpolated(project, variable.node())
                    || super::from_env_file(project, variable)
                {
                    continue;
                }
                if let Some(scheme) = url_with_password(text) {
                    cx.report(
                        Finding::new(
                            variable.location(),
                            format!(
                                "service `{}` sets `{name}` to a `{scheme}` URL with a literal password",
                                service.name
                            ),
                        )
                        .help(format!(
                            "write the password as a variable, `{scheme}://user:${{DB_PASSWORD:?set DB_PASSWORD}}@host/...`, or pass it through `secrets:`"
                        )),
                    );
                    continue;
                }
                if !is_secret_name(name) || is_switch(text) || is_default(name, text) {
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

/// The scheme of a connection URL in `text` whose user information holds
/// a password (`postgres://app:s3cret@db/app`, `redis://:pw@cache:6379`).
fn url_with_password(text: &str) -> Option<&str> {
    let (before, rest) = text.split_once("://")?;
    let scheme = before
        .rsplit(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .next()
        .filter(|s| !s.is_empty())?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, _host) = authority.rsplit_once('@')?;
    let (_user, password) = userinfo.split_once(':')?;
    (!password.is_empty()).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::url_with_password;

    #[test]
    fn passwords_in_connection_urls() {
        assert_eq!(
            url_with_password("postgres://app:s3cret@db:5432/app"),
            Some("postgres")
        );
        assert_eq!(url_with_password("redis://:pw@cache:6379/0"), Some("redis"));
        assert_eq!(
            url_with_password("mysql+pymysql://root:pw@mysql/app?ssl=1"),
            Some("mysql+pymysql")
        );
        assert_eq!(url_with_password("postgres://app@db/app"), None);
        assert_eq!(url_with_password("http://grafana:3000/login"), None);
        assert_eq!(url_with_password("redis://:@cache"), None);
        assert_eq!(url_with_password("https://example.com/a@b"), None);
    }
}
