//! Compose's variable substitution on one string.
//!
//! Compose resolves `$VAR` and `${...}` in every string of a Compose file and
//! in `.env` values before anything else looks at them, so the linter has to
//! resolve them the same way to see the project Compose will run. Where
//! Compose would stop at the first error, [`substitute`] keeps going and
//! reports every problem in the string, each with the byte range of the
//! expression that caused it, so one run shows all of them.
//!
//! The accepted syntax is deliberately narrow and odd in places, because it
//! follows what Compose accepts rather than what a shell would:
//!
//! - a `$` that starts no expression (`a $ b`, `^x$`, `$1`, `$}`) is kept
//!   as written, not an error;
//! - the text after an operator (`${VAR:-text}`) runs to the matching `}`
//!   and never past the end of the line, so a `${` whose `}` is on a later
//!   line is invalid;
//! - a default, alternative or error message is itself substituted, but only
//!   when it is used, so its problems only count then.

use std::fmt;
use std::ops::Range;

/// The result of substituting one string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Substitution {
    /// The substituted text. When there are errors it is a best effort: every
    /// failed expression contributes nothing.
    pub text: String,
    /// Every problem found, in the order the expressions were evaluated.
    pub problems: Vec<InterpolationProblem>,
}

impl Substitution {
    /// Whether Compose would refuse the string (as opposed to only warning).
    #[cfg(test)]
    pub(crate) fn has_errors(&self) -> bool {
        self.problems.iter().any(|problem| problem.kind.is_error())
    }
}

/// One problem, located in the text given to [`substitute`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InterpolationProblem {
    /// The byte range of the whole expression (`$VAR` or `${...}` with its
    /// braces) in the original text, also for expressions nested in a default.
    pub range: Range<usize>,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ProblemKind {
    /// `${VAR:?msg}` / `${VAR?msg}` with VAR unset (or empty for `:?`): an error in Compose.
    RequiredMissing {
        name: String,
        /// The message after `?`, itself substituted; `None` when empty,
        /// since Compose then prints no reason either.
        message: Option<String>,
    },
    /// `${VAR}` / `$VAR` with VAR unset and no default: Compose substitutes "" (a warning).
    Unset { name: String },
    /// Not a valid template (`${}`, `${VAR`, `${VAR:x}`, `${ VAR}`, ...): an error in Compose.
    Invalid { message: String },
}

impl ProblemKind {
    /// Compose stops on these; for [`ProblemKind::Unset`] it only warns.
    pub(crate) fn is_error(&self) -> bool {
        !matches!(self, Self::Unset { .. })
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RequiredMissing {
                name,
                message: Some(message),
            } => write!(
                f,
                "required variable `{name}` is missing a value: {message}"
            ),
            Self::RequiredMissing {
                name,
                message: None,
            } => write!(f, "required variable `{name}` is missing a value"),
            Self::Unset { name } => write!(
                f,
                "variable `{name}` is not set; Compose substitutes an empty string"
            ),
            Self::Invalid { message } => f.write_str(message),
        }
    }
}

/// Substitutes every `$VAR`, `${...}` and `$$` in `text` the way Compose does.
///
/// `lookup` answers `None` for an unset variable and `Some("")` for one set
/// to the empty string: the operators tell the two apart.
pub(crate) fn substitute(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Substitution {
    let mut result = Substitution::default();
    let mut expander = Expander {
        lookup,
        problems: &mut result.problems,
        depth: 0,
        lines: LineCache::default(),
    };
    expander.expand(text, 0, &mut result.text);
    result
}

/// The six operators that may follow a name inside `${...}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    /// `:-` / `-`
    Default,
    /// `:?` / `?`
    Required,
    /// `:+` / `+`
    Alternative,
}

/// How deep expressions may nest in the defaults, alternatives and
/// messages of others (`${A:-${B:-...}}`) before one is reported instead of
/// expanded: each level is a recursion, and the text, not the stack, must
/// set the limit. Compose files nest a few levels at most.
const MAX_NESTING: usize = 64;

struct Expander<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    problems: &'a mut Vec<InterpolationProblem>,
    /// How many expressions the text being expanded is nested in.
    depth: usize,
    lines: LineCache,
}

/// What the expander knows of the line it is in, so that a line of
/// thousands of expressions, or a text of thousands of lines, is read once,
/// not once per expression.
#[derive(Default)]
struct LineCache {
    /// The text the facts are about (its address and length), and its
    /// last `}`.
    text: (usize, usize),
    last_brace: Option<usize>,
    /// The range of offsets the line facts hold for.
    from: usize,
    /// Where the line ends, and its last `}`.
    end: usize,
    last_close: Option<usize>,
    /// Whether a `}` follows the line anywhere in the text.
    close_after: bool,
    /// True once an expression on this line was reported as never closed:
    /// every later `${` on it is inside that one.
    unclosed: bool,
}

impl LineCache {
    /// The facts of the line holding `at` in `text`.
    fn at(&mut self, text: &str, at: usize) -> &mut Self {
        let key = (text.as_ptr() as usize, text.len());
        if self.text != key {
            *self = Self {
                text: key,
                last_brace: text.rfind('}'),
                from: usize::MAX,
                ..Self::default()
            };
        }
        if at < self.from || at > self.end {
            let end = text[at..]
                .find('\n')
                .map_or(text.len(), |offset| at + offset);
            self.from = at;
            self.end = end;
            self.last_close = self
                .last_brace
                .filter(|last| *last >= at)
                .and_then(|_| text[at..end].rfind('}').map(|offset| at + offset));
            self.close_after = self.last_brace.is_some_and(|last| last > end);
            self.unclosed = false;
        }
        self
    }
}

impl Expander<'_> {
    /// Expands `text`, which starts at byte `base` of the original string,
    /// appending to `out`. Defaults are expanded by recursing on their own
    /// slice, which is how Compose scopes brace matching inside them.
    fn expand(&mut self, text: &str, base: usize, out: &mut String) {
        let mut rest_start = 0;
        while let Some(found) = text[rest_start..].find('$') {
            let dollar = rest_start + found;
            out.push_str(&text[rest_start..dollar]);
            rest_start = self.expression(text, base, dollar, out);
        }
        out.push_str(&text[rest_start..]);
    }

    /// Handles the expression starting with the `$` at `dollar` and returns
    /// where the text after it starts.
    fn expression(&mut self, text: &str, base: usize, dollar: usize, out: &mut String) -> usize {
        let after = dollar + 1;
        let next = text[after..].chars().next();
        match next {
            Some('$') => {
                out.push('$');
                after + 1
            }
            Some('{') => self.braced(text, base, dollar, out),
            Some(c) if is_name_start(c) => {
                let end = name_end(text, after);
                let name = &text[after..end];
                match (self.lookup)(name) {
                    Some(value) => out.push_str(&value),
                    None => self.report(base, dollar..end, unset(name)),
                }
                end
            }
            // Compose leaves a `$` that starts nothing as it is.
            _ => {
                out.push('$');
                after
            }
        }
    }

    /// Handles `${...}` starting at `dollar`; returns where the text after it
    /// starts.
    fn braced(&mut self, text: &str, base: usize, dollar: usize, out: &mut String) -> usize {
        let name_start = dollar + 2;
        let name_stop = match text[name_start..].chars().next() {
            Some(c) if is_name_start(c) => name_end(text, name_start),
            _ => name_start,
        };
        let name = &text[name_start..name_stop];
        let line = self.lines.at(text, dollar);
        let (line_end, last_on_line) = (line.end, line.last_close);
        let bytes = text.as_bytes();

        if !name.is_empty() && bytes.get(name_stop) == Some(&b'}') {
            match (self.lookup)(name) {
                Some(value) => out.push_str(&value),
                None => self.report(base, dollar..name_stop + 1, unset(name)),
            }
            return name_stop + 1;
        }

        let operator = match (bytes.get(name_stop), bytes.get(name_stop + 1)) {
            (Some(b':'), Some(&op)) => operator(op).map(|operator| (operator, true, 2)),
            (Some(&op), _) => operator(op).map(|operator| (operator, false, 1)),
            _ => None,
        };
        let closing = last_on_line.filter(|close| *close >= name_stop);
        let (Some((operator, colon, length)), false, Some(last_close)) =
            (operator, name.is_empty(), closing)
        else {
            return self.invalid(text, base, dollar, name_stop, line_end);
        };

        // Compose takes the text up to the last `}` on the line and then
        // cuts it at the brace that balances the opening one, if any.
        let close = balancing_brace(&text[dollar..=last_close]).map_or(last_close, |i| dollar + i);
        let argument_start = name_stop + length;
        let argument = &text[argument_start..close];
        let range = dollar..close + 1;
        let value = (self.lookup)(name);
        let missing = match &value {
            None => true,
            Some(value) => colon && value.is_empty(),
        };
        let expands_argument = match operator {
            Operator::Default | Operator::Required => missing,
            Operator::Alternative => !missing,
        };
        if expands_argument && self.depth >= MAX_NESTING {
            let message = format!(
                "`${{{name}...}}` is nested in more than {MAX_NESTING} expressions; compose-lint does not expand it"
            );
            self.report(base, range, ProblemKind::Invalid { message });
            return close + 1;
        }
        match operator {
            Operator::Default if missing => {
                self.expand_nested(argument, base + argument_start, out)
            }
            Operator::Alternative if !missing => {
                self.expand_nested(argument, base + argument_start, out)
            }
            Operator::Required if missing => {
                let mut message = String::new();
                let mut nested = Vec::new();
                let mut inner = Expander {
                    lookup: self.lookup,
                    problems: &mut nested,
                    depth: self.depth + 1,
                    lines: LineCache::default(),
                };
                inner.expand(argument, base + argument_start, &mut message);
                self.report(
                    base,
                    range,
                    ProblemKind::RequiredMissing {
                        name: name.to_owned(),
                        message: (!message.is_empty()).then_some(message),
                    },
                );
                self.problems.append(&mut nested);
            }
            // Set (or, for `+`, unset: Compose gives the empty value without
            // warning).
            _ => out.push_str(value.as_deref().unwrap_or_default()),
        }
        close + 1
    }

    /// Expands the default or alternative `argument` one level deeper,
    /// keeping what is known of the line around it for when it is done.
    fn expand_nested(&mut self, argument: &str, base: usize, out: &mut String) {
        let line = std::mem::take(&mut self.lines);
        self.depth += 1;
        self.expand(argument, base, out);
        self.depth -= 1;
        self.lines = line;
    }

    /// Reports the `${` at `dollar` as invalid and returns where to carry on:
    /// after the first `}` on the line, or after the name when there is none,
    /// so that later expressions on the line are still checked.
    fn invalid(
        &mut self,
        text: &str,
        base: usize,
        dollar: usize,
        name_stop: usize,
        line_end: usize,
    ) -> usize {
        let name = &text[dollar + 2..name_stop];
        let line = self.lines.at(text, dollar);
        let first_close = match line.last_close {
            Some(last) if last >= dollar => text[dollar..line_end].find('}').map(|i| dollar + i),
            _ => None,
        };
        if first_close.is_none() {
            // No `}` is left on the line: every later `${` on it is inside
            // the first one that is never closed, reported once.
            if line.unclosed {
                return if name.is_empty() {
                    dollar + 2
                } else {
                    name_stop
                };
            }
            line.unclosed = true;
        }
        let close_after = line.close_after;
        let after_name = text[name_stop..].chars().next();
        let (end, message) = match (name.is_empty(), first_close) {
            (true, Some(close)) if close == dollar + 2 => {
                (close + 1, "`${}` names no variable".to_owned())
            }
            (true, close) => (
                close.map_or(dollar + 2, |close| close + 1),
                "`${` must be followed by a variable name: a letter or `_`, then letters, digits or `_`"
                    .to_owned(),
            ),
            (false, None) => {
                let message = if close_after {
                    format!("`${{{name}` is not closed on its line; `${{...}}` cannot span lines")
                } else {
                    format!("`${{{name}` is never closed")
                };
                (name_stop, message)
            }
            (false, Some(close)) => {
                let message = match (after_name, text[name_stop..].chars().nth(1)) {
                    (Some(':'), Some(modifier)) if modifier != '}' => format!(
                        "`{}`: unknown modifier `:{modifier}`; use `:-`, `-`, `:?`, `?`, `:+` or `+`",
                        &text[dollar..=close]
                    ),
                    (Some(c), _) => format!(
                        "`{}`: unexpected `{c}` after the variable name; expected `}}` or one of `:-`, `-`, `:?`, `?`, `:+`, `+`",
                        &text[dollar..=close]
                    ),
                    (None, _) => format!("`${{{name}` is never closed"),
                };
                (close + 1, message)
            }
        };
        self.report(base, dollar..end, ProblemKind::Invalid { message });
        end
    }

    fn report(&mut self, base: usize, range: Range<usize>, kind: ProblemKind) {
        self.problems.push(InterpolationProblem {
            range: base + range.start..base + range.end,
            kind,
        });
    }
}

fn unset(name: &str) -> ProblemKind {
    ProblemKind::Unset {
        name: name.to_owned(),
    }
}

fn operator(byte: u8) -> Option<Operator> {
    match byte {
        b'-' => Some(Operator::Default),
        b'?' => Some(Operator::Required),
        b'+' => Some(Operator::Alternative),
        _ => None,
    }
}

/// Compose matches names case-insensitively against `[_a-z][_a-z0-9]*` with
/// Unicode case folding, which also lets in the two non-ASCII letters that
/// fold to `s` and `k`: LATIN SMALL LETTER LONG S and KELVIN SIGN.
fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || c == '\u{17f}' || c == '\u{212a}'
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit()
}

/// The end of the name starting at `start`.
fn name_end(text: &str, start: usize) -> usize {
    text[start..]
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(text.len(), |(offset, _)| start + offset)
}

/// The index of the `}` that balances the `{` of a `${` at the start of
/// `text`, counted the way Compose counts: every `{` opens a level and also
/// hides the byte after it, every `}` closes one.
fn balancing_brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open = 0i64;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'}' => {
                open -= 1;
                if open == 0 {
                    return Some(index);
                }
            }
            b'{' => {
                open += 1;
                index += 1;
            }
            _ => {}
        }
        index += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FOO=first, BAR="" (set but empty), JSON holds braces; everything else is unset.
    fn env(name: &str) -> Option<String> {
        match name {
            "FOO" => Some("first".to_owned()),
            "BAR" => Some(String::new()),
            "JSON" => Some(r#"{"json":2}"#.to_owned()),
            "lower" => Some("low".to_owned()),
            "\u{17f}" => Some("long s".to_owned()),
            _ => None,
        }
    }

    fn run(text: &str) -> Substitution {
        substitute(text, &env)
    }

    /// Substitutes `text` and asserts that it gives `expected` with no problem.
    fn clean(text: &str, expected: &str) {
        let result = run(text);
        assert_eq!(result.text, expected, "substituting {text:?}");
        assert!(
            result.problems.is_empty(),
            "{text:?} gave {:?}",
            result.problems
        );
    }

    /// The one problem `text` gives, with the text its range covers.
    fn single_problem(text: &str) -> (String, ProblemKind) {
        let result = run(text);
        let [problem] = result.problems.as_slice() else {
            panic!("{text:?} gave {:?}", result.problems);
        };
        let Some(covered) = text.get(problem.range.clone()) else {
            panic!("range {:?} is not in {text:?}", problem.range);
        };
        (covered.to_owned(), problem.kind.clone())
    }

    fn invalid_message(text: &str, covered: &str) -> String {
        let (got, kind) = single_problem(text);
        assert_eq!(got, covered, "range of the problem in {text:?}");
        let ProblemKind::Invalid { message } = kind else {
            panic!("{text:?} gave {kind:?}");
        };
        message
    }

    /// A hostile input of the `dotenv` fuzz target: thousands of nested defaults
    /// overflowed the stack. Past the limit the innermost expression
    /// reached is reported, and the text around it still expands.
    #[test]
    fn deep_nesting_is_reported_not_followed() {
        let depth = 5000;
        let text = format!("a{}x{}b", "${UNSET:-".repeat(depth), "}".repeat(depth));
        let result = run(&text);
        let [problem] = result.problems.as_slice() else {
            panic!("{:?}", result.problems);
        };
        let ProblemKind::Invalid { message } = &problem.kind else {
            panic!("{problem:?}");
        };
        assert!(message.contains("nested in more than 64"), "{message}");
        let nested = "${UNSET:-".len() * MAX_NESTING;
        assert_eq!(problem.range, 1 + nested..text.len() - 1 - MAX_NESTING);
        assert_eq!(result.text, "ab");

        let depth = MAX_NESTING;
        let text = format!("{}x{}", "${UNSET:-".repeat(depth), "}".repeat(depth));
        clean(&text, "x");
    }

    #[test]
    fn plain_text_and_escapes() {
        clean("", "");
        clean("foo", "foo");
        clean("$${foo}", "${foo}");
        clean("$$FOO", "$FOO");
        clean("$$$FOO", "$first");
        clean("100$$", "100$");
    }

    #[test]
    fn a_dollar_that_starts_nothing_is_kept() {
        for text in [
            "a $ string",
            "^REGEX$",
            "$}",
            "$",
            "$1",
            "$-x",
            "$é",
            "a$\n",
        ] {
            clean(text, text);
        }
    }

    #[test]
    fn named_and_braced_variables() {
        clean("This $FOO var", "This first var");
        clean("This ${FOO} var", "This first var");
        clean("$FOO-bar", "first-bar");
        clean("$FOO.$FOO", "first.first");
        clean("${lower}${FOO}", "lowfirst");
        clean("$BAR|${BAR}", "|");
        clean("x${JSON}x", r#"x{"json":2}x"#);
    }

    #[test]
    fn names_fold_case_like_compose() {
        clean("$\u{17f}", "long s");
        clean("${\u{17f}}", "long s");
    }

    #[test]
    fn unset_variables_warn_and_become_empty() {
        let result = run("This ${missing} and $gone var");
        assert_eq!(result.text, "This  and  var");
        let expected = vec![
            InterpolationProblem {
                range: 5..15,
                kind: unset("missing"),
            },
            InterpolationProblem {
                range: 20..25,
                kind: unset("gone"),
            },
        ];
        assert_eq!(result.problems, expected);
        assert!(!result.has_errors());
    }

    #[test]
    fn defaults() {
        clean("ok ${missing:-def}", "ok def");
        clean("ok ${missing-def}", "ok def");
        clean("ok ${BAR:-def}", "ok def");
        clean("ok ${BAR-def}", "ok ");
        clean("ok ${FOO:-def}", "ok first");
        clean("ok ${FOO-def}", "ok first");
        clean("ok ${BAR:-/non:-alphanumeric}", "ok /non:-alphanumeric");
        clean("${missing:-}", "");
        clean("${missing-a b  c}", "a b  c");
    }

    #[test]
    fn alternatives() {
        clean("ok ${UNSET:+presence}", "ok ");
        clean("ok ${UNSET+presence}", "ok ");
        clean("ok ${FOO:+presence}", "ok presence");
        clean("ok ${FOO+presence}", "ok presence");
        clean("ok ${BAR+presence}", "ok presence");
        clean("ok ${BAR:+presence}", "ok ");
    }

    #[test]
    fn required() {
        clean("ok ${FOO:?err}", "ok first");
        clean("ok ${FOO?err}", "ok first");
        clean("ok ${BAR?err}", "ok ");
        let cases = [
            (
                "a ${UNSET:?Mandatory Unset} b",
                "${UNSET:?Mandatory Unset}",
                "UNSET",
                Some("Mandatory Unset"),
            ),
            (
                "${BAR:?Mandatory Empty}",
                "${BAR:?Mandatory Empty}",
                "BAR",
                Some("Mandatory Empty"),
            ),
            ("${UNSET:?}", "${UNSET:?}", "UNSET", None),
            ("${UNSET?msg}", "${UNSET?msg}", "UNSET", Some("msg")),
            ("${UNSET?}", "${UNSET?}", "UNSET", None),
            (
                "${UNSET?bar-baz}",
                "${UNSET?bar-baz}",
                "UNSET",
                Some("bar-baz"),
            ),
        ];
        for (text, covered, name, message) in cases {
            let result = run(text);
            assert!(result.has_errors());
            let (got, kind) = single_problem(text);
            assert_eq!(got, covered);
            assert_eq!(
                kind,
                ProblemKind::RequiredMissing {
                    name: name.to_owned(),
                    message: message.map(str::to_owned),
                }
            );
        }
        assert_eq!(run("a ${UNSET:?x} b").text, "a  b");
    }

    #[test]
    fn the_first_operator_wins() {
        clean("${UNSET-myerror?msg}", "myerror?msg");
        clean("${FOO?bar-baz}", "first");
        clean("${UNSET-va:-lu:?e}", "va:-lu:?e");
        clean("${FOO:+va:?lu:-e}", "va:?lu:-e");
        clean("${FOO+va-lu?e}", "va-lu?e");
    }

    #[test]
    fn operators_in_the_surrounding_text_do_not_interfere() {
        clean("-ok ${BAR:-defaultValue}", "-ok defaultValue");
        clean("+ok ${UNSET:-${BAR-defaultValue}}", "+ok ");
        clean(":-ok ${UNSET-defaultValue}", ":-ok defaultValue");
        clean(":?ok ${BAR-defaultValue}", ":?ok ");
        clean(":+ok ${BAR:-defaultValue}", ":+ok defaultValue");
        clean("?ok ${BAR:-defaultValue}", "?ok defaultValue");
    }

    #[test]
    fn nested_expressions() {
        clean("ok ${UNSET-$FOO}", "ok first");
        clean("ok ${UNSET-${FOO}}", "ok first");
        clean("ok ${UNSET-${FOO} ${FOO}}", "ok first first");
        clean("ok ${BAR:-$FOO}", "ok first");
        clean("ok ${BAR:-${FOO}}", "ok first");
        clean("ok ${BAR+$FOO ${FOO:+second}}", "ok first second");
        clean("${A:-${B:-${FOO}}}!", "first!");
        clean("${FOO:-${B}} ${BAR:-x} ${BAR-y}", "first x ");
        clean("ok ${SUBDOMAIN:-redis}.${FOO:?}", "ok redis.first");
        clean("${UNSET:-$$FOO}", "$FOO");
    }

    #[test]
    fn unused_defaults_are_not_evaluated() {
        clean("${A:+${A},}B", "B");
        clean("${FOO?${B}}", "first");
        clean("${FOO:-${B:?never}}", "first");
        clean("${UNSET:+${B:?never}}", "");
    }

    #[test]
    fn problems_in_used_defaults_point_into_the_original_text() {
        let text = "é ${A:-${B:?need B}} ${C-$D}";
        let result = run(text);
        assert_eq!(result.text, "é  ");
        let covered: Vec<_> = result
            .problems
            .iter()
            .map(|problem| (text.get(problem.range.clone()), problem.kind.clone()))
            .collect();
        assert_eq!(
            covered,
            vec![
                (
                    Some("${B:?need B}"),
                    ProblemKind::RequiredMissing {
                        name: "B".to_owned(),
                        message: Some("need B".to_owned()),
                    }
                ),
                (Some("$D"), unset("D")),
            ]
        );
    }

    #[test]
    fn the_required_message_is_substituted() {
        let text = "${UNSET:?Mandatory ${FOO} $NOPE}";
        let result = run(text);
        let ranges: Vec<_> = result.problems.iter().map(|p| p.range.clone()).collect();
        assert_eq!(ranges, vec![0..text.len(), 26..31]);
        assert_eq!(
            result.problems.first().map(|p| &p.kind),
            Some(&ProblemKind::RequiredMissing {
                name: "UNSET".to_owned(),
                message: Some("Mandatory first ".to_owned()),
            })
        );
    }

    #[test]
    fn braces_in_defaults() {
        clean(r#"ok ${missing:-{"json":1}}"#, r#"ok {"json":1}"#);
        clean(r#"ok ${missing-{"json":1}}"#, r#"ok {"json":1}"#);
        clean(r#"ok ${JSON:-{"json":1}}"#, r#"ok {"json":2}"#);
        clean(r#"ok ${JSON-{"json":1}} ${FOO}"#, r#"ok {"json":2} first"#);
        // Unbalanced braces: the default runs to the last `}` on the line.
        clean("${UNSET:-{}", "{");
        clean("${UNSET:-{} x}", "{} x");
        clean("${UNSET:-a}}", "a}");
    }

    #[test]
    fn invalid_templates() {
        let message = invalid_message("${}", "${}");
        assert!(message.contains("names no variable"), "{message}");
        for (text, covered) in [
            ("${ }", "${ }"),
            ("${ foo}", "${ foo}"),
            ("${1}", "${1}"),
            ("a ${", "${"),
            ("${-x}", "${-x}"),
        ] {
            let message = invalid_message(text, covered);
            assert!(message.contains("variable name"), "{text}: {message}");
        }
        let message = invalid_message("${foo }", "${foo }");
        assert!(message.contains("unexpected ` `"), "{message}");
        let message = invalid_message("${foo!}", "${foo!}");
        assert!(message.contains("unexpected `!`"), "{message}");
        let message = invalid_message("${VAR:x} tail", "${VAR:x}");
        assert_eq!(
            message,
            "`${VAR:x}`: unknown modifier `:x`; use `:-`, `-`, `:?`, `?`, `:+` or `+`"
        );
        let message = invalid_message("${VAR", "${VAR");
        assert_eq!(message, "`${VAR` is never closed");
        let message = invalid_message("${VAR:-x", "${VAR");
        assert_eq!(message, "`${VAR` is never closed");
        let message = invalid_message("${VAR:-x\n}", "${VAR");
        assert!(message.contains("cannot span lines"), "{message}");
    }

    #[test]
    fn every_problem_is_reported_in_one_pass() {
        let text = "${} $FOO ${A:?a} ${B ${C:x} $D ${FOO}";
        let result = run(text);
        assert_eq!(result.text, " first    first");
        let covered: Vec<_> = result
            .problems
            .iter()
            .filter_map(|problem| text.get(problem.range.clone()))
            .collect();
        assert_eq!(covered, vec!["${}", "${A:?a}", "${B ${C:x}", "$D"]);
        assert!(result.has_errors());
    }

    #[test]
    fn non_ascii_text_around_expressions() {
        let text = "héllo ${NOPE}→$FOO ünïcode ${UNSET:-ça}";
        let result = run(text);
        assert_eq!(result.text, "héllo →first ünïcode ça");
        let [problem] = result.problems.as_slice() else {
            panic!("{:?}", result.problems);
        };
        assert_eq!(text.get(problem.range.clone()), Some("${NOPE}"));
        clean("$FOOé", "firsté");
        clean("€${FOO}€", "€first€");
    }

    #[test]
    fn expressions_stay_on_their_line() {
        clean("${FOO}\n${UNSET:-a}\n", "first\na\n");
        let result = run("${UNSET:-a\n} ${FOO}");
        assert_eq!(result.problems.len(), 1);
        assert!(result.text.ends_with("first"), "{}", result.text);
    }

    #[test]
    fn problem_display() {
        let kind = ProblemKind::RequiredMissing {
            name: "A".to_owned(),
            message: Some("why".to_owned()),
        };
        assert_eq!(
            kind.to_string(),
            "required variable `A` is missing a value: why"
        );
        assert!(!unset("A").is_error());
    }
}
