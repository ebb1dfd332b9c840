//! The `GatewayResponse` construct (`AWS::ApiGateway::GatewayResponse`): what API Gateway
//! itself answers when a request fails before or around the integration.

use cdk_core::{CfnResource, Construct, Flavor, Scope};
use cfn_l1::apigateway::{CfnGatewayResponse, CfnGatewayResponseProps};
use indexmap::IndexMap;
use serde_json::json;

use super::integration::check_status;
use super::RestApi;

macro_rules! response_types {
    ($($(#[$doc:meta])* $v:ident = $s:literal,)*) => {
        /// The kinds of response API Gateway generates itself (its `ResponseType`s).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ResponseType {
            $($(#[$doc])* $v,)*
        }

        impl ResponseType {
            /// The value as API Gateway spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ResponseType::$v => $s,)*
                }
            }
        }
    };
}

response_types! {
    /// Any 4xx without a response of its own (`DEFAULT_4XX`).
    Default4xx = "DEFAULT_4XX",
    /// Any 5xx without a response of its own (`DEFAULT_5XX`).
    Default5xx = "DEFAULT_5XX",
    /// 403: the authorizer or resource policy denied the call (`ACCESS_DENIED`).
    AccessDenied = "ACCESS_DENIED",
    /// 500: the API's configuration is invalid (`API_CONFIGURATION_ERROR`).
    ApiConfigurationError = "API_CONFIGURATION_ERROR",
    /// 500: the authorizer is misconfigured (`AUTHORIZER_CONFIGURATION_ERROR`).
    AuthorizerConfigurationError = "AUTHORIZER_CONFIGURATION_ERROR",
    /// 500: the authorizer failed (`AUTHORIZER_FAILURE`).
    AuthorizerFailure = "AUTHORIZER_FAILURE",
    /// 400: the request body failed validation (`BAD_REQUEST_BODY`).
    BadRequestBody = "BAD_REQUEST_BODY",
    /// 400: required request parameters are missing (`BAD_REQUEST_PARAMETERS`).
    BadRequestParameters = "BAD_REQUEST_PARAMETERS",
    /// 403: the authentication token has expired (`EXPIRED_TOKEN`).
    ExpiredToken = "EXPIRED_TOKEN",
    /// 504: the integration failed (`INTEGRATION_FAILURE`).
    IntegrationFailure = "INTEGRATION_FAILURE",
    /// 504: the integration timed out (`INTEGRATION_TIMEOUT`).
    IntegrationTimeout = "INTEGRATION_TIMEOUT",
    /// 403: the API key is invalid (`INVALID_API_KEY`).
    InvalidApiKey = "INVALID_API_KEY",
    /// 403: the SigV4 signature is invalid (`INVALID_SIGNATURE`).
    InvalidSignature = "INVALID_SIGNATURE",
    /// 403: no authentication token, also the answer for an unknown path
    /// (`MISSING_AUTHENTICATION_TOKEN`).
    MissingAuthenticationToken = "MISSING_AUTHENTICATION_TOKEN",
    /// 429: the usage plan's quota is used up (`QUOTA_EXCEEDED`).
    QuotaExceeded = "QUOTA_EXCEEDED",
    /// 413: the request is too large (`REQUEST_TOO_LARGE`).
    RequestTooLarge = "REQUEST_TOO_LARGE",
    /// 404: no such resource (`RESOURCE_NOT_FOUND`).
    ResourceNotFound = "RESOURCE_NOT_FOUND",
    /// 429: throttled (`THROTTLED`).
    Throttled = "THROTTLED",
    /// 401: the authorizer refused the caller (`UNAUTHORIZED`).
    Unauthorized = "UNAUTHORIZED",
    /// 415: the content type is not supported (`UNSUPPORTED_MEDIA_TYPE`).
    UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE",
    /// 403: AWS WAF blocked the request (`WAF_FILTERED`).
    WafFiltered = "WAF_FILTERED",
}

/// A gateway response of a [`RestApi`] (`<api>/<id>/Resource`), made with
/// [`RestApi::add_gateway_response`]. In the deployment's hash, and the deployment waits
/// for it (a response changes only when the API is redeployed). Cheap to clone.
#[derive(Clone)]
pub struct GatewayResponse {
    scope: Scope,
    cfn: CfnGatewayResponse,
}

crate::util::construct_handle!(GatewayResponse);

/// Builds a [`GatewayResponse`]; see [`RestApi::add_gateway_response`].
#[must_use = "call .build() to create the gateway response"]
pub struct GatewayResponseBuilder {
    scope: Scope,
    api: RestApi,
    response_type: ResponseType,
    status_code: Option<String>,
    headers: IndexMap<String, String>,
    templates: IndexMap<String, String>,
}

impl GatewayResponseBuilder {
    pub(super) fn start(api: &RestApi, id: &str, response_type: ResponseType) -> Self {
        GatewayResponseBuilder {
            scope: Scope::new(api, id),
            api: api.clone(),
            response_type,
            status_code: None,
            headers: IndexMap::new(),
            templates: IndexMap::new(),
        }
    }

    /// The HTTP status (default: the type's own, e.g. 403 for `ACCESS_DENIED`).
    pub fn status_code(mut self, status: &str) -> Self {
        self.status_code = Some(status.to_string());
        self
    }

    /// A header of the response: `name` (e.g. `Access-Control-Allow-Origin`, written
    /// `gatewayresponse.header.<name>`) with `value`, a literal in single quotes (`'*'`) or
    /// `method.request.header.<Name>` and the like.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.insert(name.to_string(), value.to_string());
        self
    }

    /// The body template (VTL) for `content_type`, e.g.
    /// `{"message": $context.error.messageString}`.
    pub fn template(mut self, content_type: &str, template: &str) -> Self {
        self.templates
            .insert(content_type.to_string(), template.to_string());
        self
    }

    /// Creates the response. A second response of the same type on the API is a synth
    /// error.
    pub fn build(self) -> GatewayResponse {
        let node = self.scope.node().clone();
        if let Some(s) = &self.status_code {
            check_status(&node, s, "gateway response");
        }
        if !self.api.claim_gateway_response(self.response_type.as_str()) {
            node.add_error(
                format!(
                    "the API has a {} gateway response already",
                    self.response_type.as_str()
                ),
                "give each response type one gateway response",
            );
        }
        for name in self.headers.keys() {
            if name.is_empty() || name.contains(['.', ' ', ':']) {
                node.add_error(
                    format!("`{name}` is not a header name"),
                    "give the bare header name, e.g. Access-Control-Allow-Origin",
                );
            }
        }
        let parameters: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(k, v)| (format!("gatewayresponse.header.{k}"), v.clone()))
            .collect();
        let props = CfnGatewayResponseProps::builder()
            .maybe_response_parameters((!parameters.is_empty()).then(|| parameters.clone()))
            .maybe_response_templates((!self.templates.is_empty()).then(|| {
                self.templates
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            }))
            .response_type(self.response_type.as_str())
            .rest_api_id(self.api.rest_api_id())
            .maybe_status_code(self.status_code.as_deref())
            .build();
        let cfn = CfnGatewayResponse::new(&self.scope, "Resource", props);
        if let Some(sam) = self.api.sam() {
            // SAM's `GatewayResponses`; the plain resource is the plain template's.
            cfn.resource().only_in(Flavor::Cfn);
            let headers: Vec<(String, String)> = self
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let templates: Vec<(String, String)> = self
                .templates
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            sam.add_gateway_response(
                self.response_type.as_str(),
                self.status_code.as_deref(),
                &headers,
                &templates,
            );
        }
        let part = json!({
            "gatewayResponse": self.response_type.as_str(),
            "status": self.status_code,
            "headers": parameters,
            "templates": self.templates.iter().collect::<Vec<_>>(),
        });
        self.api.record(part.to_string(), cfn.resource());
        GatewayResponse {
            scope: self.scope,
            cfn,
        }
    }
}

impl GatewayResponse {
    /// The response's typed L1 resource (`CfnGatewayResponse`).
    pub fn cfn(&self) -> &CfnGatewayResponse {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}
