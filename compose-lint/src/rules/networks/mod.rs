//! Rules about the networks of a project: which exist, their subnets and
//! the addresses services take on them.

pub mod overlapping_subnets;
pub mod static_ip_outside_subnet;
pub mod undefined_network;
