//! The SAM-native rendering of a REST API ([`RestApiBuilder::sam_native`](super::RestApiBuilder::sam_native)):
//! one `AWS::Serverless::Api` under the plain `AWS::ApiGateway::RestApi`'s logical ID, and an
//! `Api` event on each function a method integrates. The plain resources (`RestApi`,
//! `Resource`s, `Method`s, `Deployment`, `Stage`, `Authorizer`s and the methods' permissions)
//! are then the plain template's only (models and request validators too, under the names
//! SAM gives them), shaped as aws-sam-translator expands the SAM template
//! (one permission per method on `…/<api>/*/<METHOD>/<path>`, authorizer permissions on
//! `…/<api>/authorizers/*`), so the differential check compares like with like.

use std::cell::RefCell;

use cdk_core::{CfnResource, Construct, Flavor, Str, Value};
use cfn_l1::sam::api::{self as serverless, CfnApi};
use cfn_l1::sam::function::{
    ApiAuth, ApiEvent, ApiEventProperties, RequestModel, RequestParameters, RequestParametersItem,
};
use cfn_l1::IndexMap;

use crate::lambda::Function;

/// The OpenAPI version written to `OpenApiVersion`: with it set, SAM creates only the
/// API's own stage (without it, SAM's deployment also creates a stage named `Stage`).
pub(super) const OPENAPI_VERSION: &str = "3.0.1";

/// The names aws-sam-translator gives what it generates for an explicit API, reserved so no
/// resource of ours takes them in the SAM template.
const RESERVED_REASON: &str = "aws-sam-translator generates it for an AWS::Serverless::Api";

/// The SAM template's `AWS::Serverless::Api` of one REST API, and what its methods and
/// authorizers added to it.
pub(super) struct SamApi {
    cfn: CfnApi,
    /// The API's logical ID (the plain `RestApi`'s, which the SAM API takes).
    logical_id: String,
    stage_name: String,
    /// The authorizers' names in `Auth.Authorizers`, in the order methods bound them.
    authorizers: RefCell<Vec<String>>,
    /// `Models`, by name.
    models: RefCell<Vec<(String, Value)>>,
    /// The request validators' checks (body, parameters) by validator path, for the one
    /// validator SAM makes per combination.
    validators: RefCell<Vec<((bool, bool), String)>>,
}

impl SamApi {
    /// Wraps `cfn` (already under the API's logical ID `logical_id`) and reserves the
    /// stage's generated ID.
    pub(super) fn new(cfn: CfnApi, logical_id: &str, stage_name: &str) -> SamApi {
        cfn.resource()
            .only_in(Flavor::Sam)
            .override_logical_id(logical_id);
        let stack = cfn.resource().node().stack();
        stack.reserve_logical_id(Flavor::Sam, "ServerlessRestApi", RESERVED_REASON);
        stack.reserve_logical_id(
            Flavor::Sam,
            &format!("{logical_id}{stage_name}Stage"),
            RESERVED_REASON,
        );
        SamApi {
            cfn,
            logical_id: logical_id.to_string(),
            stage_name: stage_name.to_string(),
            authorizers: RefCell::new(Vec::new()),
            models: RefCell::new(Vec::new()),
            validators: RefCell::new(Vec::new()),
        }
    }

    /// Adds the model `name` (already SAM's lower-case name) with `schema` to `Models`.
    pub(super) fn add_model(&self, name: &str, schema: Value) {
        let mut all = self.models.borrow_mut();
        all.push((name.to_string(), schema));
        self.cfn
            .props()
            .models()
            .set_value(Value::map(all.iter().cloned()));
    }

    /// Registers the request validator at `path` checking the body and/or the parameters;
    /// returns the name SAM gives the one validator it makes for that combination, or the
    /// path of the validator that has it already.
    pub(super) fn add_validator(
        &self,
        path: &str,
        body: bool,
        parameters: bool,
    ) -> Result<&'static str, String> {
        let mut all = self.validators.borrow_mut();
        if let Some((_, other)) = all.iter().find(|(checks, _)| *checks == (body, parameters)) {
            return Err(other.clone());
        }
        all.push(((body, parameters), path.to_string()));
        Ok(match (body, parameters) {
            (true, true) => "body-and-params",
            (true, false) => "body-only",
            (false, true) => "params-only",
            (false, false) => "no-validation",
        })
    }

    /// The typed L1 resource.
    pub(super) fn cfn(&self) -> &CfnApi {
        &self.cfn
    }

    /// The reference an `Api` event (of a function or a state machine) makes to this API:
    /// `{"Ref": <API>}` without a dependency edge. The translator moves the reference into the
    /// resources it generates for the event (the method, the permission), so in the SAM
    /// template it orders nothing, and as an edge it would make a function that both handles
    /// a route and authorizes the API (the API's `Auth` names the function) a false cycle.
    pub(super) fn event_ref(&self) -> Str {
        self.cfn.resource().transform_ref("")
    }

    /// The underlying resource.
    pub(super) fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }

    /// The stage SAM generates, by its generated logical ID `<Api><Stage>Stage` (`Ref` is
    /// its name).
    pub(super) fn stage_ref(&self) -> Str {
        self.cfn
            .resource()
            .transform_ref(&format!("{}Stage", self.stage_name))
    }

    /// Adds the authorizer `name` (once) to `Auth.Authorizers`, and reserves the permission
    /// SAM generates for a Lambda authorizer.
    pub(super) fn add_authorizer(
        &self,
        name: &str,
        value: impl Into<serverless::AuthorizersValue>,
    ) {
        if self.authorizers.borrow().iter().any(|n| n == name) {
            return;
        }
        self.authorizers.borrow_mut().push(name.to_string());
        self.cfn
            .props()
            .auth()
            .edit()
            .authorizers()
            .insert(name, value.into());
        self.cfn.resource().node().stack().reserve_logical_id(
            Flavor::Sam,
            &format!("{}{name}AuthorizerPermission", self.logical_id),
            RESERVED_REASON,
        );
    }

    /// Adds the gateway response of `response_type` to `GatewayResponses`: its status,
    /// headers (bare names) and body templates.
    pub(super) fn add_gateway_response(
        &self,
        response_type: &str,
        status: Option<&str>,
        headers: &[(String, String)],
        templates: &[(String, String)],
    ) {
        let str_map = |entries: &[(String, String)]| {
            (!entries.is_empty()).then(|| {
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Str::from(v.as_str())))
                    .collect::<Vec<_>>()
            })
        };
        let response = serverless::GatewayResponse::builder()
            .maybe_status_code(status)
            .maybe_response_parameters(str_map(headers).map(|headers| {
                serverless::GatewayResponseParameters::builder()
                    .headers(headers)
                    .build()
            }))
            .maybe_response_templates(str_map(templates))
            .build();
        self.cfn
            .props()
            .gateway_responses()
            .insert(response_type, response);
    }

    /// Adds the `Api` event `method` `path` of this API to `function`'s SAM resource, with
    /// `auth` (an authorizer name, `AWS_IAM`, or none) and the API key requirement, and
    /// reserves the permission SAM generates for it (`<Fn><Event>Permission<Stage>`).
    pub(super) fn add_event(&self, event: ApiEventArgs<'_>) {
        let auth = (event.authorizer.is_some() || event.api_key_required).then(|| {
            let iam = event.authorizer == Some("AWS_IAM");
            ApiAuth::builder()
                .maybe_api_key_required(event.api_key_required.then_some(true))
                .maybe_authorizer(event.authorizer)
                // The caller's identity is checked, not used to invoke the function, as the
                // plain template's `AWS_IAM` method (no `Credentials`) has it.
                .maybe_invoke_role(iam.then_some("NONE"))
                .build()
        });
        let request_model = event.request_model.map(|(model, validation)| {
            RequestModel::builder()
                .model(model)
                .maybe_validate_body(validation.map(|(body, _)| body))
                .maybe_validate_parameters(validation.map(|(_, parameters)| parameters))
                .build()
        });
        let request_parameters: Vec<RequestParametersItem> = event
            .request_parameters
            .iter()
            .map(|(name, required)| {
                let mut entry = IndexMap::new();
                entry.insert(
                    name.clone(),
                    RequestParameters::builder().required(*required).build(),
                );
                RequestParametersItem::from(entry)
            })
            .collect();
        let properties = ApiEventProperties::builder()
            .maybe_auth(auth)
            .method(event.method)
            .path(event.path)
            .maybe_request_model(request_model)
            .maybe_request_parameters(
                (!request_parameters.is_empty()).then_some(request_parameters),
            )
            .rest_api_id(self.event_ref())
            .maybe_timeout_in_millis(event.timeout_ms)
            .build();
        let name = format!("{}{}{}", event.api_id, event.method, event.path);
        let unique = event
            .function
            .add_sam_event(&name, ApiEvent::builder().properties(properties).build());
        let fn_id = event.function.sam_resource().logical_id();
        event.function.node().stack().reserve_logical_id(
            Flavor::Sam,
            &format!("{fn_id}{unique}Permission{}", self.stage_name),
            RESERVED_REASON,
        );
    }
}

/// What [`SamApi::add_event`] renders.
pub(super) struct ApiEventArgs<'a> {
    /// The API's construct id (the event's name starts with it).
    pub(super) api_id: &'a str,
    pub(super) function: &'a Function,
    pub(super) method: &'a str,
    pub(super) path: &'a str,
    pub(super) authorizer: Option<&'a str>,
    pub(super) api_key_required: bool,
    pub(super) timeout_ms: Option<u64>,
    /// The request model's SAM name and, with a validator, what it checks (body, parameters).
    pub(super) request_model: Option<(&'a str, Option<(bool, bool)>)>,
    /// The method request parameters (`method.request.<where>.<name>`) and whether each is
    /// required.
    pub(super) request_parameters: Vec<(String, bool)>,
}

/// Whether `name` is a stage name SAM can name its stage after (`<Api><Stage>Stage`): SAM
/// hashes any other into the ID, which then cannot be referenced offline.
pub(super) fn sam_stage_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
}
