//! Values that interpolation takes from the process environment (a CI
//! secret, a token set on a runner) are never echoed: diagnostics quote
//! the expression, `${NAME}`, where the value would be.

use std::borrow::Cow;

use super::environment::Environment;
use crate::sources::{FileKind, Sources};

/// Values shorter than this are left as they are: a port like `80` or a
/// flag like `1` cannot be told apart from the text around it.
const MIN_LEN: usize = 3;

/// Values this long are hidden wherever they appear, even inside a longer
/// word (`app_${TOKEN}`); shorter ones only where they stand alone.
const ANYWHERE_LEN: usize = 8;

/// One value to hide.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Hidden {
    value: String,
    /// `${NAME}`.
    expression: String,
    /// True to hide it inside longer words too.
    anywhere: bool,
}

/// The process variables the project's files use, with their values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redactions {
    /// Longest value first, so a value holding another is replaced whole.
    values: Vec<Hidden>,
}

impl Redactions {
    /// The process variables named in the project's compose and
    /// environment files (`$NAME`, `${NAME…}`), and those named in
    /// `bare` (names `environment` or build arguments list without a
    /// value, which take the process's), with their values.
    pub(crate) fn of(sources: &Sources, environment: &Environment, bare: &[String]) -> Self {
        let process = environment.process();
        if process.is_empty() {
            return Self::default();
        }
        let mut names: std::collections::BTreeSet<&str> = bare.iter().map(String::as_str).collect();
        for file in &sources.files {
            if matches!(file.kind, FileKind::Compose | FileKind::Env) {
                referenced(file.source.text(), &mut names);
            }
        }
        let values = names
            .into_iter()
            .filter_map(|name| {
                let value = process.get(name)?;
                let length = value.chars().count();
                (length >= MIN_LEN).then(|| Hidden {
                    value: value.clone(),
                    expression: format!("${{{name}}}"),
                    anywhere: length >= ANYWHERE_LEN,
                })
            })
            .collect();
        Self::sorted(values)
    }

    fn sorted(mut values: Vec<Hidden>) -> Self {
        values.sort_by(|a, b| {
            b.value
                .len()
                .cmp(&a.value.len())
                .then_with(|| b.anywhere.cmp(&a.anywhere))
                .then_with(|| a.value.cmp(&b.value))
        });
        values.dedup_by(|a, b| a.value == b.value);
        Self { values }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// These redactions for a diagnostic about `written`, a text as it is
    /// written in a file: when it uses one of the variables, that value is
    /// hidden even inside longer words, and so are its parts (a message
    /// that quotes the host port of `${BIND}:80` quotes a part of the
    /// value).
    pub fn at(&self, written: &str) -> Cow<'_, Self> {
        let mut names = std::collections::BTreeSet::new();
        referenced(written, &mut names);
        if names.is_empty() {
            return Cow::Borrowed(self);
        }
        let mut values = self.values.clone();
        for hidden in &self.values {
            let name = &hidden.expression[2..hidden.expression.len() - 1];
            if !names.contains(name) {
                continue;
            }
            values.push(Hidden {
                anywhere: true,
                ..hidden.clone()
            });
            for part in hidden.value.split(|c: char| !is_word(c)) {
                if part.chars().count() >= MIN_LEN && part != hidden.value {
                    values.push(Hidden {
                        value: part.to_string(),
                        expression: hidden.expression.clone(),
                        anywhere: true,
                    });
                }
            }
        }
        Cow::Owned(Self::sorted(values))
    }

    /// `text` with each value replaced by its expression, and the start of
    /// a value cut short with `...` or `…` (a message that shortens a long
    /// value) as well.
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for hidden in &self.values {
            if let Some(replaced) = replace(&text, hidden) {
                text = Cow::Owned(replaced);
            }
        }
        for hidden in self.values.iter().filter(|h| h.anywhere) {
            if let Some(replaced) = replace_cut(&text, hidden) {
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

/// `text` with every occurrence of the value that may be hidden replaced,
/// or `None` when there is none. A match refused for touching a longer
/// word moves the search on by one character, so an overlapping match
/// that stands alone is still found.
fn replace(text: &str, hidden: &Hidden) -> Option<String> {
    let value = hidden.value.as_str();
    let starts_word = value.chars().next().is_some_and(is_word);
    let ends_word = value.chars().next_back().is_some_and(is_word);
    let mut out = String::new();
    let (mut last, mut pos) = (0, 0);
    while let Some(found) = text[pos..].find(value) {
        let start = pos + found;
        let end = start + value.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let touches = (starts_word && before.is_some_and(is_word))
            || (ends_word && after.is_some_and(is_word));
        if touches && !hidden.anywhere {
            pos = start + text[start..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&hidden.expression);
        last = end;
        pos = end;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// `text` with each start of the value cut short before `...` or `…`
/// replaced, or `None` when there is none. At least eight bytes of the
/// value must be there: fewer say nothing of it.
fn replace_cut(text: &str, hidden: &Hidden) -> Option<String> {
    let value = hidden.value.as_str();
    // Where the value may be cut, longest start first.
    let cuts: Vec<usize> = value
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i >= ANYWHERE_LEN)
        .rev()
        .collect();
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::new();
    let (mut taken, mut pos) = (0, 0);
    while let Some((at, length)) = ["...", "…"]
        .iter()
        .filter_map(|marker| text[pos..].find(marker).map(|i| (pos + i, marker.len())))
        .min()
    {
        if let Some(cut) = cuts
            .iter()
            .find(|&&cut| at >= taken + cut && text[..at].ends_with(&value[..cut]))
        {
            out.push_str(&text[taken..at - cut]);
            out.push_str(&hidden.expression);
            taken = at;
        }
        pos = at + length;
    }
    if taken == 0 {
        return None;
    }
    out.push_str(&text[taken..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactions(pairs: &[(&str, &str)]) -> Redactions {
        Redactions::sorted(
            pairs
                .iter()
                .map(|(name, value)| Hidden {
                    value: value.to_string(),
                    expression: format!("${{{name}}}"),
                    anywhere: value.chars().count() >= ANYWHERE_LEN,
                })
                .collect(),
        )
    }

    #[test]
    fn long_values_are_hidden_inside_words_and_when_cut_short() {
        let r = redactions(&[("TOKEN", "s3cr3tvalue0123456789"), ("PORT", "8080")]);
        // Glued to other text by `app_${TOKEN}` or `v${TAG}`.
        assert_eq!(
            r.apply("image app_s3cr3tvalue0123456789x"),
            "image app_${TOKEN}x"
        );
        // A message that shortens a long value.
        assert_eq!(
            r.apply("the value `registry/s3cr3tvalue01...` is too long"),
            "the value `registry/${TOKEN}...` is too long"
        );
        assert_eq!(r.apply("cut `s3cr3tva…`"), "cut `${TOKEN}…`");
        // Too little of it says nothing.
        assert_eq!(r.apply("`s3cr3t...`"), "`s3cr3t...`");
        // A short value stays where it touches a word.
        assert_eq!(r.apply("a8080"), "a8080");
    }

    #[test]
    fn a_refused_match_does_not_hide_an_overlapping_one() {
        let r = redactions(&[("V", "ab-ab")]);
        assert_eq!(r.apply("xab-ab-ab"), "xab-${V}");
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
        let mut project = Sources::new(".");
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
        let r = Redactions::of(&project, &environment, &[]);
        assert_eq!(
            r.values,
            [Hidden {
                value: "release-2024".to_string(),
                expression: "${TAG}".to_string(),
                anywhere: true,
            }]
        );
        // A name listed bare (`- OTHER`) takes the process's value: hidden.
        let r = Redactions::of(&project, &environment, &["OTHER".to_string()]);
        assert!(
            r.values
                .iter()
                .any(|h| h.value == "unused-value" && h.expression == "${OTHER}"),
            "{:?}",
            r.values
        );
    }
}
