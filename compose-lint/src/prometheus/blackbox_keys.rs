//! The keys and value types of the Prometheus blackbox exporter's
//! configuration file (`blackbox.yml`, `--config.file`).
//!
//! Written from the yaml tags of the exporter's Go structs
//! (`config/config.go`) in the releases v0.22.0 to v0.28.0, with
//! `CONFIGURATION.md` alongside, and from `prometheus/common`
//! `config/http_config.go` and `config/headers.go` (v0.37.0 to v0.67.4, the
//! versions those releases build with) for the inlined HTTP client. The
//! exporter decodes the file with `yaml.v3` and `KnownFields(true)`, so a
//! key no table lists is one it refuses, at start and on reload.
//!
//! A key carries [`Shape::Since`] only when both the releases' structs and
//! the exporter's `CHANGELOG.md` date it; keys the structs alone date (most
//! of them from `prometheus/common` upgrades: `no_proxy`, `http_headers`,
//! the `*_ref` keys…) are accepted on every release. No key was removed
//! between v0.22 and v0.28 (`no_follow_redirects` is deprecated but still
//! read).

use super::http_client_keys::{
    AUTHORIZATION, BASIC_AUTH, HTTP_HEADER, OAUTH2, PROXY_CONNECT_HEADER, TLS_CONFIG,
};
use crate::shape::{Block, Shape};

const LIST_OF_TEXT: Shape = Shape::List(&Shape::Str);
const MAP_OF_TEXT: Shape = Shape::Map(&Shape::Str);

// ---------------------------------------------------------------------------
// The HTTP client (prometheus/common), inlined in the `http` probe.
// ---------------------------------------------------------------------------

const TLS: Shape = Shape::Block(&TLS_CONFIG);

// ---------------------------------------------------------------------------
// The top level and the modules.
// ---------------------------------------------------------------------------

/// The whole file: `config/config.go` `Config` (v0.22.0–v0.28.0).
pub(crate) static BLACKBOX: Block = Block {
    name: "top level",
    fields: &[("modules", Shape::Map(&Shape::Block(&MODULE)))],
};

/// A module: `config/config.go` `Module` (v0.22.0–v0.28.0). `unix` 0.28
/// (CHANGELOG 0.28.0 #1480). `timeout` is a Go `time.Duration` (yaml.v3
/// takes `5s`, not `5` nor `1d`); the shape is looser.
static MODULE: Block = Block {
    name: "module",
    fields: &[
        ("prober", PROBER),
        ("timeout", Shape::Duration),
        ("http", Shape::Block(&HTTP_PROBE)),
        ("tcp", Shape::Block(&TCP_PROBE)),
        ("icmp", Shape::Block(&ICMP_PROBE)),
        ("dns", Shape::Block(&DNS_PROBE)),
        ("grpc", Shape::Block(&GRPC_PROBE)),
        ("unix", Shape::Since((0, 28), &Shape::Block(&UNIX_PROBE))),
    ],
};

/// `prober`: the names of `prober/handler.go` `Probers` (v0.25.0–v0.28.0;
/// `main.go` before), the union of the releases: `unix` only from 0.28
/// (CHANGELOG 0.28.0 #1480). The file loads with another name, but every
/// probe of the module fails (`Unknown prober`).
const PROBER: Shape = Shape::Choice(&["http", "tcp", "icmp", "dns", "grpc", "unix"]);

/// `http`: `config/config.go` `HTTPProbe` (v0.22.0–v0.28.0) with the inlined
/// prometheus/common `HTTPClientConfig` and `ProxyConfig`. `body_file` 0.24
/// (CHANGELOG 0.24.0 #987), `fail_if_body_json_*_cel` 0.27 (0.27.0 #1255),
/// `enable_http3` 0.28 (0.28.0 #1425). `body_size_limit` is read by
/// `units.ParseBase2Bytes` (`1MB`, `512KiB`); the shape is looser.
static HTTP_PROBE: Block = Block {
    name: "http",
    fields: &[
        ("valid_status_codes", Shape::List(&Shape::Int)),
        ("valid_http_versions", LIST_OF_TEXT),
        ("preferred_ip_protocol", Shape::Str),
        ("ip_protocol_fallback", Shape::Bool),
        ("skip_resolve_phase_with_proxy", Shape::Bool),
        ("no_follow_redirects", Shape::Bool),
        ("fail_if_ssl", Shape::Bool),
        ("fail_if_not_ssl", Shape::Bool),
        ("method", Shape::Str),
        ("headers", MAP_OF_TEXT),
        ("fail_if_body_matches_regexp", LIST_OF_TEXT),
        ("fail_if_body_not_matches_regexp", LIST_OF_TEXT),
        (
            "fail_if_body_json_matches_cel",
            Shape::Since((0, 27), &Shape::Str),
        ),
        (
            "fail_if_body_json_not_matches_cel",
            Shape::Since((0, 27), &Shape::Str),
        ),
        (
            "fail_if_header_matches",
            Shape::List(&Shape::Block(&HEADER_MATCH)),
        ),
        (
            "fail_if_header_not_matches",
            Shape::List(&Shape::Block(&HEADER_MATCH)),
        ),
        ("body", Shape::Str),
        ("body_file", Shape::Since((0, 24), &Shape::Str)),
        ("compression", Shape::Str),
        ("body_size_limit", Shape::Size),
        ("enable_http3", Shape::Since((0, 28), &Shape::Bool)),
        // The inlined HTTP client.
        ("basic_auth", Shape::Block(&BASIC_AUTH)),
        ("authorization", Shape::Block(&AUTHORIZATION)),
        ("oauth2", Shape::Block(&OAUTH2)),
        ("bearer_token", Shape::Str),
        ("bearer_token_file", Shape::Str),
        ("tls_config", TLS),
        ("follow_redirects", Shape::Bool),
        ("enable_http2", Shape::Bool),
        ("http_headers", Shape::Map(&Shape::Block(&HTTP_HEADER))),
        ("proxy_url", Shape::Str),
        ("no_proxy", Shape::Str),
        ("proxy_from_environment", Shape::Bool),
        ("proxy_connect_header", PROXY_CONNECT_HEADER),
    ],
};

/// A `fail_if_header_matches` or `fail_if_header_not_matches` item:
/// `config/config.go` `HeaderMatch` (v0.22.0–v0.28.0).
static HEADER_MATCH: Block = Block {
    name: "header match",
    fields: &[
        ("header", Shape::Str),
        ("regexp", Shape::Str),
        ("allow_missing", Shape::Bool),
    ],
};

/// A `query_response` item of `tcp` and `unix`: `config/config.go`
/// `QueryResponse` (v0.22.0–v0.28.0). `labels` 0.26 (CHANGELOG 0.26.0
/// #1284), `expect_bytes` 0.28 (0.28.0 #1441).
static QUERY_RESPONSE: Block = Block {
    name: "query_response item",
    fields: &[
        ("expect", Shape::Str),
        ("expect_bytes", Shape::Since((0, 28), &Shape::Str)),
        (
            "labels",
            Shape::Since((0, 26), &Shape::List(&Shape::Block(&LABEL))),
        ),
        ("send", Shape::Str),
        ("starttls", Shape::Bool),
    ],
};

/// A `labels` item of a `query_response` item: `config/config.go` `Label`
/// (v0.26.0–v0.28.0).
static LABEL: Block = Block {
    name: "labels item",
    fields: &[("name", Shape::Str), ("value", Shape::Str)],
};

/// `tcp`: `config/config.go` `TCPProbe` (v0.22.0–v0.28.0).
static TCP_PROBE: Block = Block {
    name: "tcp",
    fields: &[
        ("preferred_ip_protocol", Shape::Str),
        ("ip_protocol_fallback", Shape::Bool),
        ("source_ip_address", Shape::Str),
        (
            "query_response",
            Shape::List(&Shape::Block(&QUERY_RESPONSE)),
        ),
        ("tls", Shape::Bool),
        ("tls_config", TLS),
    ],
};

/// `unix`: `config/config.go` `UnixProbe` (v0.28.0).
static UNIX_PROBE: Block = Block {
    name: "unix",
    fields: &[
        (
            "query_response",
            Shape::List(&Shape::Block(&QUERY_RESPONSE)),
        ),
        ("tls", Shape::Bool),
        ("tls_config", TLS),
    ],
};

/// `icmp`: `config/config.go` `ICMPProbe` (v0.22.0–v0.28.0).
static ICMP_PROBE: Block = Block {
    name: "icmp",
    fields: &[
        ("preferred_ip_protocol", Shape::Str),
        ("ip_protocol_fallback", Shape::Bool),
        ("source_ip_address", Shape::Str),
        ("payload_size", Shape::Int),
        ("dont_fragment", Shape::Bool),
        ("ttl", Shape::Int),
    ],
};

/// `dns`: `config/config.go` `DNSProbe` (v0.22.0–v0.28.0).
/// `transport_protocol` and `valid_rcodes` are checked at probe time only.
static DNS_PROBE: Block = Block {
    name: "dns",
    fields: &[
        ("preferred_ip_protocol", Shape::Str),
        ("ip_protocol_fallback", Shape::Bool),
        ("dns_over_tls", Shape::Bool),
        ("tls_config", TLS),
        ("source_ip_address", Shape::Str),
        ("transport_protocol", Shape::Str),
        ("query_class", DNS_CLASS),
        ("query_name", Shape::Str),
        ("query_type", DNS_TYPE),
        ("recursion_desired", Shape::Bool),
        ("valid_rcodes", LIST_OF_TEXT),
        ("validate_answer_rrs", Shape::Block(&DNS_RR_VALIDATOR)),
        ("validate_authority_rrs", Shape::Block(&DNS_RR_VALIDATOR)),
        ("validate_additional_rrs", Shape::Block(&DNS_RR_VALIDATOR)),
    ],
};

/// `query_class`: the keys of `github.com/miekg/dns` `StringToClass`
/// (v1.1.50–v1.1.68), checked by `DNSProbe.UnmarshalYAML` at load, case
/// and all.
const DNS_CLASS: Shape = Shape::Choice(&["IN", "CS", "CH", "HS", "NONE", "ANY"]);

/// `query_type`: the keys of `github.com/miekg/dns` `StringToType`, checked
/// by `DNSProbe.UnmarshalYAML` at load, case and all: the union of v1.1.50
/// (blackbox exporter 0.22–0.24) to v1.1.68 (0.28), which added `AMTRELAY`,
/// `IPSECKEY`, `NXNAME` and `RESINFO`.
const DNS_TYPE: Shape = Shape::Choice(&[
    "A",
    "AAAA",
    "AFSDB",
    "AMTRELAY",
    "ANY",
    "APL",
    "ATMA",
    "AVC",
    "AXFR",
    "CAA",
    "CDNSKEY",
    "CDS",
    "CERT",
    "CNAME",
    "CSYNC",
    "DHCID",
    "DLV",
    "DNAME",
    "DNSKEY",
    "DS",
    "EID",
    "EUI48",
    "EUI64",
    "GID",
    "GPOS",
    "HINFO",
    "HIP",
    "HTTPS",
    "IPSECKEY",
    "ISDN",
    "IXFR",
    "KEY",
    "KX",
    "L32",
    "L64",
    "LOC",
    "LP",
    "MAILA",
    "MAILB",
    "MB",
    "MD",
    "MF",
    "MG",
    "MINFO",
    "MR",
    "MX",
    "NAPTR",
    "NID",
    "NIMLOC",
    "NINFO",
    "NS",
    "NSAP-PTR",
    "NSEC",
    "NSEC3",
    "NSEC3PARAM",
    "NULL",
    "NXNAME",
    "NXT",
    "None",
    "OPENPGPKEY",
    "OPT",
    "PTR",
    "PX",
    "RESINFO",
    "RKEY",
    "RP",
    "RRSIG",
    "RT",
    "Reserved",
    "SIG",
    "SMIMEA",
    "SOA",
    "SPF",
    "SRV",
    "SSHFP",
    "SVCB",
    "TA",
    "TALINK",
    "TKEY",
    "TLSA",
    "TSIG",
    "TXT",
    "UID",
    "UINFO",
    "UNSPEC",
    "URI",
    "X25",
    "ZONEMD",
]);

/// `validate_answer_rrs`, `validate_authority_rrs`,
/// `validate_additional_rrs`: `config/config.go` `DNSRRValidator`
/// (v0.22.0–v0.28.0).
static DNS_RR_VALIDATOR: Block = Block {
    name: "dns rr validator",
    fields: &[
        ("fail_if_matches_regexp", LIST_OF_TEXT),
        ("fail_if_all_match_regexp", LIST_OF_TEXT),
        ("fail_if_not_matches_regexp", LIST_OF_TEXT),
        ("fail_if_none_matches_regexp", LIST_OF_TEXT),
    ],
};

/// `grpc`: `config/config.go` `GRPCProbe` (v0.22.0–v0.28.0). `metadata`
/// (gRPC's `metadata.MD`, a key to a list of values) 0.28 (CHANGELOG 0.28.0
/// #956).
static GRPC_PROBE: Block = Block {
    name: "grpc",
    fields: &[
        ("service", Shape::Str),
        ("tls", Shape::Bool),
        ("tls_config", TLS),
        ("ip_protocol_fallback", Shape::Bool),
        ("preferred_ip_protocol", Shape::Str),
        (
            "metadata",
            Shape::Since((0, 28), &Shape::Map(&LIST_OF_TEXT)),
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::{Misfit, Version, walk};
    use serde_json::{Value, json};

    fn misfits(value: &Value, version: Option<Version>) -> Vec<String> {
        walk(value, Shape::Block(&BLACKBOX), version)
            .into_iter()
            .map(|m| match m {
                Misfit::UnknownKey { pointer, why, .. } => format!("{pointer} {why:?}"),
                Misfit::BadValue { pointer, .. } => pointer,
            })
            .collect()
    }

    fn realistic() -> Value {
        json!({
            "modules": {
                "http_2xx": {
                    "prober": "http",
                    "timeout": "5s",
                    "http": {
                        "valid_status_codes": [200, 204],
                        "valid_http_versions": ["HTTP/1.1", "HTTP/2.0"],
                        "preferred_ip_protocol": "ip4",
                        "ip_protocol_fallback": false,
                        "follow_redirects": true,
                        "fail_if_not_ssl": true,
                        "fail_if_body_not_matches_regexp": ["ok|healthy"],
                        "fail_if_header_matches": [
                            {"header": "Set-Cookie", "regexp": ".*", "allow_missing": true},
                        ],
                        "tls_config": {"insecure_skip_verify": false, "min_version": "TLS12"},
                        "basic_auth": {"username": "probe", "password_file": "/run/secrets/pw"},
                        "body_size_limit": "1MB",
                        "compression": "gzip",
                    },
                },
                "http_post_2xx": {
                    "prober": "http",
                    "timeout": "10s",
                    "http": {
                        "method": "POST",
                        "headers": {"Content-Type": "application/json", "Accept-Encoding": "gzip"},
                        "body": "{\"ping\": true}",
                        "http_headers": {"X-Token": {"secrets": ["abc"]}},
                        "authorization": {"type": "Bearer", "credentials_file": "/run/token"},
                        "proxy_url": "http://proxy:3128",
                        "skip_resolve_phase_with_proxy": true,
                        "enable_http2": false,
                    },
                },
                "tcp_connect": {"prober": "tcp", "timeout": "5s"},
                "icmp": {
                    "prober": "icmp",
                    "icmp": {"preferred_ip_protocol": "ip4", "payload_size": 56, "dont_fragment": true, "ttl": 64},
                },
                "dns_example": {
                    "prober": "dns",
                    "dns": {
                        "query_name": "example.org",
                        "query_type": "A",
                        "query_class": "IN",
                        "transport_protocol": "udp",
                        "recursion_desired": true,
                        "valid_rcodes": ["NOERROR"],
                        "validate_answer_rrs": {
                            "fail_if_not_matches_regexp": ["example.org.\t.*\tIN\tA\t.*"],
                            "fail_if_all_match_regexp": [".*127.0.0.1"],
                        },
                        "validate_authority_rrs": {"fail_if_matches_regexp": [".*"]},
                    },
                },
                "grpc": {
                    "prober": "grpc",
                    "grpc": {"service": "health", "tls": true, "tls_config": {"insecure_skip_verify": true}, "preferred_ip_protocol": "ip4"},
                },
                "ssh_banner": {
                    "prober": "tcp",
                    "timeout": "5s",
                    "tcp": {
                        "preferred_ip_protocol": "ip4",
                        "query_response": [
                            {"expect": "^SSH-2.0-"},
                            {"send": "SSH-2.0-blackbox-ssh-check"},
                        ],
                    },
                },
                "smtp_starttls": {
                    "prober": "tcp",
                    "tcp": {
                        "query_response": [
                            {"expect": "^220 ([^ ]+) ESMTP (.+)$"},
                            {"send": "EHLO prober\r"},
                            {"expect": "^250-STARTTLS"},
                            {"send": "STARTTLS\r"},
                            {"expect": "^220"},
                            {"starttls": true},
                        ],
                        "tls_config": {"server_name": "mail.example.org"},
                    },
                },
            },
        })
    }

    #[test]
    fn a_realistic_configuration_fits() {
        let doc = realistic();
        assert_eq!(misfits(&doc, None), Vec::<String>::new());
        assert_eq!(misfits(&doc, Some((0, 25))), Vec::<String>::new());
    }

    #[test]
    fn misspelt_keys_and_bad_values_are_found() {
        let mut doc = realistic();
        doc["modules"]["http_2xx"]["prober"] = json!("htp");
        doc["modules"]["http_2xx"]["http"]["valid_status_code"] = json!([200]);
        doc["modules"]["http_2xx"]["timeout"] = json!("5 seconds");
        let mut found = misfits(&doc, None);
        found.sort();
        assert_eq!(
            found,
            [
                "/modules/http_2xx/http/valid_status_code Unknown",
                "/modules/http_2xx/prober",
                "/modules/http_2xx/timeout",
            ]
        );
    }

    #[test]
    fn values_the_exporter_refuses_are_found() {
        let doc = json!({
            "modules": {
                "dns": {"prober": "dns", "dns": {"query_name": "example.org", "query_type": "aaaa", "query_class": "INET"}},
                "http": {"prober": "http", "http": {"valid_status_codes": "2xx", "tls_config": {"min_version": "TLS1.2"}}},
            },
        });
        let mut found = misfits(&doc, None);
        found.sort();
        assert_eq!(
            found,
            [
                "/modules/dns/dns/query_class",
                "/modules/dns/dns/query_type",
                "/modules/http/http/tls_config/min_version",
                "/modules/http/http/valid_status_codes",
            ]
        );
    }

    #[test]
    fn keys_follow_the_pinned_release() {
        let doc = json!({
            "modules": {
                "socket": {"prober": "unix", "unix": {"query_response": [{"expect_bytes": "OK"}]}},
                "post": {"prober": "http", "http": {"method": "POST", "body_file": "/etc/body.json"}},
            },
        });
        assert_eq!(
            misfits(&doc, Some((0, 27))),
            ["/modules/socket/unix NotYet((0, 28))"]
        );
        let mut found = misfits(&doc, Some((0, 23)));
        found.sort();
        assert_eq!(
            found,
            [
                "/modules/post/http/body_file NotYet((0, 24))",
                "/modules/socket/unix NotYet((0, 28))",
            ]
        );
        assert!(misfits(&doc, Some((0, 28))).is_empty());
        assert!(misfits(&doc, None).is_empty());
    }
}
