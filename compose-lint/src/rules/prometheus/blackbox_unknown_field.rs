use crate::declare_rule;
use crate::project::LoadedFile;
use crate::rules::misfits::{BLACKBOX, report_unknown_keys};
use crate::rules::{Context, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a key the blackbox exporter does not accept in its
    /// configuration, with the closest known key: in a module and its
    /// `http`, `tcp`, `icmp`, `dns` and `grpc` settings, their TLS and HTTP
    /// client settings, and their matchers. When the image tag pins a
    /// release, a key newer than it is reported too. The file is the one the
    /// service's `--config.file` names, else the image's default, found
    /// through its mounts.
    ///
    /// ## Why is this bad?
    /// The exporter refuses the configuration at start (`field
    /// valid_status_code not found in type config.plain`) and keeps the old
    /// one on reload; every probe of the module fails or uses settings you
    /// did not write.
    ///
    /// ## Example
    /// ```yaml
    /// # file: blackbox.yml
    /// modules:
    ///   http_2xx:
    ///     prober: http
    ///     timeout: 5s
    ///     http:
    ///       valid_status_code: [200]
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
    ///     http:
    ///       valid_status_codes: [200]
    /// # file: compose.yaml
    /// services:
    ///   blackbox:
    ///     image: prom/blackbox-exporter:v0.25.0
    ///     volumes:
    ///       - ./blackbox.yml:/etc/blackbox_exporter/config.yml:ro
    /// ```
    pub(crate) struct BlackboxUnknownField {
        name: "blackbox-unknown-field",
        family: Prometheus,
        severity: Error,
        summary: "a blackbox exporter module has a key the exporter does not know",
    }
}

impl Rule for BlackboxUnknownField {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        report_unknown_keys(&BLACKBOX, file, cx);
    }
}
