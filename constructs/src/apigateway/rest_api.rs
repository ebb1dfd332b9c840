//! The `RestApi` construct (`AWS::ApiGateway::RestApi`), with the deployment and stage that
//! publish it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use cdk_core::{Aws, CfnOutput, CfnResource, Construct, Flavor, Scope, Str};
use cfn_l1::apigateway::rest_api::EndpointConfiguration;
use cfn_l1::apigateway::{CfnRestApi, CfnRestApiProps};
use cfn_l1::sam::api as serverless;

use super::api_key::ApiKeyBuilder;
use super::deployment::Deployment;
use super::gateway_response::{GatewayResponseBuilder, ResponseType};
use super::method::MethodOptions;
use super::model::ModelBuilder;
use super::request_validator::RequestValidatorBuilder;
use super::resource::{Resource, ResourceState};
use super::sam::{sam_stage_name, SamApi, OPENAPI_VERSION};
use super::stage::{Stage, StageArgs, StageOptions};
use super::usage_plan::UsagePlanBuilder;
use super::{concat, INVOKE_ACTIONS};
use crate::iam::{Grant, Grantable, PolicyDocument};

/// Where the API's endpoint is served from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EndpointType {
    /// Edge-optimized: through CloudFront's edge locations, for clients anywhere (API
    /// Gateway's default; no `EndpointConfiguration` is written).
    #[default]
    Edge,
    /// Regional: served in the stack's region, for clients in that region or behind your own
    /// CDN.
    Regional,
    /// Private: reachable only from VPCs through an `execute-api` interface endpoint; needs a
    /// resource policy ([`RestApiBuilder::policy`]).
    Private,
}

impl EndpointType {
    /// The value as API Gateway spells it (`EDGE`, `REGIONAL`, `PRIVATE`).
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointType::Edge => "EDGE",
            EndpointType::Regional => "REGIONAL",
            EndpointType::Private => "PRIVATE",
        }
    }
}

/// A REST API. Cheap to clone; all clones are the same API.
///
/// Tree layout, as in AWS CDK (so logical IDs match a TypeScript CDK stack):
///
/// | path | what |
/// |---|---|
/// | `<id>/Resource` | the `AWS::ApiGateway::RestApi` |
/// | `<id>/Default` | the root resource `/` (API Gateway creates it; no resource of ours) |
/// | `<id>/Default/<part>/Resource` | an `AWS::ApiGateway::Resource` ([`Resource::add_resource`]) |
/// | `<id>/Default/…/<METHOD>/Resource` | an `AWS::ApiGateway::Method` ([`Resource::add_method`]) |
/// | `<id>/Deployment/Resource` | the `AWS::ApiGateway::Deployment`, ID hashed from the definition |
/// | `<id>/DeploymentStage.<stage>/Resource` | the `AWS::ApiGateway::Stage` |
#[derive(Clone)]
pub struct RestApi {
    scope: Scope,
    pub(super) inner: Rc<ApiInner>,
}

pub(super) struct ApiInner {
    cfn: CfnRestApi,
    /// The SAM template's `AWS::Serverless::Api`, when the API is SAM-native.
    sam: Option<Rc<SamApi>>,
    root: Scope,
    root_state: Rc<ResourceState>,
    deployment: Deployment,
    stage: Stage,
    defaults: MethodOptions,
    /// The gateway response types the API has.
    gateway_responses: RefCell<Vec<&'static str>>,
    /// What the API's synthesis-time checks read.
    usage: Rc<Usage>,
}

/// What the whole-API checks need, shared with the check (no handle on the tree).
#[derive(Default)]
pub(super) struct Usage {
    methods: Cell<usize>,
    /// The first method that requires an API key (`GET /items`).
    key_required: RefCell<Option<String>>,
    /// API keys attached to usage plans of the API.
    plan_keys: Cell<usize>,
}

impl Usage {
    /// The mistakes only the whole API shows: no method at all; methods requiring a key no
    /// usage plan has.
    fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.methods.get() == 0 {
            out.push((
                "the REST API has no method".to_string(),
                "API Gateway refuses to deploy an API without methods: add one, e.g. api.root().add_resource(\"hello\").add_method(HttpMethod::Get, integration)".to_string(),
            ));
        }
        if let Some(method) = self.key_required.borrow().as_ref() {
            if self.plan_keys.get() == 0 {
                out.push((
                    format!("`{method}` requires an API key, but no usage plan of the API has one"),
                    "every call would get 403: add a usage plan (api.add_usage_plan) and attach a key to it (plan.add_api_key(&api.add_api_key(..).build()))".to_string(),
                ));
            }
        }
        out
    }
}

crate::util::construct_handle!(RestApi);

/// The error for `what` on a SAM-native API, on `node`.
fn sam_unsupported(node: &cdk_core::Node, what: &str) {
    node.add_error(
        format!("{what} cannot be expressed by a SAM-native REST API (AWS::Serverless::Api and functions' Api events)"),
        "remove it, or build the API with .sam_native(false) so both templates hold the plain AWS::ApiGateway resources",
    );
}

/// Builds a [`RestApi`]; see [`RestApi::new`].
#[must_use = "call .build() to create the API"]
pub struct RestApiBuilder {
    scope: Scope,
    name: Option<Str>,
    description: Option<Str>,
    endpoint_type: EndpointType,
    policy: Option<PolicyDocument>,
    stage_name: String,
    stage_description: Option<Str>,
    variables: Vec<(String, Str)>,
    endpoint_output: bool,
    defaults: MethodOptions,
    stage_options: StageOptions,
    cloud_watch_role: bool,
    sam_native: bool,
}

impl RestApiBuilder {
    /// Renders the API SAM-natively in the SAM template (default: no): one
    /// `AWS::Serverless::Api` under the API's logical ID, carrying the stage's settings
    /// (`StageName`, `Variables`, `MethodSettings`, the cache cluster, `CanarySetting`,
    /// `AccessLogSetting`, `TracingEnabled`, `EndpointConfiguration`, the authorizers in
    /// `Auth`, `GatewayResponses`), and an `Api` event on every function a method integrates (path, method, the
    /// authorizer or `AWS_IAM`, the API key requirement, the timeout). That is what
    /// `sam local start-api` reads routes from: in a template with SAM functions it ignores
    /// plain `AWS::ApiGateway::*` resources. The plain template then holds what
    /// aws-sam-translator makes of it: one invoke permission per method on
    /// `…/<api>/*/<METHOD>/<path>` (any stage, as SAM writes it, instead of the stage and
    /// `test-invoke-stage` pair), authorizer permissions on `…/<api>/authorizers/*`.
    ///
    /// A method whose integration is [`Integration::start_execution`](super::Integration::start_execution)
    /// is an `Api` event on the state machine instead (its alias with one), and the plain
    /// template holds the role `<Machine><Event>Role` and the method SAM generates for it.
    ///
    /// Only what SAM's events express can be used: Lambda proxy integrations (with a
    /// timeout at most), Step Functions `StartExecution` as made, per-method authorization
    /// and API keys, usage plans and API keys (plain resources in both templates, naming
    /// SAM's stage), custom domains, `application/json` models (SAM's `Models`, names
    /// lower-cased as SAM does), request validators (the event's `RequestModel` with
    /// `ValidateBody`/`ValidateParameters`, so on methods with a model; one per combination
    /// of checks, named `body-only`, `params-only`, `body-and-params` as SAM names them) and
    /// method request parameters (the event's `RequestParameters`); anything else (other
    /// integrations, CORS preflights — SAM's `Cors` covers every path and answers 500 to a
    /// non-JSON preflight —, method responses, model descriptions, a resource policy, a
    /// stage description, a canary on a base deployment, a stage name that is not
    /// alphanumeric) is a synth error naming it. Without this option both templates hold
    /// the plain resources.
    pub fn sam_native(mut self, enabled: bool) -> Self {
        self.sam_native = enabled;
        self
    }

    /// The API's name in API Gateway (default: the construct id, as in AWS CDK).
    pub fn rest_api_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description of the API (default: none).
    pub fn description(mut self, description: impl Into<Str>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Where the endpoint is served from (default: [`EndpointType::Edge`], API Gateway's).
    pub fn endpoint_type(mut self, endpoint_type: EndpointType) -> Self {
        self.endpoint_type = endpoint_type;
        self
    }

    /// The API's resource policy (default: none). A [`EndpointType::Private`] API needs
    /// one, typically allowing `execute-api:Invoke` from a VPC endpoint (`aws:SourceVpce`).
    pub fn policy(mut self, policy: PolicyDocument) -> Self {
        self.policy = Some(policy);
        self
    }

    /// The stage the deployment publishes (default: `prod`, AWS CDK's and SAM's). 1–128
    /// letters, digits, `-` and `_`.
    pub fn stage_name(mut self, name: &str) -> Self {
        self.stage_name = name.to_string();
        self
    }

    /// A description of the stage and its deployment (default: none).
    pub fn stage_description(mut self, description: impl Into<Str>) -> Self {
        self.stage_description = Some(description.into());
        self
    }

    /// A stage variable, `${stageVariables.<name>}` in integrations and mapping templates
    /// (default: none). Names are letters, digits and `_`; literal values are at most 512 of
    /// letters, digits and `-._~:/?#&=,`. Repeat for more; a repeated name replaces the value.
    pub fn stage_variable(mut self, name: &str, value: impl Into<Str>) -> Self {
        let value = value.into();
        match self.variables.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = value,
            None => self.variables.push((name.to_string(), value)),
        }
        self
    }

    /// Whether the stack outputs the stage's URL as `<api>/Endpoint` (default: yes, as AWS
    /// CDK and `sam init`'s template do; logical ID `<Api>Endpoint<hash>`, CDK's).
    pub fn endpoint_output(mut self, enabled: bool) -> Self {
        self.endpoint_output = enabled;
        self
    }

    /// The authorization and API-key requirement of every method that does not set its own
    /// (default: none, no key), such as `Authorization::custom(&authorizer)` for the whole
    /// API. `OPTIONS` methods (CORS preflights) never take it. Method responses are not
    /// taken from it.
    pub fn default_method_options(mut self, options: MethodOptions) -> Self {
        self.defaults = options;
        self
    }

    /// The stage's settings: method settings (throttling, logging, metrics, caching, per
    /// method or for all), the cache cluster, access logs, X-Ray tracing and a canary
    /// (default: none of them).
    pub fn deploy_options(mut self, options: StageOptions) -> Self {
        self.stage_options = options;
        self
    }

    /// Whether the API creates the account-level CloudWatch role when its stage logs
    /// (execution or access logs): an `AWS::ApiGateway::Account` naming a role with
    /// `AmazonAPIGatewayPushToCloudWatchLogs`, both retained when the stack is deleted
    /// (default: yes, created only when logging needs it). The setting is one per account
    /// and Region, so the last stack that sets it wins; turn this off when the account
    /// already has one. Within a stack there is one: a second API whose stage logs shares
    /// the first one's (or an `AWS::ApiGateway::Account` the program made) and waits for it.
    pub fn cloud_watch_role(mut self, create: bool) -> Self {
        self.cloud_watch_role = create;
        self
    }

    /// Creates the API with its deployment and stage, validating every setting (errors are
    /// reported at synth).
    pub fn build(self) -> RestApi {
        let node = self.scope.node().clone();
        let name = self.name.unwrap_or_else(|| Str::from(node.id().as_str()));
        if self.endpoint_type == EndpointType::Private && self.policy.is_none() {
            node.add_error(
                "a PRIVATE API needs a resource policy; API Gateway refuses to deploy one without",
                "add .policy(PolicyDocument) allowing execute-api:Invoke, e.g. from your VPC endpoint (aws:SourceVpce)",
            );
        }
        let endpoint = (self.endpoint_type != EndpointType::Edge).then(|| {
            EndpointConfiguration::builder()
                .types(vec![self.endpoint_type.as_str()])
                .build()
        });
        let props = CfnRestApiProps::builder()
            .maybe_description(self.description.clone())
            .maybe_endpoint_configuration(endpoint)
            .name(name.clone())
            .build();
        let cfn = CfnRestApi::new(&self.scope, "Resource", props);
        if let Some(policy) = &self.policy {
            cfn.props().policy().set_value(policy.to_value());
        }
        let sam = self.sam_native.then(|| {
            cfn.resource().only_in(Flavor::Cfn);
            let unsupported = |what: &str| sam_unsupported(&node, what);
            if self.policy.is_some() {
                unsupported("a resource policy");
            }
            if self.stage_description.is_some() {
                unsupported("a stage description");
            }
            if !sam_stage_name(&self.stage_name) {
                node.add_error(
                    format!("the stage name `{}` of a SAM-native API is not alphanumeric", self.stage_name),
                    "SAM names the stage `<Api><Stage>Stage` only for letters and digits: use e.g. `Prod`, or .sam_native(false)",
                );
            }
            let props = serverless::CfnApiProps::builder()
                .maybe_description(self.description.clone())
                // SAM's `EndpointConfiguration` takes the type as a string (the L1's object
                // form types `Type` as a list, which SAM would nest in another list).
                .maybe_endpoint_configuration(
                    (self.endpoint_type != EndpointType::Edge).then(|| self.endpoint_type.as_str()),
                )
                .name(name.clone())
                .open_api_version(OPENAPI_VERSION)
                .stage_name(self.stage_name.as_str())
                .build();
            let api = serverless::CfnApi::new(&self.scope, "Serverless", props);
            Rc::new(SamApi::new(api, &cfn.resource().logical_id(), &self.stage_name))
        });
        let root = Scope::new(&self.scope, "Default");
        let deployment =
            Deployment::create(&self.scope, cfn.ref_(), self.stage_description.clone());
        let stage = Stage::create(
            StageArgs {
                api: &self.scope,
                api_resource: cfn.resource(),
                rest_api_id: cfn.ref_(),
                deployment: &deployment,
                name: &self.stage_name,
                description: self.stage_description,
                variables: self.variables,
                cloud_watch_role: self.cloud_watch_role,
                sam: sam.clone(),
            },
            self.stage_options,
        );
        let root_state = ResourceState::root(cfn.attr_root_resource_id());
        let usage = Rc::new(Usage::default());
        let api = RestApi {
            scope: self.scope,
            inner: Rc::new(ApiInner {
                cfn,
                sam,
                root,
                root_state,
                deployment,
                stage,
                defaults: self.defaults,
                gateway_responses: RefCell::new(Vec::new()),
                usage: usage.clone(),
            }),
        };
        api.scope.node().add_validation(move || usage.problems());
        if self.endpoint_output {
            CfnOutput::new(&api.scope, "Endpoint", api.url());
        }
        api
    }
}

impl RestApi {
    /// Starts a REST API named `id` in `scope`. Defaults: named after `id`, edge-optimized,
    /// no resource policy, deployed to a stage `prod` without variables, the stage's URL as
    /// the output `<api>/Endpoint`, authorization `NONE` on every method unless a method
    /// says otherwise.
    pub fn new(scope: &impl Construct, id: &str) -> RestApiBuilder {
        RestApiBuilder {
            scope: Scope::new(scope, id),
            name: None,
            description: None,
            endpoint_type: EndpointType::Edge,
            policy: None,
            stage_name: "prod".to_string(),
            stage_description: None,
            variables: Vec::new(),
            endpoint_output: true,
            defaults: MethodOptions::new(),
            stage_options: StageOptions::new(),
            cloud_watch_role: true,
            sam_native: false,
        }
    }

    /// The root resource `/`, where the tree starts: `api.root().add_resource("items")`.
    pub fn root(&self) -> Resource {
        Resource::from_parts(
            self.inner.root.clone(),
            self.clone(),
            self.inner.root_state.clone(),
        )
    }

    /// The API's id (`Ref`), e.g. `a1b2c3d4e5`.
    pub fn rest_api_id(&self) -> Str {
        match &self.inner.sam {
            Some(sam) => Flavor::either(self.inner.cfn.ref_(), sam.cfn().ref_()),
            None => self.inner.cfn.ref_(),
        }
    }

    /// The root resource's id (`Fn::GetAtt <Api>.RootResourceId`).
    pub fn root_resource_id(&self) -> Str {
        match &self.inner.sam {
            Some(sam) => Flavor::either(
                self.inner.cfn.attr_root_resource_id(),
                sam.cfn().attr_root_resource_id(),
            ),
            None => self.inner.cfn.attr_root_resource_id(),
        }
    }

    /// The SAM template's `AWS::Serverless::Api`, when the API is SAM-native.
    pub(super) fn sam(&self) -> Option<&SamApi> {
        self.inner.sam.as_deref()
    }

    /// Whether the API is rendered SAM-natively ([`RestApiBuilder::sam_native`]).
    pub fn is_sam_native(&self) -> bool {
        self.inner.sam.is_some()
    }

    /// Records on `node` that `what` cannot be used on this API when it is SAM-native.
    pub(super) fn check_sam_expressible(&self, node: &cdk_core::Node, what: &str) {
        if self.is_sam_native() {
            sam_unsupported(node, what);
        }
    }

    /// The deployment that publishes the API; its logical ID changes with the definition.
    pub fn deployment(&self) -> &Deployment {
        &self.inner.deployment
    }

    /// The stage the deployment publishes (`prod` unless [`RestApiBuilder::stage_name`]).
    pub fn deployment_stage(&self) -> &Stage {
        &self.inner.stage
    }

    /// The stage's invoke URL, `https://<api>.execute-api.<region>.<url suffix>/<stage>/`
    /// (AWS CDK's `url`). It references the stage, so an output of it waits for the stage.
    pub fn url(&self) -> Str {
        self.url_for_path("/")
    }

    /// The invoke URL of `path` on the stage, e.g. `url_for_path("/items")`. A path without a
    /// leading `/` gets one.
    pub fn url_for_path(&self, path: &str) -> Str {
        let path = if path.starts_with('/') {
            path.to_string()
        } else {
            format!("/{path}")
        };
        concat(vec![
            "https://".into(),
            self.rest_api_id(),
            ".execute-api.".into(),
            Aws::region(),
            ".".into(),
            Aws::url_suffix(),
            "/".into(),
            self.inner.stage.stage_name(),
            path.as_str().into(),
        ])
    }

    /// The `execute-api` ARN of `method` (`*` for any) on `path` (path variables already
    /// written as `*`) in `stage`: `arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/<method><path>`,
    /// what IAM statements and Lambda permissions name (AWS CDK's `arnForExecuteApi`).
    pub fn arn_for_execute_api(&self, method: &str, path: &str, stage: impl Into<Str>) -> Str {
        concat(vec![
            "arn:".into(),
            Aws::partition(),
            ":execute-api:".into(),
            Aws::region(),
            ":".into(),
            Aws::account_id(),
            ":".into(),
            self.rest_api_id(),
            "/".into(),
            stage.into(),
            format!("/{method}{path}").as_str().into(),
        ])
    }

    /// Lets `grantee` call every method of the API in every stage (`execute-api:Invoke` on
    /// `<api>/*/*/*`), what methods with [`Authorization::Iam`](super::Authorization::Iam)
    /// check. For one method, see [`Method::grant_invoke`](super::Method::grant_invoke).
    pub fn grant_invoke(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(
            grantee,
            INVOKE_ACTIONS,
            [self.arn_for_execute_api("*", "/*", "*")],
        )
    }

    /// Starts a model `id` (`<api>/<id>`): the JSON schema (draft 4) `schema` of a request
    /// or response body, for [`MethodOptions::request_model`](super::MethodOptions::request_model)
    /// and [`MethodResponse::response_model`](super::MethodResponse::response_model). In the
    /// deployment's hash; the deployment waits for it.
    pub fn add_model(&self, id: &str, schema: serde_json::Value) -> ModelBuilder {
        ModelBuilder::start(self, id, schema)
    }

    /// Starts a request validator `id` (`<api>/<id>`) checking bodies and/or parameters, for
    /// [`MethodOptions::request_validator`](super::MethodOptions::request_validator). In the
    /// deployment's hash; the deployment waits for it.
    pub fn add_request_validator(&self, id: &str) -> RequestValidatorBuilder {
        RequestValidatorBuilder::start(self, id)
    }

    /// Starts a gateway response `id` (`<api>/<id>`) for `response_type`: the status,
    /// headers and body API Gateway answers with when it refuses or fails a request itself
    /// (e.g. `ResponseType::Default4xx` with `Access-Control-Allow-Origin`, so browsers see
    /// the error of a cross-origin call).
    pub fn add_gateway_response(
        &self,
        id: &str,
        response_type: ResponseType,
    ) -> GatewayResponseBuilder {
        GatewayResponseBuilder::start(self, id, response_type)
    }

    /// Counts a method, and whether it requires an API key (`what`: `GET /items`).
    pub(super) fn count_method(&self, what: String, key_required: bool) {
        let usage = &self.inner.usage;
        usage.methods.set(usage.methods.get() + 1);
        if key_required {
            usage.key_required.borrow_mut().get_or_insert(what);
        }
    }

    /// Counts an API key attached to a usage plan of this API.
    pub(super) fn count_plan_key(&self) {
        let usage = &self.inner.usage;
        usage.plan_keys.set(usage.plan_keys.get() + 1);
    }

    /// Claims `response_type` for a gateway response; `false` when the API has one.
    pub(super) fn claim_gateway_response(&self, response_type: &'static str) -> bool {
        let mut taken = self.inner.gateway_responses.borrow_mut();
        if taken.contains(&response_type) {
            return false;
        }
        taken.push(response_type);
        true
    }

    /// Starts a usage plan `id` for this API's stage (throttle, quota, keys).
    pub fn add_usage_plan(&self, id: &str) -> UsagePlanBuilder {
        UsagePlanBuilder::start(self, id)
    }

    /// Starts an API key `id`; attach it to a plan with [`UsagePlan::add_api_key`](super::UsagePlan::add_api_key).
    pub fn add_api_key(&self, id: &str) -> ApiKeyBuilder {
        ApiKeyBuilder::start(self, id)
    }

    /// The API's typed L1 resource (`CfnRestApi`), for settings this construct lacks
    /// (`cfn().props().binary_media_types().set(…)`).
    pub fn cfn(&self) -> &CfnRestApi {
        &self.inner.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata. For a SAM-native API,
    /// the plain template's `RestApi`; see [`sam_resource`](Self::sam_resource).
    pub fn resource(&self) -> &CfnResource {
        self.inner.cfn.resource()
    }

    /// The SAM template's `AWS::Serverless::Api`, when the API is SAM-native.
    pub fn sam_resource(&self) -> Option<&CfnResource> {
        self.inner.sam.as_deref().map(SamApi::resource)
    }

    /// Records one part of the API's definition: the deployment's ID hashes it, and the
    /// deployment waits for `resource`.
    /// The defaults of [`RestApiBuilder::default_method_options`].
    pub(super) fn default_method_options(&self) -> &MethodOptions {
        &self.inner.defaults
    }

    pub(super) fn record(&self, entry: String, resource: &CfnResource) {
        self.inner.deployment.add_to_logical_id(&entry);
        self.inner.deployment.resource().add_dependency(resource);
    }
}
