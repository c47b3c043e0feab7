//! SARIF 2.1.0: one run, every rule described in `tool.driver.rules`, one
//! result per diagnostic, for code-scanning services and SARIF viewers.
//!
//! Regions give lines and columns (columns in UTF-16 code units, the
//! `columnKind` the run states) and the same range again as byte offsets,
//! which is what fixes' deleted regions are measured in. Lines end at `\r\n`,
//! `\n` and a lone `\r`, as everywhere in compose-lint, and the run says so
//! in `newlineSequences`. File URIs are relative to the directory the linter
//! ran in (`%SRCROOT%`), or absolute `file:` URIs for files outside it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Edit, Label, Severity, SuppressionKind};
use crate::render::paths::{self, FilePlace};
use crate::rules::{RULES, RuleMeta};
use crate::source::SourceFile;

/// The SARIF version written, and the schema that describes it.
pub const VERSION: &str = "2.1.0";
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The base every relative artifact URI resolves against.
const SOURCE_ROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, BaseLocation>,
    column_kind: &'static str,
    newline_sequences: [&'static str; 3],
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct BaseLocation {
    uri: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: MultiformatText,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct MultiformatText {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    family: &'static str,
    tags: Vec<&'static str>,
    /// GitHub code scanning's rating of a security finding (0.0 to 10.0),
    /// from the rule's severity: present on the security rules only.
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [SarifLocation; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    /// Present on every result: compose-lint knows whether each finding is
    /// suppressed, and SARIF wants all results alike in this.
    suppressions: Vec<SarifSuppression>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// A text region (lines and columns) and the binary region of the same
/// bytes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<InsertedContent>,
}

/// The inserted text, also in Base64: SARIF asks for `binary` content
/// whenever the deleted region is given in bytes.
#[derive(Serialize)]
struct InsertedContent {
    text: String,
    binary: String,
}

#[derive(Serialize)]
struct SarifSuppression {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
}

/// The SARIF log of `diagnostics` and the `suppressed` ones (reported as
/// suppressed results); paths are made relative to `base`, the directory
/// the linter ran in.
pub fn render(diagnostics: &[Diagnostic], suppressed: &[Diagnostic], base: &Path) -> String {
    let mut results: Vec<SarifResult> = diagnostics
        .iter()
        .chain(suppressed)
        .map(|d| result(d, base))
        .collect();
    // Suppressed findings take their place in the sorted output.
    results.sort_by(|a, b| {
        let key = |r: &SarifResult| {
            let region = &r.locations[0].physical_location.region;
            (
                r.locations[0]
                    .physical_location
                    .artifact_location
                    .uri
                    .clone(),
                region.byte_offset,
                r.rule_id,
            )
        };
        key(a).cmp(&key(b))
    });
    let base_uri = paths::file_uri(base, true);
    let log = Log {
        schema: SCHEMA_URI,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "compose-lint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: RULES.iter().map(|rule| descriptor(rule.meta())).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(SOURCE_ROOT, BaseLocation { uri: base_uri })]),
            column_kind: "utf16CodeUnits",
            newline_sequences: ["\r\n", "\n", "\r"],
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|error| {
        // Serialising strings and numbers cannot fail; if it ever does,
        // still print a valid, empty log.
        format!(
            "{{\"version\": \"{VERSION}\", \"runs\": [], \"properties\": {{\"error\": {:?}}}}}",
            error.to_string()
        )
    });
    text.push('\n');
    text
}

fn descriptor(meta: &'static RuleMeta) -> ReportingDescriptor {
    let documentation = meta.documentation();
    ReportingDescriptor {
        id: meta.name,
        name: meta.name,
        short_description: Text {
            text: meta.summary.to_string(),
        },
        full_description: Text {
            text: section(&documentation, "What it does").unwrap_or_else(|| meta.summary.into()),
        },
        help: MultiformatText {
            text: documentation.clone(),
            markdown: documentation,
        },
        help_uri: meta.url(),
        default_configuration: Configuration {
            level: level(meta.default_severity),
        },
        properties: RuleProperties {
            family: meta.family.as_str(),
            // The security family's tag is `security`, which code
            // scanning reads with `security-severity`.
            tags: vec![meta.family.as_str()],
            security_severity: security_severity(meta),
        },
    }
}

/// The `security-severity` GitHub rates a security rule's findings with:
/// high (7.5) for an error, medium (5.0) for a warning, low (2.0) for info.
fn security_severity(meta: &RuleMeta) -> Option<&'static str> {
    (meta.family == crate::meta::Family::Security).then_some(match meta.default_severity {
        crate::meta::Severity::Error => "7.5",
        crate::meta::Severity::Warning => "5.0",
        crate::meta::Severity::Info => "2.0",
    })
}

/// The text under the Markdown heading `## {heading}`, up to the next one.
fn section(documentation: &str, heading: &str) -> Option<String> {
    let start = documentation.find(&format!("## {heading}\n"))? + heading.len() + 4;
    let rest = &documentation[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    let text = rest[..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(diagnostic: &Diagnostic, base: &Path) -> SarifResult {
    let meta = diagnostic.rule_meta();
    let primary = location(diagnostic.primary(), base, None);
    let fingerprint =
        crate::baseline::fingerprint(diagnostic, &primary.physical_location.artifact_location.uri);
    SarifResult {
        rule_id: meta.name,
        rule_index: RULES
            .iter()
            .position(|rule| std::ptr::eq(rule.meta(), meta)),
        level: level(diagnostic.severity()),
        message: Text {
            text: super::message_with_notes(diagnostic),
        },
        locations: [primary],
        related_locations: diagnostic
            .secondary()
            .iter()
            .enumerate()
            .map(|(id, label)| location(label, base, Some(id)))
            .collect(),
        partial_fingerprints: BTreeMap::from([("compose-lint/v1", fingerprint)]),
        fixes: diagnostic
            .fix()
            .map(|fix| SarifFix {
                description: Text {
                    text: fix.description().to_string(),
                },
                artifact_changes: artifact_changes(fix.edits(), base),
            })
            .into_iter()
            .collect(),
        suppressions: diagnostic
            .suppression()
            .map(|suppression| SarifSuppression {
                kind: match suppression.kind {
                    SuppressionKind::InSource => "inSource",
                    SuppressionKind::Configuration => "external",
                },
                justification: suppression.justification.clone(),
            })
            .into_iter()
            .collect(),
    }
}

fn location(label: &Label, base: &Path, id: Option<usize>) -> SarifLocation {
    let source = label.source();
    SarifLocation {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact_location(source.path(), base),
            region: region(source, label.span().start, label.span().end),
        },
        message: id.and(label.message()).map(|text| Text {
            text: text.to_string(),
        }),
    }
}

fn artifact_location(path: &Path, base: &Path) -> ArtifactLocation {
    let place = paths::place(path, base);
    ArtifactLocation {
        uri: paths::uri(&place),
        uri_base_id: matches!(place, FilePlace::Relative(_)).then_some(SOURCE_ROOT),
    }
}

/// One change per file, its replacements in text order as SARIF applies
/// them one after the other, each measured in the original text.
fn artifact_changes(edits: &[Edit], base: &Path) -> Vec<ArtifactChange> {
    let mut by_file: BTreeMap<&Path, Vec<&Edit>> = BTreeMap::new();
    for edit in edits {
        by_file.entry(edit.source().path()).or_default().push(edit);
    }
    by_file
        .into_iter()
        .map(|(path, mut edits)| {
            edits.sort_by_key(|edit| edit.span().start);
            ArtifactChange {
                artifact_location: artifact_location(path, base),
                replacements: edits
                    .into_iter()
                    .map(|edit| Replacement {
                        deleted_region: region(edit.source(), edit.span().start, edit.span().end),
                        inserted_content: (!edit.replacement().is_empty()).then(|| {
                            InsertedContent {
                                text: edit.replacement().to_string(),
                                binary: base64(edit.replacement().as_bytes()),
                            }
                        }),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The region of bytes `start..end` of `source`.
fn region(source: &SourceFile, start: usize, end: usize) -> Region {
    let text = source.text();
    let start = floor_char_boundary(text, start);
    let end = floor_char_boundary(text, end.max(start));
    let (start_line, start_column) = source.utf16_position(start);
    let (end_line, end_column) = source.utf16_position(end);
    Region {
        start_line,
        start_column,
        end_line,
        end_column,
        byte_offset: start,
        byte_length: end - start,
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A hash of what identifies a finding across edits that move it: the
/// rule, the file, the message and the text of its first line, but not the
/// line number.
/// Standard Base64 with padding (RFC 4648), as SARIF's `binary` content is.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::Value;

    use super::*;
    use crate::diagnostic::{Applicability, Fix, Suppression};
    use crate::source::Span;

    fn meta() -> &'static RuleMeta {
        RULES[0].meta()
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn security_rules_carry_a_security_severity() {
        let output = render(&[], &[], Path::new("."));
        let log: serde_json::Value = serde_json::from_str(&output).unwrap_or_default();
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(!rules.is_empty());
        for rule in rules {
            let security = rule["properties"]["family"] == "security";
            let rated = rule["properties"]["security-severity"].as_str();
            assert_eq!(security, rated.is_some(), "{rule}");
            if security {
                assert!(
                    rule["properties"]["tags"]
                        .as_array()
                        .is_some_and(|t| t.iter().any(|t| t == "security"))
                );
            }
        }
    }

    #[test]
    fn columns_count_utf16_code_units() {
        // `é` is one UTF-16 unit (two bytes), `𝄞` two units (four bytes).
        let source = SourceFile::new("f.yaml", "a: é𝄞x\nb: 1\n");
        let x = source.text().find('x').unwrap_or_default();
        assert_eq!(source.utf16_position(x), (1, 7));
        let region = region(&source, x, x + 1);
        assert_eq!(
            (region.start_column, region.end_column, region.byte_offset),
            (7, 8, 9)
        );
        let bom = SourceFile::new("f.yaml", "\u{feff}k: v\n");
        assert_eq!(bom.utf16_position(6), (1, 4));
        let lone_cr = SourceFile::new("f.yaml", "a: 1\rb: 2\n");
        assert_eq!(lone_cr.utf16_position(5), (2, 1));
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64("é".as_bytes()), "w6k=");
    }

    #[test]
    fn suppressed_diagnostics_are_results_with_their_suppression() {
        let source = Arc::new(SourceFile::new("compose.yaml", "services: {}\n"));
        let label = Label::new(source.clone(), Span::new(0, 8), None);
        let counted = Diagnostic::new(meta(), Severity::Warning, "counted".into(), label.clone());
        let in_source = Diagnostic::new(meta(), Severity::Error, "in source".into(), label.clone())
            .with_suppression(Some(Suppression {
                kind: SuppressionKind::InSource,
                justification: Some("checked by hand".into()),
            }));
        let configured = Diagnostic::new(meta(), Severity::Info, "configured".into(), label)
            .with_suppression(Some(Suppression {
                kind: SuppressionKind::Configuration,
                justification: None,
            }))
            .with_fix(Some(Fix::new(
                "replace".into(),
                Applicability::Safe,
                vec![Edit::new(source, Span::new(10, 12), "{ }".into())],
            )));
        let output = render(
            &[counted],
            &[in_source, configured],
            Path::new("/nonexistent"),
        );
        let errors = crate::render::schema_errors(
            include_str!("../../schemas/sarif-subset.schema.json"),
            &output,
        );
        assert!(errors.is_empty(), "{errors:#?}");
        let log = parse(&output);
        let results = log["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let by_message = |text: &str| {
            results
                .iter()
                .find(|r| r["message"]["text"] == text)
                .cloned()
                .unwrap_or_else(|| panic!("no result {text}"))
        };
        assert_eq!(by_message("counted")["suppressions"], serde_json::json!([]));
        assert_eq!(
            by_message("in source")["suppressions"],
            serde_json::json!([{"kind": "inSource", "justification": "checked by hand"}])
        );
        let configured = by_message("configured");
        assert_eq!(
            configured["suppressions"],
            serde_json::json!([{"kind": "external"}])
        );
        assert_eq!(configured["level"], "note");
        assert_eq!(
            configured["fixes"][0]["artifactChanges"][0]["replacements"][0],
            serde_json::json!({
                "deletedRegion": {
                    "startLine": 1, "startColumn": 11, "endLine": 1, "endColumn": 13,
                    "byteOffset": 10, "byteLength": 2
                },
                "insertedContent": {"text": "{ }", "binary": "eyB9"}
            })
        );
    }

    #[test]
    fn every_rule_is_described_with_its_documentation() {
        let log = parse(&render(&[], &[], Path::new("/nonexistent")));
        let rules = &log["runs"][0]["tool"]["driver"]["rules"];
        assert_eq!(rules.as_array().map(Vec::len), Some(RULES.len()));
        let first = &rules[0];
        assert_eq!(first["id"], RULES[0].meta().name);
        assert!(
            first["help"]["markdown"]
                .as_str()
                .is_some_and(|m| m.contains("## Why is this bad?"))
        );
        let full = first["fullDescription"]["text"]
            .as_str()
            .unwrap_or_default();
        assert!(!full.is_empty() && !full.contains("##"), "{full}");
    }
}
