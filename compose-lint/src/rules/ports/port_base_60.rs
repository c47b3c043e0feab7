use crate::declare_rule;
use crate::location::Location;
use crate::project::{FileKind, LoadedFile};
use crate::rules::{Context, Finding, Rule};
use crate::yaml::{Node, NodeKind};

declare_rule! {
    /// ## What it does
    /// Reports an unquoted short port mapping such as `- 22:22` or
    /// `- 2222:22` whose parts after the first are below 60.
    ///
    /// ## Why is this bad?
    /// Compose reads YAML 1.2 and sees the string `22:22`, but YAML 1.1
    /// parsers (docker-compose v1 and other PyYAML-based tools) read
    /// colon-separated numbers below 60 as one base-60 number: `22:22`
    /// becomes `1342`. Quoting the mapping makes every tool read it alike.
    /// Compose v2 itself is not affected, so this is information, not a
    /// warning.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   ssh:
    ///     image: linuxserver/openssh-server:9.7
    ///     ports:
    ///       - 2222:22
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   ssh:
    ///     image: linuxserver/openssh-server:9.7
    ///     ports:
    ///       - "2222:22"
    /// ```
    pub(crate) struct PortBase60 {
        name: "port-base-60",
        family: Ports,
        severity: Info,
        summary: "an unquoted port mapping that YAML 1.1 reads as a base-60 number",
    }
}

impl Rule for PortBase60 {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind != FileKind::Compose {
            return;
        }
        for document in &file.yaml.documents {
            let Some(services) = entry(&document.root, "services").and_then(Node::as_mapping)
            else {
                continue;
            };
            for service in services {
                let Some(NodeKind::Sequence(ports)) =
                    entry(&service.value, "ports").map(|p| &p.target().kind)
                else {
                    continue;
                };
                for port in ports {
                    // An alias is reported where its anchor is written.
                    if matches!(port.kind, NodeKind::Alias(_)) {
                        continue;
                    }
                    let Some(scalar) = port.as_scalar() else {
                        continue;
                    };
                    if port.tag.is_some() || !scalar.style.is_plain() {
                        continue;
                    }
                    let Some(number) = base_60(&scalar.text) else {
                        continue;
                    };
                    cx.report(
                        Finding::new(
                            Location::span(file.id, port.span),
                            format!(
                                "unquoted port mapping `{}` is the number `{number}` to YAML 1.1 parsers",
                                scalar.text
                            ),
                        )
                        .primary_label("read as a base-60 number by YAML 1.1")
                        .note("Compose reads it as a string, but docker-compose v1 and other PyYAML-based tools do not")
                        .help(format!("quote it: `\"{}\"`", scalar.text)),
                    );
                }
            }
        }
    }
}

/// The value of `key` in a mapping node.
fn entry<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.as_mapping()?
        .iter()
        .find(|e| e.key.as_scalar().is_some_and(|k| k.text == key))
        .map(|e| &e.value)
}

/// The YAML 1.1 base-60 integer `text` stands for:
/// `[1-9][0-9_]*(:[0-5]?[0-9])+`.
fn base_60(text: &str) -> Option<u64> {
    let mut parts = text.split(':');
    let first = parts.next()?;
    if !first.starts_with(|c: char| ('1'..='9').contains(&c))
        || !first.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let mut value: u64 = first.replace('_', "").parse().ok()?;
    let mut rest = 0;
    for part in parts {
        rest += 1;
        let valid = (1..=2).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.len() == 1 || part.as_bytes()[0] <= b'5');
        if !valid {
            return None;
        }
        value = value.checked_mul(60)?.checked_add(part.parse().ok()?)?;
    }
    (rest > 0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::base_60;

    #[test]
    fn reads_yaml_1_1_base_60() {
        assert_eq!(base_60("22:22"), Some(1342));
        assert_eq!(base_60("2222:22"), Some(133342));
        assert_eq!(base_60("1:2:3"), Some(3723));
        for text in [
            "8080:80",
            "80",
            "0:22",
            "22:60",
            "127.0.0.1:22:22",
            "22:22/udp",
            ":22",
        ] {
            assert_eq!(base_60(text), None, "{text}");
        }
    }
}
