//! A Dockerfile as compose-lint reads it: its stages and, in each, the
//! instructions that say what the image is. Parsed with `parse-dockerfile`,
//! which follows BuildKit's syntax (heredocs, parser directives, flags,
//! JSON and shell forms) and gives every part its byte span.

use parse_dockerfile::Instruction;

use crate::location::FileId;
use crate::source::{SourceFile, Span};

/// Which frontend builds the file (`# syntax=`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Syntax {
    /// No directive, or Docker's own frontend (`docker/dockerfile:1`).
    #[default]
    Docker,
    /// Another frontend: its syntax is its own, so nothing is said of it.
    Custom(String),
}

/// A `COPY` or `ADD`.
#[derive(Clone, Debug)]
pub struct Copy {
    /// `--from`, as written.
    pub from: Option<(String, Span)>,
    /// The sources, as written (paths of the context; URLs for `ADD`).
    pub sources: Vec<String>,
    pub destination: String,
    /// Where the instruction is written.
    pub span: Span,
}

/// One stage: a `FROM` and the instructions up to the next.
#[derive(Clone, Debug, Default)]
pub struct Stage {
    /// The image or stage it starts from, as written (`${ARG}`s kept).
    pub base: String,
    pub base_span: Span,
    /// `AS name`.
    pub name: Option<String>,
    /// `USER`, the last one.
    pub user: Option<(String, Span)>,
    /// `HEALTHCHECK`, the last one: `true` for `HEALTHCHECK NONE`.
    pub healthcheck: Option<(bool, Span)>,
    /// `EXPOSE` entries.
    pub expose: Vec<(String, Span)>,
    /// The shell text of each `RUN` (heredoc bodies included).
    pub runs: Vec<(String, Span)>,
    pub copies: Vec<Copy>,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default)]
pub struct Dockerfile {
    pub file: Option<FileId>,
    pub syntax: Syntax,
    pub stages: Vec<Stage>,
    /// The `ARG`s before the first `FROM`, with their defaults: what
    /// `FROM ${BASE}` can use.
    pub global_args: Vec<(String, Option<String>)>,
    /// Why BuildKit would refuse the file, and where.
    pub error: Option<(String, Span)>,
}

impl Dockerfile {
    /// Parses the Dockerfile `text`, as a file of its own.
    pub fn from_text(text: &str) -> Self {
        Self::parse(FileId(0), &SourceFile::new("Dockerfile", text))
    }

    /// Parses `source` (file `file`).
    pub(crate) fn parse(file: FileId, source: &SourceFile) -> Self {
        let text = source.text();
        let mut out = Dockerfile {
            file: Some(file),
            ..Self::default()
        };
        let parsed = match parse_dockerfile::parse(text) {
            Ok(parsed) => parsed,
            Err(error) => {
                out.syntax = syntax_of(text);
                let offset = source
                    .line_start(error.line())
                    .map_or(0, |start| start + error.column().saturating_sub(1));
                let offset = offset.min(text.len());
                let end = text[offset..].find('\n').map_or(text.len(), |n| offset + n);
                out.error = Some((error.to_string(), Span::new(offset, end.max(offset))));
                return out;
            }
        };
        if let Some(syntax) = &parsed.parser_directives.syntax {
            let value = syntax.value.value;
            if !is_docker_frontend(value) {
                out.syntax = Syntax::Custom(value.to_string());
            }
        }
        for instruction in &parsed.instructions {
            let span = |range: std::ops::Range<usize>| Span::new(range.start, range.end);
            match instruction {
                Instruction::From(from) => out.stages.push(Stage {
                    base: from.image.value.to_string(),
                    base_span: span(from.image.span.clone()),
                    name: from.as_.as_ref().map(|(_, name)| name.value.to_string()),
                    ..Stage::default()
                }),
                Instruction::Arg(arg) if out.stages.is_empty() => {
                    for word in arg.arguments.value.split_whitespace() {
                        let (name, default) = match word.split_once('=') {
                            Some((name, value)) => {
                                (name, Some(value.trim_matches(['"', '\'']).to_string()))
                            }
                            None => (word, None),
                        };
                        out.global_args.push((name.to_string(), default));
                    }
                }
                other => {
                    let Some(stage) = out.stages.last_mut() else {
                        continue;
                    };
                    match other {
                        Instruction::User(user) => {
                            stage.user = Some((
                                user.arguments.value.to_string(),
                                span(user.arguments.span.clone()),
                            ));
                        }
                        Instruction::Healthcheck(check) => {
                            let none = matches!(
                                check.arguments,
                                parse_dockerfile::HealthcheckArguments::None { .. }
                            );
                            stage.healthcheck = Some((none, span(check.healthcheck.span.clone())));
                        }
                        Instruction::Expose(expose) => {
                            stage.expose.extend(
                                expose
                                    .arguments
                                    .iter()
                                    .map(|port| (port.value.to_string(), span(port.span.clone()))),
                            );
                        }
                        Instruction::Run(run) => {
                            let mut text = match &run.arguments {
                                parse_dockerfile::Command::Shell(shell) => shell.value.to_string(),
                                parse_dockerfile::Command::Exec(exec) => exec
                                    .value
                                    .iter()
                                    .map(|word| word.value.as_ref())
                                    .collect::<Vec<&str>>()
                                    .join(" "),
                                _ => String::new(),
                            };
                            for here_doc in &run.here_docs {
                                text.push('\n');
                                text.push_str(&here_doc.value);
                            }
                            stage.runs.push((text, span(run.run.span.clone())));
                        }
                        Instruction::Copy(copy) => stage.copies.push(Copy {
                            from: copy
                                .options
                                .iter()
                                .find(|flag| flag.name.value == "from")
                                .and_then(|flag| flag.value.as_ref())
                                .map(|value| (value.value.to_string(), span(value.span.clone()))),
                            sources: copy.src.iter().filter_map(path_of).collect(),
                            destination: copy.dest.value.to_string(),
                            span: span(copy.copy.span.clone()),
                        }),
                        Instruction::Add(add) => stage.copies.push(Copy {
                            from: None,
                            sources: add.src.iter().filter_map(path_of).collect(),
                            destination: add.dest.value.to_string(),
                            span: span(add.add.span.clone()),
                        }),
                        _ => {}
                    }
                }
            }
        }
        out
    }

    /// The stage called `name` (case-insensitive, as BuildKit compares).
    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.get(self.stage_index(name)?)
    }

    /// The index of the stage called `name`.
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// The earlier stage stage `index` starts from, if any.
    pub fn base_stage(&self, index: usize) -> Option<usize> {
        let base = &self.stages.get(index)?.base;
        self.stages[..index].iter().position(|s| {
            s.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(base))
        })
    }
}

/// A path source of `COPY`/`ADD` (not a heredoc).
fn path_of(source: &parse_dockerfile::Source<'_>) -> Option<String> {
    match source {
        parse_dockerfile::Source::Path(path) => Some(path.value.to_string()),
        _ => None,
    }
}

/// The `# syntax=` directive of a file that did not parse, read by hand.
fn syntax_of(text: &str) -> Syntax {
    for line in text.lines() {
        let line = line.trim();
        let Some(directive) = line.strip_prefix('#') else {
            break;
        };
        if let Some((key, value)) = directive.split_once('=')
            && key.trim().eq_ignore_ascii_case("syntax")
        {
            let value = value.trim();
            return if is_docker_frontend(value) {
                Syntax::Docker
            } else {
                Syntax::Custom(value.to_string())
            };
        }
    }
    Syntax::Docker
}

/// True for Docker's own Dockerfile frontend
/// (`docker/dockerfile:1`, `docker.io/docker/dockerfile:1.7-labs`).
fn is_docker_frontend(value: &str) -> bool {
    let image = value.split(['@', ':']).next().unwrap_or(value);
    let image = image.strip_prefix("docker.io/").unwrap_or(image);
    image == "docker/dockerfile" || image == "docker/dockerfile-upstream"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Dockerfile {
        Dockerfile::parse(FileId(0), &SourceFile::new("Dockerfile", text))
    }

    #[test]
    fn stages_and_what_they_set() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\nFROM ${BASE} AS build\nRUN --mount=type=cache,target=/root apk add \\\n    curl\nRUN <<EOF\napk add procps\nEOF\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /x /x\nUSER nonroot\nHEALTHCHECK NONE\nEXPOSE 8080/tcp 9090\n";
        let d = parse(text);
        assert_eq!(d.syntax, Syntax::Docker);
        assert!(d.error.is_none(), "{:?}", d.error);
        assert_eq!(d.stages.len(), 2);
        assert_eq!(d.stages[0].name.as_deref(), Some("build"));
        assert_eq!(d.stages[0].base, "${BASE}");
        assert!(d.stages[0].runs[0].0.contains("curl"));
        assert!(d.stages[0].runs[1].0.contains("procps"));
        let last = &d.stages[1];
        assert_eq!(last.user.as_ref().map(|u| u.0.as_str()), Some("nonroot"));
        assert_eq!(last.healthcheck.map(|h| h.0), Some(true));
        assert_eq!(last.expose.len(), 2);
        assert_eq!(
            last.copies[0].from.as_ref().map(|f| f.0.as_str()),
            Some("build")
        );
        let (_, span) = &last
            .user
            .as_ref()
            .map(|u| (u.0.clone(), u.1))
            .unwrap_or_default();
        assert_eq!(&text[span.start..span.end], "nonroot");
        assert_eq!(d.stage("BUILD").map(|s| s.base.as_str()), Some("${BASE}"));
    }

    #[test]
    fn errors_point_at_their_line_and_custom_frontends_are_known() {
        let d = parse("FROM alpine:3.20\nFRM x\n");
        let (message, span) = d.error.unwrap_or_default();
        assert!(message.contains("unknown instruction"), "{message}");
        assert_eq!(span.start, 17);
        let custom = parse("# syntax=example.com/frontend:1\nFROM alpine\nMAGIC x\n");
        assert_eq!(
            custom.syntax,
            Syntax::Custom("example.com/frontend:1".to_string())
        );
    }
}
