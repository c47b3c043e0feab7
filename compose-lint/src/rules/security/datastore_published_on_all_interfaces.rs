use crate::declare_rule;
use crate::images::{Category, category};
use crate::project::Project;
use crate::rules::ports::show_range;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a database, cache or message broker (Postgres, MySQL,
    /// MariaDB, MongoDB, Redis, Memcached, RabbitMQ, Elasticsearch, Kafka,
    /// ZooKeeper, NATS, Cassandra, InfluxDB, etcd, …, recognised by image)
    /// that publishes a port on every address of the host: no host address
    /// (`"5432:5432"`), `0.0.0.0` or `::`.
    ///
    /// When the service's environment turns authentication off
    /// (`ALLOW_NONE_AUTHENTICATION=yes`, `ALLOW_EMPTY_PASSWORD=yes`,
    /// `POSTGRES_HOST_AUTH_METHOD=trust`, `MYSQL_ALLOW_EMPTY_PASSWORD`,
    /// `xpack.security.enabled=false`…), the finding says so.
    ///
    /// ## Why is this bad?
    /// Docker writes its own firewall rules for published ports, ahead of
    /// `ufw` and `firewalld`: a port published on every address is open to
    /// the whole network the host is on, often the internet. Datastores are
    /// scanned for constantly, and many have no password by default. The
    /// other services of the project reach the datastore over the project
    /// network without any published port.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     ports:
    ///       - "5432:5432"
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   db:
    ///     image: postgres:17
    ///     ports:
    ///       - "127.0.0.1:5432:5432"
    /// ```
    pub(crate) struct DatastorePublishedOnAllInterfaces {
        name: "datastore-published-on-all-interfaces",
        family: Security,
        severity: Warning,
        summary: "a database, cache or broker publishes its port on every host address",
    }
}

/// Settings that let clients in without a password, each with the images
/// that read it (their Docker Hub descriptions).
const NO_AUTHENTICATION: [(&str, &[&str]); 7] = [
    // bitnami/etcd, bitnami/zookeeper, bitnami/kafka
    ("ALLOW_NONE_AUTHENTICATION", &["yes", "true", "1"]),
    // bitnami/redis, bitnami/mysql, bitnami/mariadb, bitnami/postgresql
    ("ALLOW_EMPTY_PASSWORD", &["yes", "true", "1"]),
    // postgres
    ("POSTGRES_HOST_AUTH_METHOD", &["trust"]),
    // mysql
    ("MYSQL_ALLOW_EMPTY_PASSWORD", &["yes", "true", "1"]),
    // mariadb
    ("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", &["yes", "true", "1"]),
    // elasticsearch
    ("xpack.security.enabled", &["false"]),
    // opensearchproject/opensearch
    ("DISABLE_SECURITY_PLUGIN", &["true"]),
];

/// The setting of `service` that turns authentication off, as written.
fn authentication_off(service: &crate::model::Service<'_>) -> Option<String> {
    service.environment.iter().find_map(|variable| {
        let (name, value) = (variable.value.name, variable.value.value.as_str());
        NO_AUTHENTICATION
            .iter()
            .any(|(n, values)| *n == name && values.contains(&value.to_ascii_lowercase().as_str()))
            .then(|| format!("{name}={value}"))
    })
}

impl Rule for DatastorePublishedOnAllInterfaces {
    fn check_project(&self, _project: &Project, cx: &mut Context<'_>) {
        for service in &cx.stack().services {
            let Some(reference) = service.image.map(|i| i.value) else {
                continue;
            };
            if category(reference) != Some(Category::Datastore) || service.network_mode.is_some() {
                continue;
            }
            for port in &service.ports {
                let Some(target) = &port.value.target else {
                    continue;
                };
                if !port.value.on_all_interfaces() {
                    continue;
                }
                let target = show_range(target);
                let open = authentication_off(service);
                let mut finding = Finding::new(
                        port.location(),
                        format!(
                            "datastore `{}` (`{reference}`) publishes container port `{target}` on every host address",
                            service.name
                        ),
                    )
                    .primary_label("reachable from the whole network")
                    .help(format!("publish it on the loopback address only (`127.0.0.1:{target}:{target}`), or drop the port: the project's services reach it over the project network"))
                    .note("Docker's firewall rules for published ports come before `ufw` and `firewalld`");
                if let Some(setting) = open {
                    finding = finding.note(format!(
                        "`{setting}` turns authentication off: anyone who reaches the port can read and change the data"
                    ));
                }
                cx.report(finding);
            }
        }
    }
}
