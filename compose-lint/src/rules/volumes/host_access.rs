//! Who a service's container runs as, and whether that user can read or
//! write the host paths it bind-mounts.
//!
//! A bind mount keeps the host's owner and mode bits: a process running as
//! uid 65534 in the container gets exactly the access uid 65534 has on the
//! host. Checks are made only where the answer is certain: the user is a
//! known non-root id (from `user:` or the image-facts table), the host path
//! exists, and the mode bits deny access whatever groups the user may be
//! in. On platforms without Unix permissions nothing is checked.

use std::path::Path;

use crate::compose::model::Element;
use crate::compose::mounts::{Mount, MountKind, mounts};
use crate::location::{Location, Part};
use crate::model::{Service, Stack};
use crate::project::Project;

/// The user a service's main process runs as, when it is known and not root.
#[derive(Clone, Debug)]
pub(crate) struct ContainerUser {
    pub(crate) uid: u32,
    /// Every group the process is in, when all are known.
    pub(crate) gids: Option<Vec<u32>>,
    /// Written in the service's `user:`, rather than the image's default.
    pub(crate) explicit: bool,
    /// The image's data directory, when the image is known.
    pub(crate) data_dir: Option<String>,
    /// The Dockerfile's `USER` line, when the image is built and sets it.
    pub(crate) dockerfile: Option<Location>,
}

impl ContainerUser {
    /// `uid:gid` when the primary group is known, else `uid`: what to
    /// `chown` to.
    pub(crate) fn owner_spec(&self) -> String {
        match self.gids.as_deref().and_then(|g| g.first()) {
            Some(gid) => format!("{}:{gid}", self.uid),
            None => self.uid.to_string(),
        }
    }

    /// Where the user comes from, to point a label at.
    pub(crate) fn origin(&self, service: &Element<'_>) -> (Location, String) {
        if let Some(line) = &self.dockerfile {
            return (
                line.clone(),
                format!("the Dockerfile runs the image as uid `{}`", self.uid),
            );
        }
        if self.explicit {
            (
                Location::model(service.pointer("services", &["user"]), Part::Value),
                format!("the container runs as uid `{}`", self.uid),
            )
        } else {
            (
                Location::model(service.pointer("services", &["image"]), Part::Value),
                format!("this image runs as uid `{}`", self.uid),
            )
        }
    }
}

/// What `user:` says: `None` for root, names other than `root` and
/// anything else that cannot be read as ids.
fn parse_user(text: &str) -> Option<(u32, Option<u32>)> {
    let text = text.trim();
    let (user, group) = match text.split_once(':') {
        Some((user, group)) => (user, Some(group)),
        None => (text, None),
    };
    let uid: u32 = user.parse().ok()?;
    if uid == 0 {
        return None;
    }
    let gid = match group {
        Some("root") => Some(0),
        Some(group) => group.parse().ok(),
        None => None,
    };
    Some((uid, gid))
}

/// The user a service runs as, when it is certain and not root.
pub(crate) fn container_user(project: &Project, service: &Service<'_>) -> Option<ContainerUser> {
    let images = &project.images;
    let facts = service
        .image
        .filter(|_| service.build.is_none())
        .and_then(|image| images.lookup(image.value));
    let data_dir = facts.and_then(|f| f.data_dir).map(str::to_string);
    let mut dockerfile = None;
    let (uid, gid, explicit) = match service.user {
        Some(user) => {
            let (uid, gid) = parse_user(&user.value.scalar_text()?)?;
            (uid, gid, true)
        }
        // A built image runs as its Dockerfile's `USER`, when it is a
        // number (a name is resolved in the image's `/etc/passwd`).
        None if service.build.is_some() => {
            let built = project
                .build(service.name)
                .and_then(crate::build::built_image)?;
            let (name, file, span) = built.user?;
            let (uid, gid) = parse_user(&name)?;
            dockerfile = Some(Location::span(file, span));
            (uid, gid, true)
        }
        None => {
            let facts = facts?;
            if facts.drops_privileges == Some(true) {
                return None;
            }
            let uid = facts.uid.filter(|uid| *uid != 0)?;
            (uid, facts.gid, false)
        }
    };
    let mut gids = gid.map(|gid| vec![gid]);
    for group in &service.group_add {
        match group
            .value
            .scalar_text()
            .and_then(|g| g.trim().parse::<u32>().ok())
        {
            Some(gid) => {
                if let Some(list) = gids.as_mut() {
                    list.push(gid);
                }
            }
            None => gids = None,
        }
    }
    Some(ContainerUser {
        uid,
        gids,
        explicit,
        data_dir,
        dockerfile,
    })
}

/// The owner and mode of a host path, following symbolic links.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HostEntry {
    pub(crate) is_dir: bool,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
    /// The permission bits (`0o755`).
    pub(crate) mode: u32,
}

#[cfg(unix)]
pub(crate) fn host_entry(path: &Path) -> Option<HostEntry> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_dir() && !metadata.is_file() {
        return None;
    }
    Some(HostEntry {
        is_dir: metadata.is_dir(),
        uid: metadata.uid(),
        gid: metadata.gid(),
        mode: metadata.mode() & 0o777,
    })
}

#[cfg(not(unix))]
pub(crate) fn host_entry(_path: &Path) -> Option<HostEntry> {
    None
}

/// Read, write and search bits, as in the `other` class of a mode.
pub(crate) const READ: u32 = 0o4;
pub(crate) const WRITE: u32 = 0o2;
pub(crate) const SEARCH: u32 = 0o1;

/// True when the mode bits certainly deny `user` every one of `need`
/// (`READ`, `WRITE`, `SEARCH` combined): the owner's bits for the owner,
/// the group's bits for a member of the group, the others' bits else. When
/// the user's groups are not all known, access is denied only when both
/// the group's and the others' bits deny it.
pub(crate) fn denied(entry: &HostEntry, user: &ContainerUser, need: u32) -> bool {
    let lacks = |shift: u32| (entry.mode >> shift) & need != need;
    if entry.uid == user.uid {
        return lacks(6);
    }
    match &user.gids {
        Some(gids) if gids.contains(&entry.gid) => lacks(3),
        Some(_) => lacks(0),
        None => lacks(3) && lacks(0),
    }
}

/// Names of container paths that programs write to.
pub(crate) const DATA_NAMES: &[&str] = &["data", "db", "storage", "uploads", "cache", "state"];

/// One existing bind mount of a service whose user is known.
pub(crate) struct BindCheck<'a> {
    pub(crate) service: Element<'a>,
    pub(crate) mount: Mount<'a>,
    pub(crate) user: ContainerUser,
    pub(crate) host: HostEntry,
}

impl BindCheck<'_> {
    /// The container writes here: a directory mounted read-write that is
    /// the image's data directory or, when `user:` is written, a directory
    /// of the project mounted at a path named like a data directory
    /// (`/app/data`, `/var/cache/app`… see [`DATA_NAMES`]). Other
    /// read-write mounts of configuration are often only read.
    pub(crate) fn written_to(&self, project: &Project) -> bool {
        if self.mount.read_only || !self.host.is_dir {
            return false;
        }
        let target = self.mount.target.trim_end_matches('/');
        if self.user.data_dir.as_deref() == Some(target) {
            return true;
        }
        self.user.explicit
            && !target.starts_with("/etc/")
            && Path::new(target)
                .components()
                .any(|c| DATA_NAMES.contains(&c.as_os_str().to_string_lossy().as_ref()))
            && Path::new(&self.mount.source)
                .starts_with(crate::compose::load::absolute(project.directory()))
    }

    /// True when the container certainly cannot write to it.
    pub(crate) fn not_writable(&self) -> bool {
        denied(&self.host, &self.user, WRITE | SEARCH)
    }

    /// True when the container certainly cannot read it.
    pub(crate) fn not_readable(&self) -> bool {
        let need = if self.host.is_dir {
            READ | SEARCH
        } else {
            READ
        };
        denied(&self.host, &self.user, need)
    }

    /// Where to report: the source of a long-syntax entry, else the entry.
    pub(crate) fn location(&self) -> Location {
        self.mount.source_location(&self.service)
    }

    /// The host path as the user would write it.
    pub(crate) fn display_source(&self, project: &Project) -> String {
        let path = Path::new(&self.mount.source);
        let shown = project.display_path(path);
        if Path::new(&shown).is_absolute() {
            shown
        } else if shown.is_empty() {
            ".".to_string()
        } else {
            format!("./{shown}")
        }
    }

    /// `0755 root:root`.
    pub(crate) fn describe_host(&self) -> String {
        format!(
            "{:04o} {}:{}",
            self.host.mode,
            account_name("/etc/passwd", self.host.uid),
            account_name("/etc/group", self.host.gid)
        )
    }
}

/// The name of `id` in `/etc/passwd` or `/etc/group`, else the number.
fn account_name(database: &str, id: u32) -> String {
    let text = std::fs::read_to_string(database).unwrap_or_default();
    let wanted = id.to_string();
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let name = fields.next()?;
            let found = fields.nth(1)?;
            (found == wanted && !name.is_empty()).then(|| name.to_string())
        })
        .next()
        .unwrap_or(wanted)
}

/// The existing bind mounts of every service whose user is known.
pub(crate) fn bind_checks<'a>(project: &Project, stack: &Stack<'a>) -> Vec<BindCheck<'a>> {
    let mut checks = Vec::new();
    if !cfg!(unix) {
        return checks;
    }
    for typed in &stack.services {
        let Some(user) = container_user(project, typed) else {
            continue;
        };
        let service = typed.element();
        for mount in mounts(service.value) {
            if mount.kind != MountKind::Bind || mount.source.is_empty() {
                continue;
            }
            let Some(host) = host_entry(Path::new(&mount.source)) else {
                continue;
            };
            checks.push(BindCheck {
                service,
                mount,
                user: user.clone(),
                host,
            });
        }
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(uid: u32, gids: Option<Vec<u32>>) -> ContainerUser {
        ContainerUser {
            uid,
            gids,
            explicit: true,
            data_dir: None,
            dockerfile: None,
        }
    }

    fn entry(uid: u32, gid: u32, mode: u32) -> HostEntry {
        HostEntry {
            is_dir: true,
            uid,
            gid,
            mode,
        }
    }

    #[test]
    fn users_are_read_as_ids() {
        assert_eq!(parse_user("65534"), Some((65534, None)));
        assert_eq!(parse_user("472:0"), Some((472, Some(0))));
        assert_eq!(parse_user("1000:root"), Some((1000, Some(0))));
        assert_eq!(parse_user("1000:staff"), Some((1000, None)));
        assert_eq!(parse_user("0:1000"), None);
        assert_eq!(parse_user("root"), None);
        assert_eq!(parse_user("nobody"), None);
        assert_eq!(parse_user(""), None);
    }

    #[test]
    fn permission_classes_are_exclusive() {
        let nobody = user(65534, Some(vec![65534]));
        assert!(denied(&entry(0, 0, 0o755), &nobody, WRITE | SEARCH));
        assert!(!denied(&entry(0, 0, 0o777), &nobody, WRITE | SEARCH));
        assert!(!denied(&entry(65534, 0, 0o755), &nobody, WRITE | SEARCH));
        // The owner's bits apply to the owner, even when others may write.
        assert!(denied(&entry(65534, 0, 0o577), &nobody, WRITE | SEARCH));
        assert!(!denied(&entry(0, 65534, 0o775), &nobody, WRITE | SEARCH));
        // Groups not known: the group's bits may grant it.
        let unknown = user(65534, None);
        assert!(!denied(&entry(0, 1000, 0o775), &unknown, WRITE | SEARCH));
        assert!(denied(&entry(0, 1000, 0o755), &unknown, WRITE | SEARCH));
        assert!(denied(&entry(1000, 1000, 0o700), &unknown, READ | SEARCH));
        assert!(!denied(&entry(1000, 1000, 0o705), &unknown, READ | SEARCH));
    }
}
