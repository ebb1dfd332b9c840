//! The CORS configuration of an HTTP API (`CorsConfiguration`): API Gateway answers
//! preflight `OPTIONS` requests itself and adds the headers to every response.

use std::time::Duration;

use cdk_core::Node;
use cfn_l1::apigatewayv2::api::Cors;

use super::HttpMethod;
use crate::execute_api::{check_cors_origins, cors_methods};

/// What browsers on other origins may do with an HTTP API
/// ([`HttpApiBuilder::cors`](super::HttpApiBuilder::cors)). Unlike a REST API's mock
/// preflight, API Gateway answers every preflight itself (whatever its content type, before
/// routes and authorizers), and adds the `Access-Control-Allow-*` headers to the
/// integrations' responses, proxies included.
#[derive(Clone, Debug)]
pub struct CorsPreflight {
    origins: Vec<String>,
    methods: Vec<String>,
    headers: Vec<String>,
    expose: Vec<String>,
    max_age: Option<Duration>,
    credentials: bool,
}

/// API Gateway's largest preflight max age, in seconds.
const MAX_AGE: u32 = 86_400;

impl CorsPreflight {
    /// Allows `origins` (`["*"]` for any; an origin is `scheme://host[:port]`), every method
    /// (`*`), the headers `authorization` and `content-type`, no exposed headers, no max
    /// age, no credentials.
    pub fn new<S: AsRef<str>>(origins: impl IntoIterator<Item = S>) -> CorsPreflight {
        CorsPreflight {
            origins: crate::util::owned_strings(origins),
            methods: vec!["*".to_string()],
            headers: vec!["authorization".to_string(), "content-type".to_string()],
            expose: Vec::new(),
            max_age: None,
            credentials: false,
        }
    }

    /// The allowed methods, replacing `*` ([`HttpMethod::Any`] is `*`).
    pub fn allow_methods(mut self, methods: impl IntoIterator<Item = HttpMethod>) -> Self {
        self.methods = cors_methods(methods);
        self
    }

    /// The allowed request headers, replacing the default (`*` for any).
    pub fn allow_headers<S: AsRef<str>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.headers = crate::util::owned_strings(headers);
        self
    }

    /// Response headers scripts may read (default: none).
    pub fn expose_headers<S: AsRef<str>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.expose = crate::util::owned_strings(headers);
        self
    }

    /// How long browsers may cache a preflight answer, whole seconds up to 86400 (default:
    /// not said, the browser's choice).
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Whether requests may carry credentials (cookies, `Authorization`) (default: no).
    /// Not with the origin `*`, which browsers refuse (a synth error).
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.credentials = allow;
        self
    }

    /// The L1 configuration; problems are recorded on `node` (the API's).
    pub(super) fn render(&self, node: &Node) -> Cors {
        check_cors_origins(
            node,
            "the CORS configuration",
            &self.origins,
            self.credentials,
        );
        let max_age = self
            .max_age
            .and_then(|d| crate::util::checked_seconds(node, "the CORS max age", d, 0, MAX_AGE));
        Cors::builder()
            .maybe_allow_credentials(self.credentials.then_some(true))
            .maybe_allow_headers((!self.headers.is_empty()).then(|| self.headers.clone()))
            .allow_methods(self.methods.clone())
            .allow_origins(self.origins.clone())
            .maybe_expose_headers((!self.expose.is_empty()).then(|| self.expose.clone()))
            .maybe_max_age(max_age)
            .build()
    }
}
