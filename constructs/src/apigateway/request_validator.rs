//! The `RequestValidator` construct (`AWS::ApiGateway::RequestValidator`): which parts of a
//! request API Gateway checks before calling the integration.

use cdk_core::{CfnResource, Construct, Scope, Str};
use cfn_l1::apigateway::{CfnRequestValidator, CfnRequestValidatorProps};
use serde_json::json;

use super::RestApi;

/// A request validator of a [`RestApi`] (`<api>/<id>/Resource`, made with
/// [`RestApi::add_request_validator`]): methods using it
/// ([`MethodOptions::request_validator`](super::MethodOptions::request_validator)) reject a
/// request with 400 before the integration runs when its body does not match the method's
/// request model, or a required request parameter is missing. Cheap to clone.
#[derive(Clone)]
pub struct RequestValidator {
    scope: Scope,
    cfn: CfnRequestValidator,
    api_path: String,
    body: bool,
    parameters: bool,
}

crate::util::construct_handle!(RequestValidator);

/// Builds a [`RequestValidator`]; see [`RestApi::add_request_validator`].
#[must_use = "call .build() to create the request validator"]
pub struct RequestValidatorBuilder {
    scope: Scope,
    api: RestApi,
    name: Option<String>,
    body: bool,
    parameters: bool,
}

impl RequestValidatorBuilder {
    pub(super) fn start(api: &RestApi, id: &str) -> RequestValidatorBuilder {
        RequestValidatorBuilder {
            scope: Scope::new(api, id),
            api: api.clone(),
            name: None,
            body: false,
            parameters: false,
        }
    }

    /// The validator's name (default: its construct id).
    pub fn request_validator_name(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }

    /// Checks request bodies against the method's request model (default: no).
    pub fn validate_request_body(mut self, validate: bool) -> Self {
        self.body = validate;
        self
    }

    /// Checks that the method's required request parameters are present (default: no).
    pub fn validate_request_parameters(mut self, validate: bool) -> Self {
        self.parameters = validate;
        self
    }

    /// Creates the validator. One that validates neither body nor parameters is a synth
    /// error.
    pub fn build(self) -> RequestValidator {
        let node = self.scope.node().clone();
        if !self.body && !self.parameters {
            node.add_error(
                "the request validator validates nothing",
                "call .validate_request_body(true) and/or .validate_request_parameters(true)",
            );
        }
        // A SAM-native API's validators are SAM's: one per combination of checks, named
        // after it (`body-only`, `params-only`, `body-and-params`).
        let sam_name = self.api.sam().map(|sam| {
            match sam.add_validator(&node.path(), self.body, self.parameters) {
                Ok(name) => name.to_string(),
                Err(other) => {
                    node.add_error(
                        format!("the request validator checks what `{other}` checks, and a SAM-native REST API has one validator per combination"),
                        "use that validator on this method too, or build the API with .sam_native(false)",
                    );
                    String::new()
                }
            }
        });
        if let (Some(_), Some(given)) = (&sam_name, &self.name) {
            node.add_error(
                format!("a request validator of a SAM-native REST API cannot be named (`{given}`)"),
                "leave the name out (SAM names validators after what they check: body-only, params-only, body-and-params), or build the API with .sam_native(false)",
            );
        }
        let name = sam_name.clone().or(self.name).unwrap_or_else(|| node.id());
        let props = CfnRequestValidatorProps::builder()
            .name(name.as_str())
            .rest_api_id(self.api.rest_api_id())
            .validate_request_body(self.body)
            .validate_request_parameters(self.parameters)
            .build();
        let cfn = CfnRequestValidator::new(&self.scope, "Resource", props);
        if sam_name.is_some() {
            cfn.resource().only_in(cdk_core::Flavor::Cfn);
        }
        let part = json!({
            "validator": node.path(),
            "validatorName": name,
            "body": self.body,
            "parameters": self.parameters,
        });
        self.api.record(part.to_string(), cfn.resource());
        RequestValidator {
            scope: self.scope,
            cfn,
            api_path: self.api.node().path(),
            body: self.body,
            parameters: self.parameters,
        }
    }
}

impl RequestValidator {
    /// The validator's id (`Ref`).
    pub fn request_validator_id(&self) -> Str {
        self.cfn.ref_()
    }

    /// The path of the API the validator belongs to.
    pub(super) fn api_path(&self) -> &str {
        &self.api_path
    }

    /// Whether it checks bodies.
    pub(super) fn validates_body(&self) -> bool {
        self.body
    }

    /// What the validator checks: (body, parameters).
    pub(super) fn checks(&self) -> (bool, bool) {
        (self.body, self.parameters)
    }

    /// The validator's typed L1 resource (`CfnRequestValidator`).
    pub fn cfn(&self) -> &CfnRequestValidator {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}
