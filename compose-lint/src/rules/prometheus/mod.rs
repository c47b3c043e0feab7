//! Rules about Prometheus configuration files: what `promtool check config`
//! refuses, with the line and column of each problem.

pub mod duplicate_job_name;
pub mod duplicate_rule_group;
pub mod invalid_scrape_target;
pub mod prometheus_empty_section;
pub mod prometheus_invalid_duration;
pub mod prometheus_invalid_label_name;
pub mod prometheus_rule_invalid;
pub mod prometheus_unknown_field;
pub mod promql_syntax_error;
pub mod relabel_config_invalid;
pub mod rule_file_missing;
pub mod rule_file_pattern_invalid;
pub mod scrape_timeout_exceeds_interval;
