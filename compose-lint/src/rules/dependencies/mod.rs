//! Rules about the order Compose starts services in: `depends_on`,
//! `links`, `volumes_from` and `network_mode: service:`.

pub(crate) mod dependency_cycle;
pub(crate) mod dependency_disabled_by_profile;
pub(crate) mod healthy_dependency_without_healthcheck;
pub(crate) mod undefined_dependency;
