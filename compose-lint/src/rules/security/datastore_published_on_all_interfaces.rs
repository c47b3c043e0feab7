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
                cx.report(
                    Finding::new(
                        port.location(),
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
