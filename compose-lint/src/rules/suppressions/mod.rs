//! Rules about the suppression comments themselves. The engine reports
//! them after every other rule ran, since whether a suppression silenced
//! anything depends on all the other findings; only the configuration can
//! turn them off.

pub(crate) mod invalid_suppression;
pub(crate) mod unused_suppression;
