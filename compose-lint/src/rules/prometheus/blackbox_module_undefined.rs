use crate::declare_rule;
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::prometheus::targets::split_host_port;
use crate::rules::{Context, Finding, Rule};
use crate::sources::FileKind;

declare_rule! {
    /// ## What it does
    /// Reports a Prometheus job's `params.module` that the blackbox
    /// exporter it talks to does not define. The job is tied to an
    /// exporter only when it really talks to one: its relabelling writes a
    /// fixed address to `__address__` (the usual blackbox pattern), or its
    /// targets name the exporter's service; and the exporter's
    /// configuration must be one of the project's files (found through
    /// its container view). Otherwise nothing is said.
    ///
    /// ## Why is this bad?
    /// The exporter answers every probe with `unknown module "http_2xxx"`
    /// and a failed probe: the job looks like the sites are down when it
    /// never probed them.
    ///
    /// ## Example
    /// ```yaml
    /// # file: blackbox.yml
    /// modules:
    ///   http_2xx:
    ///     prober: http
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: sites
    ///     metrics_path: /probe
    ///     params:
    ///       module: [http_2xxx]
    ///     static_configs:
    ///       - targets: ["https://example.com"]
    ///     relabel_configs:
    ///       - source_labels: [__address__]
    ///         target_label: __param_target
    ///       - target_label: __address__
    ///         replacement: blackbox:9115
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   blackbox:
    ///     image: prom/blackbox-exporter:v0.27.0
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
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: sites
    ///     metrics_path: /probe
    ///     params:
    ///       module: [http_2xx]
    ///     static_configs:
    ///       - targets: ["https://example.com"]
    ///     relabel_configs:
    ///       - source_labels: [__address__]
    ///         target_label: __param_target
    ///       - target_label: __address__
    ///         replacement: blackbox:9115
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   blackbox:
    ///     image: prom/blackbox-exporter:v0.27.0
    ///     volumes:
    ///       - ./blackbox.yml:/etc/blackbox_exporter/config.yml:ro
    /// ```
    pub(crate) struct BlackboxModuleUndefined {
        name: "blackbox-module-undefined",
        family: Prometheus,
        severity: Error,
        summary: "a job asks the blackbox exporter for a module it does not define",
    }
}

impl Rule for BlackboxModuleUndefined {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        if project.found(FileKind::Blackbox).next().is_none() {
            return;
        }
        let endpoints = Endpoints::new(project);
        let mut findings = Vec::new();
        for prometheus in &cx.stack().prometheus {
            for job in &prometheus.scrape_configs {
                if job.modules.is_empty() {
                    continue;
                }
                let hosts: Vec<&str> = match job.address_replacement {
                    Some(address) => vec![address],
                    None => job.static_targets.iter().map(|t| t.value).collect(),
                };
                // The first target that names an exporter whose modules are
                // known.
                let exporter = hosts.iter().find_map(|address| {
                    let (host, _) = split_host_port(address)?;
                    let service = endpoints.resolve(&host)?.service.name;
                    let found = project
                        .found(FileKind::Blackbox)
                        .find(|f| f.service == service)?;
                    let file = project.file(found.file)?;
                    if !file.yaml.is_clean() {
                        return None;
                    }
                    let modules =
                        crate::model::blackbox_modules(file.yaml.documents.first()?.value())?;
                    Some((
                        service,
                        modules
                            .into_iter()
                            .map(str::to_string)
                            .collect::<Vec<String>>(),
                    ))
                });
                let Some((service, modules)) = exporter else {
                    continue;
                };
                for module in &job.modules {
                    if modules.iter().any(|m| m == module.value) {
                        continue;
                    }
                    findings.push((
                        module.location(),
                        module.value.to_string(),
                        service,
                        modules.clone(),
                    ));
                }
            }
        }
        for (location, module, service, modules) in findings {
            let mut finding = Finding::new(
                location,
                format!("the blackbox exporter `{service}` defines no module `{module}`"),
            )
            .primary_label("every probe of this job fails")
            .note(format!(
                "the exporter answers `unknown module \"{module}\"`"
            ));
            finding = match crate::compose::schema::closest(
                &module,
                modules.iter().map(String::as_str),
            ) {
                Some(close) => finding.help(format!("did you mean `{close}`?")),
                None => finding.help(format!(
                    "define `{module}` under `modules:` in the exporter's configuration"
                )),
            };
            cx.report(finding);
        }
    }
}
