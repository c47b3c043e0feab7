//! Values that interpolation takes from the process environment (a CI
//! secret, a token set on a runner) are never echoed: diagnostics quote
//! the expression, `${NAME}`, where the value would be.

use std::borrow::Cow;

use super::environment::Environment;
use crate::project::{FileKind, Project};

/// Values shorter than this are left as they are: a port like `80` or a
/// flag like `1` cannot be told apart from the text around it.
const MIN_LEN: usize = 3;

/// The process variables the project's files use, with their values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redactions {
    /// `(value, "${NAME}")`, longest value first, so a value holding
    /// another is replaced whole.
    values: Vec<(String, String)>,
}

impl Redactions {
    /// The process variables named in the project's compose and
    /// environment files (`$NAME`, `${NAME…}`), with their values.
    pub(crate) fn of(project: &Project, environment: &Environment) -> Self {
        let process = environment.process();
        if process.is_empty() {
            return Self::default();
        }
        let mut names = std::collections::BTreeSet::new();
        for file in &project.files {
            if matches!(file.kind, FileKind::Compose | FileKind::Env) {
                referenced(file.source.text(), &mut names);
            }
        }
        let mut values: Vec<(String, String)> = names
            .into_iter()
            .filter_map(|name| {
                let value = process.get(name)?;
                (value.chars().count() >= MIN_LEN).then(|| (value.clone(), format!("${{{name}}}")))
            })
            .collect();
        values.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        values.dedup_by(|a, b| a.0 == b.0);
        Self { values }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// These redactions for a diagnostic about `written`, a text as it is
    /// written in a file: when it uses one of the variables, the parts of
    /// that variable's value are hidden too (a message that quotes the
    /// host port of `${BIND}:80` quotes a part of the value).
    pub fn at(&self, written: &str) -> Cow<'_, Self> {
        let mut names = std::collections::BTreeSet::new();
        referenced(written, &mut names);
        let mut values = self.values.clone();
        for (value, expression) in &self.values {
            let name = &expression[2..expression.len() - 1];
            if !names.contains(name) {
                continue;
            }
            for part in value.split(|c: char| !is_word(c)) {
                if part.chars().count() >= MIN_LEN && part != value {
                    values.push((part.to_string(), expression.clone()));
                }
            }
        }
        if values.len() == self.values.len() {
            return Cow::Borrowed(self);
        }
        values.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        values.dedup_by(|a, b| a.0 == b.0);
        Cow::Owned(Self { values })
    }

    /// `text` with each value standing alone (not inside a longer word)
    /// replaced by its expression.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for (value, expression) in &self.values {
            if let Some(replaced) = replace_words(&text, value, expression) {
                text = Cow::Owned(replaced);
            }
        }
        text
    }
}

/// Adds the names of the variables `text` uses to `names` (`$$` is an
/// escaped dollar sign).
fn referenced<'t>(text: &'t str, names: &mut std::collections::BTreeSet<&'t str>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        let start = if bytes.get(i + 1) == Some(&b'{') {
            i + 2
        } else {
            i + 1
        };
        let mut end = start;
        while end < bytes.len()
            && (bytes[end] == b'_'
                || bytes[end].is_ascii_alphabetic()
                || (end > start && bytes[end].is_ascii_digit()))
        {
            end += 1;
        }
        if end > start {
            names.insert(&text[start..end]);
        }
        i = end.max(i + 1);
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `text` with every standalone occurrence of `value` replaced, or `None`
/// when there is none.
fn replace_words(text: &str, value: &str, expression: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    for (start, _) in text.match_indices(value) {
        if start < last {
            continue;
        }
        let end = start + value.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let starts_word = value.chars().next().is_some_and(is_word);
        let ends_word = value.chars().next_back().is_some_and(is_word);
        if (starts_word && before.is_some_and(is_word)) || (ends_word && after.is_some_and(is_word))
        {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(expression);
        last = end;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactions(pairs: &[(&str, &str)]) -> Redactions {
        let mut values: Vec<(String, String)> = pairs
            .iter()
            .map(|(name, value)| (value.to_string(), format!("${{{name}}}")))
            .collect();
        values.sort_by_key(|v| std::cmp::Reverse(v.0.len()));
        Redactions { values }
    }

    #[test]
    fn values_are_replaced_by_their_expression() {
        let r = redactions(&[("TOKEN", "s3cr3t-value"), ("PORT", "8080")]);
        assert_eq!(
            r.apply("image `registry/app:s3cr3t-value` publishes 8080"),
            "image `registry/app:${TOKEN}` publishes ${PORT}"
        );
        // Inside a longer word, the same characters are something else.
        assert_eq!(r.apply("port 80800 and a8080"), "port 80800 and a8080");
        assert_eq!(
            r.apply("https://user:s3cr3t-value@host"),
            "https://user:${TOKEN}@host"
        );
    }

    #[test]
    fn parts_are_hidden_where_the_variable_is_used() {
        let r = redactions(&[("BIND", "tok-SECRET-99")]);
        let message = "the host port `tok` is not a number";
        assert_eq!(r.apply(message), message);
        assert_eq!(
            r.at("\"${BIND}:80\"").apply(message),
            "the host port `${BIND}` is not a number"
        );
        assert_eq!(r.at("\"${OTHER}:80\"").apply(message), message);
    }

    #[test]
    fn names_are_found_in_every_form() {
        let mut names = std::collections::BTreeSet::new();
        referenced(
            "a: $A b: ${B} c: ${C:-${D}} e: $$E f: ${F?x} $1 ${_G9}",
            &mut names,
        );
        let names: Vec<&str> = names.into_iter().collect();
        assert_eq!(names, ["A", "B", "C", "D", "F", "_G9"]);
    }

    #[test]
    fn project_redactions_use_only_named_process_variables() {
        let mut project = Project::new(".");
        project.add_text(
            "compose.yaml",
            FileKind::Compose,
            "services:\n  app:\n    image: app:${TAG}\n    command: $$HOME ${SHORT}\n".to_string(),
        );
        let environment = Environment::new(
            [
                ("TAG", "release-2024"),
                ("HOME", "/home/someone"),
                ("SHORT", "ab"),
                ("OTHER", "unused-value"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
        let r = Redactions::of(&project, &environment);
        assert_eq!(
            r.values,
            [("release-2024".to_string(), "${TAG}".to_string())]
        );
    }
}
