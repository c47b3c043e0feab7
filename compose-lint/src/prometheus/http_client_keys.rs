//! The HTTP client settings of prometheus/common (`config/http_config.go`,
//! `config/headers.go`, v0.30.0 to v0.70.1), which Alertmanager and the
//! blackbox exporter embed: TLS, basic auth, authorization, OAuth 2 and
//! headers. Keys that came with an upgrade of the library are accepted on
//! every release of the tools that embed it: their changelogs do not date
//! them.

use crate::shape::{Block, Shape};

const LIST_OF_TEXT: Shape = Shape::List(&Shape::Str);
const MAP_OF_TEXT: Shape = Shape::Map(&Shape::Str);

/// `tls_config`: prometheus/common `config/http_config.go` `TLSConfig`
/// (v0.30.0–v0.70.1).
pub(crate) static TLS_CONFIG: Block = Block {
    name: "tls_config",
    fields: &[
        ("ca", Shape::Str),
        ("ca_file", Shape::Str),
        ("ca_ref", Shape::Str),
        ("cert", Shape::Str),
        ("cert_file", Shape::Str),
        ("cert_ref", Shape::Str),
        ("key", Shape::Str),
        ("key_file", Shape::Str),
        ("key_ref", Shape::Str),
        ("server_name", Shape::Str),
        ("insecure_skip_verify", Shape::Bool),
        ("min_version", TLS_VERSION),
        ("max_version", TLS_VERSION),
    ],
};

/// The names `TLSVersion.UnmarshalYAML` accepts (prometheus/common
/// `config/http_config.go` `TLSVersions`, v0.38.0–v0.70.1).
pub(crate) const TLS_VERSION: Shape = Shape::Choice(&["TLS10", "TLS11", "TLS12", "TLS13"]);

/// `basic_auth`: prometheus/common `config/http_config.go` `BasicAuth`.
pub(crate) static BASIC_AUTH: Block = Block {
    name: "basic_auth",
    fields: &[
        ("username", Shape::Str),
        ("username_file", Shape::Str),
        ("username_ref", Shape::Str),
        ("password", Shape::Str),
        ("password_file", Shape::Str),
        ("password_ref", Shape::Str),
    ],
};

/// `authorization`: prometheus/common `config/http_config.go` `Authorization`.
pub(crate) static AUTHORIZATION: Block = Block {
    name: "authorization",
    fields: &[
        ("type", Shape::Str),
        ("credentials", Shape::Str),
        ("credentials_file", Shape::Str),
        ("credentials_ref", Shape::Str),
    ],
};

/// `proxy_connect_header`: prometheus/common `ProxyHeader`, a header name to
/// a list of secrets.
pub(crate) const PROXY_CONNECT_HEADER: Shape = Shape::Map(&LIST_OF_TEXT);

/// `oauth2`: prometheus/common `config/http_config.go` `OAuth2` with the
/// inlined `ProxyConfig`.
pub(crate) static OAUTH2: Block = Block {
    name: "oauth2",
    fields: &[
        ("client_id", Shape::Str),
        ("client_secret", Shape::Str),
        ("client_secret_file", Shape::Str),
        ("client_secret_ref", Shape::Str),
        ("client_certificate_key_id", Shape::Str),
        ("client_certificate_key", Shape::Str),
        ("client_certificate_key_file", Shape::Str),
        ("client_certificate_key_ref", Shape::Str),
        ("grant_type", Shape::Str),
        ("signature_algorithm", Shape::Str),
        ("iss", Shape::Str),
        ("audience", Shape::Str),
        ("claims", Shape::Map(&Shape::Any)),
        ("scopes", LIST_OF_TEXT),
        ("token_url", Shape::Str),
        ("endpoint_params", MAP_OF_TEXT),
        ("tls_config", Shape::Block(&TLS_CONFIG)),
        ("proxy_url", Shape::Str),
        ("no_proxy", Shape::Str),
        ("proxy_from_environment", Shape::Bool),
        ("proxy_connect_header", PROXY_CONNECT_HEADER),
    ],
};

/// One header of `http_headers`: prometheus/common `config/headers.go`
/// `Header`.
pub(crate) static HTTP_HEADER: Block = Block {
    name: "http header",
    fields: &[
        ("values", LIST_OF_TEXT),
        ("secrets", LIST_OF_TEXT),
        ("files", LIST_OF_TEXT),
    ],
};
