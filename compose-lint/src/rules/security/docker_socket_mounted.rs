use super::clean_path;
use crate::compose::mounts::{MountKind, mounts};
use crate::declare_rule;
use crate::location::{Location, Part};
use crate::model::services;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a service that bind-mounts the Docker socket,
    /// `/var/run/docker.sock` or `/run/docker.sock`, read-write or
    /// read-only. A Docker socket proxy (`tecnativa/docker-socket-proxy`,
    /// `linuxserver/socket-proxy`, `wollomatic/socket-proxy`) mounts it by
    /// design and is not reported; `admin-surface-published` reports a
    /// proxy that publishes the API on the host.
    ///
    /// ## Why is this bad?
    /// Whoever can talk to the socket controls the Docker daemon, which
    /// runs as root: one API call starts a privileged container with the
    /// host's `/` mounted. A process that takes over the container takes
    /// over the host. `:ro` does not help: it only stops the socket file
    /// being replaced, and every API call still goes through.
    ///
    /// Monitoring and proxy tools (cAdvisor, Traefik, Promtail's Docker
    /// discovery, Portainer) need the API; give them a socket proxy that
    /// allows only the calls they make, such as listing containers.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     volumes:
    ///       - /var/run/docker.sock:/var/run/docker.sock
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   promtail:
    ///     image: grafana/promtail:3.4.2
    ///     environment:
    ///       # a socket proxy that allows only listing containers
    ///       DOCKER_HOST: tcp://docker-proxy.internal:2375
    /// ```
    pub(crate) struct DockerSocketMounted {
        name: "docker-socket-mounted",
        family: Security,
        severity: Warning,
        summary: "a service mounts the Docker socket",
    }
}

/// Where the Docker daemon listens by default.
const SOCKETS: [&str; 2] = ["/var/run/docker.sock", "/run/docker.sock"];

/// Images of Docker socket proxies: they mount the socket to filter the
/// API for other services (each image's README).
const SOCKET_PROXIES: [&str; 5] = [
    "tecnativa/docker-socket-proxy",
    "ghcr.io/tecnativa/docker-socket-proxy",
    "lscr.io/linuxserver/socket-proxy",
    "linuxserver/socket-proxy",
    "wollomatic/socket-proxy",
];

/// True when `image` runs a Docker socket proxy.
fn is_socket_proxy(image: &str) -> bool {
    crate::images::parse_reference(image)
        .is_some_and(|r| SOCKET_PROXIES.contains(&r.repository.as_str()))
}

impl Rule for DockerSocketMounted {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        for service in services(project) {
            for mount in mounts(service.value) {
                if mount.kind != MountKind::Bind {
                    continue;
                }
                let source = clean_path(&mount.source);
                if !SOCKETS.contains(&source.as_str()) {
                    continue;
                }
                let image = crate::compose::model::image(service.value).unwrap_or_default();
                if is_socket_proxy(image) {
                    // The proxy is the remedy: it mounts the socket by
                    // design. Publishing it is `admin-surface-published`'s.
                    continue;
                }
                let access = if mount.read_only {
                    "read-only, which still allows every API call"
                } else {
                    "read-write"
                };
                cx.report(
                    Finding::new(
                        Location::model(mount.pointer(&service), Part::Value),
                        format!(
                            "service `{}` mounts the Docker socket `{source}` ({access})",
                            service.name
                        ),
                    )
                    .primary_label("root access to the host through the Docker API")
                    .help("put a socket proxy in front of the socket that allows only the API calls the service needs (listing containers, say), or remove the mount")
                    .note("`:ro` does not restrict the API: it only stops the socket file being replaced; a process that reaches the socket can start a privileged container with the host's `/` mounted"),
                );
            }
        }
    }
}
