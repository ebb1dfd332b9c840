//! The `Method` construct (`AWS::ApiGateway::Method`): an HTTP method on a resource, its
//! authorization and its integration.

use cdk_core::{CfnResource, Construct, Scope, Str};
use cfn_l1::apigateway::CfnMethod;
use indexmap::IndexMap;

use super::integration::{MethodResponse, METHOD_PARAM_LOCATIONS};
use super::model::Model;
use super::request_validator::RequestValidator;
use super::Authorizer;
use super::{RestApi, INVOKE_ACTIONS};
use crate::iam::{Grant, Grantable};

/// An HTTP method of a [`Method`]; [`HttpMethod::Any`] matches every method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `ANY`: every method not given its own.
    Any,
}

impl HttpMethod {
    /// The method as API Gateway spells it (`GET`, …, `ANY`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Any => "ANY",
        }
    }

    /// The method in an `execute-api` ARN: `*` for `ANY`.
    pub(super) fn arn_part(self) -> &'static str {
        match self {
            HttpMethod::Any => "*",
            m => m.as_str(),
        }
    }
}

/// Who may call a method.
#[derive(Clone, Debug, Default)]
pub enum Authorization {
    /// Anyone (`NONE`, the default): the integration decides.
    #[default]
    None,
    /// Callers signing requests with SigV4 whose IAM identity is allowed `execute-api:Invoke`
    /// on the method (`AWS_IAM`); grant it with [`Method::grant_invoke`] or
    /// [`RestApi::grant_invoke`].
    Iam,
    /// Callers the [`Authorizer`] admits (`CUSTOM` for a Lambda authorizer,
    /// `COGNITO_USER_POOLS` for a Cognito one, with its `AuthorizerId`); make it with
    /// [`Authorization::custom`].
    Custom(Authorizer),
}

impl Authorization {
    /// Authorization by `authorizer`.
    pub fn custom(authorizer: &Authorizer) -> Authorization {
        Authorization::Custom(authorizer.clone())
    }

    /// The `AuthorizationType` API Gateway takes (`NONE`, `AWS_IAM`, `CUSTOM`,
    /// `COGNITO_USER_POOLS`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Authorization::None => "NONE",
            Authorization::Iam => "AWS_IAM",
            Authorization::Custom(a) => a.authorization_type(),
        }
    }
}

/// The options of [`Resource::add_method_with`](super::Resource::add_method_with), and the
/// API-wide defaults ([`RestApiBuilder::default_method_options`](super::RestApiBuilder::default_method_options)).
#[derive(Clone, Debug, Default)]
pub struct MethodOptions {
    pub(super) authorization: Option<Authorization>,
    pub(super) api_key_required: Option<bool>,
    pub(super) method_responses: Vec<MethodResponse>,
    pub(super) request_parameters: IndexMap<String, bool>,
    pub(super) request_models: IndexMap<String, Model>,
    pub(super) request_validator: Option<RequestValidator>,
}

impl MethodOptions {
    /// The defaults: the API's default options, else no authorization, no API key; no
    /// declared method responses.
    pub fn new() -> MethodOptions {
        MethodOptions::default()
    }

    /// Who may call the method (default: the API's
    /// [`default_method_options`](super::RestApiBuilder::default_method_options), else
    /// [`Authorization::None`]). `OPTIONS` methods never take the API's default.
    pub fn authorization(mut self, authorization: Authorization) -> Self {
        self.authorization = Some(authorization);
        self
    }

    /// Callers must send an API key (`x-api-key`) of a usage plan of this API's stage
    /// (default: the API's default, else no). Without a plan with keys, every call is
    /// refused with 403.
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.api_key_required = Some(required);
        self
    }

    /// Declares a response the method returns. Repeat for more. The statuses and headers
    /// the integration responses map are declared for you; declare one for response models
    /// or required headers. Not taken from the API's default options.
    pub fn method_response(mut self, response: MethodResponse) -> Self {
        self.method_responses.push(response);
        self
    }

    /// Declares the request parameter `name` (`method.request.path.<name>`,
    /// `method.request.querystring.<name>`, `method.request.header.<name>`), `required` or
    /// not: a request validator that checks parameters rejects a request without a
    /// required one with 400. Not taken from the API's default options.
    pub fn request_parameter(mut self, name: &str, required: bool) -> Self {
        self.request_parameters.insert(name.to_string(), required);
        self
    }

    /// The model the body of `content_type` must match (e.g. `application/json`), checked
    /// when the method has a [`request_validator`](Self::request_validator) that validates
    /// bodies. Not taken from the API's default options.
    pub fn request_model(mut self, content_type: &str, model: &Model) -> Self {
        self.request_models
            .insert(content_type.to_string(), model.clone());
        self
    }

    /// What API Gateway checks before calling the integration (default: nothing): the body
    /// against the [`request_model`](Self::request_model)s, the required
    /// [`request_parameter`](Self::request_parameter)s. Not taken from the API's default
    /// options.
    pub fn request_validator(mut self, validator: &RequestValidator) -> Self {
        self.request_validator = Some(validator.clone());
        self
    }

    /// Records the mistakes in these options on `node` (the method's).
    pub(super) fn validate(&self, node: &cdk_core::Node, api_path: &str) {
        let foreign = |what: &str, path: &str, owner: &str| {
            node.add_error(
                format!("the {what} `{path}` belongs to the API `{owner}`"),
                "use models and request validators of the method's own API (api.add_model, api.add_request_validator)",
            );
        };
        for model in self.request_models.values() {
            if model.api_path() != api_path {
                foreign("model", &model.node().path(), model.api_path());
            }
        }
        if let Some(v) = &self.request_validator {
            if v.api_path() != api_path {
                foreign("request validator", &v.node().path(), v.api_path());
            } else if v.validates_body() && self.request_models.is_empty() {
                node.add_error(
                    format!("the request validator `{}` checks bodies, but the method has no request model", v.node().path()),
                    "add .request_model(\"application/json\", &model), or use a validator that checks parameters only",
                );
            }
        }
        for name in self.request_parameters.keys() {
            let ok = METHOD_PARAM_LOCATIONS.iter().any(|l| {
                name.strip_prefix("method.request.")
                    .and_then(|n| n.strip_prefix(l))
                    .is_some_and(|n| !n.is_empty())
            });
            if !ok {
                node.add_error(
                    format!("`{name}` is not a method request parameter"),
                    "name it method.request.path.<name>, method.request.querystring.<name> or method.request.header.<name>",
                );
            }
        }
    }
}

/// A method of a [`Resource`](super::Resource): `<resource>/<METHOD>/Resource`. Cheap to
/// clone.
#[derive(Clone)]
pub struct Method {
    scope: Scope,
    cfn: CfnMethod,
    api: RestApi,
    http_method: HttpMethod,
    /// The resource's path (`/items/{id}`).
    path: String,
    /// The resource's path with path variables as `*` (`/items/*`), for ARNs.
    arn_path: String,
}

crate::util::construct_handle!(Method);

impl Method {
    pub(super) fn from_parts(
        scope: Scope,
        cfn: CfnMethod,
        api: RestApi,
        http_method: HttpMethod,
        (path, arn_path): (String, String),
    ) -> Method {
        Method {
            scope,
            cfn,
            api,
            http_method,
            path,
            arn_path,
        }
    }

    /// The API the method belongs to.
    pub fn api(&self) -> &RestApi {
        &self.api
    }

    /// The path of the method's resource (`/items/{id}`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The HTTP method.
    pub fn http_method(&self) -> HttpMethod {
        self.http_method
    }

    /// The resource's path in `execute-api` ARNs (path variables as `*`).
    pub(super) fn arn_path_for_permissions(&self) -> String {
        self.arn_path.clone()
    }

    /// The method's `execute-api` ARN in the API's deployment stage
    /// (`…:<api>/<stage>/<METHOD>/<path>`, path variables as `*`, `ANY` as `*`).
    pub fn method_arn(&self) -> Str {
        self.api.arn_for_execute_api(
            self.http_method.arn_part(),
            &self.arn_path,
            self.api.deployment_stage().stage_name(),
        )
    }

    /// The method's ARN in the console's test stage (`…/test-invoke-stage/<METHOD>/<path>`).
    pub fn test_method_arn(&self) -> Str {
        self.api.arn_for_execute_api(
            self.http_method.arn_part(),
            &self.arn_path,
            "test-invoke-stage",
        )
    }

    /// Lets `grantee` call this method in the deployment stage (`execute-api:Invoke` on
    /// [`method_arn`](Self::method_arn)), what [`Authorization::Iam`] checks.
    pub fn grant_invoke(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, INVOKE_ACTIONS, [self.method_arn()])
    }

    /// The method's typed L1 resource (`CfnMethod`). A change made through it is not part of
    /// the deployment's hash: see [`Deployment::add_to_logical_id`](super::Deployment::add_to_logical_id).
    pub fn cfn(&self) -> &CfnMethod {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}
