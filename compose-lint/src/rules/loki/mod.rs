//! Rules about Grafana Loki's configuration, as Loki checks it when it
//! starts (`loki -verify-config`).

pub(crate) mod loki_schema_lacks_structured_metadata;
