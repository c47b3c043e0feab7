//! "Did you mean": the closest of the allowed names to a misspelt one.

/// The candidate `word` most likely misspells, if any is close enough: the
/// same name in another case or with `-` for `_`, or one within a small
/// edit distance (one edit for short names, two from five letters, three
/// from nine).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let normal = normalize(word);
    let limit = match word.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = if normalize(candidate) == normal {
            0
        } else {
            edit_distance(&normal, &normalize(candidate))
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The [`closest`] candidate when no other candidate is as close: the one
/// name a misspelling can be replaced with, for a fix.
pub(crate) fn only_close<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    let best = closest(word, candidates.clone())?;
    let distance = |candidate: &str| {
        if normalize(candidate) == normalize(word) {
            0
        } else {
            edit_distance(&normalize(word), &normalize(candidate))
        }
    };
    let wanted = distance(best);
    let ties = candidates
        .into_iter()
        .filter(|c| *c != word && distance(c) == wanted)
        .count();
    (ties == 1).then_some(best)
}

/// The name in `defined` that is `name` spelt another way: the same once
/// case, `-`, `_` and `.` are ignored (`Backend` for `back-end`).
pub(crate) fn spelled_alike<'a>(name: &str, defined: &[&'a str]) -> Option<&'a str> {
    let fold = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | '.'))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let wanted = fold(name);
    defined.iter().copied().find(|d| fold(d) == wanted)
}

fn normalize(word: &str) -> String {
    word.to_lowercase().replace('-', "_")
}

/// Levenshtein distance, with a swap of two neighbouring letters counted as
/// one edit (`hostanme`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &[
        "healthcheck",
        "hostname",
        "image",
        "environment",
        "env_file",
        "ports",
        "expose",
        "container_name",
    ];

    fn suggest(word: &str) -> Option<&'static str> {
        closest(word, KEYS.iter().copied())
    }

    #[test]
    fn finds_the_intended_key() {
        assert_eq!(suggest("healtcheck"), Some("healthcheck"));
        assert_eq!(suggest("hostanme"), Some("hostname"));
        assert_eq!(suggest("imgae"), Some("image"));
        assert_eq!(suggest("Image"), Some("image"));
        assert_eq!(suggest("container-name"), Some("container_name"));
        assert_eq!(suggest("enviroment"), Some("environment"));
        assert_eq!(suggest("port"), Some("ports"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(suggest("volumes"), None);
        assert_eq!(suggest("x"), None);
        assert_eq!(suggest("restart"), None);
    }
}
