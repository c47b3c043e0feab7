//! compose-lint: lints Docker Compose projects and the configs they mount.
//!
//! Files are parsed once into a YAML tree that keeps the byte span of every
//! key and value; rules look at the converted documents and point at places
//! by JSON pointer, and the engine turns those into spans, so every
//! diagnostic lands on the exact line and column.
//!
//! ```
//! use compose_lint::{Config, Linter, Project, FileKind, Severity};
//!
//! let mut project = Project::new(".");
//! project.add_text(
//!     "compose.yaml",
//!     FileKind::Compose,
//!     "services:\n  web:\n    image: nginx:1.27\n    image: httpd:2.4\n".to_string(),
//! );
//! let report = Linter::new(Config::default()).check_project(&project);
//! let found = &report.diagnostics()[0];
//! assert_eq!(found.rule(), "duplicate-key");
//! assert_eq!(found.severity(), Severity::Error);
//! assert_eq!(found.primary().start().line, 4);
//! ```
//!
//! Files on disk are checked with [`Linter::check`] and a [`ProjectSpec`]:
//!
//! ```no_run
//! # fn main() -> Result<(), compose_lint::Error> {
//! let linter = compose_lint::Linter::new(compose_lint::Config::default());
//! let report = linter.check(&compose_lint::ProjectSpec::from_files(["docker-compose.yml"]))?;
//! for d in report.diagnostics() {
//!     let at = d.primary().start();
//!     println!("{}:{}: {} [{}]", at.line, at.column, d.message(), d.rule());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The typed models are the way in for a program that reads a project:
//! [`model::Stack`] holds its services, networks and the Prometheus
//! configurations they run, each field with where it was written;
//! [`locate`] turns that into a file and a span (a configuration written
//! inline in the compose file is shown there):
//!
//! ```
//! use compose_lint::{FileKind, Project, locate, model::Stack};
//!
//! let mut project = Project::new(".");
//! project.add_text(
//!     "compose.yaml",
//!     FileKind::Compose,
//!     r#"services:
//!   app:
//!     image: example/app:2.1
//!     ports: ["8080:8080"]
//!   prometheus:
//!     image: prom/prometheus:v3.0.0
//!     configs:
//!       - source: prometheus
//!         target: /etc/prometheus/prometheus.yml
//! configs:
//!   prometheus:
//!     content: |
//!       scrape_configs:
//!         - job_name: app
//!           static_configs:
//!             - targets: ["app:8080"]
//! "#
//!     .to_string(),
//! );
//! project.resolve(&Default::default());
//! let stack = Stack::of(&project);
//! let line = |location| {
//!     let (file, span) = locate(&project, &location).expect("written somewhere");
//!     file.line_col(span.start).line
//! };
//! let app = stack.service("app").expect("defined");
//! assert_eq!(app.ports[0].value.published, Some(8080..=8080));
//! assert_eq!(line(app.ports[0].location()), 4);
//! let scrape = &stack.prometheus[0].scrape_configs[0];
//! assert_eq!(scrape.static_targets[0].value, "app:8080");
//! assert_eq!(line(scrape.static_targets[0].location()), 16);
//! ```
//!
//! Fixes are byte-range edits on the linted text; [`fix::plan`] groups the
//! safe ones by file and gives the fixed text, which keeps every byte the
//! fixes do not touch:
//!
//! ```
//! use compose_lint::{Config, FileKind, Linter, Project};
//!
//! let mut project = Project::new(".");
//! project.add_text(
//!     "compose.yaml",
//!     FileKind::Compose,
//!     "version: '3.8'  # Compose 1\nservices:\n  web:\n    image: nginx:1.27\n".to_string(),
//! );
//! let report = Linter::new(Config::default()).check_project(&project);
//! let plan = compose_lint::fix::plan(report.diagnostics(), false);
//! assert_eq!(plan.files[0].fixed, "services:\n  web:\n    image: nginx:1.27\n");
//! assert!(plan.files[0].diff().contains("-version: '3.8'  # Compose 1"));
//! ```

pub mod baseline;
mod build;
mod compose;
mod config;
mod diagnostic;
mod discover;
mod engine;
mod error;
pub mod fix;
mod grafana;
mod images;
mod inventory;
mod linter;
mod location;
mod meta;
pub mod model;
pub mod overlay;
mod project;
mod prometheus;
pub mod render;
mod rules;
pub mod schema;
mod settings;
mod shape;
mod source;
mod sources;
mod spec;
mod suppress;
mod view;
pub mod watch;
pub mod yaml;

pub use compose::environment::{Environment, Variables};
pub use compose::file_names::{
    COMPOSE_FILE_NAMES, OVERRIDE_FILE_NAMES, default_compose_file, is_compose_like_name,
};
pub use compose::load::{Layer, ResolveOptions, Resolved};
pub use compose::problem::LoadProblem;
pub use compose::value::{Kind, Mapping, Origin, Value};
pub use config::{
    ConfigError, ConfigFile, ConfigGroup, ConfigSource, RuleSelection, group_by_config, starter,
};
pub use diagnostic::{
    Applicability, Diagnostic, Edit, Fix, Label, Severity, Suppression, SuppressionKind,
};
pub use discover::{Discovery, NotLinted, NotLintedReason, discover, discover_with_max_file_size};
pub use engine::locate;
pub use error::Error;
pub use images::{ConfiguredImage, ImageCatalog};
pub use linter::{Linter, Report};
pub use location::{FileId, Location, Part};
pub use meta::Family;
pub use project::{FileKind, LoadedFile, Project, Refused};
pub use rules::{Finding, RULES, Rule, RuleMeta, find as find_rule};
pub use settings::{Config, DEFAULT_MAX_FILE_SIZE, PathIgnore, RootPolicy};
pub use source::{LineCol, SourceFile, Span};
pub use sources::Sources;
pub use spec::{ProjectSpec, STDIN_PATH, auto_root};
