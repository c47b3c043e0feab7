//! Rules about Alertmanager's configuration, as `amtool check-config`
//! reads it: the route tree, the receivers it names, the time intervals.

pub(crate) mod alertmanager_group_by_invalid;
pub(crate) mod alertmanager_invalid_value;
pub(crate) mod alertmanager_matcher_invalid;
pub(crate) mod alertmanager_matchers_deprecated;
pub(crate) mod alertmanager_receiver_duplicate;
pub(crate) mod alertmanager_receiver_incomplete;
pub(crate) mod alertmanager_receiver_undefined;
pub(crate) mod alertmanager_time_interval_undefined;
pub(crate) mod alertmanager_unknown_field;

use crate::location::Location;
use crate::rules::Finding;

/// A name a route uses that nothing defines: `what` (`receiver`, `time
/// interval`) `name` at `at`, with the closest defined name as the help,
/// else `define`.
fn undefined(at: Location, what: &str, name: &str, known: &[&str], define: String) -> Finding {
    let finding = Finding::new(at, format!("{what} `{name}` is not defined"))
        .primary_label(format!("no {what} of this name"))
        .note(format!(
            "Alertmanager refuses the configuration: `undefined {what} \"{name}\" used in route`"
        ));
    match crate::compose::schema::closest(name, known.iter().copied()) {
        Some(close) => finding.help(format!("did you mean `{close}`?")),
        None => finding.help(define),
    }
}
