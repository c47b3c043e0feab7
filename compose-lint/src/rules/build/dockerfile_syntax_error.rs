use std::collections::HashSet;

use crate::build::Syntax;
use crate::declare_rule;
use crate::location::Location;
use crate::project::Project;
use crate::rules::{Context, Finding, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a Dockerfile a service builds from that BuildKit cannot
    /// parse: an unknown instruction, an instruction without its
    /// arguments, a heredoc that never ends, no `FROM`. Only what fails the
    /// build is reported, never style; BuildKit's own syntax (heredocs,
    /// `RUN --mount`, `COPY --link/--chmod/--parents/--exclude`) is
    /// accepted, and a file built by a custom `# syntax=` frontend is not
    /// checked.
    ///
    /// ## Why is this bad?
    /// The build stops at the first line it cannot read.
    ///
    /// ## Example
    /// ```yaml
    /// # file: Dockerfile
    /// FROM alpine:3.20
    /// RNU apk add curl
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build: .
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// # file: Dockerfile
    /// FROM alpine:3.20
    /// RUN apk add curl
    /// # file: compose.yaml
    /// services:
    ///   api:
    ///     build: .
    /// ```
    pub(crate) struct DockerfileSyntaxError {
        name: "dockerfile-syntax-error",
        family: Build,
        severity: Error,
        summary: "a Dockerfile a service builds from cannot be parsed",
    }
}

impl Rule for DockerfileSyntaxError {
    fn check_project(&self, project: &Project, cx: &mut Context<'_>) {
        let mut seen = HashSet::new();
        for build in &project.builds {
            let Some(parsed) = &build.parsed else {
                continue;
            };
            let (Some(file), Some((message, span))) = (parsed.file, &parsed.error) else {
                continue;
            };
            if parsed.syntax != Syntax::Docker || !seen.insert(file) {
                continue;
            }
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(message)
                .to_string();
            cx.report(
                Finding::new(
                    Location::span(file, *span),
                    format!("the Dockerfile cannot be parsed: {message}"),
                )
                .primary_label("BuildKit stops here")
                .help(format!(
                    "fix this line; service `{}` builds from this file",
                    build.service
                )),
            );
        }
    }
}
