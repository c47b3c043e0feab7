use crate::compose::model::services;
use crate::compose::value::Value;
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `security_opt` entry that turns a protection off:
    /// `seccomp:unconfined`, `apparmor:unconfined`, `label:disable` (or
    /// with `=`), and `no-new-privileges:false`.
    ///
    /// ## Why is this bad?
    /// Docker's default seccomp profile blocks the system calls most
    /// kernel exploits use, AppArmor and SELinux labels confine what a
    /// container may touch, and `no-new-privileges` stops setuid programs
    /// from gaining root. Turning them off is usually a workaround for one
    /// denied call that a narrower profile would allow.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     security_opt:
    ///       - seccomp:unconfined
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: example/app:1.0
    ///     security_opt:
    ///       - no-new-privileges:true
    /// ```
    pub struct SecurityProfileDisabled {
        name: "security-profile-disabled",
        family: Security,
        severity: Warning,
        summary: "a service turns off seccomp, AppArmor, SELinux labels or no-new-privileges",
    }
}

impl Rule for SecurityProfileDisabled {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            let Some(items) = service
                .value
                .get("security_opt")
                .and_then(Value::as_sequence)
            else {
                continue;
            };
            for (index, item) in items.iter().enumerate() {
                let Some(written) = item.as_str() else {
                    continue;
                };
                let Some(what) = disabled(written) else {
                    continue;
                };
                cx.report(
                    Finding::new(
                        Location::model(
                            service.pointer("services", &["security_opt", &index.to_string()]),
                            Part::Value,
                        ),
                        format!("service `{}` turns off {what} with `{written}`", service.name),
                    )
                    .help("remove the option, or give the service a profile that allows just what it needs (`seccomp=./profile.json`)"),
                );
            }
        }
    }
}

/// What an option turns off, when it turns something off.
fn disabled(option: &str) -> Option<&'static str> {
    let option = option.trim().to_ascii_lowercase();
    let (name, value) = option.split_once([':', '='])?;
    match (name.trim(), value.trim()) {
        ("seccomp", "unconfined") => Some("the seccomp profile"),
        ("apparmor", "unconfined") => Some("AppArmor"),
        ("label", "disable") => Some("SELinux labels"),
        ("no-new-privileges", "false") => Some("`no-new-privileges`"),
        _ => None,
    }
}
