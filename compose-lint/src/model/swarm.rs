//! Whether a project is meant for `docker stack deploy` (Swarm) rather
//! than `docker compose`: the two read the same file format, but Swarm
//! spreads replicas over nodes behind a routing mesh, so some settings that
//! break `docker compose up` are fine there.

use crate::compose::value::Value;
use crate::project::Project;

/// Why the project looks like a Swarm stack, for messages; `None` when it
/// looks like a `docker compose` project. A project is a stack when:
///
/// - one of its own compose files is named like a stack file (its name
///   holds `stack`: `docker-stack.yml`, `stack.prod.yaml`);
/// - it creates an `overlay` network (only a Swarm manager can); or
/// - a service sets a key only `docker stack deploy` reads:
///   `deploy.mode: global`, `deploy.placement`, `deploy.update_config`,
///   `deploy.rollback_config` or `deploy.endpoint_mode`.
pub fn swarm_sign(project: &Project) -> Option<String> {
    let resolved = project.resolved.as_ref()?;
    for &id in &resolved.root_files {
        let Some(file) = project.file(id) else {
            continue;
        };
        let name = file
            .source
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.contains("stack") {
            return Some(format!("the file is named `{name}`, like a stack file"));
        }
    }
    let model = &resolved.model;
    if let Some(networks) = model.get("networks").and_then(Value::as_mapping) {
        for (name, network) in networks.iter() {
            let external = network
                .get("external")
                .is_some_and(|e| e.as_bool() != Some(false) && !e.is_null());
            if !external && network.get("driver").and_then(Value::as_str) == Some("overlay") {
                return Some(format!("network `{name}` uses the `overlay` driver"));
            }
        }
    }
    if let Some(services) = model.get("services").and_then(Value::as_mapping) {
        for (name, service) in services.iter() {
            let Some(deploy) = service.get("deploy") else {
                continue;
            };
            if deploy.get("mode").and_then(Value::as_str) == Some("global") {
                return Some(format!("service `{name}` sets `deploy.mode: global`"));
            }
            for key in [
                "placement",
                "update_config",
                "rollback_config",
                "endpoint_mode",
            ] {
                if deploy.get(key).is_some() {
                    return Some(format!("service `{name}` sets `deploy.{key}`"));
                }
            }
        }
    }
    None
}
