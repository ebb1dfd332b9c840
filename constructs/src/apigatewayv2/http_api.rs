//! The `HttpApi` construct (`AWS::ApiGatewayV2::Api`, protocol `HTTP`) with its routes and
//! stages.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{CfnResource, Construct, Flavor, Scope, Str, Value};
use cfn_l1::apigatewayv2::{CfnApi, CfnApiProps, CfnRoute, CfnRouteProps};
use cfn_l1::sam::http_api::{CfnHttpApi, CfnHttpApiProps};
use cfn_l1::IntoValue;
use indexmap::IndexMap;

use super::authorizer::HttpAuthorization;
use super::cors::CorsPreflight;
use super::integration::HttpIntegration;
use super::route::{HttpRoute, RouteKey, RouteOptions};
use super::sam::{permission_suffix, HttpEventArgs, SamHttpApi, SamStage};
use super::stage::{throttle_settings, Protocol, Stage, StageOptions};
use super::{HttpMethod, INVOKE_ACTIONS};
use crate::apigateway::concat;
use crate::execute_api::execute_api_arn;
use crate::iam::{Grant, Grantable};

/// An HTTP API: routes (`GET /items/{id}`, `ANY /{proxy+}`, `$default`) to Lambda functions
/// or HTTP backends, served by auto-deployed stages. Cheap to clone; clones are the same API.
///
/// Tree layout, as in AWS CDK (so logical IDs match a TypeScript CDK stack):
///
/// | path | what |
/// |---|---|
/// | `<id>/Resource` | the `AWS::ApiGatewayV2::Api` |
/// | `<id>/DefaultStage/Resource` | the `$default` stage (unless turned off) |
/// | `<id>/<stage id>/Resource` | a named stage ([`HttpApi::add_stage`]) |
/// | `<id>/GET--items--{id}/Resource` | the route `GET /items/{id}` (`DefaultRoute` for `$default`) |
/// | `<id>/GET--items--{id}/Integration/Resource` | its integration |
/// | `<id>/GET--items--{id}/Integration-Permission` | a Lambda integration's invoke permission |
/// | `<id>/Serverless` | with [`HttpApiBuilder::sam_native`], the SAM template's `AWS::Serverless::HttpApi` |
#[derive(Clone)]
pub struct HttpApi {
    scope: Scope,
    inner: Rc<Inner>,
}

struct Inner {
    cfn: CfnApi,
    default_stage: Option<Stage>,
    stages: RefCell<Vec<Stage>>,
    /// The routes so far, by key with path variables' names dropped.
    routes: RefCell<IndexMap<String, HttpRoute>>,
    default_authorization: HttpAuthorization,
    /// Per-route settings (route key → the L1 `RouteSettings` value), on every stage.
    route_settings: RefCell<Vec<(String, Value)>>,
    /// The SAM template's API, for a SAM-native API.
    sam: Option<SamHttpApi>,
    /// Whether the SAM API's `DefaultAuthorizer` is set (on the first route that could take it).
    sam_default_set: std::cell::Cell<bool>,
    /// For a SAM-native API, the paths of the functions (without alias) the `$default`
    /// route invokes, and of those other routes invoke.
    sam_default_functions: RefCell<Vec<String>>,
    sam_routed_functions: RefCell<Vec<String>>,
}

crate::util::construct_handle!(HttpApi);

/// Builds an [`HttpApi`]; see [`HttpApi::new`].
#[must_use = "call .build() to create the API"]
pub struct HttpApiBuilder {
    scope: Scope,
    name: Option<Str>,
    description: Option<Str>,
    cors: Option<CorsPreflight>,
    default_stage: bool,
    default_stage_options: StageOptions,
    disable_execute_api_endpoint: bool,
    default_authorization: HttpAuthorization,
    sam_native: bool,
    fail_on_warnings: bool,
}

impl HttpApiBuilder {
    /// The API's name in API Gateway (default: the construct id, as in AWS CDK).
    pub fn api_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description of the API (default: none).
    pub fn description(mut self, description: impl Into<Str>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Lets browsers on other origins call the API (default: no CORS configuration).
    pub fn cors(mut self, cors: CorsPreflight) -> Self {
        self.cors = Some(cors);
        self
    }

    /// Whether the API gets the `$default` stage, served at the endpoint's root (default:
    /// yes, as in AWS CDK and SAM). Without it, add named stages with [`HttpApi::add_stage`].
    pub fn create_default_stage(mut self, create: bool) -> Self {
        self.default_stage = create;
        self
    }

    /// The settings of the `$default` stage: throttling, access logs (default: none).
    pub fn default_stage_options(mut self, options: StageOptions) -> Self {
        self.default_stage_options = options;
        self
    }

    /// Turns off the `execute-api` endpoint, so clients must come through a custom domain
    /// (default: on).
    pub fn disable_execute_api_endpoint(mut self, disable: bool) -> Self {
        self.disable_execute_api_endpoint = disable;
        self
    }

    /// The authorization of every route that does not set its own (default:
    /// [`HttpAuthorization::none`]), such as a JWT authorizer for the whole API. `OPTIONS`
    /// routes never take it (browsers send preflights without credentials).
    pub fn default_authorization(mut self, authorization: HttpAuthorization) -> Self {
        self.default_authorization = authorization;
        self
    }

    /// Renders the API SAM-natively (default: no): the SAM template holds an
    /// `AWS::Serverless::HttpApi` (name, description, `CorsConfiguration`, the stage's
    /// settings, `Auth` with the authorizers routes use and the default authorizer) and each
    /// Lambda route is an `HttpApi` event on its function — what `sam local start-api` reads
    /// routes from. The plain template holds what aws-sam-translator expands that to: the
    /// `Api`, `Route`s, `Integration`s (`POST` to the invocation URI), `Authorizer`s, the one
    /// `Stage`, and one invoke permission per route on `…/<api>/*/<METHOD>/<path>` (SAM scopes
    /// the method; a Lambda authorizer's on `…/<api>/authorizers/*`, which SAM makes with
    /// `EnableFunctionDefaultPermissions: true`). What SAM cannot express is a synth error on
    /// a SAM-native API: HTTP proxy integrations, more than one stage, a stage description,
    /// stage and authorizer names SAM cannot key on (letters and digits; `$default`), greedy
    /// path variables other than `{proxy+}` (SAM's permission would not match them).
    pub fn sam_native(mut self, enabled: bool) -> Self {
        self.sam_native = enabled;
        self
    }

    /// Whether API Gateway rolls back the API's creation or update when importing its
    /// definition raises a warning (default: no; CloudFormation's `FailOnWarnings`).
    pub fn fail_on_warnings(mut self, fail: bool) -> Self {
        self.fail_on_warnings = fail;
        self
    }

    /// Creates the API and its `$default` stage, validating every setting (errors are
    /// reported at synth).
    pub fn build(self) -> HttpApi {
        let node = self.scope.node().clone();
        let name = self.name.unwrap_or_else(|| Str::from(node.id().as_str()));
        let cors = self.cors.map(|c| c.render(&node));
        let props = CfnApiProps::builder()
            .maybe_cors_configuration(cors.clone())
            .maybe_description(self.description.clone())
            .maybe_disable_execute_api_endpoint(self.disable_execute_api_endpoint.then_some(true))
            .maybe_fail_on_warnings(self.fail_on_warnings.then_some(true))
            .name(name.clone())
            .protocol_type(cfn_l1::apigatewayv2::api::ProtocolType::Http)
            // The version SAM's OpenAPI document (`info.version`) gives the API.
            .maybe_version(self.sam_native.then_some("1.0"))
            .build();
        let cfn = CfnApi::new(&self.scope, "Resource", props);
        let sam = self.sam_native.then(|| {
            cfn.resource().only_in(Flavor::Cfn);
            let props = CfnHttpApiProps::builder()
                .maybe_cors_configuration(cors.map(IntoValue::into_value))
                .maybe_description(self.description)
                .maybe_disable_execute_api_endpoint(
                    self.disable_execute_api_endpoint.then_some(true),
                )
                .maybe_fail_on_warnings(self.fail_on_warnings.then_some(true))
                .name(name)
                .build();
            let api = CfnHttpApi::new(&self.scope, "Serverless", props);
            let sam = SamHttpApi::new(api, &cfn.resource().logical_id());
            // SAM always makes a stage (`$default` unless named): the plain template must
            // have one too.
            let has_stage = sam.stage_flag();
            node.add_validation(move || {
                if has_stage.get() {
                    Vec::new()
                } else {
                    vec![(
                        "a SAM-native HTTP API has no stage, and AWS::Serverless::HttpApi always makes one".to_string(),
                        "keep the `$default` stage, or add one with api.add_stage; or build the API with .sam_native(false)".to_string(),
                    )]
                }
            });
            sam
        });
        let api_id = match &sam {
            Some(sam) => Flavor::either(cfn.ref_(), sam.cfn().ref_()),
            None => cfn.ref_(),
        };
        let default_stage = self.default_stage.then(|| {
            Stage::create(
                &self.scope,
                "DefaultStage",
                api_id.clone(),
                "$default",
                self.default_stage_options,
                Protocol::Http,
                sam.as_ref().map(|s| s as &dyn SamStage),
            )
        });
        HttpApi {
            scope: self.scope,
            inner: Rc::new(Inner {
                cfn,
                stages: RefCell::new(default_stage.iter().cloned().collect()),
                default_stage,
                routes: RefCell::new(IndexMap::new()),
                default_authorization: self.default_authorization,
                route_settings: RefCell::new(Vec::new()),
                sam,
                sam_default_set: std::cell::Cell::new(false),
                sam_default_functions: RefCell::new(Vec::new()),
                sam_routed_functions: RefCell::new(Vec::new()),
            }),
        }
    }
}

impl HttpApi {
    /// Starts an HTTP API named `id` in `scope`. Defaults: named after `id`, no CORS, a
    /// `$default` stage that deploys every change, no routes.
    pub fn new(scope: &impl Construct, id: &str) -> HttpApiBuilder {
        HttpApiBuilder {
            scope: Scope::new(scope, id),
            name: None,
            description: None,
            cors: None,
            default_stage: true,
            default_stage_options: StageOptions::new(),
            disable_execute_api_endpoint: false,
            default_authorization: HttpAuthorization::none(),
            sam_native: false,
            fail_on_warnings: false,
        }
    }

    /// Adds the route `key` to `integration`, authorized as the API's default; see
    /// [`add_route_with`](Self::add_route_with).
    pub fn add_route(&self, key: RouteKey, integration: HttpIntegration) -> HttpRoute {
        self.add_route_with(key, integration, RouteOptions::new())
    }

    /// Adds the route `key` to `integration` with `options`. A route key API Gateway rejects (method,
    /// path) is a synth error naming the route, with a hint; a key the API has already
    /// (path variables' names aside: `/items/{id}` and `/items/{key}` are the same route)
    /// is a synth error on the API, and the first route is returned.
    pub fn add_route_with(
        &self,
        key: RouteKey,
        integration: HttpIntegration,
        options: RouteOptions,
    ) -> HttpRoute {
        let normalized = key.normalized();
        if let Some(existing) = self.inner.routes.borrow().get(&normalized) {
            self.node().add_error(
                format!(
                    "the route `{key}` is already defined (as `{}`)",
                    existing.route_key()
                ),
                "each route key once per API; path variables' names do not make routes differ",
            );
            return existing.clone();
        }
        let scope = Scope::new(&self.scope, &key.construct_id());
        let node = scope.node().clone();
        if let Some((message, hint)) = key.problem() {
            node.add_error(message, hint);
        }
        let sam = self.inner.sam.as_ref();
        if sam.is_some() {
            sam_route_problems(&node, &key, &integration);
        }
        let suffix = match sam {
            Some(_) => permission_suffix(&key),
            None => format!("/*/*{}", key.permission_path()),
        };
        let source_arn = execute_api_arn(self.api_id(), vec![suffix.as_str().into()]);
        let permitted = sam.is_none() || self.sam_route_needs_permission(&node, &key, &integration);
        let cfn_integration = integration.create(
            &scope,
            self.api_id(),
            permitted.then_some(source_arn),
            sam.is_some(),
        );
        let target = concat(vec!["integrations/".into(), cfn_integration.ref_()]);
        let preflight = key.method() == Some(HttpMethod::Options.as_str());
        let authorization = options.authorization.unwrap_or_else(|| {
            if preflight {
                HttpAuthorization::none()
            } else {
                self.inner.default_authorization.clone()
            }
        });
        if let (Some(sam), false) = (sam, preflight) {
            self.bind_sam_default_authorizer(sam, &node);
        }
        let (auth_type, authorizer_id, scopes) = authorization.render(self, &node);
        let props = CfnRouteProps::builder()
            .api_id(self.api_id())
            .maybe_authorization_scopes(scopes)
            .maybe_authorization_type(auth_type)
            .maybe_authorizer_id(authorizer_id)
            .route_key(key.to_string())
            .target(target)
            .build();
        let cfn = CfnRoute::new(&scope, "Resource", props);
        if let Some(function) = integration.function() {
            function.register_trigger(cfn.resource());
        }
        if let Some(sam) = sam {
            cfn.resource().only_in(Flavor::Cfn);
            self.add_sam_event(sam, &key, &integration, &authorization);
        }
        if let Some(throttle) = options.throttle {
            let settings = throttle_settings(&node, throttle).into_value();
            self.inner
                .route_settings
                .borrow_mut()
                .push((key.to_string(), settings));
            self.render_route_settings();
        }
        for stage in self.inner.stages.borrow().iter() {
            stage.resource().add_dependency(cfn.resource());
        }
        let route = HttpRoute::from_parts(scope, cfn, self.api_id(), key);
        self.inner
            .routes
            .borrow_mut()
            .insert(normalized, route.clone());
        route
    }

    /// Adds the stage `name` (1-128 letters, digits, `-`, `_`) at `<api>/<id>`, deploying
    /// every change automatically; it waits for the routes so its first deployment has them.
    /// A name the API has already is a synth error.
    pub fn add_stage(&self, id: &str, name: &str, options: StageOptions) -> Stage {
        let stage = Stage::create(
            &self.scope,
            id,
            self.api_id(),
            name,
            options,
            Protocol::Http,
            self.inner.sam.as_ref().map(|s| s as &dyn SamStage),
        );
        let taken = self
            .inner
            .stages
            .borrow()
            .iter()
            .any(|s| s.stage_name_literal() == name);
        if taken {
            stage.node().add_error(
                format!("the API already has a stage `{name}`"),
                "give each stage its own name",
            );
        }
        for route in self.inner.routes.borrow().values() {
            stage.resource().add_dependency(route.resource());
        }
        self.inner.stages.borrow_mut().push(stage.clone());
        self.render_route_settings();
        stage
    }

    /// Sets the SAM API's `DefaultAuthorizer` with the first route that could take it,
    /// binding the API's default authorizer (SAM requires it to name a defined one).
    fn bind_sam_default_authorizer(&self, sam: &SamHttpApi, route: &cdk_core::Node) {
        if self.inner.sam_default_set.replace(true) {
            return;
        }
        let default = &self.inner.default_authorization;
        default.bind(self, route);
        if let Some((name, _)) = default.sam_auth() {
            sam.set_default_authorizer(&name);
        }
    }

    /// Adds the route `key` to its function's `HttpApi` events, authorized by
    /// `authorization`: a route without authorization says so (`NONE`) when the API has a
    /// default authorizer, which SAM would otherwise apply to it (not to `OPTIONS`).
    fn add_sam_event(
        &self,
        sam: &SamHttpApi,
        key: &RouteKey,
        integration: &HttpIntegration,
        authorization: &HttpAuthorization,
    ) {
        let Some(function) = integration.function() else {
            return;
        };
        let preflight = key.method() == Some(HttpMethod::Options.as_str());
        let default_applies = !preflight && !self.inner.default_authorization.is_none();
        let sam_auth = authorization.sam_auth();
        let authorizer = match &sam_auth {
            Some((name, scopes)) => Some((name.as_str(), scopes.as_slice())),
            None if default_applies => Some(("NONE", &[][..])),
            None => None,
        };
        sam.add_event(HttpEventArgs {
            api_id: &self.node().id(),
            function,
            key,
            authorizer,
            payload_format: integration.sam_payload_format(),
            timeout_ms: integration.timeout_ms(),
        });
    }

    /// Whether a route of a SAM-native API gets its own invoke permission. aws-sam-translator
    /// gives a function (without alias) that the `$default` route invokes one permission
    /// for any route (`…/*/*`), evaluating `$default` first, and none for its other routes;
    /// so a `$default` route added after another route of the same function is an error
    /// here (the plain template would hold a permission SAM does not make).
    fn sam_route_needs_permission(
        &self,
        node: &cdk_core::Node,
        key: &RouteKey,
        integration: &HttpIntegration,
    ) -> bool {
        let Some(function) = integration.function() else {
            return true;
        };
        if function.alias().is_some() {
            return true;
        }
        let path = function.node().path();
        if key.is_default() {
            if self.inner.sam_routed_functions.borrow().contains(&path) {
                node.add_error(
                    format!("the `$default` route of a SAM-native HTTP API invokes `{path}`, which an earlier route invokes too"),
                    "add the `$default` route before the function's other routes (SAM then gives the function one permission for every route), or build the API with .sam_native(false)",
                );
            }
            self.inner.sam_default_functions.borrow_mut().push(path);
            return true;
        }
        if self.inner.sam_default_functions.borrow().contains(&path) {
            return false;
        }
        self.inner.sam_routed_functions.borrow_mut().push(path);
        true
    }

    /// Writes the per-route settings onto every stage (and the SAM API).
    fn render_route_settings(&self) {
        let settings = self.inner.route_settings.borrow();
        if settings.is_empty() {
            return;
        }
        let value = Value::map(settings.iter().cloned());
        for stage in self.inner.stages.borrow().iter() {
            stage
                .cfn()
                .props()
                .route_settings()
                .set_value(value.clone());
        }
        if let Some(sam) = &self.inner.sam {
            sam.set_route_settings(value);
        }
    }

    /// Whether the API is rendered SAM-natively ([`HttpApiBuilder::sam_native`]).
    pub fn is_sam_native(&self) -> bool {
        self.inner.sam.is_some()
    }

    /// The SAM template's API, for a SAM-native API.
    pub(super) fn sam(&self) -> Option<&SamHttpApi> {
        self.inner.sam.as_ref()
    }

    /// The `$default` stage, unless [`HttpApiBuilder::create_default_stage`] turned it off.
    pub fn default_stage(&self) -> Option<&Stage> {
        self.inner.default_stage.as_ref()
    }

    /// The API's id (`Ref`), e.g. `a1b2c3d4e5`.
    pub fn api_id(&self) -> Str {
        match &self.inner.sam {
            Some(sam) => Flavor::either(self.inner.cfn.ref_(), sam.cfn().ref_()),
            None => self.inner.cfn.ref_(),
        }
    }

    /// The API's endpoint, `https://<api>.execute-api.<region>.amazonaws.com` (`Fn::GetAtt
    /// ApiEndpoint`, no trailing `/`).
    pub fn api_endpoint(&self) -> Str {
        match &self.inner.sam {
            Some(sam) => Flavor::either(
                self.inner.cfn.attr_api_endpoint(),
                sam.cfn().attr_api_endpoint(),
            ),
            None => self.inner.cfn.attr_api_endpoint(),
        }
    }

    /// The `$default` stage's URL, `https://<api>.execute-api.<region>.<url suffix>/`, for
    /// a [`CfnOutput`](cdk_core::CfnOutput). Without a `$default` stage it is a synth error
    /// (use a named stage's [`Stage::url`]).
    pub fn url(&self) -> Str {
        match &self.inner.default_stage {
            Some(stage) => stage.url(),
            None => {
                self.node().add_error(
                    "the API's url() is the `$default` stage's, and the API has none",
                    "use the named stage's url(), or keep the default stage",
                );
                self.api_endpoint()
            }
        }
    }

    /// The `execute-api` ARN of every route in every stage (`…:<api>/*`).
    pub fn arn_for_execute_api(&self) -> Str {
        execute_api_arn(self.api_id(), vec!["/*".into()])
    }

    /// Lets `grantee` call every route of the API in every stage (`execute-api:Invoke` on
    /// `…:<api>/*`), what routes with [`HttpAuthorization::iam`]
    /// check. For one route, see [`HttpRoute::grant_invoke`].
    pub fn grant_invoke(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, INVOKE_ACTIONS, [self.arn_for_execute_api()])
    }

    /// The API's typed L1 resource (`CfnApi`), for settings this construct lacks. On a
    /// SAM-native API it is the plain template's only; the SAM template's API is
    /// [`sam_resource`](Self::sam_resource).
    pub fn cfn(&self) -> &CfnApi {
        &self.inner.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.inner.cfn.resource()
    }

    /// The SAM template's `AWS::Serverless::HttpApi` of a SAM-native API
    /// ([`HttpApiBuilder::sam_native`]; `None` otherwise), for settings this construct lacks.
    pub fn sam_resource(&self) -> Option<&CfnResource> {
        self.inner.sam.as_ref().map(SamHttpApi::resource)
    }
}

/// Records on the route's `node` what a SAM-native API cannot express for `key` and
/// `integration`.
fn sam_route_problems(node: &cdk_core::Node, key: &RouteKey, integration: &HttpIntegration) {
    if integration.function().is_none() {
        node.add_error(
            "an HTTP proxy integration cannot be expressed by a SAM-native HTTP API (functions' HttpApi events are Lambda integrations)",
            "integrate a Lambda function, or build the API with .sam_native(false) so both templates hold the plain AWS::ApiGatewayV2 resources",
        );
    }
    let greedy = key
        .path()
        .into_iter()
        .flat_map(|p| p.split('/'))
        .find(|p| p.starts_with('{') && p.ends_with("+}") && *p != "{proxy+}");
    if let Some(part) = greedy {
        node.add_error(
            format!("the greedy path variable `{part}` of a SAM-native HTTP API is not `{{proxy+}}`"),
            "aws-sam-translator writes `*` into the invoke permission for `{proxy+}` only, so the permission would not match the route: name it {proxy+}, or build the API with .sam_native(false)",
        );
    }
}
