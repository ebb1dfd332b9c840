//! CORS preflight: an `OPTIONS` method with a mock integration that answers with the
//! `Access-Control-Allow-*` headers.

use super::integration::{Integration, IntegrationResponse, MethodResponse, PassthroughBehavior};
use super::method::{HttpMethod, MethodOptions};
use super::Resource;
use crate::execute_api::{check_cors_origins, cors_methods};

/// The methods AWS CDK allows by default (`Cors.ALL_METHODS`).
const ALL_METHODS: &[&str] = &["OPTIONS", "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"];

/// The headers AWS CDK allows by default (`Cors.DEFAULT_HEADERS`).
const DEFAULT_HEADERS: &[&str] = &[
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amz-User-Agent",
];

/// The content types the preflight's mock maps (besides those added with
/// [`CorsOptions::content_type`]): JSON and the three CORS-safelisted request types.
const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

/// What a CORS preflight ([`Resource::add_cors_preflight`]) allows.
///
/// The preflight only answers `OPTIONS`. **Proxy integrations must return the CORS headers
/// themselves** (`Access-Control-Allow-Origin`, and `-Credentials` when allowed) in the
/// function's response: API Gateway passes a proxy response through unchanged, and a
/// browser drops a cross-origin response without them.
#[derive(Clone, Debug)]
pub struct CorsOptions {
    pub(super) origins: Vec<String>,
    methods: Vec<String>,
    headers: Vec<String>,
    max_age: Option<u32>,
    credentials: bool,
    content_types: Vec<String>,
    pub(super) children: bool,
}

impl CorsOptions {
    /// Allows `origins` (`["*"]` for any; an origin is `scheme://host[:port]`). Methods
    /// default to AWS CDK's `OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD`, headers to
    /// `Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent`,
    /// no max age, no credentials, this resource only.
    pub fn new<S: AsRef<str>>(origins: impl IntoIterator<Item = S>) -> CorsOptions {
        CorsOptions {
            origins: crate::util::owned_strings(origins),
            methods: ALL_METHODS.iter().map(|m| m.to_string()).collect(),
            headers: DEFAULT_HEADERS.iter().map(|h| h.to_string()).collect(),
            max_age: None,
            credentials: false,
            content_types: Vec::new(),
            children: false,
        }
    }

    /// The allowed methods (`Access-Control-Allow-Methods`), replacing the default.
    pub fn methods(mut self, methods: impl IntoIterator<Item = HttpMethod>) -> Self {
        self.methods = cors_methods(methods);
        self
    }

    /// The allowed request headers (`Access-Control-Allow-Headers`), replacing the default.
    pub fn headers<S: AsRef<str>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.headers = crate::util::owned_strings(headers);
        self
    }

    /// How long, in seconds, a browser may cache the preflight (`Access-Control-Max-Age`;
    /// default: not sent, the browser's default).
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Whether credentialed requests are allowed (`Access-Control-Allow-Credentials: true`;
    /// default: no). Browsers refuse credentials with the origin `*`, so that pair is a
    /// synth error.
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.credentials = allow;
        self
    }

    /// Another request content type the preflight answers with 204 (besides
    /// `application/json`, `application/x-www-form-urlencoded`, `multipart/form-data` and
    /// `text/plain`). Repeat for more.
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.content_types.push(content_type.to_string());
        self
    }

    /// Also adds the preflight to this resource's children, those that exist and those added
    /// later, recursively (default: this resource only). A child's own `OPTIONS` method
    /// is kept when
    /// it has one already; adding `OPTIONS` to a child after that is a duplicate method.
    pub fn apply_to_children(mut self, apply: bool) -> Self {
        self.children = apply;
        self
    }

    /// Records the mistakes in these options on `node`.
    pub(super) fn validate(&self, node: &cdk_core::Node) {
        check_cors_origins(node, "a CORS preflight", &self.origins, self.credentials);
    }

    /// The mock integration and method options of the `OPTIONS` method.
    pub(super) fn method(&self) -> (Integration, MethodOptions) {
        let header = |name: &str| format!("method.response.header.Access-Control-{name}");
        let quoted = |v: &str| format!("'{v}'");
        let mut names = vec!["Allow-Headers", "Allow-Origin", "Allow-Methods"];
        if self.origins.len() > 1 {
            names.push("Vary");
        }
        if self.credentials {
            names.push("Allow-Credentials");
        }
        if self.max_age.is_some() {
            names.push("Max-Age");
        }
        let full = |n: &str| {
            if n == "Vary" {
                "method.response.header.Vary".to_string()
            } else {
                header(n)
            }
        };
        let first = self.origins.first().cloned().unwrap_or_default();
        let mut response = IntegrationResponse::new("204")
            .response_parameter(&full("Allow-Headers"), &quoted(&self.headers.join(",")))
            .response_parameter(&full("Allow-Origin"), &quoted(&first))
            .response_parameter(&full("Allow-Methods"), &quoted(&self.methods.join(",")));
        if self.origins.len() > 1 {
            response = response.response_parameter(&full("Vary"), "'Origin'");
            // Echo the request's origin when it is one of the others (AWS CDK's way).
            let mut cond = String::new();
            for (i, o) in self.origins[1..].iter().enumerate() {
                if i > 0 {
                    cond.push_str(" || ");
                }
                cond.push_str(&format!("$origin == \"{o}\""));
            }
            let vtl = format!(
                "#set($origin = $input.params().header.get(\"Origin\"))\n#if($origin == \"\")\n#set($origin = $input.params().header.get(\"origin\"))\n#end\n#if({cond})\n#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n#end"
            );
            response = response.response_template("application/json", &vtl);
        }
        if self.credentials {
            response = response.response_parameter(&full("Allow-Credentials"), "'true'");
        }
        if let Some(age) = self.max_age {
            response = response.response_parameter(&full("Max-Age"), &quoted(&age.to_string()));
        }
        let mut integration = Integration::mock().integration_response(response);
        for ct in CONTENT_TYPES
            .iter()
            .map(|c| c.to_string())
            .chain(self.content_types.iter().cloned())
        {
            integration = integration.request_template(&ct, "{\"statusCode\": 200}");
        }
        // Mapped types get 204; anything else 415 at once instead of the 500 that passing an
        // unmapped body into the mock gives (WHEN_NO_MATCH, API Gateway's default).
        integration = integration.passthrough_behavior(PassthroughBehavior::Never);
        let mut method_response = MethodResponse::new("204");
        for n in names {
            method_response = method_response.response_parameter(&full(n), true);
        }
        (
            integration,
            MethodOptions::new().method_response(method_response),
        )
    }
}

impl Resource {
    /// Adds a CORS preflight: an `OPTIONS` method whose mock integration answers 204 with
    /// `Access-Control-Allow-Origin`, `-Methods`, `-Headers` (and `-Credentials`,
    /// `-Max-Age` when set; several origins: the request's origin is echoed when listed,
    /// with `Vary: Origin`). It maps `application/json` and the CORS-safelisted content types
    /// (and [`CorsOptions::content_type`]s) to 204 and rejects other content types with
    /// 415 (`PassthroughBehavior: NEVER`), never 500. The method takes no authorization and
    /// never the API's default authorizer. With
    /// [`apply_to_children`](CorsOptions::apply_to_children), every child gets one too.
    /// Proxy integrations must still return the CORS headers themselves (see
    /// [`CorsOptions`]).
    pub fn add_cors_preflight(&self, options: CorsOptions) {
        if self.api().is_sam_native() {
            // SAM's `Cors` is not this preflight: it covers every path of the API, and its
            // mock maps `application/json` only with the default passthrough, so an
            // `OPTIONS` with another content type gets 500 (aws-cdk#18297's bug).
            self.scope_node().add_error(
                "a CORS preflight cannot be expressed by a SAM-native REST API: SAM's `Cors` answers every path, and its preflight fails with 500 for a request that is not application/json",
                "build the API with .sam_native(false) to keep this preflight (it answers every listed content type, 415 for others), or return the CORS headers from the functions",
            );
            return;
        }
        options.validate(self.scope_node());
        self.add_preflight_tree(&options);
    }

    /// Adds the preflight here, and below when the options say so.
    pub(super) fn add_preflight_tree(&self, options: &CorsOptions) {
        if !self.has_method(HttpMethod::Options) {
            let (integration, method_options) = options.method();
            self.add_method_with(HttpMethod::Options, integration, method_options);
        }
        if options.children {
            self.set_inherited_cors(options.clone());
            for child in self.children() {
                child.add_preflight_tree(options);
            }
        }
    }
}
