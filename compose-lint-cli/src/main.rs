//! The `compose-lint` command: parses flags, asks the library, renders the
//! report and maps it to an exit code. Nothing else lives here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
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
    /// List every rule by family: name, default severity, `*` when it
    /// offers a fix, and what it reports.
    Rules {
        /// `text` (a table fitted to the terminal) or `json`.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
        /// Only the rules of this family (`syntax`, `ports`, `prometheus`…).
        #[arg(long, value_name = "FAMILY")]
        family: Option<String>,
    },
    /// Print a rule's documentation for the terminal (offline; the text of
    /// its page in docs/rules/, with a link to it).
    Rule {
        /// The rule's name, such as `healthcheck-shell-syntax-in-exec-form`.
        name: String,
    },
    /// Write a starter `compose-lint.toml` (every setting, commented) in the
    /// current directory; an existing file is kept unless `--force`.
    Init {
        /// Where to write it.
        #[arg(default_value = "compose-lint.toml")]
        path: PathBuf,
        /// Replace an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the completion script for a shell on stdout (for example
    /// `compose-lint completions bash > /etc/bash_completion.d/compose-lint`).
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout (`compose-lint man > compose-lint.1`).
    Man,
    /// Run the language server on stdin and stdout, for editors: diagnostics
    /// as you type, quick fixes, suppressions.
    Server,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
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

    /// When to colour human output and diffs; `auto` means on a terminal, with
    /// NO_COLOR unset and TERM not `dumb`.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Refuse files larger than this many bytes (exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = compose_lint::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,

    /// Rules to run instead of the configured selection: rule or family
    /// names, comma-separated or repeated.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Option<Vec<String>>,

    /// Rules to run on top of the selection.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    extend_select: Vec<String>,

    /// Rules not to run.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,

    /// Print how many findings each rule reported instead of the findings
    /// (with `--format json`: a JSON array).
    #[arg(long)]
    statistics: bool,

    /// Print how many files were checked and how long it took, on stderr.
    #[arg(long)]
    timings: bool,

    /// Report only the findings not in this baseline file (written by
    /// `--write-baseline`); exit 1 only for new ones.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,

    /// Write every current finding to this baseline file and exit 0; an
    /// existing file is kept unless `--force`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff", "statistics"])]
    write_baseline: Option<PathBuf>,

    /// With `--write-baseline`: replace an existing file.
    #[arg(long, requires = "write_baseline")]
    force: bool,

    /// Lint again whenever a file the projects read changes (the files
    /// `--show-files` lists); stop with Ctrl-C.
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline"])]
    watch: bool,

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

    /// Print the fixes as a unified diff without writing anything (the same
    /// as `--fix` alone).
    #[arg(long, conflicts_with = "write")]
    diff: bool,

    /// With `--fix`: write the fixed files in place (atomically), then
    /// report what is left.
    #[arg(long, requires = "fix")]
    write: bool,

    /// With `--fix` or `--diff`: also apply the fixes marked unsafe, which
    /// change what a value means in a way a person should review (a
    /// healthcheck word with quotes or a glob, joined into a shell command).
    #[arg(long)]
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
        Command::Rules { format, family } => ExitCode::from(rules(format, family.as_deref())),
        Command::Rule { name } => ExitCode::from(rule(&name)),
        Command::Init { path, force } => ExitCode::from(init(&path, force)),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "compose-lint", &mut out);
            ExitCode::from(write_stdout(
                &String::from_utf8_lossy(&out),
                "the completions",
            ))
        }
        Command::Server => match compose_lint_server::run_stdio() {
            Ok(()) => ExitCode::from(EXIT_CLEAN),
            Err(error) => {
                report_error(&format!("the language server stopped: {error}"));
                ExitCode::from(EXIT_ERROR)
            }
        },
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => {
                    ExitCode::from(write_stdout(&String::from_utf8_lossy(&out), "the manual"))
                }
                Err(error) => {
                    report_error(&format!("cannot render the manual: {error}"));
                    ExitCode::from(EXIT_ERROR)
                }
            }
        }
    }
}

/// Writes the starter configuration at `path`.
fn init(path: &std::path::Path, force: bool) -> u8 {
    let roots = std::collections::BTreeSet::from([compose_lint::auto_root(&working_directory())]);
    match compose_lint::fix::write_new(path, &compose_lint::starter(), force, &roots) {
        Ok(()) => {
            stderr_line(&format!(
                "wrote {}; `compose-lint check` reads it from here and below",
                path.display()
            ));
            EXIT_CLEAN
        }
        Err(error) => {
            report_error(&error.to_string());
            EXIT_ERROR
        }
    }
}

/// Prints the rules, as a table or JSON, of one family or all.
fn rules(format: ListFormat, family: Option<&str>) -> u8 {
    let family = match family.map(render::rules::family) {
        None => None,
        Some(Ok(family)) => Some(family),
        Some(Err(error)) => {
            report_error(&error);
            return EXIT_ERROR;
        }
    };
    let listed = render::rules::listed(family);
    let text = match format {
        ListFormat::Text => render::rules::table(&listed, terminal_width()),
        ListFormat::Json => render::rules::json(&listed),
    };
    write_stdout(&text, "the rules")
}

/// Prints one rule's documentation.
fn rule(name: &str) -> u8 {
    match compose_lint::find_rule(name) {
        Some(rule) => write_stdout(
            &rule.meta().terminal_page(color_on(ColorChoice::Auto)),
            "the rule",
        ),
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
    if args.watch {
        let watched = compose_lint::watch::watch(
            || {
                let (_, mut files) = check_once(args);
                // What the run depends on besides what it read: its
                // configuration and baseline, which a fix may create.
                files.extend(args.config.iter().cloned());
                files.extend(args.baseline.iter().cloned());
                for directory in watched_directories(args) {
                    files.push(directory.join("compose-lint.toml"));
                    files.push(directory.join(".compose-lint.toml"));
                }
                stderr_line("watching for changes (Ctrl-C stops)");
                files
            },
            None,
        );
        if let Err(error) = watched {
            report_error(&error.to_string());
        }
        return EXIT_ERROR;
    }
    check_once(args).0
}

/// The directories whose configuration files `--watch` watches: the
/// searched directories, else those of the files named.
fn watched_directories(args: &CheckArgs) -> Vec<PathBuf> {
    let named = args.paths.iter().chain(&args.project.files);
    let mut directories: Vec<PathBuf> = named
        .map(|path| {
            if path.is_dir() {
                path.clone()
            } else {
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf)
            }
        })
        .collect();
    if directories.is_empty() {
        directories.push(PathBuf::from("."));
    }
    directories
}

/// One run of `check`: its exit code and the files it read.
fn check_once(args: &CheckArgs) -> (u8, Vec<PathBuf>) {
    let started = Instant::now();
    if args.unsafe_fixes && !(args.fix || args.diff) {
        report_error("`--unsafe-fixes` goes with `--fix` or `--diff`");
        return (EXIT_ERROR, Vec::new());
    }
    let selection = compose_lint::RuleSelection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    if let Err(error) = selection.check() {
        report_error(&error);
        return (EXIT_ERROR, Vec::new());
    }
    let baseline = match args
        .baseline
        .as_deref()
        .map(compose_lint::baseline::Baseline::read)
    {
        None => None,
        Some(Ok(baseline)) => Some(baseline),
        Some(Err(error)) => {
            report_error(&error.to_string());
            return (EXIT_ERROR, Vec::new());
        }
    };
    let Found {
        specs,
        mut errors,
        not_linted,
    } = match project_specs(args) {
        Ok(found) => found,
        Err(error) => {
            report_error(&error);
            return (EXIT_ERROR, Vec::new());
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
            return (EXIT_ERROR, Vec::new());
        }
    };
    // Each group of projects runs with its own configuration file, and
    // fails the run at its own threshold; the command line's selection
    // applies over each file's.
    let lint = |errors: &mut Vec<Error>| -> (Report, bool) {
        let mut reports = Vec::with_capacity(project_count);
        let mut failing = false;
        for group in &groups {
            let config = selection.apply(
                group.config(
                    args.root
                        .apply(Config::default().with_max_file_size(args.max_file_size)),
                ),
            );
            let threshold = args
                .fail_on
                .map(Severity::from)
                .or(config.fail_on())
                .unwrap_or(Severity::Warning);
            for result in Linter::new(config).check_all(&group.specs) {
                match result {
                    Ok(mut report) => {
                        if let Some(baseline) = &baseline {
                            report.apply_baseline(baseline);
                        }
                        failing |= report.has_findings_at(threshold);
                        reports.push(report);
                    }
                    Err(error) => errors.push(error),
                }
            }
        }
        (reports.into_iter().collect(), failing)
    };
    // The errors of the search, kept when a run after `--fix --write`
    // replaces the lint errors.
    let search_errors = errors.len();
    let (mut report, mut failing) = lint(&mut errors);
    let files_read = |report: &Report| report.files_read().map(PathBuf::from).collect();

    if let Some(path) = &args.write_baseline {
        for error in &errors {
            report_error(&error.to_string());
        }
        if !errors.is_empty() {
            report_error("the baseline was not written: not every project could be linted");
            return (EXIT_ERROR, files_read(&report));
        }
        let text = compose_lint::baseline::write_text(report.diagnostics(), path);
        return match compose_lint::fix::write_new(path, &text, args.force, report.roots()) {
            Ok(()) => {
                stderr_line(&format!(
                    "wrote {} with {}; `--baseline {}` reports only findings not in it",
                    path.display(),
                    plural(report.diagnostics().len(), "finding"),
                    path.display()
                ));
                (EXIT_CLEAN, files_read(&report))
            }
            Err(error) => {
                report_error(&format!("cannot write the baseline: {error}"));
                (EXIT_ERROR, files_read(&report))
            }
        };
    }

    if args.fix || args.diff {
        let plan = compose_lint::fix::plan(report.diagnostics(), args.unsafe_fixes);
        if !args.write {
            let color = color_on(args.color);
            return (show_fixes(&plan, &errors, color), files_read(&report));
        }
        // Nothing is written when any fixed file cannot be.
        if plan
            .files
            .iter()
            .any(|file| file.path().as_os_str() == compose_lint::STDIN_PATH)
        {
            report_error(
                "fixes to a file read from standard input are shown, not written: run without `--write`",
            );
            return (EXIT_ERROR, files_read(&report));
        }
        let mut written = 0;
        for file in &plan.files {
            match compose_lint::fix::write(file, report.roots()) {
                Ok(()) => written += 1,
                Err(error) => {
                    report_error(&format!("cannot write the fix: {error}"));
                    return (EXIT_ERROR, files_read(&report));
                }
            }
        }
        if !args.quiet {
            stderr_line(&fixed_summary(written, &plan));
        }
        // Report what is left, as it is now on disk.
        errors.truncate(search_errors);
        (report, failing) = lint(&mut errors);
    }

    let files = if args.show_files {
        render::files::render(report.files(), &not_linted)
    } else {
        String::new()
    };
    let output = if args.statistics {
        match args.format {
            Format::Json => render::statistics::json(report.diagnostics()),
            _ => render::statistics::text(report.diagnostics()),
        }
    } else {
        match args.format {
            Format::Human => {
                files.clone()
                    + &render::human::render_report(
                        &report,
                        // Something went wrong and nothing was found: the
                        // error says it; "no problems found" would not be
                        // true.
                        human_options(
                            args.color,
                            args.quiet || (report.diagnostics().is_empty() && !errors.is_empty()),
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
        }
    };
    if matches!(args.format, Format::Sarif | Format::Github) && !files.is_empty() {
        // Those formats have no place for it; stdout stays machine-readable.
        stderr_line(files.trim_end());
    }
    if write_stdout(&output, "the report") != EXIT_CLEAN {
        return (EXIT_ERROR, files_read(&report));
    }
    for error in &errors {
        report_error(&error.to_string());
    }
    if args.timings {
        let elapsed = started.elapsed();
        stderr_line(&format!(
            "checked {} in {} in {:.1} ms",
            plural(report.files_checked(), "file"),
            plural(project_count, "project"),
            elapsed.as_secs_f64() * 1000.0
        ));
    }

    let code = if !errors.is_empty() {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    };
    (code, files_read(&report))
}

/// `--fix` without `--write`: the diff of every fixed file on stdout;
/// exit 1 when there is something to fix.
fn show_fixes(plan: &compose_lint::fix::FixPlan, errors: &[Error], color: bool) -> u8 {
    let diff: String = plan.files.iter().map(|file| file.diff()).collect();
    let diff = if color {
        compose_lint::fix::colored_diff(&diff)
    } else {
        diff
    };
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
    let color = color_on(choice);
    HumanOptions {
        color,
        // Links only where colours are on and the terminal is known to
        // show them.
        hyperlinks: color
            && std::io::stdout().is_terminal()
            && supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout),
        width: terminal_width(),
        summary: !quiet,
        not_linted,
    }
}

/// Whether to colour output: `auto` means on a terminal with `NO_COLOR`
/// unset and `TERM` not `dumb`.
fn color_on(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
        }
    }
}

/// The width output is fitted to: `COLUMNS` when set, else the terminal's
/// when stdout is one, else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.parse().ok())
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(width, _)| usize::from(width.0)))
                .flatten()
        })
        .unwrap_or(80)
        .max(40)
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
