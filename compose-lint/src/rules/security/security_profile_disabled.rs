use crate::declare_rule;
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
    pub(crate) struct SecurityProfileDisabled {
        name: "security-profile-disabled",
        family: Security,
        severity: Warning,
        summary: "a service turns off seccomp, AppArmor, SELinux labels or no-new-privileges",
    }
}

impl Rule for SecurityProfileDisabled {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            for item in &service.security_opt {
                let written = item.value;
                let Some(what) = disabled(written) else {
                    continue;
                };
                cx.report(
                    Finding::new(
                        item.location(),
                        format!("service `{}` turns off {what} with `{written}`", service.name),
                    )
                    .help("remove the option, or give the service a profile that allows just what it needs (`seccomp=./profile.json`)"),
                );
            }
        }
    }
}

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
