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
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files to lint, or directories to search (honouring .gitignore) for
    /// compose.yaml, compose.yml, docker-compose.yaml and docker-compose.yml;
    /// each directory holding them is one project. Defaults to `.`.
    paths: Vec<PathBuf>,

    /// A compose file of the project, as `docker compose -f`; repeat it for
    /// override files, in order. Together they form one project.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    files: Vec<PathBuf>,

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
        Format::Json => render::json::render(report.diagnostics()),
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
    if !args.files.is_empty() {
        specs.push(ProjectSpec::from_files(args.files.iter().cloned()));
    }
    let default_path = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() && args.files.is_empty() {
        &default_path[..]
    } else {
        &args.paths[..]
    };
    for path in paths {
        if path.is_dir() {
            let found = compose_lint::discover(path);
            specs.extend(found.projects);
            errors.extend(found.errors);
        } else {
            // Missing and non-regular files are reported when loading.
            specs.push(ProjectSpec::from_files([path.clone()]));
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

fn report_error(message: &str) {
    stderr_line(&format!("error: {message}"));
}

fn stderr_line(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}
