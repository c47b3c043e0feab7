//! Rules about the order Compose starts services in: `depends_on`,
//! `links`, `volumes_from` and `network_mode: service:`.

pub mod dependency_cycle;
pub mod dependency_disabled_by_profile;
pub mod healthy_dependency_without_healthcheck;
pub mod undefined_dependency;
