use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{BLACKBOX, report_bad_values};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a value the blackbox exporter cannot read into its setting:
    /// a `prober` that is not one of its probers (with the closest one), a
    /// `timeout` that is not a duration, a word where a number or a boolean
    /// belongs, a mapping where a value belongs, or a single value where a
    /// list belongs.
    ///
    /// ## Why is this bad?
    /// The exporter refuses the configuration at start and keeps the old one
    /// on reload (`unknown prober "htp"`, `not a valid duration string`).
    ///
    /// ## Example
    /// ```yaml
    /// # file: blackbox.yml
    /// modules:
    ///   http_2xx:
    ///     prober: htp
    ///     timeout: 5s
    /// # file: compose.yaml
    /// services:
    ///   blackbox:
    ///     image: prom/blackbox-exporter:v0.25.0
    ///     volumes:
    ///       - ./blackbox.yml:/etc/blackbox_exporter/config.yml:ro
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: blackbox.yml
    /// modules:
    ///   http_2xx:
    ///     prober: http
    ///     timeout: 5s
    /// # file: compose.yaml
    /// services:
    ///   blackbox:
    ///     image: prom/blackbox-exporter:v0.25.0
    ///     volumes:
    ///       - ./blackbox.yml:/etc/blackbox_exporter/config.yml:ro
    /// ```
    pub(crate) struct BlackboxInvalidValue {
        name: "blackbox-invalid-value",
        family: Prometheus,
        severity: Error,
        summary: "a blackbox exporter setting has a value the exporter refuses (an unknown prober, a bad duration)",
    }
}

impl Rule for BlackboxInvalidValue {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_bad_values(&BLACKBOX, file, cx);
    }
}
