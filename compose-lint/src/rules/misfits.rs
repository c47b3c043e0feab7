//! What the `*-unknown-field` and `*-invalid-value` rules of Loki,
//! Promtail and Alertmanager share: the tool's table, the release the
//! services run (from their image tag), and the findings for a key or a
//! value that does not fit.

use serde_json::Value;

use crate::images::{parse_reference, version};
use crate::location::Location;
use crate::project::LoadedFile;
use crate::rules::{Context, Finding};
use crate::shape::{Absent, Block, Misfit, Shape, Version, walk};
use crate::sources::FileKind;

/// A tool whose configuration file is read against a table.
pub(crate) struct Tool {
    /// How messages name it: `Loki`.
    pub name: &'static str,
    pub kind: FileKind,
    pub table: &'static Block,
    /// What the tool does with a file that does not fit.
    pub refuses: &'static str,
    /// The program of the tool's images in the image table: only their tags
    /// say which release runs.
    pub program: crate::images::Program,
}

pub(crate) static LOKI: Tool = Tool {
    name: "Loki",
    kind: FileKind::Loki,
    table: &crate::grafana::loki_keys::LOKI,
    refuses: "Loki refuses to start (`-verify-config` fails the same way)",
    program: crate::images::Program::Loki,
};

pub(crate) static PROMTAIL: Tool = Tool {
    name: "Promtail",
    kind: FileKind::Promtail,
    table: &crate::grafana::promtail_keys::PROMTAIL,
    refuses: "Promtail refuses to start (`-check-syntax` fails the same way)",
    program: crate::images::Program::Promtail,
};

pub(crate) static ALERTMANAGER: Tool = Tool {
    name: "Alertmanager",
    kind: FileKind::Alertmanager,
    table: &crate::prometheus::alertmanager_keys::ALERTMANAGER,
    refuses: "Alertmanager refuses to start or reload (`amtool check-config` fails the same way)",
    program: crate::images::Program::Alertmanager,
};

/// A release of the tool and the image reference that pins it.
type Release = (Version, String);

pub(crate) static BLACKBOX: Tool = Tool {
    name: "the blackbox exporter",
    kind: FileKind::Blackbox,
    table: &crate::prometheus::blackbox_keys::BLACKBOX,
    refuses: "The blackbox exporter refuses the configuration at start and keeps the old one on reload (for a `prober` it does not have, it fails every probe of the module)",
    program: crate::images::Program::Blackbox,
};

/// The release every service reading `file` runs, with the image that
/// says so; `None` when one is built, untagged, `latest`, or they differ.
fn release(tool: &Tool, file: &LoadedFile, cx: &Context<'_>) -> Option<Release> {
    let mut found: Option<Release> = None;
    for config in cx.project().found(file.kind).filter(|c| c.file == file.id) {
        let service = cx.stack().service(&config.service)?;
        if service.build.is_some() {
            return None;
        }
        let image = service.image?.value;
        // A tag says the tool's release only on the tool's own images.
        let reference = parse_reference(image)?;
        if crate::images::facts_of(&reference)?.program != Some(tool.program) {
            return None;
        }
        let tag = reference.tag?;
        let this = version(tag)?;
        match &found {
            Some((v, _)) if *v != this => return None,
            Some(_) => {}
            None => found = Some((this, image.to_string())),
        }
    }
    found
}

/// The misfits of `file` when it is a clean configuration of `tool`, with
/// the release the check followed.
pub(crate) fn misfits<'f>(
    tool: &Tool,
    file: &'f LoadedFile,
    cx: &Context<'_>,
) -> Option<(Vec<Misfit<'f>>, Option<Release>)> {
    if file.kind != tool.kind {
        return None;
    }
    let document = file.yaml.clean_document()?;
    if !document.is_object() {
        return None;
    }
    let release = release(tool, file, cx);
    let misfits = walk(
        document,
        Shape::Block(tool.table),
        release.as_ref().map(|(v, _)| *v),
    );
    Some((misfits, release))
}

/// Reports every key of `file` that `tool` does not accept.
pub(crate) fn report_unknown_keys(tool: &Tool, file: &LoadedFile, cx: &mut Context<'_>) {
    let Some((misfits, release)) = misfits(tool, file, cx) else {
        return;
    };
    for misfit in misfits {
        let Misfit::UnknownKey {
            pointer,
            key,
            block,
            why,
            ignored,
        } = misfit
        else {
            continue;
        };
        let where_ = if block.name == "top level" {
            "at the top level".to_string()
        } else {
            format!("in `{}`", block.name)
        };
        let in_ = if block.name == "top level" {
            String::new()
        } else {
            format!(" (in `{}`)", block.name)
        };
        let at = Location::key(file.id, pointer);
        let finding = match (why, &release) {
            (Absent::Removed((major, minor)), Some((_, image))) => Finding::new(
                at,
                format!(
                    "`{key}`{in_} was removed in {} {major}.{minor}, and the service runs `{image}`",
                    tool.name
                ),
            )
            .primary_label("removed")
            .help("remove it, or move to the setting that replaced it (see the upgrade notes)"),
            (Absent::NotYet((major, minor)), Some((_, image))) => Finding::new(
                at,
                format!(
                    "`{key}`{in_} is known from {} {major}.{minor} on, and the service runs `{image}`",
                    tool.name
                ),
            )
            .primary_label("not known to this release")
            .help(format!(
                "upgrade the image to {} {major}.{minor} or later, or remove the key",
                tool.name
            )),
            _ => {
                let version = release.as_ref().map(|(v, _)| *v);
                let close = crate::compose::schema::closest(key, block.known_keys(version));
                let finding = Finding::new(
                    at,
                    match close {
                        Some(close) => format!(
                            "unknown key `{key}` {where_}; did you mean `{close}`?"
                        ),
                        None => format!("unknown key `{key}` {where_}"),
                    },
                )
                .primary_label(format!("{} has no such setting here", tool.name));
                match close {
                    Some(close) => finding.help(format!("rename it to `{close}`")),
                    None => finding.help("remove it, or move it to the block that accepts it"),
                }
            }
        };
        let finding = if ignored {
            finding
                .note(format!(
                    "{} reads this block leniently: the key is ignored, so the setting has no effect",
                    tool.name
                ))
                .at_most(crate::meta::Severity::Warning)
        } else {
            finding.note(format!(
                "{} on an unknown key (`field {key} not found in type …`)",
                tool.refuses
            ))
        };
        cx.report(finding);
    }
}

/// Reports every value of `file` of a type or form `tool` does not accept.
pub(crate) fn report_bad_values(tool: &Tool, file: &LoadedFile, cx: &mut Context<'_>) {
    let Some((misfits, _)) = misfits(tool, file, cx) else {
        return;
    };
    for misfit in misfits {
        let Misfit::BadValue {
            pointer,
            value,
            expected,
            suggestion,
        } = misfit
        else {
            continue;
        };
        let key = pointer.rsplit('/').next().unwrap_or_default().to_string();
        let written = match value {
            Value::String(s) => format!("`{s}`"),
            Value::Object(_) => "a mapping".to_string(),
            Value::Array(_) => "a list".to_string(),
            other => format!("`{other}`"),
        };
        let what = if key.chars().all(|c| c.is_ascii_digit()) {
            "this item".to_string()
        } else {
            format!("`{key}`")
        };
        let finding = Finding::new(
            Location::value(file.id, pointer),
            format!("{what} must be {expected}, not {written}"),
        )
        .primary_label(format!("{} cannot read this", tool.name));
        let finding = match suggestion {
            Some(word) => finding.help(format!("did you mean `{word}`?")),
            None => finding.help(format!("write {expected}")),
        };
        cx.report(finding.note(format!(
            "{} on a value it cannot read (`cannot unmarshal …`)",
            tool.refuses
        )));
    }
}
