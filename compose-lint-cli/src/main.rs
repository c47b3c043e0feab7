//! The `compose-lint` command: parses flags, asks the library, renders the
//! report and maps it to an exit code. Nothing else lives here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use compose_lint::render::{self, HumanOptions};
use compose_lint::{
    Config, ConfigSource, Error, Linter, NotLinted, ProjectSpec, Report, RootPolicy, Severity,
};

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
    /// List every rule: name, family, default severity, whether it offers a
    /// fix, and what it reports.
    Rules,
    /// Print a rule's documentation (offline; the same text as its page in
    /// docs/rules/).
    Rule {
        /// The rule's name, such as `healthcheck-shell-syntax-in-exec-form`.
        name: String,
    },
}

/// How a project is loaded, with `docker compose`'s flags.
#[derive(clap::Args)]
struct ProjectArgs {
    /// A compose file of the project, as `docker compose -f`; repeat it for
    /// override files, in order. Together they form one project. `-` reads
    /// the file from standard input (relative paths in it resolve against
    /// the project directory, by default the current one).
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
    /// True when a `-f -` asks for the compose file on standard input.
    fn reads_stdin(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.as_os_str() == compose_lint::STDIN_PATH)
    }

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
    fn project(&self, max_file_size: u64) -> Result<ProjectSpec, String> {
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
        let spec = self.apply(spec);
        if self.reads_stdin() {
            return Ok(spec.with_stdin(read_stdin(max_file_size)?));
        }
        Ok(spec)
    }
}

/// Where files may be read from.
#[derive(clap::Args)]
struct RootArgs {
    /// The project root: files resolving outside it (through `..`, an
    /// absolute path or a symbolic link) are not read, only named
    /// (`path-outside-root`), and fixes are written only inside it.
    /// Default: the Git work tree holding the project; outside one, the
    /// current directory when it holds the project, else the project
    /// directory.
    #[arg(long, value_name = "DIR", conflicts_with = "allow_outside_root")]
    root: Option<PathBuf>,

    /// Read files outside the project root too (to lint a machine's own
    /// files on purpose; never on untrusted input). Fixes still stay
    /// inside the root.
    #[arg(long)]
    allow_outside_root: bool,
}

impl RootArgs {
    fn apply(&self, config: Config) -> Config {
        config.with_root(match (&self.root, self.allow_outside_root) {
            (Some(root), _) => RootPolicy::Directory(root.clone()),
            (None, true) => RootPolicy::Anywhere,
            (None, false) => RootPolicy::Auto,
        })
    }
}

#[derive(clap::Args)]
struct ConfigArgs {
    #[command(flatten)]
    project: ProjectArgs,

    #[command(flatten)]
    root: RootArgs,

    /// Refuse files larger than this many bytes (exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = compose_lint::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

#[derive(clap::Args)]
struct GraphArgs {
    #[command(flatten)]
    project: ProjectArgs,

    #[command(flatten)]
    root: RootArgs,

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
    /// compose files: each directory holding compose.yaml, compose.yml,
    /// docker-compose.yml or docker-compose.yaml is one project, and other
    /// files named compose*.yaml, docker-compose*.yml or *stack*.yml (either
    /// extension) with top-level `services` are linted on their own, or
    /// merged onto that project's file when they override its services.
    /// Defaults to `.`.
    paths: Vec<PathBuf>,

    #[command(flatten)]
    project: ProjectArgs,

    #[command(flatten)]
    root: RootArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Exit with 1 when a finding is at least this severe [default: the
    /// configuration's `fail-on`, else warning].
    #[arg(long, value_enum)]
    fail_on: Option<Threshold>,

    /// Use this configuration file for every project instead of the
    /// compose-lint.toml found from each project's directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Ignore configuration files: every rule at its default severity.
    #[arg(long, visible_alias = "isolated")]
    no_config: bool,

    /// When to colour human output; `auto` means on a terminal with NO_COLOR unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Refuse files larger than this many bytes (exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = compose_lint::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,

    /// Print how many files were checked and how long it took, on stderr.
    #[arg(long)]
    statistics: bool,

    /// Print only the findings: no summary line, and nothing at all when
    /// there is no finding (human format).
    #[arg(short, long)]
    quiet: bool,

    /// List, per project, every file read and why, and every file a
    /// configuration names that was not read (with the JSON format: a
    /// `files` key).
    #[arg(long)]
    show_files: bool,

    /// Apply the safe fixes rules offer: print them as a unified diff on
    /// stdout (exit 1 when there is something to fix), or write them with
    /// `--write`.
    #[arg(long)]
    fix: bool,

    /// With `--fix`: write the fixed files in place (atomically), then
    /// report what is left.
    #[arg(long, requires = "fix")]
    write: bool,

    /// With `--fix`: also apply the fixes marked unsafe, which change what
    /// a value means in a way a person should review (a healthcheck word
    /// with quotes or a glob, joined into a shell command).
    #[arg(long, requires = "fix")]
    unsafe_fixes: bool,
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
        Command::Rules => ExitCode::from(rules()),
        Command::Rule { name } => ExitCode::from(rule(&name)),
    }
}

/// Prints the table of every rule.
fn rules() -> u8 {
    let width = compose_lint::RULES
        .iter()
        .map(|r| r.meta().name.len())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{:width$}  {:14}  {:8}  {:3}  summary\n",
        "rule", "family", "severity", "fix"
    );
    for rule in compose_lint::RULES {
        let meta = rule.meta();
        let fix = if meta.fixable { "yes" } else { "" };
        let opt_in = if meta.opt_in {
            " (opt-in: runs when selected)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{:width$}  {:14}  {:8}  {:3}  {}{opt_in}\n",
            meta.name,
            meta.family.to_string(),
            meta.default_severity.to_string(),
            fix,
            meta.summary
        ));
    }
    write_stdout(&out, "the rules")
}

/// Prints one rule's documentation.
fn rule(name: &str) -> u8 {
    match compose_lint::find_rule(name) {
        Some(rule) => write_stdout(&rule.meta().markdown_page(), "the rule"),
        None => {
            let names = compose_lint::RULES.iter().map(|r| r.meta().name);
            let hint = compose_lint::schema::closest(name, names)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| "; `compose-lint rules` lists them".to_string());
            report_error(&format!("no rule is called `{name}`{hint}"));
            EXIT_ERROR
        }
    }
}

/// Writes `text` to stdout; a closed pipe is not an error.
fn write_stdout(text: &str, what: &str) -> u8 {
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            report_error(&format!("cannot write {what}: {error}"));
            EXIT_ERROR
        }
        _ => EXIT_CLEAN,
    }
}

/// Prints the startup graph of the project on stdout.
fn graph(args: &GraphArgs) -> u8 {
    let Some(project) = load_project(&args.project, &args.root.apply(Config::default())) else {
        return EXIT_ERROR;
    };
    let graph = compose_lint::model::graph::StartupGraph::of(&project);
    let text = match args.format {
        GraphFormat::Dot => compose_lint::model::graph::to_dot(&graph),
        GraphFormat::Mermaid => compose_lint::model::graph::to_mermaid(&graph),
    };
    write_stdout(&text, "the graph")
}

/// The project the flags name, loaded; `None` after reporting why it
/// cannot be.
fn load_project(args: &ProjectArgs, config: &Config) -> Option<compose_lint::Project> {
    let loaded = args
        .project(config.max_file_size())
        .and_then(|spec| spec.load(config).map_err(|error| error.to_string()));
    match loaded {
        Ok(project) => Some(project),
        Err(error) => {
            report_error(&error);
            None
        }
    }
}

/// Prints the resolved project on stdout and the problems that affect
/// loading on stderr; exits 1 when one of them is an error.
fn config(args: &ConfigArgs) -> u8 {
    let config = args
        .root
        .apply(Config::default().with_max_file_size(args.max_file_size));
    let Some(project) = load_project(&args.project, &config) else {
        return EXIT_ERROR;
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
    if write_stdout(&yaml, "the project") != EXIT_CLEAN {
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
    let Found {
        specs,
        mut errors,
        not_linted,
    } = match project_specs(args) {
        Ok(found) => found,
        Err(error) => {
            report_error(&error);
            return EXIT_ERROR;
        }
    };
    let project_count = specs.len();
    let source = match (&args.config, args.no_config) {
        (_, true) => ConfigSource::Disabled,
        (Some(file), false) => ConfigSource::File(file.clone()),
        (None, false) => ConfigSource::Discover,
    };
    let groups = match compose_lint::group_by_config(specs, &source) {
        Ok(groups) => groups,
        Err(error) => {
            report_error(&error.to_string());
            return EXIT_ERROR;
        }
    };
    // Each group of projects runs with its own configuration file, and
    // fails the run at its own threshold.
    let lint = |errors: &mut Vec<Error>| -> (Report, bool) {
        let mut reports = Vec::with_capacity(project_count);
        let mut failing = false;
        for group in &groups {
            let config = group.config(
                args.root
                    .apply(Config::default().with_max_file_size(args.max_file_size)),
            );
            let threshold = args
                .fail_on
                .map(Severity::from)
                .or(config.fail_on())
                .unwrap_or(Severity::Warning);
            for result in Linter::new(config).check_all(&group.specs) {
                match result {
                    Ok(report) => {
                        failing |= report.has_findings_at(threshold);
                        reports.push(report);
                    }
                    Err(error) => errors.push(error),
                }
            }
        }
        (reports.into_iter().collect(), failing)
    };
    let (mut report, mut failing) = lint(&mut errors);

    if args.fix {
        let plan = compose_lint::fix::plan(report.diagnostics(), args.unsafe_fixes);
        if !args.write {
            return show_fixes(&plan, &errors);
        }
        let mut written = 0;
        for file in &plan.files {
            if file.path().as_os_str() == compose_lint::STDIN_PATH {
                report_error(
                    "fixes to a file read from standard input are shown, not written: run without `--write`",
                );
                return EXIT_ERROR;
            }
            match compose_lint::fix::write(file, report.roots()) {
                Ok(()) => written += 1,
                Err(error) => {
                    report_error(&format!("cannot write the fix: {error}"));
                    return EXIT_ERROR;
                }
            }
        }
        if !args.quiet {
            stderr_line(&fixed_summary(written, &plan));
        }
        // Report what is left, as it is now on disk.
        errors.clear();
        (report, failing) = lint(&mut errors);
    }

    let files = if args.show_files {
        render::files::render(report.files(), &not_linted)
    } else {
        String::new()
    };
    let output = match args.format {
        Format::Human => {
            files.clone()
                + &render::human::render_report(
                    &report,
                    // Nothing was read and something went wrong: the
                    // error says it, a "no problems found" would not be true.
                    human_options(
                        args.color,
                        args.quiet || (report.files_checked() == 0 && !errors.is_empty()),
                        not_linted.len(),
                    ),
                )
        }
        Format::Compact => files.clone() + &render::compact::render(report.diagnostics()),
        Format::Json => render::json::render_with_files(
            report.diagnostics(),
            report.suppressed(),
            args.show_files
                .then(|| (report.files(), not_linted.as_slice())),
        ),
        Format::Sarif => render::sarif::render(
            report.diagnostics(),
            report.suppressed(),
            &working_directory(),
        ),
        Format::Github => render::github::render(report.diagnostics(), &working_directory()),
    };
    if matches!(args.format, Format::Sarif | Format::Github) && !files.is_empty() {
        // Those formats have no place for it; stdout stays machine-readable.
        stderr_line(files.trim_end());
    }
    if write_stdout(&output, "the report") != EXIT_CLEAN {
        return EXIT_ERROR;
    }
    for error in &errors {
        report_error(&error.to_string());
    }
    if args.statistics {
        let elapsed = started.elapsed();
        stderr_line(&format!(
            "checked {} in {} in {:.1} ms",
            plural(report.files_checked(), "file"),
            plural(project_count, "project"),
            elapsed.as_secs_f64() * 1000.0
        ));
    }

    if !errors.is_empty() {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `--fix` without `--write`: the diff of every fixed file on stdout;
/// exit 1 when there is something to fix.
fn show_fixes(plan: &compose_lint::fix::FixPlan, errors: &[Error]) -> u8 {
    let diff: String = plan.files.iter().map(|file| file.diff()).collect();
    if write_stdout(&diff, "the diff") != EXIT_CLEAN {
        return EXIT_ERROR;
    }
    for error in errors {
        report_error(&error.to_string());
    }
    let fixes: usize = plan.files.iter().map(|f| f.rules.len()).sum();
    stderr_line(&format!(
        "{} would change {}{}; run with `--fix --write` to apply",
        plural(fixes, "fix"),
        plural(plan.files.len(), "file"),
        skipped_note(plan.skipped)
    ));
    if !errors.is_empty() {
        EXIT_ERROR
    } else if plan.files.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

fn fixed_summary(written: usize, plan: &compose_lint::fix::FixPlan) -> String {
    let fixes: usize = plan.files.iter().map(|f| f.rules.len()).sum();
    format!(
        "applied {} to {}{}",
        plural(fixes, "fix"),
        plural(written, "file"),
        skipped_note(plan.skipped)
    )
}

fn skipped_note(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!(
            " ({} overlapping another left for a second run)",
            plural(skipped, "fix")
        )
    }
}

/// `1 file`, `2 files`, `1 fix`, `2 fixes`.
fn plural(n: usize, word: &str) -> String {
    let suffix = match (n, word.ends_with('x')) {
        (1, _) => "",
        (_, true) => "es",
        _ => "s",
    };
    format!("{n} {word}{suffix}")
}

/// What the arguments name.
struct Found {
    specs: Vec<ProjectSpec>,
    /// What could not be searched.
    errors: Vec<Error>,
    /// The compose-like files directory searches found but do not lint.
    not_linted: Vec<NotLinted>,
}

/// The projects the arguments name: all `-f` files form one project; each
/// file path is a project of its own; directories are searched.
fn project_specs(args: &CheckArgs) -> Result<Found, String> {
    let mut specs = Vec::new();
    let mut errors = Vec::new();
    let mut not_linted = Vec::new();
    let project = &args.project;
    if !project.files.is_empty() || (args.paths.is_empty() && project.project_directory.is_some()) {
        specs.push(project.project(args.max_file_size)?);
    }
    let default_path = [PathBuf::from(".")];
    let paths = if args.paths.is_empty() && specs.is_empty() {
        &default_path[..]
    } else {
        &args.paths[..]
    };
    for path in paths {
        if path.is_dir() {
            let found = compose_lint::discover_with_max_file_size(path, args.max_file_size);
            specs.extend(found.projects.into_iter().map(|spec| project.apply(spec)));
            errors.extend(found.errors);
            not_linted.extend(found.not_linted);
        } else {
            // Missing and non-regular files are reported when loading.
            specs.push(project.apply(ProjectSpec::from_files([path.clone()])));
        }
    }
    Ok(Found {
        specs,
        errors,
        not_linted,
    })
}

/// Standard input, up to `max` bytes.
fn read_stdin(max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read standard input: {error}"))?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "standard input is larger than {max} bytes; raise --max-file-size to lint it"
        ));
    }
    Ok(bytes)
}

fn human_options(choice: ColorChoice, quiet: bool, not_linted: usize) -> HumanOptions {
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
    HumanOptions {
        color,
        width,
        summary: !quiet,
        not_linted,
    }
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
