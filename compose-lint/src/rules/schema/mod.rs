//! Rules about the structure of compose files: what the Compose
//! Specification's schema allows, checked on each file after interpolation.

pub(crate) mod conflicting_service_settings;
pub(crate) mod external_resource_with_settings;
pub(crate) mod invalid_type;
pub(crate) mod invalid_value;
pub(crate) mod missing_key;
pub(crate) mod obsolete_version;
pub(crate) mod resource_source_invalid;
pub(crate) mod service_without_image;
pub(crate) mod unknown_key;
pub(crate) mod watch_target_missing;

use crate::compose::problem::LoadProblem;
use crate::compose::schema::SchemaProblemKind;
use crate::diagnostic::Applicability;
use crate::meta::Severity;
use crate::project::Project;
use crate::rules::{Context, Finding};

/// Reports the schema problems of one kind, with `label` under the value.
fn report(project: &Project, cx: &mut Context<'_>, wanted: SchemaProblemKind, label: &str) {
    for problem in project.load_problems() {
        let LoadProblem::Schema {
            at,
            kind,
            message,
            help,
            note,
            label: interpolated,
            rename,
            loaded_anyway,
        } = problem
        else {
            continue;
        };
        if *kind != wanted {
            continue;
        }
        let label = interpolated.as_deref().unwrap_or(label);
        let mut finding = Finding::new(at.clone(), message.clone()).primary_label(label);
        if let Some(help) = help {
            finding = finding.help(help.clone());
        }
        if let Some(note) = note {
            finding = finding.note(note.clone());
        }
        if let Some(why) = loaded_anyway {
            finding = finding.at_most(Severity::Warning).note(*why);
        }
        if let Some((found, allowed)) = rename {
            finding = finding.fix(
                format!("rename `{found}` to `{allowed}`"),
                Applicability::Safe,
                vec![(at.clone(), allowed.clone())],
            );
        }
        cx.report(finding);
    }
}
