//! Rules about Alertmanager's configuration, as `amtool check-config`
//! reads it: the route tree, the receivers it names, the time intervals.

pub(crate) mod alertmanager_group_by_invalid;
pub(crate) mod alertmanager_matchers_deprecated;
pub(crate) mod alertmanager_receiver_duplicate;
pub(crate) mod alertmanager_receiver_incomplete;
pub(crate) mod alertmanager_receiver_undefined;
pub(crate) mod alertmanager_time_interval_undefined;
