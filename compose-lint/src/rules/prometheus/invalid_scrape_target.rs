use crate::declare_rule;
use crate::project::{FileKind, LoadedFile};
use crate::prometheus::config;
use crate::prometheus::files::Reference;
use crate::prometheus::targets::rewrites_address;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `static_configs` target that is not a `host:port` address:
    /// one with a scheme or a path (`http://app:8080/metrics`), an empty
    /// one, or one whose port is not a number from 1 to 65535. Jobs whose
    /// relabel configs write `__address__` (a blackbox exporter probing
    /// URLs, say) are left alone: their targets are not addresses.
    ///
    /// ## Why is this bad?
    /// Prometheus loads the file but never scrapes the target: it is dropped
    /// with `"http://app:8080/metrics" is not a valid hostname` and shows up
    /// only on the targets page. The scheme belongs in `scheme` and the path
    /// in `metrics_path`.
    ///
    /// ## Example
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: app
    ///     static_configs:
    ///       - targets: ["http://app:8080/metrics"]
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// scrape_configs:
    ///   - job_name: app
    ///     scheme: http
    ///     metrics_path: /metrics
    ///     static_configs:
    ///       - targets: ["app:8080"]
    /// ```
    pub(crate) struct InvalidScrapeTarget {
        name: "invalid-scrape-target",
        family: Prometheus,
        severity: Error,
        summary: "a static scrape target is not a `host:port` address",
    }
}

/// What is wrong with `target`, if anything.
fn problem(target: &str) -> Option<(String, &'static str)> {
    if target.contains('$') {
        // A variable some tool expands before Prometheus reads the file.
        return None;
    }
    if target.trim().is_empty() {
        return Some((
            "scrape target is empty".into(),
            "write the target as `host:port`",
        ));
    }
    if let Some((scheme, _)) = target.split_once("://") {
        return Some((
            format!("scrape target `{target}` has a scheme: targets are `host:port`"),
            if scheme.eq_ignore_ascii_case("https") {
                "write `host:port` and set `scheme: https` on the job; a path goes in `metrics_path`"
            } else {
                "write `host:port`; the scheme goes in the job's `scheme`, a path in `metrics_path`"
            },
        ));
    }
    if target.contains('/') {
        return Some((
            format!("scrape target `{target}` has a path: targets are `host:port`"),
            "write `host:port` and put the path in the job's `metrics_path`",
        ));
    }
    let port = if let Some(rest) = target.strip_prefix('[') {
        let (_, after) = rest.split_once(']')?;
        after.strip_prefix(':')
    } else if target.matches(':').count() == 1 {
        target.split_once(':').map(|(_, port)| port)
    } else {
        None
    }?;
    let valid = !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
    (!valid).then(|| {
        (
            format!("scrape target `{target}` has an invalid port `{port}`"),
            "write the port as a number from 1 to 65535",
        )
    })
}

/// Reports the targets of a `file_sd_configs` file, unless the first job
/// that reads it rewrites the address.
fn check_file_sd(file: &LoadedFile, cx: &mut Context<'_>) {
    let project = cx.project();
    let Some(entry) = project
        .prometheus_files
        .iter()
        .find(|e| e.reference == Reference::FileSd && e.loaded.contains(&file.id))
    else {
        return;
    };
    let job = entry.job.as_deref().and_then(|pointer| {
        project
            .file(entry.file)
            .and_then(config)
            .and_then(|c| c.pointer(pointer))
    });
    if job.is_some_and(rewrites_address) {
        return;
    }
    let Some(targets) = cx.stack().target_file(file.id) else {
        return;
    };
    for target in targets.groups.iter().flat_map(|group| &group.targets) {
        let Some((message, help)) = problem(target.value) else {
            continue;
        };
        cx.report(
            Finding::new(target.location(), message)
                .help(help)
                .note("Prometheus drops the target when it builds the scrape: it is never scraped"),
        );
    }
}

impl Rule for InvalidScrapeTarget {
    fn check_file(&self, file: &LoadedFile, cx: &mut Context<'_>) {
        if file.kind == FileKind::PrometheusTargets {
            return check_file_sd(file, cx);
        }
        let Some(config) = cx.stack().prometheus_file(file.id) else {
            return;
        };
        for scrape in &config.scrape_configs {
            if rewrites_address(scrape.entry.node()) {
                continue;
            }
            for target in &scrape.static_targets {
                if let Some((message, help)) = problem(target.value) {
                    cx.report(
                        Finding::new(target.location(), message)
                            .help(help)
                            .note("Prometheus drops the target when it builds the scrape: it is never scraped"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn addresses() {
        for ok in [
            "app:8080",
            "app",
            "10.0.0.1:9100",
            "[::1]:9090",
            "::1",
            "${HOST}:9100",
        ] {
            assert!(problem(ok).is_none(), "{ok}");
        }
        for bad in [
            "http://app:8080",
            "app:8080/metrics",
            "",
            "app:http",
            "app:70000",
            "app:",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
