use super::{image, published};
use crate::compose::model::services;
use crate::declare_rule;
use crate::images::{Category, category};
use crate::location::{Location, Part};
use crate::project::Project;
use crate::rules::ports::{network_mode, show_range};
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a database, cache or message broker (Postgres, MySQL,
    /// MariaDB, MongoDB, Redis, Memcached, RabbitMQ, Elasticsearch, Kafka,
    /// ZooKeeper, NATS, Cassandra, InfluxDB, etcd, …, recognised by image)
    /// that publishes a port on every address of the host: no host address
    /// (`"5432:5432"`), `0.0.0.0` or `::`.
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
    pub struct DatastorePublishedOnAllInterfaces {
        name: "datastore-published-on-all-interfaces",
        family: Security,
        severity: Warning,
        summary: "a database, cache or broker publishes its port on every host address",
    }
}

impl Rule for DatastorePublishedOnAllInterfaces {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            let Some(reference) = image(service.value) else {
                continue;
            };
            if category(reference) != Some(Category::Datastore)
                || network_mode(service.value).is_some()
            {
                continue;
            }
            for port in published(service.value) {
                if !port.on_all_interfaces() {
                    continue;
                }
                let target = show_range(&port.target);
                cx.report(
                    Finding::new(
                        Location::model(
                            service.pointer("services", &["ports", &port.index.to_string()]),
                            Part::Value,
                        ),
                        format!(
                            "datastore `{}` (`{reference}`) publishes container port `{target}` on every host address",
                            service.name
                        ),
                    )
                    .primary_label("reachable from the whole network")
                    .help(format!("publish it on the loopback address only (`127.0.0.1:{target}:{target}`), or drop the port: the project's services reach it over the project network"))
                    .note("Docker's firewall rules for published ports come before `ufw` and `firewalld`"),
                );
            }
        }
    }
}
