use std::collections::HashSet;

use crate::build::Syntax;
use crate::declare_rule;
use crate::location::Location;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY --from=` in a Dockerfile a service builds from that
    /// names no earlier stage, no `additional_contexts` entry and nothing
    /// that can be an image: a stage index past the current stage, a stage
    /// defined later in the file, a name in capitals (image references are
    /// lower-case), or a bare name one or two letters away from a stage's
    /// (BuildKit would try to pull it as an image).
    ///
    /// ## Why is this bad?
    /// The build stops: BuildKit looks the name up as an image and fails
    /// with `pull access denied`, or refuses the index.
    ///
    /// ## Example
    /// ```yaml
    /// # file: Dockerfile
    /// FROM golang:1.24 AS builder
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static
    /// COPY --from=buidler /app /app
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build: .
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: Dockerfile
    /// FROM golang:1.24 AS builder
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static
    /// COPY --from=builder /app /app
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build: .
    /// ```
    pub(crate) struct CopyFromUnknown {
        name: "copy-from-unknown",
        family: Build,
        severity: Error,
        summary: "`COPY --from=` names no stage, build context or image",
    }
}

impl Rule for CopyFromUnknown {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let mut seen = HashSet::new();
        for build in &project.builds {
            let Some(parsed) = &build.parsed else {
                continue;
            };
            let Some(file) = parsed.file else {
                continue;
            };
            if parsed.error.is_some() || parsed.syntax != Syntax::Docker || !seen.insert(file) {
                continue;
            }
            for (index, stage) in parsed.stages.iter().enumerate() {
                for copy in &stage.copies {
                    let Some((from, span)) = &copy.from else {
                        continue;
                    };
                    if from.contains('$')
                        || build
                            .additional_contexts
                            .iter()
                            .any(|c| c.eq_ignore_ascii_case(from))
                    {
                        continue;
                    }
                    let earlier = &parsed.stages[..index];
                    let named = |s: &crate::build::Stage| {
                        s.name
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(from))
                    };
                    if earlier.iter().any(named) {
                        continue;
                    }
                    let problem = if let Ok(number) = from.parse::<usize>() {
                        (number >= index).then(|| {
                            format!("stage index {number} is not an earlier stage (this is stage {index})")
                        })
                    } else if parsed.stages[index..].iter().any(named) {
                        Some(format!("stage `{from}` is defined after this one"))
                    } else if from.chars().any(|c| c.is_ascii_uppercase())
                        && !from.contains(['/', ':', '@'])
                    {
                        Some(format!(
                            "`{from}` is not a stage, and an image name cannot hold capitals"
                        ))
                    } else if !from.contains(['/', ':', '@', '.']) {
                        let names = earlier.iter().filter_map(|s| s.name.as_deref());
                        crate::compose::schema::closest(from, names).map(|stage| {
                            format!("`{from}` is not a stage; did you mean `{stage}`?")
                        })
                    } else {
                        None
                    };
                    let Some(problem) = problem else {
                        continue;
                    };
                    cx.report(
                        Finding::new(
                            Location::span(file, *span),
                            format!("`COPY --from={from}`: {problem}"),
                        )
                        .primary_label("no such stage")
                        .help("name an earlier stage (`FROM image AS name`), an `additional_contexts` entry, or an image"),
                    );
                }
            }
        }
    }
}
