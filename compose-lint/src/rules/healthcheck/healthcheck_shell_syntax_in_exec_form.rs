use crate::compose::value::Value;
use crate::declare_rule;
use crate::diagnostic::Applicability;
use crate::location::Location;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

use super::{Reported, is_shell, strings};

declare_rule! {
    /// ## What it does
    /// Reports a healthcheck `test` in exec form (`["CMD", …]`) whose
    /// arguments are shell syntax: `||`, `&&`, `|`, `;`, redirections such
    /// as `>` or `2>&1`, and `$VAR`, `${VAR}`, `$(…)` or backticks. Also
    /// reports `["CMD-SHELL", …]` with more than one string after
    /// `CMD-SHELL`.
    ///
    /// When the exec-form list is written in one place, with no comment or
    /// variable inside it, the diagnostic carries a fix that rewrites it to
    /// the `CMD-SHELL` form. The fix is marked safe when every other word
    /// means the same to a shell as to the program (no quotes, globs or
    /// expansions), and unsafe otherwise.
    ///
    /// ## Why is this bad?
    /// The exec form runs the program directly, without a shell: `||`,
    /// `exit` and `1` are passed to the program as arguments, and `$VAR` is
    /// passed as the text `$VAR`. The check then tests something else than
    /// intended, or always fails. With `CMD-SHELL`, only the first string is
    /// given to the shell; the others are ignored.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     healthcheck:
    ///       test: ["CMD", "wget", "--spider", "http://localhost:9090/-/healthy", "||", "exit", "1"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v2.53.0
    ///     healthcheck:
    ///       test: ["CMD-SHELL", "wget --spider http://localhost:9090/-/healthy || exit 1"]
    /// ```
    pub(crate) struct HealthcheckShellSyntaxInExecForm {
        name: "healthcheck-shell-syntax-in-exec-form",
        family: Healthcheck,
        severity: Error,
        summary: "a healthcheck in exec form uses shell syntax that no shell will run",
        fixable: true,
    }
}

impl Rule for HealthcheckShellSyntaxInExecForm {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let mut reported = Reported::default();
        for service in &cx.stack().services {
            let Some(check) = service.healthcheck.as_ref().filter(|h| h.is_mapping()) else {
                continue;
            };
            let Some(test) = check.test.map(|t| t.value) else {
                continue;
            };
            let Some(items) = test.as_sequence().and_then(strings) else {
                continue;
            };
            if !reported.first(test, "test") {
                continue;
            }
            match items.first() {
                Some(&"CMD") => {
                    if items.get(1).is_some_and(|program| is_shell(program)) {
                        continue;
                    }
                    let Some((index, what)) = items
                        .iter()
                        .enumerate()
                        .skip(2)
                        .find_map(|(i, item)| shell_syntax(item).map(|what| (i, what)))
                    else {
                        continue;
                    };
                    let command = shell_command(&items[1..]);
                    let replacement = format!("[\"CMD-SHELL\", {}]", yaml_string(&command));
                    let mut finding = Finding::new(
                        check.test_item_location(index),
                        format!(
                            "`{}` is {what}, but `CMD` runs `{}` without a shell",
                            items[index], items[1]
                        ),
                    )
                    .primary_label("passed to the program as a plain argument")
                    .help(format!("to run it with a shell, use `test: {replacement}`"));
                    if let Some(span) = rewritable(project, test) {
                        // Joining the words changes nothing but the operators
                        // when no word holds other shell syntax.
                        let applicability = if items[1..]
                            .iter()
                            .all(|item| shell_syntax(item).is_some() || is_plain_word(item))
                        {
                            Applicability::Safe
                        } else {
                            Applicability::Unsafe
                        };
                        finding = finding.fix(
                            "run the command with a shell (`CMD-SHELL`)",
                            applicability,
                            vec![(span, replacement)],
                        );
                    }
                    cx.report(finding);
                }
                Some(&"CMD-SHELL") if items.len() > 2 => {
                    let command = items[1..].join(" ");
                    cx.report(
                        Finding::new(
                            check.test_item_location(2),
                            format!(
                                "only the first string after `CMD-SHELL` is run; `{}` is ignored",
                                items[2]
                            ),
                        )
                        .primary_label("ignored")
                        .help(format!(
                            "write the whole command as one string: `test: [\"CMD-SHELL\", {}]`",
                            yaml_string(&command)
                        )),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The place of a `test` list that a fix may rewrite: written in one
/// place (not through an alias or merged from several files), with no
/// comment inside and no variable the rewrite would inline.
fn rewritable(project: &Project, test: &Value) -> Option<Location> {
    let origin = test.origin?;
    if origin.via().is_some() {
        return None;
    }
    let items = test.as_sequence()?;
    let inside = |value: &Value| {
        value.origin.is_some_and(|o| {
            o.file == origin.file
                && o.via().is_none()
                && o.value().start >= origin.value().start
                && o.value().end <= origin.value().end
        })
    };
    if !items.iter().all(inside) {
        return None;
    }
    let written = project.written(test)?;
    if written.contains('#') || written.replace("$$", "").contains('$') {
        return None;
    }
    Some(Location::span(origin.file, origin.value()))
}

/// A word that means the same to a shell as to a program: no quoting,
/// globbing, expansion or grouping characters.
fn is_plain_word(item: &str) -> bool {
    !item.is_empty()
        && item.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '=' | ',' | '+' | '@' | '%')
        })
}

/// What shell syntax a whole argument is, if it is some.
fn shell_syntax(item: &str) -> Option<&'static str> {
    if matches!(item, "||" | "&&" | "|" | ";" | "&") {
        return Some("a shell operator");
    }
    if is_redirection(item) {
        return Some("a shell redirection");
    }
    // An argument with spaces is a script for the program (`-c`, `--eval`):
    // its `$` belong to that program.
    if item.contains(char::is_whitespace) {
        return None;
    }
    if item.contains("$(") || item.matches('`').count() >= 2 {
        return Some("a shell command substitution");
    }
    if has_variable(item) {
        return Some("a shell variable");
    }
    None
}

/// `>`, `>>`, `<`, `2>&1`, `>/dev/null`, `2>/dev/null`, `&>/dev/null`.
fn is_redirection(item: &str) -> bool {
    let rest = item.strip_prefix(['0', '1', '2', '&']).unwrap_or(item);
    let rest = if let Some(r) = rest.strip_prefix(">>") {
        r
    } else if let Some(r) = rest.strip_prefix(['>', '<']) {
        r
    } else {
        return false;
    };
    rest.is_empty() || matches!(rest, "&1" | "&2") || rest.starts_with("/dev/")
}

/// `$VAR` or `${VAR}` at the start of the argument or after a character that
/// cannot be part of a word (`--password=$PASS`, `http://$HOST`).
fn has_variable(item: &str) -> bool {
    let bytes = item.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        if b != b'$' {
            return false;
        }
        let after = bytes.get(i + 1).copied();
        let starts_name = after.is_some_and(|c| c == b'{' || c == b'_' || c.is_ascii_alphabetic());
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        starts_name && word_start
    })
}

/// The arguments joined into one shell command, quoting those with spaces.
fn shell_command(args: &[&str]) -> String {
    args.iter()
        .map(|arg| {
            if arg.is_empty() || arg.contains(char::is_whitespace) {
                format!("'{}'", arg.replace('\'', r"'\''"))
            } else {
                (*arg).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A double-quoted YAML string for `text` as it is written in a compose
/// file (`$` doubled so that Compose does not interpolate it).
fn yaml_string(text: &str) -> String {
    let escaped = text
        .replace('\\', r"\\")
        .replace('"', r#"\""#)
        .replace('$', "$$");
    format!("\"{escaped}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_word_operators_and_expansions_are_shell_syntax() {
        for item in [
            "||",
            "&&",
            "|",
            ";",
            ">",
            "<",
            ">>",
            "2>&1",
            ">/dev/null",
            "2>/dev/null",
        ] {
            assert!(shell_syntax(item).is_some(), "{item}");
        }
        for item in [
            "$PORT",
            "${PORT}",
            "--password=$PASS",
            "http://$HOST:80",
            "$(hostname)",
        ] {
            assert!(shell_syntax(item).is_some(), "{item}");
        }
    }

    #[test]
    fn operators_inside_words_are_not_shell_syntax() {
        for item in [
            "--header=a|b",
            "http://x/a;b",
            "pa$word",
            "exit",
            "1",
            "-q",
            "db.adminCommand('ping')",
            "console.log(`${x}`); process.exit(0)",
            "$",
            "100$",
        ] {
            assert!(shell_syntax(item).is_none(), "{item}");
        }
    }

    #[test]
    fn help_quotes_arguments_with_spaces() {
        assert_eq!(
            shell_command(&["curl", "-H", "A: b", "||", "exit", "1"]),
            "curl -H 'A: b' || exit 1"
        );
        assert_eq!(yaml_string("echo \"$X\""), r#""echo \"$$X\"""#);
    }
}
