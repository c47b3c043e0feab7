//! Files a shell script writes with a heredoc: `cat <<EOF > PATH`,
//! `cat > PATH <<'EOF'`, `tee PATH <<EOF`, `cat <<-EOF | tee PATH`.
//! Compose examples often write a Grafana datasource or a small
//! configuration this way in an `entrypoint`, so the body is a file the
//! container will see.

use std::ops::Range;

/// A file a script writes from a heredoc.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The absolute path written to.
    pub path: String,
    /// The byte ranges of the script that make up the file, one per line
    /// (with leading tabs cut for `<<-`).
    pub body: Vec<Range<usize>>,
    /// False for a quoted delimiter (`<<'EOF'`): the shell then expands
    /// nothing. With an unquoted one, `$VAR` and `$(…)` are expanded when
    /// the script runs; the text keeps them as written.
    pub expands: bool,
}

/// The heredocs of `script` that write to an absolute path written
/// literally; a heredoc feeding a command that writes nowhere known, or a
/// path with a variable, is left out.
pub fn heredocs(script: &str) -> Vec<Heredoc> {
    let lines = line_ranges(script);
    let mut found = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = &script[lines[index].clone()];
        index += 1;
        let Some(operator) = find_operator(line) else {
            continue;
        };
        let Some((delimiter, strip_tabs, quoted, after)) = delimiter(&line[operator + 2..]) else {
            continue;
        };
        let command = format!("{} {}", &line[..operator], &line[operator + 2 + after..]);
        let mut body = Vec::new();
        let mut terminated = false;
        while index < lines.len() {
            let range = lines[index].clone();
            index += 1;
            let text = &script[range.clone()];
            let cut = if strip_tabs {
                text.len() - text.trim_start_matches('\t').len()
            } else {
                0
            };
            let content = text[cut..].trim_end_matches(['\n', '\r']);
            if content == delimiter {
                terminated = true;
                break;
            }
            body.push(range.start + cut..range.end);
        }
        if !terminated {
            break;
        }
        if let Some(path) = written_path(&command) {
            found.push(Heredoc {
                path,
                body,
                expands: !quoted,
            });
        }
    }
    found
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

/// The offset of a `<<` that starts a heredoc (not `<<<`, and not inside
/// quotes).
fn find_operator(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'\'' || c == b'"' => quote = Some(c),
            None if c == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) => return None,
            None if c == b'<' && bytes.get(i + 1) == Some(&b'<') => {
                if bytes.get(i + 2) == Some(&b'<') {
                    i += 3;
                    continue;
                }
                return Some(i);
            }
            None => {}
        }
        i += 1;
    }
    None
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

/// The absolute path the heredoc's command writes: the target of `>`/`>>`,
/// or the first file argument of `tee`.
fn written_path(command: &str) -> Option<String> {
    let words = words(command);
    let mut found = None;
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_str();
        if word == ">" || word == ">>" {
            found = words.get(i + 1).cloned();
            break;
        }
        if word == "tee" {
            found = words[i + 1..]
                .iter()
                .take_while(|w| !matches!(w.as_str(), "|" | ";" | "&" | ">" | ">>"))
                .find(|w| !w.starts_with('-'))
                .cloned();
            break;
        }
        i += 1;
    }
    found.filter(|path| path.starts_with('/') && !path.contains(['$', '`', '*']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bodies(script: &str) -> Vec<(String, String, bool)> {
        heredocs(script)
            .into_iter()
            .map(|h| {
                let text: String = h.body.iter().map(|r| &script[r.clone()]).collect();
                (h.path, text, h.expands)
            })
            .collect()
    }

    #[test]
    fn the_usual_forms_are_found() {
        let script = "mkdir -p /etc/x\ncat <<EOF > /etc/x/a.yaml\na: 1\nEOF\ncat > /etc/x/b.yaml <<'EOF'\nb: $X\nEOF\ntee /etc/x/c.yaml <<EOF >/dev/null\nc: 3\nEOF\n/run.sh\n";
        assert_eq!(
            bodies(script),
            [
                ("/etc/x/a.yaml".to_string(), "a: 1\n".to_string(), true),
                ("/etc/x/b.yaml".to_string(), "b: $X\n".to_string(), false),
                ("/etc/x/c.yaml".to_string(), "c: 3\n".to_string(), true),
            ]
        );
    }

    #[test]
    fn tabs_are_cut_for_the_dash_form_and_unknown_places_are_left_out() {
        let script = "cat <<-END | tee -a /etc/y.yml\n\tkey: v\n\tEND\ncat <<EOF > $DIR/z.yml\nz: 1\nEOF\ncat <<EOF\nto stdout\nEOF\n";
        assert_eq!(
            bodies(script),
            [("/etc/y.yml".to_string(), "key: v\n".to_string(), true)]
        );
    }

    #[test]
    fn an_unterminated_heredoc_writes_nothing() {
        assert!(bodies("cat <<EOF > /etc/a.yml\na: 1\n").is_empty());
        assert!(bodies("echo '<<EOF' > /etc/a.yml\n").is_empty());
    }
}
