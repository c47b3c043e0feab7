//! Files a shell script writes with a heredoc: `cat <<EOF > PATH`,
//! `cat > PATH <<'EOF'`, `tee PATH <<EOF`, `cat <<-EOF | tee PATH`.
//! Compose examples often write a Grafana datasource or a small
//! configuration this way in an `entrypoint`, so the body is a file the
//! container will see.

use std::ops::Range;

/// A file a script writes from a heredoc.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Heredoc {
    /// The absolute paths written to (`tee` may write several).
    pub paths: Vec<String>,
    /// True for `>>` or `tee -a`: the body is added to whatever the file
    /// holds, so its content is not known.
    pub append: bool,
    /// The byte ranges of the script that make up the file, in order
    /// (leading tabs cut for `<<-`, the backslash of `\$` cut for an
    /// unquoted delimiter).
    pub body: Vec<Range<usize>>,
    /// Byte ranges of the file's text (the concatenated `body`) whose
    /// content the shell expands when the script runs (`$VAR`, `${…}`,
    /// `$(…)`, backticks, with an unquoted delimiter): whole lines.
    pub unknown: Vec<Range<usize>>,
}

/// A `<<` operator on a line: where it is, its delimiter, and how the body
/// is read.
struct Operator {
    at: usize,
    /// Where the operator and its delimiter end on the line.
    end: usize,
    delimiter: String,
    strip_tabs: bool,
    quoted: bool,
}

/// The heredocs of `script` that write to an absolute path written
/// literally; a heredoc feeding a command that writes nowhere known, or a
/// path with a variable, is left out.
pub(crate) fn heredocs(script: &str) -> Vec<Heredoc> {
    let lines = line_ranges(script);
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line_range = lines[index].clone();
        let line = &script[line_range];
        index += 1;
        let operators = operators(line);
        if operators.is_empty() {
            continue;
        }
        // The bodies follow the line, one after the other, in the order of
        // their operators.
        let mut next = index;
        let mut bodies = Vec::new();
        for operator in &operators {
            match read_body(script, &lines, next, operator) {
                Some((heredoc_body, after)) => {
                    bodies.push(heredoc_body);
                    next = after;
                }
                // Unterminated: maybe no heredoc at all (`<<` in an
                // arithmetic expression missed): read on after the line.
                None => break,
            }
        }
        if bodies.len() < operators.len() {
            continue;
        }
        index = next;
        for (operator, (body, unknown)) in operators.iter().zip(bodies) {
            let command = segment(line, operator, &operators);
            let Some((paths, append)) = written_paths(&command) else {
                continue;
            };
            found.push(Heredoc {
                paths,
                append,
                body,
                unknown,
            });
        }
    }
    found
}

/// The body of the heredoc `operator` starting at line `first`: its ranges,
/// its unknown ranges, and the index of the line after its delimiter;
/// `None` when no line ends it.
#[allow(clippy::type_complexity)]
fn read_body(
    script: &str,
    lines: &[Range<usize>],
    first: usize,
    operator: &Operator,
) -> Option<((Vec<Range<usize>>, Vec<Range<usize>>), usize)> {
    let mut body = Vec::new();
    let mut unknown = Vec::new();
    let mut length = 0;
    for (offset, range) in lines.iter().enumerate().skip(first) {
        let text = &script[range.clone()];
        let cut = if operator.strip_tabs {
            text.len() - text.trim_start_matches('\t').len()
        } else {
            0
        };
        let content = text[cut..].trim_end_matches(['\n', '\r']);
        if content == operator.delimiter {
            return Some(((body, unknown), offset + 1));
        }
        let start = range.start + cut;
        if operator.quoted {
            length += range.end - start;
            body.push(start..range.end);
            continue;
        }
        let line_start = length;
        let (pieces, expands) = unescape(script, start..range.end);
        for piece in pieces {
            length += piece.len();
            body.push(piece);
        }
        if expands {
            unknown.push(line_start..length);
        }
    }
    None
}

/// The pieces of an unquoted heredoc line the shell keeps as written, the
/// backslash of `\$`, `` \` `` and `\\` cut; and whether the line holds
/// something the shell expands.
fn unescape(script: &str, range: Range<usize>) -> (Vec<Range<usize>>, bool) {
    let bytes = script.as_bytes();
    let mut pieces = Vec::new();
    let mut start = range.start;
    let mut expands = false;
    let mut i = range.start;
    while i < range.end {
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'$' | b'`' | b'\\')) && i + 1 < range.end => {
                if start < i {
                    pieces.push(start..i);
                }
                start = i + 1;
                i += 2;
            }
            b'$' if bytes.get(i + 1).is_some_and(|c| {
                c.is_ascii_alphanumeric()
                    || matches!(
                        c,
                        b'_' | b'{' | b'(' | b'@' | b'*' | b'#' | b'?' | b'!' | b'-'
                    )
            }) =>
            {
                expands = true;
                i += 1;
            }
            b'`' => {
                expands = true;
                i += 1;
            }
            _ => i += 1,
        }
    }
    if start < range.end {
        pieces.push(start..range.end);
    }
    (pieces, expands)
}

fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        ranges.push(start..start + line.len());
        start += line.len();
    }
    ranges
}

/// Visits each byte of `line` outside quotes with its offset; the visitor
/// says how many bytes it used (at least one), or `None` to stop.
fn scan_unquoted(line: &str, mut visit: impl FnMut(usize) -> Option<usize>) {
    let bytes = line.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                i += 1;
            }
            None if c == b'\'' || c == b'"' => {
                quote = Some(c);
                i += 1;
            }
            None => match visit(i) {
                Some(used) => i += used.max(1),
                None => break,
            },
        }
    }
}

/// The `<<` operators that start heredocs on a line: not `<<<`, not inside
/// quotes, a comment or an arithmetic `$((…))`.
fn operators(line: &str) -> Vec<Operator> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut arithmetic = 0usize;
    scan_unquoted(line, |i| {
        let rest = &bytes[i..];
        if rest[0] == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return None;
        }
        if rest.starts_with(b"$((") {
            arithmetic += 1;
            return Some(3);
        }
        if arithmetic > 0 && rest.starts_with(b"))") {
            arithmetic -= 1;
            return Some(2);
        }
        if arithmetic > 0 || !rest.starts_with(b"<<") {
            return Some(1);
        }
        if rest.starts_with(b"<<<") {
            return Some(3);
        }
        match delimiter(&line[i + 2..]) {
            Some((delimiter, strip_tabs, quoted, len)) => {
                found.push(Operator {
                    at: i,
                    end: i + 2 + len,
                    delimiter,
                    strip_tabs,
                    quoted,
                });
                Some(2 + len)
            }
            None => Some(1),
        }
    });
    found
}

/// The command of the line that `operator` feeds: the part between the
/// separators (`;`, `&&`, `||`, `&`) around it, without the heredoc
/// operators; a pipeline (`cat <<EOF | tee PATH`) stays whole.
fn segment(line: &str, operator: &Operator, all: &[Operator]) -> String {
    let bytes = line.as_bytes();
    let mut separators = Vec::new();
    scan_unquoted(line, |i| {
        let rest = &bytes[i..];
        if rest.starts_with(b"&&") || rest.starts_with(b"||") {
            separators.push(i..i + 2);
            return Some(2);
        }
        let redirect = bytes[..i].ends_with(b">") || rest[1..].starts_with(b">");
        if rest[0] == b';' || (rest[0] == b'&' && !redirect) {
            separators.push(i..i + 1);
        }
        Some(1)
    });
    let start = separators
        .iter()
        .filter(|s| s.end <= operator.at)
        .map(|s| s.end)
        .max()
        .unwrap_or(0);
    let end = separators
        .iter()
        .filter(|s| s.start >= operator.end)
        .map(|s| s.start)
        .min()
        .unwrap_or(line.len());
    let mut command = String::new();
    let mut at = start;
    for other in all.iter().filter(|o| o.at >= start && o.end <= end) {
        command.push_str(&line[at..other.at]);
        command.push(' ');
        at = other.end;
    }
    command.push_str(&line[at..end]);
    command
}

/// The delimiter after `<<`: whether it was `<<-`, whether it was quoted,
/// and how many bytes it took.
fn delimiter(rest: &str) -> Option<(String, bool, bool, usize)> {
    let (strip_tabs, after_dash) = match rest.strip_prefix('-') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let trimmed = after_dash.trim_start_matches([' ', '\t']);
    let skipped = rest.len() - trimmed.len();
    let (word, quoted, len) = match trimmed.chars().next()? {
        q @ ('\'' | '"') => {
            let close = trimmed[1..].find(q)?;
            (trimmed[1..1 + close].to_string(), true, close + 2)
        }
        '\\' => {
            let word: String = trimmed[1..]
                .chars()
                .take_while(|c| is_word_char(*c))
                .collect();
            let len = word.len() + 1;
            (word, true, len)
        }
        _ => {
            let word: String = trimmed.chars().take_while(|c| is_word_char(*c)).collect();
            let len = word.len();
            (word, false, len)
        }
    };
    if word.is_empty() {
        return None;
    }
    Some((word, strip_tabs, quoted, skipped + len))
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, ';' | '&' | '|' | '<' | '>' | '(' | ')' | '\'' | '"')
}

/// The words of a command line, quotes removed; `|`, `;`, `&&` and
/// redirections become words of their own.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    let mut chars = command.chars().peekable();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => current.push(c),
            None => match c {
                '\'' | '"' => quote = Some(c),
                c if c.is_whitespace() => flush(&mut current, &mut words),
                '>' => {
                    // `2>` and `&>` redirect other streams: not the file
                    // the heredoc is written to.
                    let stream = current == "2" || current == "&";
                    if current == "1" {
                        current.clear();
                    }
                    flush(&mut current, &mut words);
                    let mut operator = String::from(if stream { "2>" } else { ">" });
                    if chars.peek() == Some(&'>') {
                        chars.next();
                        operator.push('>');
                    }
                    words.push(operator);
                }
                '|' | ';' | '&' => {
                    flush(&mut current, &mut words);
                    words.push(c.to_string());
                }
                _ => current.push(c),
            },
        }
    }
    flush(&mut current, &mut words);
    words
}

/// The absolute paths the heredoc's command writes — the target of
/// `>`/`>>`, or the file arguments of `tee` — and whether it appends;
/// `None` when it writes to no path written literally.
fn written_paths(command: &str) -> Option<(Vec<String>, bool)> {
    let words = words(command);
    let literal = |path: &String| path.starts_with('/') && !path.contains(['$', '`', '*']);
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        if word == ">" || word == ">>" {
            let path = words.get(i + 1).filter(|p| literal(p))?;
            return Some((vec![path.clone()], word == ">>"));
        }
        if word == "tee" {
            let arguments: Vec<&String> = words[i + 1..]
                .iter()
                .take_while(|w| !matches!(w.as_str(), "|" | ";" | "&" | ">" | ">>" | "2>"))
                .collect();
            let append = arguments
                .iter()
                .any(|w| w.as_str() == "-a" || w.as_str() == "--append");
            let paths: Vec<String> = arguments
                .into_iter()
                .filter(|w| !w.starts_with('-'))
                .filter(|p| literal(p))
                .cloned()
                .collect();
            return (!paths.is_empty()).then_some((paths, append));
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(script: &str) -> Vec<(Vec<String>, String, bool)> {
        heredocs(script)
            .into_iter()
            .map(|h| {
                let text: String = h.body.iter().map(|r| &script[r.clone()]).collect();
                (h.paths, text, h.append)
            })
            .collect()
    }

    fn one(path: &str, text: &str) -> (Vec<String>, String, bool) {
        (vec![path.to_string()], text.to_string(), false)
    }

    #[test]
    fn the_usual_forms_are_found() {
        let script = "mkdir -p /etc/x\ncat <<EOF > /etc/x/a.yaml\na: 1\nEOF\ncat > /etc/x/b.yaml <<'EOF'\nb: $X\nEOF\ntee /etc/x/c.yaml <<EOF >/dev/null\nc: 3\nEOF\n/run.sh\n";
        assert_eq!(
            bodies(script),
            [
                one("/etc/x/a.yaml", "a: 1\n"),
                one("/etc/x/b.yaml", "b: $X\n"),
                one("/etc/x/c.yaml", "c: 3\n"),
            ]
        );
    }

    #[test]
    fn tabs_are_cut_for_the_dash_form_and_unknown_places_are_left_out() {
        let script = "cat <<-END | tee -a /etc/y.yml /etc/z.yml\n\tkey: v\n\tEND\ncat <<EOF > $DIR/z.yml\nz: 1\nEOF\ncat <<EOF\nto stdout\nEOF\n";
        assert_eq!(
            bodies(script),
            [(
                vec!["/etc/y.yml".to_string(), "/etc/z.yml".to_string()],
                "key: v\n".to_string(),
                true
            )]
        );
    }

    #[test]
    fn an_unterminated_heredoc_writes_nothing() {
        assert!(bodies("cat <<EOF > /etc/a.yml\na: 1\n").is_empty());
        assert!(bodies("echo '<<EOF' > /etc/a.yml\n").is_empty());
    }

    #[test]
    fn two_heredocs_on_one_line_read_their_bodies_in_turn() {
        let script = "cat <<A > /r/a.yml; cat <<B >> /r/b.yml\na: 1\nA\nb: 2\nB\n";
        assert_eq!(
            bodies(script),
            [
                one("/r/a.yml", "a: 1\n"),
                (vec!["/r/b.yml".to_string()], "b: 2\n".to_string(), true),
            ]
        );
    }

    #[test]
    fn arithmetic_shifts_are_no_heredocs() {
        let script = "n=$((1 << 4))\ncat <<EOF > /r/a.yml\na: 1\nEOF\n";
        assert_eq!(bodies(script), [one("/r/a.yml", "a: 1\n")]);
    }

    #[test]
    fn expansions_mark_their_lines_and_escapes_are_cut() {
        let script = "cat <<EOF > /r/a.yml\nx: \\$labels.instance\ny: $HOME\nz: 1\nEOF\n";
        let found = heredocs(script);
        let text: String = found[0].body.iter().map(|r| &script[r.clone()]).collect();
        assert_eq!(text, "x: $labels.instance\ny: $HOME\nz: 1\n");
        assert_eq!(found[0].unknown, vec![20..29_usize]);
        assert_eq!(&text[20..29], "y: $HOME\n");
    }

    #[test]
    fn text_that_is_not_ascii_is_read_around() {
        let script = "echo \u{e9}t\u{e9} && n=$((2 << 1)) # \u{e9}\ncat <<EOF > /r/\u{e9}.yml\n\u{e9}: 1\nEOF\n";
        assert_eq!(bodies(script), [one("/r/\u{e9}.yml", "\u{e9}: 1\n")]);
    }
}
