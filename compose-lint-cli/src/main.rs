//! The `compose-lint` command: parses flags, asks the library, renders the
//! report and maps it to an exit code. Nothing else lives here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use compose_lint::render::{self, HumanOptions};
use compose_lint::{Config, Error, Linter, ProjectSpec, Report, Severity};

/// Exit codes, as documented in the README.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "compose-lint",
    version,
    about = "Lint Docker Compose projects and the monitoring configs they mount"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint compose files; directories are searched for compose projects.
    Check(CheckArgs),
    /// Print the project as compose-lint loads it: interpolated, merged and
    /// normalised, like `docker compose config`. Every service is kept
    /// unless profiles are selected.
    Config(ConfigArgs),
    /// Print the startup graph: services in written order, an edge from each
    /// service to those it depends on, labelled with the condition or kind
    /// (dashed when not required). Profiles are applied as for `config`.
    Graph(GraphArgs),
}

/// How a project is loaded, with `docker compose`'s flags.
#[derive(clap::Args)]
struct ProjectArgs {
    /// A compose file of the project, as `docker compose -f`; repeat it for
    /// override files, in order. Together they form one project.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,

    /// The project directory (default: the first file's directory).
    #[arg(long, value_name = "DIR")]
    project_directory: Option<PathBuf>,

    /// The project name (default: `COMPOSE_PROJECT_NAME`, the top-level
    /// `name`, or the directory's name).
    #[arg(short = 'p', long, value_name = "NAME")]
    project_name: Option<String>,

    /// An environment file to read instead of `.env`; repeatable.
    #[arg(long = "env-file", value_name = "FILE")]
    env_files: Vec<PathBuf>,

    /// Lint only the services Compose starts with this profile (and those
    /// without profiles); repeatable. By default every service is linted,
    /// unless `COMPOSE_PROFILES` is set.
    #[arg(long = "profile", value_name = "PROFILE")]
    profiles: Vec<String>,
}

impl ProjectArgs {
    /// `spec` with the environment files, profiles and name applied.
    fn apply(&self, mut spec: ProjectSpec) -> ProjectSpec {
        if !self.env_files.is_empty() {
            spec = spec.with_env_files(self.env_files.iter().cloned());
        }
        if !self.profiles.is_empty() {
            spec = spec.with_profiles(self.profiles.iter().cloned());
        }
        if let Some(name) = &self.project_name {
            spec = spec.with_project_name(name.clone());
        }
        spec
    }

    /// The project the flags name when no paths are given: the `-f` files,
    /// else the one Compose finds in the project directory (or here).
    fn project(&self) -> ProjectSpec {
        let spec = if self.files.is_empty() {
            ProjectSpec::in_directory(
                self.project_directory
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(".")),
            )
        } else {
            let spec = ProjectSpec::from_files(self.files.iter().cloned());
            match &self.project_directory {
                Some(directory) => spec.with_directory(directory.clone()),
                None => spec,
            }
        };
        self.apply(spec)
    }
}

#[derive(clap::Args)]
struct ConfigArgs {
    #[command(flatten)]
    project: ProjectArgs,

    /// Refuse files larger than this many bytes (exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = compose_lint::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

#[derive(clap::Args)]
struct GraphArgs {
    #[command(flatten)]
    project: ProjectArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files to lint, or directories to search (honouring .gitignore) for
    /// compose.yaml, compose.yml, docker-compose.yaml and docker-compose.yml;
    /// each directory holding them is one project. Defaults to `.`.
    paths: Vec<PathBuf>,

    #[command(flatten)]
    project: ProjectArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Exit with 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = Threshold::Warning)]
    fail_on: Threshold,

    /// When to colour human output; `auto` means on a terminal with NO_COLOR unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Refuse files larger than this many bytes (exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = compose_lint::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,

    /// Print how many files were checked and how long it took, on stderr.
    #[arg(long)]
    statistics: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style, with the source lines and labels.
    Human,
    /// One line per finding: path:line:col: severity[rule]: message.
    Compact,
    /// Versioned JSON for programs.
    Json,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum Threshold {
    Error,
    Warning,
    Info,
}

impl From<Threshold> for Severity {
    fn from(threshold: Threshold) -> Self {
        match threshold {
            Threshold::Error => Severity::Error,
            Threshold::Warning => Severity::Warning,
            Threshold::Info => Severity::Info,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => ExitCode::from(check(&args)),
        Command::Config(args) => ExitCode::from(config(&args)),
        Command::Graph(args) => ExitCode::from(graph(&args)),
    }
}

/// Prints the startup graph of the project on stdout.
fn graph(args: &GraphArgs) -> u8 {
    let project = match args.project.project().load(&Config::default()) {
        Ok(project) => project,
        Err(error) => {
            report_error(&error.to_string());
            return EXIT_ERROR;
        }
    };
    let graph = compose_lint::compose::graph::StartupGraph::of(&project);
    let text = match args.format {
        GraphFormat::Dot => compose_lint::compose::graph::to_dot(&graph),
        GraphFormat::Mermaid => compose_lint::compose::graph::to_mermaid(&graph),
    };
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(error) = written
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        report_error(&format!("cannot write the graph: {error}"));
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

/// Prints the resolved project on stdout and the problems that affect
/// loading on stderr; exits 1 when one of them is an error.
fn config(args: &ConfigArgs) -> u8 {
    let config = Config::default().with_max_file_size(args.max_file_size);
    let project = match args.project.project().load(&config) {
        Ok(project) => project,
        Err(error) => {
            report_error(&error.to_string());
            return EXIT_ERROR;
        }
    };
    let report = Linter::new(config).check_project(&project);
    let loading: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.rule_meta().family.affects_loading())
        .cloned()
        .collect();
    let problems = render::compact::render(&loading);
    if !problems.is_empty() {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(problems.as_bytes());
    }
    let yaml = project.config_yaml().unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(yaml.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(error) = written
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        report_error(&format!("cannot write the project: {error}"));
        return EXIT_ERROR;
    }
    if loading.iter().any(|d| d.severity() == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn check(args: &CheckArgs) -> u8 {
    let started = Instant::now();
    let linter = Linter::new(Config::default().with_max_file_size(args.max_file_size));
    let (specs, mut errors) = project_specs(args);
    let mut reports = Vec::with_capacity(specs.len());
    for result in linter.check_all(&specs) {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    let report: Report = reports.into_iter().collect();

    let output = match args.format {
        Format::Human => render::human::render(
            report.diagnostics(),
            report.files_checked(),
            human_options(args.color),
        ),
        Format::Compact => render::compact::render(report.diagnostics()),
        Format::Json => {
            render::json::render_with_suppressed(report.diagnostics(), report.suppressed())
        }
        Format::Sarif => render::sarif::render(
            report.diagnostics(),
            report.suppressed(),
            &working_directory(),
        ),
        Format::Github => render::github::render(report.diagnostics(), &working_directory()),
    };
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush());
    if let Err(error) = written
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        report_error(&format!("cannot write the report: {error}"));
        return EXIT_ERROR;
    }
    for error in &errors {
        report_error(&error.to_string());
    }
    if args.statistics {
        let elapsed = started.elapsed();
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        stderr_line(&format!(
            "checked {} in {} in {:.1} ms",
            plural(report.files_checked(), "file"),
            plural(specs.len(), "project"),
            elapsed.as_secs_f64() * 1000.0
        ));
    }

    if !errors.is_empty() {
        EXIT_ERROR
    } else if report.has_findings_at(args.fail_on.into()) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The projects the arguments name: all `-f` files form one project; each
/// file path is a project of its own; directories are searched.
fn project_specs(args: &CheckArgs) -> (Vec<ProjectSpec>, Vec<Error>) {
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    let project = &args.project;
    if !project.files.is_empty() || (args.paths.is_empty() && project.project_directory.is_some()) {
        specs.push(project.project());
    }
    let default_path = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() && specs.is_empty() {
        &default_path[..]
    } else {
        &args.paths[..]
    };
    for path in paths {
        if path.is_dir() {
            let found = compose_lint::discover(path);
            specs.extend(found.projects.into_iter().map(|spec| project.apply(spec)));
            errors.extend(found.errors);
        } else {
            // Missing and non-regular files are reported when loading.
            specs.push(project.apply(ProjectSpec::from_files([path.clone()])));
        }
    }
    (specs, errors)
}

fn human_options(choice: ColorChoice) -> HumanOptions {
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .filter(|&columns: &usize| columns >= 40)
        .unwrap_or(HumanOptions::default().width);
    HumanOptions { color, width }
}

/// What output paths are made relative to.
fn working_directory() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

fn report_error(message: &str) {
    stderr_line(&format!("error: {message}"));
}

fn stderr_line(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}
