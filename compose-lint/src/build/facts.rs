//! What a built image is: its base image's facts (the image table, through
//! the stages a `FROM stage` chain passes), changed by the Dockerfile's own
//! `HEALTHCHECK`, `USER` and the programs its `RUN`s install. A fact the
//! Dockerfile leaves open stays unknown.

use super::Build;
use crate::images::ImageFacts;
use crate::location::FileId;
use crate::source::Span;

/// The facts of a built image, with where the Dockerfile set them.
#[derive(Clone, Debug)]
pub(crate) struct BuiltImage {
    /// The base image the stages start from, as written.
    pub(crate) base: String,
    /// The base image's facts with the Dockerfile's changes. `None`: the
    /// base image is not in the table, so only what the Dockerfile itself
    /// says is known.
    pub(crate) facts: Option<ImageFacts<'static>>,
    /// The Dockerfile's own `HEALTHCHECK` (`true` for `NONE`), the one the
    /// image ends with.
    pub(crate) healthcheck: Option<(bool, FileId, Span)>,
    /// The Dockerfile's own `USER`, the one the image ends with.
    pub(crate) user: Option<(String, FileId, Span)>,
}

impl BuiltImage {
    /// Whether the image declares a health check: the Dockerfile's own
    /// `HEALTHCHECK`, else the base image's.
    pub(crate) fn has_healthcheck(&self) -> Option<bool> {
        match self.healthcheck {
            Some((none, ..)) => Some(!none),
            None => self.facts.and_then(|f| f.builtin_healthcheck),
        }
    }
}

/// The tools compose-lint knows health checks run.
const TOOLS: [&str; 2] = ["curl", "wget"];

impl Build {
    /// The ports the Dockerfile `EXPOSE`s in its final stage (or
    /// `target`) and the stages it starts from: evidence of where the image
    /// listens, never proof that it listens nowhere else.
    pub(crate) fn exposed_ports(&self) -> Vec<u16> {
        let Some(parsed) = self.parsed.as_deref() else {
            return Vec::new();
        };
        self.stage_chain()
            .into_iter()
            .flat_map(|index| &parsed.stages[index].expose)
            .filter_map(|(text, _)| text.split('/').next()?.parse::<u16>().ok())
            .collect()
    }

    /// The base image the build's final stage (or `target`) starts from,
    /// through `FROM stage` chains, with its `${ARG}`s replaced; `None`
    /// when the Dockerfile is unknown or the base is left to a variable.
    pub(crate) fn base_image(&self) -> Option<String> {
        let parsed = self.parsed.as_deref()?;
        let root = *self.stage_chain().last()?;
        let base = substitute(&parsed.stages[root].base, self, parsed);
        (!base.contains('$')).then_some(base)
    }
}

/// The image `build` makes, when its Dockerfile is known and Docker's own
/// frontend builds it.
pub(crate) fn built_image(build: &Build) -> Option<BuiltImage> {
    let parsed = build.parsed.as_deref()?;
    let file = parsed.file?;
    let chain = build.stage_chain();
    let root = *chain.last()?;
    let mut healthcheck = None;
    let mut user = None;
    let mut installs = Vec::new();
    // From the final stage back: the first HEALTHCHECK and USER found are
    // the ones the image ends with.
    for &index in &chain {
        let stage = &parsed.stages[index];
        if healthcheck.is_none()
            && let Some((none, span)) = stage.healthcheck
        {
            healthcheck = Some((none, file, span));
        }
        if user.is_none()
            && let Some((name, span)) = &stage.user
        {
            user = Some((name.clone(), file, *span));
        }
        for (run, _) in &stage.runs {
            for tool in TOOLS {
                if !installs.contains(&tool) && installs_program(run, tool) {
                    installs.push(tool);
                }
            }
        }
    }
    let base = substitute(&parsed.stages[root].base, build, parsed);
    // A configured image describes a service image, not the tools of a
    // base: only the built-in table is used.
    let facts = (!base.contains('$'))
        .then(|| crate::images::builtin_facts(&base))
        .flatten()
        .map(|facts| ImageFacts {
            curl: if installs.contains(&"curl") {
                Some(true)
            } else {
                facts.curl
            },
            wget: if installs.contains(&"wget") {
                Some(true)
            } else {
                facts.wget
            },
            ..facts
        });
    Some(BuiltImage {
        base,
        facts,
        healthcheck,
        user,
    })
}

/// `base` with its `${ARG}`s replaced: the compose file's `args` first,
/// then the defaults of the `ARG`s before the first `FROM`. What neither
/// sets stays as written (and makes the base unknown).
fn substitute(base: &str, build: &Build, parsed: &super::Dockerfile) -> String {
    if !base.contains('$') {
        return base.to_string();
    }
    let lookup = |name: &str| -> Option<String> {
        build
            .args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                parsed
                    .global_args
                    .iter()
                    .find(|(n, _)| n == name)
                    .and_then(|(_, v)| v.clone())
            })
    };
    crate::compose::interpolate::substitute(base, &lookup).text
}

/// True when the shell text `run` installs `tool` with a package manager
/// (`apk add`, `apt-get install`, `apt install`, `yum`/`dnf`/`microdnf
/// install`), across `&&` and line continuations.
fn installs_program(run: &str, tool: &str) -> bool {
    let text = run.replace("\\\n", " ");
    text.split(['\n', ';', '&', '|']).any(|command| {
        let words: Vec<&str> = command.split_whitespace().collect();
        let installing = words.windows(2).any(|pair| {
            matches!(
                pair,
                ["apk", "add"]
                    | ["apt-get", "install"]
                    | ["apt", "install"]
                    | ["yum", "install"]
                    | ["dnf", "install"]
                    | ["microdnf", "install"]
            )
        });
        installing
            && words.iter().any(|w| {
                *w == tool
                    || w.strip_prefix(tool)
                        .is_some_and(|rest| rest.starts_with('='))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::installs_program;

    #[test]
    fn installs_across_continuations_and_chains() {
        assert!(installs_program(
            "apt-get update && apt-get install -y --no-install-recommends \\\n    ca-certificates curl \\\n && rm -rf /var/lib/apt/lists/*",
            "curl"
        ));
        assert!(installs_program("apk add --no-cache wget", "wget"));
        assert!(installs_program(
            "apt-get install -y curl=7.88.1-10",
            "curl"
        ));
        assert!(!installs_program("apk add --no-cache curl-dev", "curl"));
        assert!(!installs_program(
            "curl -fsSL https://example.com | sh",
            "curl"
        ));
        assert!(!installs_program("apk del curl", "curl"));
    }
}
