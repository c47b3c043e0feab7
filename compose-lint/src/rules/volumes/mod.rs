//! Rules about mounts: bind sources, named volumes, env files, secrets and
//! configs, and who can read or write them.

pub mod host_access;
pub mod mount_not_readable_by_user;
pub mod mount_not_writable_by_user;
