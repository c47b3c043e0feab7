use super::{datasources, on_service};
use crate::compose::endpoints::Endpoints;
use crate::declare_rule;
use crate::project::Project;
use crate::prometheus::targets::is_loopback;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a datasource in the Grafana provisioning a service mounts
    /// whose URL names `localhost`, `127.0.0.1` or `[::1]`.
    ///
    /// ## Why is this bad?
    /// Grafana runs in its own container: `localhost` there is the Grafana
    /// container itself, not the Prometheus or Loki service next to it, so
    /// every query fails with "connection refused". The URL works only on a
    /// machine where everything runs outside containers.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/prometheus.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Prometheus
    ///     type: prometheus
    ///     url: http://localhost:9090
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///   grafana:
    ///     image: grafana/grafana:12.1.0
    ///     volumes:
    ///       - ./provisioning:/etc/grafana/provisioning:ro
    /// # file: provisioning/datasources/prometheus.yml
    /// apiVersion: 1
    /// datasources:
    ///   - name: Prometheus
    ///     type: prometheus
    ///     url: http://prometheus:9090
    /// ```
    pub struct DatasourceUrlLocalhost {
        name: "datasource-url-localhost",
        family: Grafana,
        severity: Error,
        summary: "a Grafana datasource URL points at the Grafana container itself",
    }
}

impl Rule for DatasourceUrlLocalhost {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for source in datasources(project, &endpoints) {
            if !is_loopback(&source.host) || source.grafana.value.get("network_mode").is_some() {
                continue;
            }
            // The service that serves this port, when exactly one does.
            let serving: Vec<&str> = endpoints
                .services()
                .iter()
                .filter(|s| s.name != source.grafana.name)
                .filter(|s| {
                    crate::compose::endpoints::listening_ports(s.value)
                        .ports
                        .contains(&source.port)
                })
                .map(|s| s.name)
                .collect();
            let help = match serving.as_slice() {
                [name] => format!("use the service name: `http://{name}:{}`", source.port),
                _ => "use the name of the service that serves it, such as `http://prometheus:9090`"
                    .to_string(),
            };
            cx.report(
                Finding::new(
                    source.at(),
                    format!(
                        "{} uses `{}`, which is the Grafana container itself",
                        source.what(),
                        source.url
                    ),
                )
                .primary_label("`localhost` inside the Grafana container")
                .label(on_service(&source.grafana), "Grafana runs in this service")
                .help(help),
            );
        }
    }
}
