//! What a method calls: a Lambda function (proxy) or a mock response.

use cdk_core::Aws;
use cfn_l1::apigateway::method::{self, Type};
use indexmap::IndexMap;
use serde_json::json;

use super::concat;
use crate::lambda::Function;

/// The backend of a [`Method`](super::Method): build one with [`Integration::lambda`] or
/// [`Integration::mock`].
#[derive(Clone, Debug)]
pub struct Integration {
    pub(super) kind: Kind,
    request_templates: IndexMap<String, String>,
    responses: Vec<IntegrationResponse>,
    /// `PassthroughBehavior` of a mock (`None`: not set, API Gateway's `WHEN_NO_MATCH`).
    pub(super) passthrough: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
    LambdaProxy(Box<Function>),
    Mock,
}

impl Integration {
    /// Lambda proxy integration (`AWS_PROXY`, `POST` to the function's invocation URI): the
    /// function receives the whole request and returns `statusCode`, `headers`, `body`.
    /// When the function publishes an alias (`auto_publish_alias`), the alias is invoked.
    /// API Gateway gets `lambda:InvokeFunction` on it, scoped to the method's
    /// `execute-api` ARN in the stage and in the console's test stage (`test-invoke-stage`),
    /// as AWS CDK does.
    pub fn lambda(function: &Function) -> Integration {
        Integration {
            kind: Kind::LambdaProxy(Box::new(function.clone())),
            request_templates: IndexMap::new(),
            responses: Vec::new(),
            passthrough: None,
        }
    }

    /// Mock integration (`MOCK`): API Gateway answers itself, from the
    /// [`integration_response`](Self::integration_response)s. Without a
    /// [`request_template`](Self::request_template), `application/json` gets
    /// `{"statusCode": 200}`, which selects the `200` response (a mock without one answers
    /// 500).
    pub fn mock() -> Integration {
        Integration {
            kind: Kind::Mock,
            request_templates: IndexMap::new(),
            responses: Vec::new(),
            passthrough: None,
        }
    }

    /// A request mapping template for `content_type` (mock only in this version): for a
    /// mock, it must produce `{"statusCode": <code>}`, which selects the response.
    pub fn request_template(mut self, content_type: &str, template: &str) -> Self {
        self.request_templates
            .insert(content_type.to_string(), template.to_string());
        self
    }

    /// A response API Gateway sends (mock only in this version; a proxy function writes its
    /// own). Repeat for more; the method needs a [`MethodResponse`] with the same status.
    pub fn integration_response(mut self, response: IntegrationResponse) -> Self {
        self.responses.push(response);
        self
    }

    /// The L1 `Integration` of a method, and the part of the definition it contributes to
    /// the deployment's hash.
    pub(super) fn render(&self, node: &cdk_core::Node) -> (method::Integration, serde_json::Value) {
        match &self.kind {
            Kind::LambdaProxy(function) => {
                if !self.responses.is_empty() || !self.request_templates.is_empty() {
                    node.add_error(
                        "a Lambda proxy integration takes no integration responses or request templates",
                        "the function's own response is returned as is; drop .integration_response/.request_template, or use a mock",
                    );
                }
                let uri = concat(vec![
                    "arn:".into(),
                    Aws::partition(),
                    ":apigateway:".into(),
                    Aws::region(),
                    ":lambda:path/2015-03-31/functions/".into(),
                    function.trigger_arn(),
                    "/invocations".into(),
                ]);
                let integration = method::Integration::builder()
                    .integration_http_method("POST")
                    .r#type(Type::AwsProxy)
                    .uri(uri)
                    .build();
                let part = json!({
                    "kind": "AWS_PROXY",
                    "function": function.resource().logical_id(),
                    "alias": function.alias().map(|a| a.alias_name().to_string()),
                });
                (integration, part)
            }
            Kind::Mock => {
                let templates: Vec<(String, String)> = if self.request_templates.is_empty() {
                    vec![("application/json".into(), "{\"statusCode\": 200}".into())]
                } else {
                    self.request_templates
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                };
                let responses: Vec<method::IntegrationResponse> = self
                    .responses
                    .iter()
                    .map(IntegrationResponse::render)
                    .collect();
                let integration = method::Integration::builder()
                    .maybe_integration_responses((!responses.is_empty()).then_some(responses))
                    .maybe_passthrough_behavior(self.passthrough)
                    .request_templates(templates.clone())
                    .r#type(Type::Mock)
                    .build();
                let mut part = json!({
                    "kind": "MOCK",
                    "requestTemplates": templates,
                    "responses": self.responses.iter().map(IntegrationResponse::part).collect::<Vec<_>>(),
                });
                if let Some(p) = self.passthrough {
                    part["passthrough"] = json!(p);
                }
                (integration, part)
            }
        }
    }

    /// Checks the responses' status codes; records problems on `node`.
    pub(super) fn validate(&self, node: &cdk_core::Node) {
        for r in &self.responses {
            check_status(node, &r.status_code, "integration response");
        }
    }

    /// Where the integration adds what it needs once the method exists.
    pub(super) fn function(&self) -> Option<&Function> {
        match &self.kind {
            Kind::LambdaProxy(f) => Some(f),
            Kind::Mock => None,
        }
    }
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
    status_code: String,
    selection_pattern: Option<String>,
    parameters: IndexMap<String, String>,
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

    /// A regular expression on the backend's status (HTTP) or error message (Lambda) that
    /// selects this response (default: none, the default response).
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

    fn part(&self) -> serde_json::Value {
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

/// A response a method declares: its status and which headers it may carry (needed for
/// every status a non-proxy integration returns).
#[derive(Clone, Debug)]
pub struct MethodResponse {
    pub(super) status_code: String,
    parameters: IndexMap<String, bool>,
}

impl MethodResponse {
    /// The method response with HTTP status `status_code` (e.g. `"200"`).
    pub fn new(status_code: &str) -> MethodResponse {
        MethodResponse {
            status_code: status_code.to_string(),
            parameters: IndexMap::new(),
        }
    }

    /// Declares the header `method.response.header.<Name>`, `required` or not.
    pub fn response_parameter(mut self, name: &str, required: bool) -> Self {
        self.parameters.insert(name.to_string(), required);
        self
    }

    pub(super) fn render(&self) -> method::MethodResponse {
        method::MethodResponse::builder()
            .maybe_response_parameters((!self.parameters.is_empty()).then(|| {
                self.parameters
                    .iter()
                    .map(|(k, v)| (k.clone(), *v))
                    .collect::<Vec<_>>()
            }))
            .status_code(self.status_code.as_str())
            .build()
    }

    pub(super) fn part(&self) -> serde_json::Value {
        let pairs: Vec<(&String, &bool)> = self.parameters.iter().collect();
        json!([self.status_code, pairs])
    }
}
