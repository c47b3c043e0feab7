//! A service's `healthcheck`.

use super::{At, Located};
use crate::compose::value::Value;
use crate::location::{Location, Part};

/// The `healthcheck` of a service, as written (a mapping unless the file
/// is invalid).
#[derive(Clone, Debug)]
pub struct Healthcheck<'a> {
    pub node: &'a Value,
    pub test: Option<Located<'a, &'a Value>>,
    pub disable: Option<Located<'a, &'a Value>>,
    pub interval: Option<Located<'a, &'a Value>>,
    pub timeout: Option<Located<'a, &'a Value>>,
    pub retries: Option<Located<'a, &'a Value>>,
    /// Every key written, in order, with its value.
    pub settings: Vec<(&'a str, Located<'a, &'a Value>)>,
    at: At<'a>,
}

impl<'a> Healthcheck<'a> {
    pub(crate) fn of(node: &'a Value, at: At<'a>) -> Self {
        let settings: Vec<(&'a str, Located<'a, &'a Value>)> = node
            .as_mapping()
            .into_iter()
            .flatten()
            .map(|(key, value)| (key.as_str(), Located::new(value, value, at.key(key))))
            .collect();
        let field = |name: &str| {
            settings
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| *value)
        };
        let (test, disable, interval, timeout, retries) = (
            field("test"),
            field("disable"),
            field("interval"),
            field("timeout"),
            field("retries"),
        );
        Self {
            node,
            test,
            disable,
            interval,
            timeout,
            retries,
            settings,
            at,
        }
    }

    /// True when the healthcheck is a mapping, as the schema wants.
    pub fn is_mapping(&self) -> bool {
        self.node.as_mapping().is_some()
    }

    /// The key that turns the healthcheck off: `disable: true` or
    /// `test: ["NONE"]`.
    pub fn disabled_by(&self) -> Option<&'static str> {
        if self.disable.and_then(|d| d.value.as_bool()) == Some(true) {
            return Some("disable");
        }
        let test = self.test?.value.as_sequence()?;
        (test.first()?.as_str()? == "NONE").then_some("test")
    }

    /// The first word of `test`: the list's first item, or the string.
    pub fn test_keyword(&self) -> Option<&'a str> {
        let test = self.test?.value;
        test.as_sequence()
            .and_then(|items| items.first())
            .and_then(Value::as_str)
            .or_else(|| test.as_str())
    }

    /// Where item `index` of `test` is written.
    pub fn test_item_location(&self, index: usize) -> Location {
        Location::model(self.at.key("test").index(index).pointer(), Part::Value)
    }
}
