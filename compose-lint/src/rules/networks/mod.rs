//! Rules about the networks of a project: which exist, their subnets and
//! the addresses services take on them.

pub(crate) mod overlapping_subnets;
pub(crate) mod static_ip_outside_subnet;
pub(crate) mod undefined_network;
