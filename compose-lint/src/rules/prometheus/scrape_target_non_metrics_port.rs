use super::scraped;
use crate::declare_rule;
use crate::images::{self, Category};
use crate::model::endpoints::Endpoints;
use crate::project::Project;
use crate::prometheus::targets::TargetKind;
use crate::rules::{Context, Finding, Rule, on_service};

declare_rule! {
    /// ## What it does
    /// Reports a static scrape target naming a database, cache or broker
    /// service on its own protocol port: Redis `6379`, PostgreSQL `5432`,
    /// MySQL `3306`, MongoDB `27017`, AMQP `5672`, Memcached `11211`,
    /// Elasticsearch transport `9300`, Kafka `9092`, ZooKeeper `2181`,
    /// NATS `4222`. The service must look like that store (a datastore
    /// image, or its name or image mentions it), and the help names the
    /// exporter to scrape instead.
    ///
    /// ## Why is this bad?
    /// These ports speak their own protocol, not Prometheus' text format:
    /// the scrape fails (`connection reset`, `EOF`, or garbage) and the
    /// store is never monitored.
    ///
    /// ## Example
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   redis:
    ///     image: redis:7.4
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: redis
    ///     static_configs:
    ///       - targets: ["redis:6379"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: compose.yaml
    /// services:
    ///   prometheus:
    ///     image: prom/prometheus:v3.5.0
    ///     volumes:
    ///       - ./prometheus.yml:/etc/prometheus/prometheus.yml:ro
    ///   redis:
    ///     image: redis:7.4
    ///   redis-exporter:
    ///     image: oliver006/redis_exporter:v1.74.0
    ///     environment:
    ///       REDIS_ADDR: redis://redis:6379
    /// # file: prometheus.yml
    /// scrape_configs:
    ///   - job_name: redis
    ///     static_configs:
    ///       - targets: ["redis-exporter:9121"]
    /// ```
    pub(crate) struct ScrapeTargetNonMetricsPort {
        name: "scrape-target-non-metrics-port",
        family: Prometheus,
        severity: Error,
        summary: "a Prometheus target names a database or broker port that serves no metrics",
    }
}

/// Words that say a service runs the store on `port`.
fn keywords(port: u16) -> &'static [&'static str] {
    match port {
        6379 => &["redis", "valkey", "keydb"],
        5432 => &["postgres", "timescale", "postgis"],
        3306 => &["mysql", "mariadb"],
        27017 => &["mongo"],
        5672 => &["rabbit"],
        11211 => &["memcache"],
        9300 => &["elastic", "opensearch"],
        9092 => &["kafka", "redpanda"],
        2181 => &["zookeeper"],
        4222 => &["nats"],
        _ => &[],
    }
}

impl Rule for ScrapeTargetNonMetricsPort {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let endpoints = Endpoints::new(project);
        for scraped in scraped(project) {
            let Some(port) = scraped.target.port else {
                continue;
            };
            if scraped.target.kind != TargetKind::Scrape {
                continue;
            }
            let Some(protocol) = images::protocol_port(port) else {
                continue;
            };
            let Some(named) = endpoints.resolve(&scraped.target.host) else {
                continue;
            };
            let service = named.service;
            let image = crate::compose::model::image(service.value).unwrap_or_default();
            if image.contains("exporter") || service.name.contains("exporter") {
                continue;
            }
            if project
                .images
                .lookup(image)
                .and_then(|f| f.metrics)
                .is_some_and(|(p, _)| p == port)
            {
                continue;
            }
            let words = keywords(port);
            let named_so = |text: &str| {
                let text = text.to_ascii_lowercase();
                words.iter().any(|w| text.contains(w))
            };
            let store = named_so(service.name)
                || named_so(image)
                || (images::category(image) == Some(Category::Datastore) && named_so(image));
            if !store {
                continue;
            }
            let (exporter, exporter_port) = protocol.exporter;
            scraped.report(
                cx,
                Finding::new(
                    scraped.at(),
                    format!(
                        "scrape target `{}` is {}'s own port, which serves no Prometheus metrics",
                        scraped.target.text, protocol.protocol
                    ),
                )
                .label(
                    on_service(&service),
                    format!(
                        "`{}` speaks {} on port `{port}`",
                        service.name, protocol.protocol
                    ),
                )
                .help(format!(
                    "scrape {exporter} on port `{exporter_port}` instead, pointed at `{}:{port}`",
                    scraped.target.host
                )),
            );
        }
    }
}
