//! The rule machinery: the [`Rule`] trait, rule metadata declared next to
//! each rule with [`declare_rule!`](crate::declare_rule), and [`RULES`], the
//! one registry every part of the linter reads.
//!
//! A rule reports [`Finding`]s that name symbolic [`Location`]s; the engine
//! turns them into spans, applies the severity and sorts the output.

pub(crate) mod alertmanager;
pub(crate) mod build;
pub(crate) mod dependencies;
pub(crate) mod grafana;
pub(crate) mod healthcheck;
pub(crate) mod interpolation;
pub(crate) mod loading;
pub(crate) mod misfits;
pub(crate) mod networks;
pub(crate) mod ports;
pub(crate) mod prometheus;
pub(crate) mod schema;
pub(crate) mod security;
pub(crate) mod suppressions;
pub(crate) mod syntax;
pub(crate) mod volumes;

use crate::diagnostic::Applicability;
use crate::location::Location;
use crate::model::Stack;
use crate::project::{LoadedFile, Project};

pub(crate) use crate::meta::Family;
pub use crate::meta::RuleMeta;

/// Gives a rule its metadata; implemented by [`declare_rule!`](crate::declare_rule).
pub trait Described {
    fn meta(&self) -> &'static RuleMeta;
}

/// A check. Override the method for the level the rule works at.
pub trait Rule: Described + Send + Sync {
    /// Called once for every loaded file of the project.
    fn check_file(&self, _file: &LoadedFile, _cx: &mut Context<'_>) {}

    /// Called once per project, after every file was checked.
    fn check_project(&self, _project: &Project, _cx: &mut Context<'_>) {}
}

/// Declares a rule: its unit struct, documentation and metadata.
///
/// The doc comment is the rule's documentation and must have the headings
/// `## What it does`, `## Why is this bad?`, `## Example` and `## Use instead`.
#[doc(hidden)]
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        $vis:vis struct $name:ident {
            name: $rule_name:literal,
            family: $family:ident,
            severity: $severity:ident,
            summary: $summary:literal
            $(, fixable: $fixable:literal)?
            $(, opt_in: $opt_in:literal)? $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Clone, Copy, Debug, Default)]
        $vis struct $name;

        impl $crate::rules::Described for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                    name: $rule_name,
                    family: $crate::rules::Family::$family,
                    default_severity: $crate::Severity::$severity,
                    summary: $summary,
                    fixable: false $(|| $fixable)?,
                    opt_in: false $(|| $opt_in)?,
                    raw_docs: concat!($($doc, "\n"),+),
                    source_file: file!(),
                };
                &META
            }
        }
    };
}

/// Every rule, sorted by name. This is the only place rules are registered.
pub static RULES: &[&dyn Rule] = &[
    &security::admin_surface_published::AdminSurfacePublished,
    &prometheus::alert_template_invalid::AlertTemplateInvalid,
    &alertmanager::alertmanager_group_by_invalid::AlertmanagerGroupByInvalid,
    &alertmanager::alertmanager_invalid_value::AlertmanagerInvalidValue,
    &alertmanager::alertmanager_matcher_invalid::AlertmanagerMatcherInvalid,
    &alertmanager::alertmanager_matchers_deprecated::AlertmanagerMatchersDeprecated,
    &alertmanager::alertmanager_receiver_duplicate::AlertmanagerReceiverDuplicate,
    &alertmanager::alertmanager_receiver_incomplete::AlertmanagerReceiverIncomplete,
    &alertmanager::alertmanager_receiver_undefined::AlertmanagerReceiverUndefined,
    &alertmanager::alertmanager_route_invalid::AlertmanagerRouteInvalid,
    &alertmanager::alertmanager_template_invalid::AlertmanagerTemplateInvalid,
    &alertmanager::alertmanager_template_undefined::AlertmanagerTemplateUndefined,
    &alertmanager::alertmanager_time_interval_invalid::AlertmanagerTimeIntervalInvalid,
    &alertmanager::alertmanager_time_interval_undefined::AlertmanagerTimeIntervalUndefined,
    &alertmanager::alertmanager_unknown_field::AlertmanagerUnknownField,
    &syntax::alias_expansion_limit::AliasExpansionLimit,
    &volumes::bind_source_directory_missing::BindSourceDirectoryMissing,
    &volumes::bind_source_missing::BindSourceMissing,
    &volumes::bind_source_type_mismatch::BindSourceTypeMismatch,
    &prometheus::blackbox_invalid_value::BlackboxInvalidValue,
    &prometheus::blackbox_module_undefined::BlackboxModuleUndefined,
    &prometheus::blackbox_unknown_field::BlackboxUnknownField,
    &build::build_context_missing::BuildContextMissing,
    &build::build_target_missing::BuildTargetMissing,
    &loading::chain_too_deep::ChainTooDeep,
    &grafana::client_url_localhost::ClientUrlLocalhost,
    &grafana::client_url_non_http_port::ClientUrlNonHttpPort,
    &grafana::client_url_not_on_shared_network::ClientUrlNotOnSharedNetwork,
    &grafana::client_url_port_not_listening::ClientUrlPortNotListening,
    &grafana::client_url_published_port::ClientUrlPublishedPort,
    &grafana::client_url_unknown_host::ClientUrlUnknownHost,
    &volumes::config_file_missing::ConfigFileMissing,
    &volumes::config_mounted_writable::ConfigMountedWritable,
    &prometheus::conflicting_auth_settings::ConflictingAuthSettings,
    &schema::conflicting_service_settings::ConflictingServiceSettings,
    &ports::container_name_with_replicas::ContainerNameWithReplicas,
    &build::copy_from_unknown::CopyFromUnknown,
    &security::dangerous_capability::DangerousCapability,
    &security::datastore_published_on_all_interfaces::DatastorePublishedOnAllInterfaces,
    &security::default_credential::DefaultCredential,
    &dependencies::dependency_cycle::DependencyCycle,
    &dependencies::dependency_disabled_by_profile::DependencyDisabledByProfile,
    &security::docker_socket_mounted::DockerSocketMounted,
    &build::dockerfile_missing::DockerfileMissing,
    &build::dockerfile_syntax_error::DockerfileSyntaxError,
    &interpolation::dotenv_syntax_error::DotenvSyntaxError,
    &ports::duplicate_container_name::DuplicateContainerName,
    &prometheus::duplicate_job_name::DuplicateJobName,
    &syntax::duplicate_key::DuplicateKey,
    &volumes::duplicate_mount_target::DuplicateMountTarget,
    &prometheus::duplicate_rule_group::DuplicateRuleGroup,
    &prometheus::duplicate_rule_name::DuplicateRuleName,
    &syntax::empty_compose_file::EmptyComposeFile,
    &volumes::env_file_missing::EnvFileMissing,
    &interpolation::env_link_broken::EnvLinkBroken,
    &loading::extends_cycle::ExtendsCycle,
    &loading::extends_target_missing::ExtendsTargetMissing,
    &schema::external_resource_with_settings::ExternalResourceWithSettings,
    &prometheus::file_sd_file_missing::FileSdFileMissing,
    &prometheus::file_sd_pattern_invalid::FileSdPatternInvalid,
    &prometheus::file_sd_targets_invalid::FileSdTargetsInvalid,
    &ports::fixed_host_port_with_replicas::FixedHostPortWithReplicas,
    &security::hardcoded_credential::HardcodedCredential,
    &healthcheck::healthcheck_invalid_timing::HealthcheckInvalidTiming,
    &healthcheck::healthcheck_shell_syntax_in_exec_form::HealthcheckShellSyntaxInExecForm,
    &healthcheck::healthcheck_timeout_exceeds_interval::HealthcheckTimeoutExceedsInterval,
    &healthcheck::healthcheck_tool_missing_in_image::HealthcheckToolMissingInImage,
    &dependencies::healthy_dependency_without_healthcheck::HealthyDependencyWithoutHealthcheck,
    &prometheus::host_gateway_missing::HostGatewayMissing,
    &security::host_namespace::HostNamespace,
    &ports::host_port_conflict::HostPortConflict,
    &security::image_tag_floating::ImageTagFloating,
    &loading::include_conflict::IncludeConflict,
    &loading::include_cycle::IncludeCycle,
    &loading::include_file_missing::IncludeFileMissing,
    &interpolation::invalid_interpolation::InvalidInterpolation,
    &prometheus::invalid_scrape_target::InvalidScrapeTarget,
    &suppressions::invalid_suppression::InvalidSuppression,
    &schema::invalid_type::InvalidType,
    &syntax::invalid_utf8::InvalidUtf8,
    &schema::invalid_value::InvalidValue,
    &volumes::label_file_missing::LabelFileMissing,
    &grafana::loki_invalid_value::LokiInvalidValue,
    &grafana::loki_schema_config_invalid::LokiSchemaConfigInvalid,
    &grafana::loki_schema_lacks_structured_metadata::LokiSchemaLacksStructuredMetadata,
    &grafana::loki_unknown_field::LokiUnknownField,
    &prometheus::metrics_path_not_metrics::MetricsPathNotMetrics,
    &schema::missing_key::MissingKey,
    &volumes::mount_not_readable_by_user::MountNotReadableByUser,
    &volumes::mount_not_writable_by_user::MountNotWritableByUser,
    &ports::network_mode_conflict::NetworkModeConflict,
    &syntax::non_string_key::NonStringKey,
    &schema::obsolete_version::ObsoleteVersion,
    &prometheus::otlp_config_invalid::OtlpConfigInvalid,
    &networks::overlapping_subnets::OverlappingSubnets,
    &loading::override_empty_does_not_reset::OverrideEmptyDoesNotReset,
    &loading::path_outside_root::PathOutsideRoot,
    &ports::port_base_60::PortBase60,
    &ports::ports_ignored_by_network_mode::PortsIgnoredByNetworkMode,
    &security::privileged_container::PrivilegedContainer,
    &prometheus::prometheus_empty_section::PrometheusEmptySection,
    &prometheus::prometheus_invalid_duration::PrometheusInvalidDuration,
    &prometheus::prometheus_invalid_label_name::PrometheusInvalidLabelName,
    &prometheus::prometheus_invalid_value::PrometheusInvalidValue,
    &prometheus::prometheus_rule_invalid::PrometheusRuleInvalid,
    &prometheus::prometheus_unknown_field::PrometheusUnknownField,
    &prometheus::promql_syntax_error::PromqlSyntaxError,
    &grafana::promtail_invalid_value::PromtailInvalidValue,
    &grafana::promtail_unknown_field::PromtailUnknownField,
    &prometheus::relabel_config_invalid::RelabelConfigInvalid,
    &prometheus::remote_storage_config_invalid::RemoteStorageConfigInvalid,
    &interpolation::required_variable_missing::RequiredVariableMissing,
    &volumes::resource_file_missing::ResourceFileMissing,
    &schema::resource_source_invalid::ResourceSourceInvalid,
    &prometheus::rule_file_missing::RuleFileMissing,
    &prometheus::rule_file_pattern_invalid::RuleFilePatternInvalid,
    &prometheus::scrape_config_file_missing::ScrapeConfigFileMissing,
    &prometheus::scrape_target_localhost::ScrapeTargetLocalhost,
    &prometheus::scrape_target_non_http_port::ScrapeTargetNonHttpPort,
    &prometheus::scrape_target_non_metrics_port::ScrapeTargetNonMetricsPort,
    &prometheus::scrape_target_not_on_shared_network::ScrapeTargetNotOnSharedNetwork,
    &prometheus::scrape_target_port_not_listening::ScrapeTargetPortNotListening,
    &prometheus::scrape_target_published_port::ScrapeTargetPublishedPort,
    &prometheus::scrape_target_unknown_host::ScrapeTargetUnknownHost,
    &prometheus::scrape_timeout_exceeds_interval::ScrapeTimeoutExceedsInterval,
    &prometheus::sd_config_invalid::SdConfigInvalid,
    &security::security_profile_disabled::SecurityProfileDisabled,
    &security::sensitive_host_path_mounted::SensitiveHostPathMounted,
    &schema::service_without_image::ServiceWithoutImage,
    &networks::static_ip_outside_subnet::StaticIpOutsideSubnet,
    &volumes::undefined_config::UndefinedConfig,
    &dependencies::undefined_dependency::UndefinedDependency,
    &volumes::undefined_model::UndefinedModel,
    &networks::undefined_network::UndefinedNetwork,
    &volumes::undefined_secret::UndefinedSecret,
    &volumes::undefined_volume::UndefinedVolume,
    &schema::unknown_key::UnknownKey,
    &suppressions::unused_suppression::UnusedSuppression,
    &volumes::unused_volume::UnusedVolume,
    &interpolation::variable_unset::VariableUnset,
    &schema::watch_target_missing::WatchTargetMissing,
    &syntax::yaml_syntax_error::YamlSyntaxError,
];

/// The rule called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|rule| rule.meta().name == name)
}

/// The names of the rules a rule or family name stands for; `None` when it
/// names neither.
pub(crate) fn selected(name: &str) -> Option<Vec<&'static str>> {
    if let Some(rule) = find(name) {
        return Some(vec![rule.meta().name]);
    }
    let family = Family::ALL.iter().find(|f| f.as_str() == name)?;
    Some(
        RULES
            .iter()
            .filter(|r| r.meta().family == *family)
            .map(|r| r.meta().name)
            .collect(),
    )
}

/// A scalar written on one line, as the file writes it: its text between
/// the quotes (or all of it, unquoted) and how many bytes of quote close
/// it. `None` for a block scalar (`|`, `>`) or a value on several lines,
/// whose bytes a fix cannot edit in place.
pub(crate) fn one_line_scalar(written: &str) -> Option<(&str, usize)> {
    if written.starts_with(['|', '>']) || written.contains('\n') {
        return None;
    }
    let quoted = ['"', '\''].into_iter().find_map(|quote| {
        written
            .strip_prefix(quote)
            .and_then(|inner| inner.strip_suffix(quote))
    });
    Some(match quoted {
        Some(inner) => (inner, 1),
        None => (written, 0),
    })
}

/// A label's location on a service's name.
pub(crate) fn on_service(service: &crate::compose::model::Element<'_>) -> Location {
    Location::model(service.pointer("services", &[]), crate::location::Part::Key)
}

/// What a rule reports: symbolic locations, resolved by the engine.
#[derive(Clone, Debug)]
pub struct Finding {
    pub(crate) message: String,
    pub(crate) primary: Location,
    pub(crate) primary_label: Option<String>,
    pub(crate) labels: Vec<(Location, String)>,
    pub(crate) help: Option<String>,
    pub(crate) notes: Vec<String>,
    pub(crate) fix: Option<FindingFix>,
    /// The most serious severity this finding may have, whatever the
    /// rule's: for a case the rule knows to be less certain or harmful.
    pub(crate) cap: Option<crate::meta::Severity>,
}

/// A repair a rule offers: replacements of exact spans
/// ([`Location::Span`]), resolved by the engine.
#[derive(Clone, Debug)]
pub(crate) struct FindingFix {
    pub(crate) description: String,
    pub(crate) applicability: Applicability,
    pub(crate) edits: Vec<(Location, String)>,
}

impl Finding {
    /// A finding at `location`. Messages start lowercase, quote the value
    /// they are about, and have no trailing period.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            primary: location,
            primary_label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
            cap: None,
        }
    }

    /// Reports this finding at `severity` at most, even when the rule's
    /// severity (or the configuration's for it) is higher.
    pub fn at_most(mut self, severity: crate::meta::Severity) -> Self {
        self.cap = Some(severity);
        self
    }

    /// Text under the primary span.
    pub fn primary_label(mut self, text: impl Into<String>) -> Self {
        self.primary_label = Some(text.into());
        self
    }

    /// Another place that explains the finding, possibly in another file.
    pub fn label(mut self, location: Location, text: impl Into<String>) -> Self {
        self.labels.push((location, text.into()));
        self
    }

    /// A secondary location, when there is one.
    pub fn label_if(self, location: Option<Location>, text: impl Into<String>) -> Self {
        match location {
            Some(location) => self.label(location, text),
            None => self,
        }
    }

    /// How to fix it.
    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    /// A repair: each edit replaces the exact span of a
    /// [`Location::Span`] with its text.
    pub fn fix(
        mut self,
        description: impl Into<String>,
        applicability: Applicability,
        edits: Vec<(Location, String)>,
    ) -> Self {
        self.fix = Some(FindingFix {
            description: description.into(),
            applicability,
            edits,
        });
        self
    }

    /// Background that explains why it matters.
    pub fn note(mut self, text: impl Into<String>) -> Self {
        self.notes.push(text.into());
        self
    }
}

/// What a rule sees while it runs.
pub struct Context<'a> {
    project: &'a Project,
    stack: &'a Stack<'a>,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(project: &'a Project, stack: &'a Stack<'a>) -> Self {
        Self {
            project,
            stack,
            findings: Vec::new(),
        }
    }

    pub fn project(&self) -> &'a Project {
        self.project
    }

    /// The typed models of the project, built once for every rule.
    pub fn stack(&self) -> &'a Stack<'a> {
        self.stack
    }

    pub fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    pub(crate) fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }
}
