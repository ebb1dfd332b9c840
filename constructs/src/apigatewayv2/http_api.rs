//! The `HttpApi` construct (`AWS::ApiGatewayV2::Api`, protocol `HTTP`) with its routes and
//! stages.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{CfnResource, Construct, Scope, Str};
use cfn_l1::apigatewayv2::{CfnApi, CfnApiProps, CfnRoute, CfnRouteProps};
use indexmap::IndexMap;

use super::authorizer::HttpAuthorization;
use super::cors::CorsPreflight;
use super::integration::HttpIntegration;
use super::route::{HttpRoute, RouteKey, RouteOptions};
use super::stage::{Protocol, Stage, StageOptions};
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

    /// Creates the API and its `$default` stage, validating every setting (errors are
    /// reported at synth).
    pub fn build(self) -> HttpApi {
        let node = self.scope.node().clone();
        let name = self.name.unwrap_or_else(|| Str::from(node.id().as_str()));
        let cors = self.cors.map(|c| c.render(&node));
        let props = CfnApiProps::builder()
            .maybe_cors_configuration(cors)
            .maybe_description(self.description)
            .maybe_disable_execute_api_endpoint(self.disable_execute_api_endpoint.then_some(true))
            .name(name)
            .protocol_type("HTTP")
            .build();
        let cfn = CfnApi::new(&self.scope, "Resource", props);
        let default_stage = self.default_stage.then(|| {
            Stage::create(
                &self.scope,
                "DefaultStage",
                cfn.ref_(),
                "$default",
                self.default_stage_options,
                Protocol::Http,
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
        let source_arn = execute_api_arn(
            self.api_id(),
            vec![format!("/*/*{}", key.permission_path()).as_str().into()],
        );
        let cfn_integration = integration.create(&scope, self.api_id(), source_arn);
        let target = concat(vec!["integrations/".into(), cfn_integration.ref_()]);
        let preflight = key.method() == Some(HttpMethod::Options.as_str());
        let authorization = options.authorization.unwrap_or_else(|| {
            if preflight {
                HttpAuthorization::none()
            } else {
                self.inner.default_authorization.clone()
            }
        });
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
        stage
    }

    /// The `$default` stage, unless [`HttpApiBuilder::create_default_stage`] turned it off.
    pub fn default_stage(&self) -> Option<&Stage> {
        self.inner.default_stage.as_ref()
    }

    /// The API's id (`Ref`), e.g. `a1b2c3d4e5`.
    pub fn api_id(&self) -> Str {
        self.inner.cfn.ref_()
    }

    /// The API's endpoint, `https://<api>.execute-api.<region>.amazonaws.com` (`Fn::GetAtt
    /// ApiEndpoint`, no trailing `/`).
    pub fn api_endpoint(&self) -> Str {
        self.inner.cfn.attr_api_endpoint()
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

    /// The API's typed L1 resource (`CfnApi`), for settings this construct lacks.
    pub fn cfn(&self) -> &CfnApi {
        &self.inner.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.inner.cfn.resource()
    }
}
