//! What a method calls: a Lambda function (proxy or not), an HTTP endpoint (proxy or not),
//! an AWS service action (SQS, Step Functions, DynamoDB: `aws_integrations.rs`), or a mock
//! response.

use std::time::Duration;

use cdk_core::{Aws, Construct, Scope, Str};
use cfn_l1::apigateway::method::{self, Type};
use indexmap::IndexMap;
use serde_json::{json, Value as Json};

use super::concat;
use super::method::HttpMethod;
use crate::iam::{PolicyStatement, Principal, Role};
use crate::lambda::Function;
use crate::stepfunctions::StateMachine;

/// How a non-proxy integration treats a request body whose content type has no request
/// template (`PassthroughBehavior`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PassthroughBehavior {
    /// Pass the body through unchanged when its content type has no template
    /// (`WHEN_NO_MATCH`, API Gateway's default).
    WhenNoMatch,
    /// Pass it through only when the integration has no template at all; otherwise
    /// answer 415 (`WHEN_NO_TEMPLATES`).
    WhenNoTemplates,
    /// Never pass it through: an unmapped content type gets 415 (`NEVER`).
    Never,
}

impl PassthroughBehavior {
    /// The value as API Gateway spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            PassthroughBehavior::WhenNoMatch => "WHEN_NO_MATCH",
            PassthroughBehavior::WhenNoTemplates => "WHEN_NO_TEMPLATES",
            PassthroughBehavior::Never => "NEVER",
        }
    }
}

/// The backend of a [`Method`](super::Method). Build one with [`Integration::lambda`]
/// (proxy), [`Integration::lambda_non_proxy`], [`Integration::http`],
/// [`Integration::http_proxy`], [`Integration::mock`], or one of the AWS service
/// integrations ([`Integration::sqs_send_message`], [`Integration::start_execution`],
/// [`Integration::start_sync_execution`], [`Integration::dynamodb`]); then add templates and
/// responses.
///
/// **Non-proxy responses.** A non-proxy integration (Lambda, HTTP, AWS) answers with the
/// integration response whose selection pattern matches; none matching and no default means
/// a 500. Without any [`integration_response`](Self::integration_response) of yours it gets
/// defaults: Lambda `200` (default) and `500` for any error message (`.+`, answering
/// `{"message": "Internal server error"}` rather than the function's stack trace); HTTP and
/// AWS services `200` (default), `400` for `4\d{2}` and `500` for `5\d{2}` (the backend's
/// body passed through). Every status an integration response returns, and every header it
/// maps, gets its method response declared when the method does not declare it (API Gateway
/// refuses to deploy a method without them), so declaring [`MethodResponse`]s is needed only
/// for response models or required headers.
///
/// **Method request parameters.** A request parameter mapped from
/// `method.request.<location>.<name>` is declared on the method too (path parameters
/// required), as API Gateway requires.
#[derive(Clone, Debug)]
pub struct Integration {
    pub(super) kind: Kind,
    request_templates: IndexMap<String, Template>,
    request_parameters: IndexMap<String, String>,
    cache_keys: Vec<String>,
    responses: Vec<IntegrationResponse>,
    passthrough: Option<PassthroughBehavior>,
    timeout: Option<Duration>,
    role: Option<Role>,
    /// Problems found while the integration was made, reported on the method's node.
    problems: Vec<(String, String)>,
    /// A content type whose template the user must give, with the problem if they do not.
    required_template: Option<(String, String, String)>,
    /// Whether the user gave a request template or a passthrough behavior (a SAM-native
    /// API's state machine event takes neither).
    user_templates: bool,
    user_passthrough: bool,
    /// The role ARN API Gateway assumes, made by someone else (a SAM-native API's state
    /// machine event: the role SAM generates); no role is made and no statement added.
    credentials: Option<Str>,
}

/// A request template: the value rendered, and its text in the deployment's hash (targets
/// named by construct path).
#[derive(Clone, Debug)]
pub(super) struct Template {
    value: Str,
    part: String,
}

impl Template {
    fn literal(text: &str) -> Template {
        Template {
            value: Str::from(text),
            part: text.to_string(),
        }
    }

    /// A template of `pieces`: literal text, and references with their hash text.
    pub(super) fn of(pieces: Vec<(Str, String)>) -> Template {
        let part = pieces.iter().map(|(_, p)| p.as_str()).collect::<String>();
        Template {
            value: concat(pieces.into_iter().map(|(v, _)| v).collect()),
            part,
        }
    }
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
    LambdaProxy(Box<Function>),
    Lambda(Box<Function>),
    Mock,
    Http {
        method: HttpMethod,
        url: Str,
        proxy: bool,
    },
    Aws(Box<AwsService>),
}

/// An AWS service action API Gateway calls with a role (`Type: AWS`).
#[derive(Clone, Debug)]
pub(super) struct AwsService {
    /// The service's name in the URI (`sqs`, `states`, `dynamodb`).
    pub(super) service: &'static str,
    /// The URI's tail after `:<service>:` (`action/StartExecution`, `path/<account>/<queue>`).
    pub(super) path: Vec<Str>,
    /// What the deployment's hash records of the action and its target.
    pub(super) part: Json,
    /// What the integration's role needs.
    pub(super) statements: Vec<PolicyStatement>,
    /// The state machine a Step Functions integration starts.
    pub(super) machine: Option<MachineStart>,
}

/// The state machine a Step Functions integration starts, and how.
#[derive(Clone, Debug)]
pub(super) struct MachineStart {
    pub(super) machine: StateMachine,
    /// `StartSyncExecution` rather than `StartExecution`.
    pub(super) sync: bool,
    /// The request template unescapes the single quotes `escapeJavaScript` escapes (SAM's
    /// `UnescapeMappingTemplate`).
    pub(super) unescape: bool,
}

/// What a SAM `Api` event expresses of an integration ([`Integration::sam_event`]).
pub(super) enum SamTarget<'a> {
    /// A Lambda proxy integration: the function and the timeout in milliseconds.
    Function(&'a Function, Option<u64>),
    /// Step Functions `StartExecution`: the machine, and whether the template unescapes.
    StateMachine(&'a StateMachine, bool),
}

/// What [`Integration::render`] returns.
pub(super) struct Rendered {
    pub(super) integration: method::Integration,
    pub(super) part: Json,
    /// The integration responses in effect (the defaults when none was given).
    pub(super) responses: Vec<IntegrationResponse>,
    /// The `method.request.*` parameters the request parameters read.
    pub(super) method_parameters: Vec<String>,
    /// The role API Gateway assumes (AWS service integrations).
    pub(super) role: Option<Role>,
}

/// The locations of an integration request parameter.
const INTEGRATION_PARAM_PREFIXES: &[&str] = &[
    "integration.request.path.",
    "integration.request.querystring.",
    "integration.request.header.",
];

/// The sources an integration request parameter may be mapped from (besides a `'literal'`).
const SOURCE_PREFIXES: &[&str] = &[
    "method.request.path.",
    "method.request.querystring.",
    "method.request.multivaluequerystring.",
    "method.request.header.",
    "method.request.multivalueheader.",
    "method.request.body",
    "context.",
    "stageVariables.",
];

/// The locations of a method request parameter (`method.request.<location><name>`).
pub(super) const METHOD_PARAM_LOCATIONS: &[&str] = &[
    "path.",
    "querystring.",
    "multivaluequerystring.",
    "header.",
    "multivalueheader.",
];

/// API Gateway's integration timeout range, in milliseconds.
const TIMEOUT_MS: std::ops::RangeInclusive<u128> = 50..=29_000;

impl Integration {
    fn of(kind: Kind) -> Integration {
        Integration {
            kind,
            request_templates: IndexMap::new(),
            request_parameters: IndexMap::new(),
            cache_keys: Vec::new(),
            responses: Vec::new(),
            passthrough: None,
            timeout: None,
            role: None,
            problems: Vec::new(),
            required_template: None,
            user_templates: false,
            user_passthrough: false,
            credentials: None,
        }
    }

    /// Lambda proxy integration (`AWS_PROXY`, `POST` to the function's invocation URI): the
    /// function receives the whole request and returns `statusCode`, `headers`, `body`.
    /// When the function publishes an alias (`auto_publish_alias`), the alias is invoked.
    /// API Gateway gets `lambda:InvokeFunction` on it, scoped to the method's
    /// `execute-api` ARN in the stage and in the console's test stage (`test-invoke-stage`),
    /// as AWS CDK does. Takes no templates or integration responses.
    pub fn lambda(function: &Function) -> Integration {
        Integration::of(Kind::LambdaProxy(Box::new(function.clone())))
    }

    /// Lambda non-proxy integration (`AWS`): the request is mapped by the
    /// [`request_template`](Self::request_template) of its content type (VTL, e.g.
    /// `{"id": "$input.json('$.userId')"}`) into the function's event, and the function's
    /// result by the [`integration_response`](Self::integration_response) whose selection
    /// pattern matches its error message (see [`Integration`] for the defaults). The alias
    /// is invoked when the function has one, with the same permissions as
    /// [`lambda`](Self::lambda).
    pub fn lambda_non_proxy(function: &Function) -> Integration {
        Integration::of(Kind::Lambda(Box::new(function.clone())))
    }

    /// HTTP integration (`HTTP`): `method` to `url` (`http://` or `https://`, checked when
    /// literal; an expression such as a load balancer's DNS name joined into a URL is taken as
    /// is), which may hold path variables `{name}` mapped with
    /// [`request_parameter`](Self::request_parameter), and `${stageVariables.name}`), with
    /// request templates and integration responses as for a non-proxy Lambda.
    pub fn http(method: HttpMethod, url: impl Into<Str>) -> Integration {
        Integration::of(Kind::Http {
            method,
            url: url.into(),
            proxy: false,
        })
    }

    /// HTTP proxy integration (`HTTP_PROXY`): the request goes to `url` as it came and the
    /// backend's response comes back as it is (no templates, no integration responses).
    /// `HttpMethod::Any` forwards the caller's method. For a greedy resource (`{proxy+}`)
    /// put `{proxy}` in the URL and map it:
    /// `.request_parameter("integration.request.path.proxy", "method.request.path.proxy")`.
    pub fn http_proxy(method: HttpMethod, url: impl Into<Str>) -> Integration {
        Integration::of(Kind::Http {
            method,
            url: url.into(),
            proxy: true,
        })
    }

    /// Mock integration (`MOCK`): API Gateway answers itself, from the
    /// [`integration_response`](Self::integration_response)s. Without a
    /// [`request_template`](Self::request_template), `application/json` gets
    /// `{"statusCode": 200}`, which selects the `200` response (a mock without one answers
    /// 500).
    pub fn mock() -> Integration {
        Integration::of(Kind::Mock)
    }

    /// An AWS service integration (`AWS`) calling `service` at `path` with a role holding
    /// `statements` (see `aws_integrations.rs`).
    pub(super) fn aws(service: AwsService) -> Integration {
        let mut integration = Integration::of(Kind::Aws(Box::new(service)));
        // A body of a content type without a template would reach the service as is.
        integration.passthrough = Some(PassthroughBehavior::Never);
        integration
    }

    /// Records a problem reported on the method's node when the integration is used.
    pub(super) fn problem(mut self, message: String, hint: &str) -> Self {
        self.problems.push((message, hint.to_string()));
        self
    }

    /// Makes a missing request template for `content_type` the problem `message`.
    pub(super) fn require_template(
        mut self,
        content_type: &str,
        message: String,
        hint: &str,
    ) -> Self {
        self.required_template = Some((content_type.to_string(), message, hint.to_string()));
        self
    }

    /// Sets a request template made by an AWS service integration.
    pub(super) fn with_template(mut self, content_type: &str, template: Template) -> Self {
        self.request_templates
            .insert(content_type.to_string(), template);
        self
    }

    /// A request mapping template (VTL) for `content_type`, replacing the default one: for
    /// a mock it must produce `{"statusCode": <code>}`, which selects the response; for
    /// Lambda, HTTP and AWS integrations it produces the backend's request. Not for proxy
    /// integrations (a synth error).
    pub fn request_template(mut self, content_type: &str, template: &str) -> Self {
        self.user_templates = true;
        self.request_templates
            .insert(content_type.to_string(), Template::literal(template));
        self
    }

    /// Maps a request parameter of the backend (`integration.request.path.<name>`,
    /// `…querystring.<name>`, `…header.<name>`) from `source`: a method request parameter
    /// (`method.request.path.id`, `method.request.querystring.q`, `method.request.header.X`,
    /// declared on the method automatically), `method.request.body…`, `context.…`,
    /// `stageVariables.…`, or a literal in single quotes (`'application/json'`).
    pub fn request_parameter(mut self, name: &str, source: &str) -> Self {
        self.request_parameters
            .insert(name.to_string(), source.to_string());
        self
    }

    /// Makes the method request parameter `name` (`method.request.path.id`,
    /// `method.request.querystring.q`, `method.request.header.X`; declared on the method
    /// automatically) part of the cache key, so a cached method answers each value with its
    /// own response. Without one, every request to the method shares one cache entry
    /// (path variables included: `/items/1` and `/items/2` would get the same answer).
    pub fn cache_key_parameter(mut self, name: &str) -> Self {
        if !self.cache_keys.iter().any(|k| k == name) {
            self.cache_keys.push(name.to_string());
        }
        self
    }

    /// A response API Gateway sends for a non-proxy or mock integration. Repeat for more;
    /// the first without a selection pattern is the default. Replaces the defaults (see
    /// [`Integration`]). Not for proxy integrations (a synth error).
    pub fn integration_response(mut self, response: IntegrationResponse) -> Self {
        self.responses.push(response);
        self
    }

    /// What happens to a body whose content type has no request template (default: API
    /// Gateway's `WHEN_NO_MATCH`; `NEVER` for AWS service integrations, whose templates
    /// build the service's request). Not for proxy integrations.
    pub fn passthrough_behavior(mut self, behavior: PassthroughBehavior) -> Self {
        self.user_passthrough = true;
        self.passthrough = Some(behavior);
        self
    }

    /// How long API Gateway waits for the backend, 50 ms to 29 s (default: 29 s); longer
    /// answers get 504.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The role API Gateway assumes to call an AWS service (default: a role of its own,
    /// `<method>/IntegrationRole`, trusting `apigateway.amazonaws.com` and allowed exactly
    /// the one action on the one resource). The statements go to `role` instead. Only for
    /// AWS service integrations.
    pub fn credentials_role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    fn is_proxy(&self) -> bool {
        matches!(
            self.kind,
            Kind::LambdaProxy(_) | Kind::Http { proxy: true, .. }
        )
    }

    /// Checks the integration; records problems on `node` (the method's).
    pub(super) fn validate(&self, node: &cdk_core::Node) {
        for (message, hint) in &self.problems {
            node.add_error(message.clone(), hint.clone());
        }
        if let Some((content_type, message, hint)) = &self.required_template {
            if !self.request_templates.contains_key(content_type) {
                node.add_error(message.clone(), hint.clone());
            }
        }
        for r in &self.responses {
            check_status(node, &r.status_code, "integration response");
        }
        if self.is_proxy()
            && (!self.responses.is_empty()
                || !self.request_templates.is_empty()
                || self.passthrough.is_some())
        {
            let what = match self.kind {
                Kind::LambdaProxy(_) => "a Lambda proxy integration",
                _ => "an HTTP proxy integration",
            };
            node.add_error(
                format!("{what} takes no integration responses, request templates or passthrough behavior"),
                "the backend's own response is returned as is; drop .integration_response/.request_template/.passthrough_behavior, or use the non-proxy integration",
            );
        }
        if self.role.is_some() && !matches!(self.kind, Kind::Aws(_)) {
            node.add_error(
                "a credentials role is only for AWS service integrations",
                "Lambda integrations use the function's resource policy (added for you); drop .credentials_role",
            );
        }
        if let Some(url) = match &self.kind {
            Kind::Http { url, .. } => url.as_literal(),
            _ => None,
        } {
            let host = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            if !host.is_some_and(|h| !h.is_empty() && !h.starts_with('/') && !h.contains(' ')) {
                node.add_error(
                    format!("`{url}` is not an HTTP integration URL"),
                    "give an absolute http:// or https:// URL, e.g. https://example.com/items/{id}",
                );
            }
        }
        for (name, source) in &self.request_parameters {
            let name_ok = INTEGRATION_PARAM_PREFIXES
                .iter()
                .any(|p| name.strip_prefix(p).is_some_and(|n| !n.is_empty()));
            if !name_ok {
                node.add_error(
                    format!("`{name}` is not an integration request parameter"),
                    "name it integration.request.path.<name>, integration.request.querystring.<name> or integration.request.header.<name>",
                );
            }
            let literal = source.len() >= 2 && source.starts_with('\'') && source.ends_with('\'');
            if !literal && !SOURCE_PREFIXES.iter().any(|p| source.starts_with(p)) {
                node.add_error(
                    format!("`{source}` (mapped to `{name}`) is not a request parameter source"),
                    "use method.request.path|querystring|header.<name>, method.request.body, context.<name>, stageVariables.<name>, or a literal in single quotes",
                );
            }
        }
        for key in &self.cache_keys {
            let ok = METHOD_PARAM_LOCATIONS.iter().any(|l| {
                key.strip_prefix("method.request.")
                    .and_then(|k| k.strip_prefix(l))
                    .is_some_and(|n| !n.is_empty())
            });
            if !ok {
                node.add_error(
                    format!("`{key}` is not a method request parameter (cache key)"),
                    "name it method.request.path.<name>, method.request.querystring.<name> or method.request.header.<name>",
                );
            }
        }
        if let Some(t) = self.timeout {
            if !TIMEOUT_MS.contains(&t.as_millis()) {
                node.add_error(
                    format!(
                        "an integration timeout of {} ms is outside API Gateway's 50-29000 ms",
                        t.as_millis()
                    ),
                    "use .timeout(Duration::from_millis(50..=29000))",
                );
            }
        }
    }

    /// The integration responses in effect: the user's, else the kind's defaults.
    fn effective_responses(&self) -> Vec<IntegrationResponse> {
        if !self.responses.is_empty() {
            return self.responses.clone();
        }
        match self.kind {
            Kind::Lambda(_) => vec![
                IntegrationResponse::new("200"),
                IntegrationResponse::new("500")
                    .selection_pattern(".+")
                    .response_template(
                        "application/json",
                        "{\"message\": \"Internal server error\"}",
                    ),
            ],
            Kind::Http { proxy: false, .. } | Kind::Aws(_) => vec![
                IntegrationResponse::new("200"),
                IntegrationResponse::new("400").selection_pattern("4\\d{2}"),
                IntegrationResponse::new("500").selection_pattern("5\\d{2}"),
            ],
            _ => Vec::new(),
        }
    }

    /// The L1 `Integration` of the method in `scope`, and what the method needs from it.
    pub(super) fn render(&self, scope: &Scope) -> Rendered {
        let responses = self.effective_responses();
        let mut templates: Vec<(String, Template)> = self
            .request_templates
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if matches!(self.kind, Kind::Mock) && templates.is_empty() {
            templates.push((
                "application/json".into(),
                Template::literal("{\"statusCode\": 200}"),
            ));
        }
        let mut role = None;
        let (ty, http_method, uri, mut part) = match &self.kind {
            Kind::LambdaProxy(f) | Kind::Lambda(f) => {
                let ty = if matches!(self.kind, Kind::LambdaProxy(_)) {
                    Type::AwsProxy
                } else {
                    Type::Aws
                };
                let part = json!({
                    "kind": ty.as_str(),
                    "function": f.resource().logical_id(),
                    "alias": f.alias().map(|a| a.alias_name().to_string()),
                });
                (ty, Some("POST"), Some(invoke_uri(f)), part)
            }
            Kind::Mock => (Type::Mock, None, None, json!({"kind": "MOCK"})),
            Kind::Http { method, url, proxy } => {
                let ty = if *proxy { Type::HttpProxy } else { Type::Http };
                let part =
                    json!({"kind": ty.as_str(), "method": method.as_str(), "url": url.describe()});
                (ty, Some(method.as_str()), Some(url.clone()), part)
            }
            Kind::Aws(service) if self.credentials.is_some() => {
                let credentials = self.credentials.as_ref().map(Str::describe);
                let part = json!({
                    "kind": "AWS",
                    "service": service.service,
                    "action": service.part,
                    "credentials": credentials,
                });
                (Type::Aws, Some("POST"), Some(aws_uri(service)), part)
            }
            Kind::Aws(service) => {
                let r = self.role.clone().unwrap_or_else(|| {
                    Role::new(
                        scope,
                        "IntegrationRole",
                        Principal::service("apigateway.amazonaws.com"),
                    )
                    .build()
                });
                for s in &service.statements {
                    r.add_to_policy(s.clone());
                }
                let part = json!({
                    "kind": "AWS",
                    "service": service.service,
                    "action": service.part,
                    "role": r.node().path(),
                });
                role = Some(r);
                (Type::Aws, Some("POST"), Some(aws_uri(service)), part)
            }
        };
        let pairs = |m: &IndexMap<String, String>| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        let l1_responses: Vec<method::IntegrationResponse> =
            responses.iter().map(IntegrationResponse::render).collect();
        let integration = method::Integration::builder()
            .maybe_cache_key_parameters(
                (!self.cache_keys.is_empty()).then(|| self.cache_keys.clone()),
            )
            .maybe_credentials(role.as_ref().map(Role::arn).or(self.credentials.clone()))
            .maybe_integration_http_method(http_method)
            .maybe_integration_responses((!l1_responses.is_empty()).then_some(l1_responses))
            .maybe_passthrough_behavior(self.passthrough.map(PassthroughBehavior::as_str))
            .maybe_request_parameters(
                (!self.request_parameters.is_empty()).then(|| pairs(&self.request_parameters)),
            )
            .maybe_request_templates((!templates.is_empty()).then(|| {
                templates
                    .iter()
                    .map(|(k, t)| (k.clone(), t.value.clone()))
                    .collect::<Vec<_>>()
            }))
            .maybe_timeout_in_millis(self.timeout.map(|t| t.as_millis() as u64))
            .r#type(ty)
            .maybe_uri(uri)
            .build();
        part["requestTemplates"] = json!(templates
            .iter()
            .map(|(k, t)| [k.clone(), t.part.clone()])
            .collect::<Vec<_>>());
        part["requestParameters"] = json!(pairs(&self.request_parameters));
        part["responses"] = json!(responses
            .iter()
            .map(IntegrationResponse::part)
            .collect::<Vec<_>>());
        if let Some(p) = self.passthrough {
            part["passthrough"] = json!(p.as_str());
        }
        if !self.cache_keys.is_empty() {
            part["cacheKeys"] = json!(self.cache_keys);
        }
        if let Some(t) = self.timeout {
            part["timeoutMs"] = json!(t.as_millis() as u64);
        }
        let mut method_parameters: Vec<String> = self
            .request_parameters
            .values()
            .filter(|s| {
                METHOD_PARAM_LOCATIONS
                    .iter()
                    .any(|l| s.starts_with(&format!("method.request.{l}")))
            })
            .cloned()
            .collect();
        for key in &self.cache_keys {
            if !method_parameters.contains(key) {
                method_parameters.push(key.clone());
            }
        }
        Rendered {
            integration,
            part,
            responses,
            method_parameters,
            role,
        }
    }

    /// What a SAM `Api` event expresses of this integration: a Lambda proxy integration
    /// (a function's event: the function and the timeout in milliseconds) or Step Functions
    /// `StartExecution` as made (a state machine's event), without request parameters or
    /// cache keys; else what SAM cannot express, for the error.
    pub(super) fn sam_event(&self) -> Result<SamTarget<'_>, &'static str> {
        if !self.request_parameters.is_empty() {
            return Err("an integration request parameter");
        }
        if !self.cache_keys.is_empty() {
            return Err("an integration cache key parameter");
        }
        let function = match &self.kind {
            Kind::LambdaProxy(f) => f,
            Kind::Lambda(_) => return Err("a Lambda non-proxy integration"),
            Kind::Mock => return Err("a mock integration"),
            Kind::Http { .. } => return Err("an HTTP integration"),
            Kind::Aws(service) => {
                let Some(start) = &service.machine else {
                    return Err(
                        "an AWS service integration other than Step Functions StartExecution",
                    );
                };
                // A state machine's `Api` event is StartExecution with SAM's own request
                // template, responses and role: nothing else can be said.
                let unsupported = [
                    (start.sync, "StartSyncExecution (a state machine's SAM Api event starts StartExecution only)"),
                    (self.user_templates, "a request template on a Step Functions integration"),
                    (!self.responses.is_empty(), "an integration response on a Step Functions integration"),
                    (self.user_passthrough, "a passthrough behavior on a Step Functions integration"),
                    (self.role.is_some(), "a credentials role on a Step Functions integration (SAM makes the role)"),
                    (self.timeout.is_some(), "an integration timeout on a Step Functions integration"),
                ];
                if let Some((_, what)) = unsupported.iter().find(|(used, _)| *used) {
                    return Err(what);
                }
                return Ok(SamTarget::StateMachine(&start.machine, start.unescape));
            }
        };
        let timeout = self
            .timeout
            .map(|t| u64::try_from(t.as_millis()).unwrap_or(u64::MAX));
        Ok(SamTarget::Function(function, timeout))
    }

    /// This Step Functions integration as aws-sam-translator renders a state machine's
    /// `Api` event: API Gateway assumes `credentials` (the role SAM generates for the
    /// event; no role of the method's own), the integration responses are `200` and `400`
    /// selected by those statuses, and there is no passthrough behavior (API Gateway's
    /// default, `WHEN_NO_MATCH`).
    pub(super) fn into_sam_state_machine_event(mut self, credentials: Str) -> Integration {
        self.credentials = Some(credentials);
        self.passthrough = None;
        self.responses = ["200", "400"]
            .into_iter()
            .map(|s| IntegrationResponse::new(s).selection_pattern(s))
            .collect();
        self
    }

    /// The function whose permissions the method adds once it exists.
    pub(super) fn function(&self) -> Option<&Function> {
        match &self.kind {
            Kind::LambdaProxy(f) | Kind::Lambda(f) => Some(f),
            _ => None,
        }
    }
}

/// `arn:<partition>:apigateway:<region>:<service>:<path>`, the URI of an AWS service action.
fn aws_uri(service: &AwsService) -> Str {
    let mut pieces: Vec<Str> = vec![
        "arn:".into(),
        Aws::partition(),
        ":apigateway:".into(),
        Aws::region(),
        format!(":{}:", service.service).as_str().into(),
    ];
    pieces.extend(service.path.iter().cloned());
    concat(pieces)
}

/// The invocation URI of `function` (its alias when it has one).
pub(super) fn invoke_uri(function: &Function) -> Str {
    concat(vec![
        "arn:".into(),
        Aws::partition(),
        ":apigateway:".into(),
        Aws::region(),
        ":lambda:path/2015-03-31/functions/".into(),
        function.trigger_arn(),
        "/invocations".into(),
    ])
}

/// Records an error on `node` unless `status` is a three-digit HTTP status 100–599.
pub(super) fn check_status(node: &cdk_core::Node, status: &str, what: &str) {
    let ok = status.len() == 3
        && status.chars().all(|c| c.is_ascii_digit())
        && ('1'..='5').contains(&status.chars().next().unwrap_or('0'));
    if !ok {
        node.add_error(
            format!("`{status}` is not an HTTP status code ({what})"),
            "use a three-digit status from 100 to 599, e.g. \"200\"",
        );
    }
}

/// One response of a non-proxy integration: the status API Gateway returns when the
/// backend's answer matches [`selection_pattern`](Self::selection_pattern), with mapped
/// headers and body.
#[derive(Clone, Debug)]
pub struct IntegrationResponse {
    pub(super) status_code: String,
    selection_pattern: Option<String>,
    pub(super) parameters: IndexMap<String, String>,
    templates: IndexMap<String, String>,
}

impl IntegrationResponse {
    /// The response with HTTP status `status_code` (e.g. `"200"`); without a selection
    /// pattern it is the default response.
    pub fn new(status_code: &str) -> IntegrationResponse {
        IntegrationResponse {
            status_code: status_code.to_string(),
            selection_pattern: None,
            parameters: IndexMap::new(),
            templates: IndexMap::new(),
        }
    }

    /// A regular expression on the backend's status (HTTP, AWS) or error message (Lambda)
    /// that selects this response (default: none, the default response).
    pub fn selection_pattern(mut self, pattern: &str) -> Self {
        self.selection_pattern = Some(pattern.to_string());
        self
    }

    /// A response header mapping: `method.response.header.<Name>` to a value expression
    /// such as `'*'` (a quoted literal) or `integration.response.header.<Name>`.
    pub fn response_parameter(mut self, name: &str, value: &str) -> Self {
        self.parameters.insert(name.to_string(), value.to_string());
        self
    }

    /// A response body mapping template (VTL) for `content_type`.
    pub fn response_template(mut self, content_type: &str, template: &str) -> Self {
        self.templates
            .insert(content_type.to_string(), template.to_string());
        self
    }

    fn render(&self) -> method::IntegrationResponse {
        let map = |m: &IndexMap<String, String>| {
            (!m.is_empty()).then(|| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            })
        };
        method::IntegrationResponse::builder()
            .maybe_response_parameters(map(&self.parameters))
            .maybe_response_templates(map(&self.templates))
            .maybe_selection_pattern(self.selection_pattern.clone())
            .status_code(self.status_code.as_str())
            .build()
    }

    fn part(&self) -> Json {
        let pairs = |m: &IndexMap<String, String>| {
            m.iter()
                .map(|(k, v)| [k.clone(), v.clone()])
                .collect::<Vec<_>>()
        };
        json!([
            self.status_code,
            self.selection_pattern,
            pairs(&self.parameters),
            pairs(&self.templates)
        ])
    }
}

/// A response a method declares: its status, which headers it may carry, and the models of
/// its body. Declared automatically for every status and header an integration response
/// maps; declare one yourself for models or required headers.
#[derive(Clone, Debug)]
pub struct MethodResponse {
    pub(super) status_code: String,
    pub(super) parameters: IndexMap<String, bool>,
    models: IndexMap<String, String>,
}

impl MethodResponse {
    /// The method response with HTTP status `status_code` (e.g. `"200"`).
    pub fn new(status_code: &str) -> MethodResponse {
        MethodResponse {
            status_code: status_code.to_string(),
            parameters: IndexMap::new(),
            models: IndexMap::new(),
        }
    }

    /// Declares the header `method.response.header.<Name>`, `required` or not.
    pub fn response_parameter(mut self, name: &str, required: bool) -> Self {
        self.parameters.insert(name.to_string(), required);
        self
    }

    /// The model (by name: API Gateway's `Empty` or `Error`, or one of the API's models)
    /// describing the body of `content_type`.
    pub fn response_model(mut self, content_type: &str, model_name: &str) -> Self {
        self.models
            .insert(content_type.to_string(), model_name.to_string());
        self
    }

    pub(super) fn render(&self) -> method::MethodResponse {
        method::MethodResponse::builder()
            .maybe_response_models((!self.models.is_empty()).then(|| {
                self.models
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            }))
            .maybe_response_parameters((!self.parameters.is_empty()).then(|| {
                self.parameters
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect::<Vec<_>>()
            }))
            .status_code(self.status_code.as_str())
            .build()
    }

    pub(super) fn part(&self) -> Json {
        let pairs: Vec<(&String, &bool)> = self.parameters.iter().collect();
        let models: Vec<(&String, &String)> = self.models.iter().collect();
        json!([self.status_code, pairs, models])
    }
}

/// `declared` completed with a method response for every status of `responses`, and every
/// header those map (not required), in the order the statuses first appear.
pub(super) fn complete_method_responses(
    declared: &[MethodResponse],
    responses: &[IntegrationResponse],
) -> Vec<MethodResponse> {
    let mut out: Vec<MethodResponse> = declared.to_vec();
    for r in responses {
        let i = match out.iter().position(|m| m.status_code == r.status_code) {
            Some(i) => i,
            None => {
                out.push(MethodResponse::new(&r.status_code));
                out.len() - 1
            }
        };
        for name in r.parameters.keys() {
            if name.starts_with("method.response.header.") {
                out[i].parameters.entry(name.clone()).or_insert(false);
            }
        }
    }
    out
}
