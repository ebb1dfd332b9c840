//! The `WebSocketApi` construct (`AWS::ApiGatewayV2::Api`, protocol `WEBSOCKET`) with its
//! routes and stage.

use std::cell::RefCell;
use std::rc::Rc;

use cdk_core::{CfnResource, Construct, Flavor, Scope, Str};
use cfn_l1::apigatewayv2::{CfnApi, CfnApiProps, CfnRoute, CfnRouteProps};
use cfn_l1::sam::web_socket_api::{CfnWebSocketApi, CfnWebSocketApiProps, WebSocketApiRoute};
use indexmap::IndexMap;

use super::sam::{SamStage, SamWebSocketApi};
use super::stage::{Protocol, Stage, StageOptions};
use super::websocket_integration::WebSocketIntegration;
use super::MANAGE_CONNECTIONS_ACTIONS;
use crate::apigateway::concat;
use crate::execute_api::execute_api_arn;
use crate::iam::{Grant, Grantable};

/// The route keys API Gateway gives meaning to; any other key starting with `$` is refused.
const PREDEFINED: &[&str] = &["$connect", "$disconnect", "$default"];

/// A WebSocket API: clients keep a connection open; `$connect` and `$disconnect` run when
/// they come and go, each message is routed by the API's route selection expression (by
/// default `$request.body.action`, so `{"action": "join", …}` goes to the route `join`,
/// and what matches no route to `$default`), and backends answer any client at any time
/// through the stage's [`callback_url`](Self::callback_url) (`POST
/// @connections/{connectionId}`, allowed by
/// [`grant_manage_connections`](Self::grant_manage_connections)). Cheap to clone.
///
/// Tree layout (AWS CDK's route ids):
///
/// | path | what |
/// |---|---|
/// | `<id>/Resource` | the `AWS::ApiGatewayV2::Api` |
/// | `<id>/Stage/Resource` | the stage, auto-deployed |
/// | `<id>/<key>-Route/Resource` | the route `<key>` (`$connect-Route`, `join-Route`) |
/// | `<id>/<key>-Route/Integration/Resource` | its Lambda integration |
/// | `<id>/<key>-Route/Integration-Permission` | the function's invoke permission |
#[derive(Clone)]
pub struct WebSocketApi {
    scope: Scope,
    inner: Rc<Inner>,
}

struct Inner {
    cfn: CfnApi,
    stage: Stage,
    routes: RefCell<IndexMap<String, WebSocketRoute>>,
    /// The SAM template's API, for a SAM-native API.
    sam: Option<SamWebSocketApi>,
}

crate::util::construct_handle!(WebSocketApi);

/// Builds a [`WebSocketApi`]; see [`WebSocketApi::new`].
#[must_use = "call .build() to create the API"]
pub struct WebSocketApiBuilder {
    scope: Scope,
    name: Option<Str>,
    description: Option<Str>,
    selection: String,
    stage_name: String,
    stage_options: StageOptions,
    sam_native: bool,
}

impl WebSocketApiBuilder {
    /// The API's name in API Gateway (default: the construct id).
    pub fn api_name(mut self, name: impl Into<Str>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A description of the API (default: none).
    pub fn description(mut self, description: impl Into<Str>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// How a message's route key is found (default: `$request.body.action`):
    /// `$request.body.<field>[.<field>…]` (a JSON field of the message), or a template of
    /// `${request.body.<field>}` parts and literal text such as
    /// `${request.body.service}/${request.body.action}`. Anything else is a synth error.
    pub fn route_selection_expression(mut self, expression: &str) -> Self {
        self.selection = expression.to_string();
        self
    }

    /// The stage's name (default: `prod`): 1-128 letters, digits, `-` and `_`.
    pub fn stage_name(mut self, name: &str) -> Self {
        self.stage_name = name.to_string();
        self
    }

    /// The stage's settings: throttling, access logs (default: none).
    pub fn stage_options(mut self, options: StageOptions) -> Self {
        self.stage_options = options;
        self
    }

    /// Renders the API SAM-natively (default: no), as [`HttpApiBuilder::sam_native`](super::HttpApiBuilder::sam_native)
    /// does for HTTP APIs: the SAM template holds an `AWS::Serverless::WebSocketApi` (name,
    /// description, route selection expression, `Routes` with each route's function, the
    /// stage's settings), and the plain template what aws-sam-translator 1.115.0 expands it
    /// to: the `Api`, the `Stage`, and per route a `Route`, an `Integration` and a permission
    /// on `…:<api>/<stage>/<route key>` (SAM scopes the stage). Route keys other than
    /// `$connect`, `$disconnect`, `$default` must be letters and digits (SAM names their
    /// resources after them), and so must the stage's name; anything else is a synth error.
    pub fn sam_native(mut self, enabled: bool) -> Self {
        self.sam_native = enabled;
        self
    }

    /// Creates the API and its stage, validating every setting (errors are reported at
    /// synth).
    pub fn build(self) -> WebSocketApi {
        let node = self.scope.node().clone();
        if let Some(problem) = selection_problem(&self.selection) {
            node.add_error(
                format!("`{}` is not a route selection expression of a WebSocket API: {problem}", self.selection),
                "use `$request.body.<field>` (e.g. `$request.body.action`), or a template such as `${request.body.service}/${request.body.action}`",
            );
        }
        let name = self.name.unwrap_or_else(|| Str::from(node.id().as_str()));
        let props = CfnApiProps::builder()
            .maybe_description(self.description.clone())
            .name(name.clone())
            .protocol_type(cfn_l1::apigatewayv2::api::ProtocolType::Websocket)
            .route_selection_expression(self.selection.as_str())
            .build();
        let cfn = CfnApi::new(&self.scope, "Resource", props);
        let sam = self.sam_native.then(|| {
            cfn.resource().only_in(Flavor::Cfn);
            let props = CfnWebSocketApiProps::builder()
                .maybe_description(self.description.clone())
                .name(name.clone())
                .route_selection_expression(self.selection.as_str())
                .routes(Vec::<(String, WebSocketApiRoute)>::new())
                .build();
            let api = CfnWebSocketApi::new(&self.scope, "Serverless", props);
            SamWebSocketApi::new(api, &cfn.resource().logical_id())
        });
        let api_id = match &sam {
            Some(sam) => Flavor::either(cfn.ref_(), sam.cfn().ref_()),
            None => cfn.ref_(),
        };
        let stage = Stage::create(
            &self.scope,
            "Stage",
            api_id,
            &self.stage_name,
            self.stage_options,
            Protocol::WebSocket,
            sam.as_ref().map(|s| s as &dyn SamStage),
        );
        WebSocketApi {
            scope: self.scope,
            inner: Rc::new(Inner {
                cfn,
                stage,
                routes: RefCell::new(IndexMap::new()),
                sam,
            }),
        }
    }
}

/// What is wrong with a route selection expression, or `None`.
fn selection_problem(expression: &str) -> Option<&'static str> {
    let field_path = |p: &str| {
        !p.is_empty()
            && p.split('.').all(|f| {
                !f.is_empty()
                    && f.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
    };
    if let Some(path) = expression.strip_prefix("$request.body.") {
        return (!field_path(path))
            .then_some("the part after `$request.body.` is not a field path");
    }
    if !expression.contains("${") {
        return Some("it selects nothing from the message body");
    }
    let mut rest = expression;
    while !rest.is_empty() {
        match rest.find("${") {
            Some(0) => {
                let Some(end) = rest.find('}') else {
                    return Some("a `${` is not closed");
                };
                let inner = &rest[2..end];
                match inner.strip_prefix("request.body.") {
                    Some(path) if field_path(path) => {}
                    _ => return Some("a `${…}` part is not `${request.body.<field>}`"),
                }
                rest = &rest[end + 1..];
            }
            found => {
                let literal_part = &rest[..found.unwrap_or(rest.len())];
                if literal_part.contains(['$', '{', '}']) {
                    return Some("the text between the `${…}` parts has `$`, `{` or `}`");
                }
                rest = &rest[literal_part.len()..];
            }
        }
    }
    None
}

/// What is wrong with a WebSocket route key, as (message, hint), or `None`.
fn key_problem(key: &str) -> Option<(String, &'static str)> {
    if key.starts_with('$') && !PREDEFINED.contains(&key) {
        return Some((
            format!("`{key}` is not a WebSocket route key: `$` starts only `$connect`, `$disconnect` and `$default`"),
            "use `$connect`, `$disconnect`, `$default`, or a key without `$` such as `join`",
        ));
    }
    let ok = (1..=128).contains(&key.chars().count())
        && key.chars().all(|c| !c.is_whitespace() && !c.is_control());
    (!ok).then(|| {
        (
            format!("`{key}` is not a WebSocket route key"),
            "use 1-128 characters without spaces, the value the route selection expression finds (e.g. `join`)",
        )
    })
}

impl WebSocketApi {
    /// Starts a WebSocket API named `id` in `scope`. Defaults: named after `id`, routes
    /// selected by `$request.body.action`, a stage `prod` that deploys every change.
    pub fn new(scope: &impl Construct, id: &str) -> WebSocketApiBuilder {
        WebSocketApiBuilder {
            scope: Scope::new(scope, id),
            name: None,
            description: None,
            selection: "$request.body.action".to_string(),
            stage_name: "prod".to_string(),
            stage_options: StageOptions::new(),
            sam_native: false,
        }
    }

    /// Adds the route `key` (`$connect`, `$disconnect`, `$default`, or a value of the route
    /// selection expression such as `join`) to `integration`. A key API Gateway rejects is a
    /// synth error on the route; a key the API has already is a synth error on the API (the
    /// first route is returned). The stage waits for every route.
    pub fn add_route(&self, key: &str, integration: WebSocketIntegration) -> WebSocketRoute {
        if let Some(existing) = self.inner.routes.borrow().get(key) {
            self.node().add_error(
                format!("the route `{key}` is already defined"),
                "each route key once per API",
            );
            return existing.clone();
        }
        let id = format!("{}-Route", key.replace('/', "--"));
        let scope = Scope::new(&self.scope, &id);
        let node = scope.node().clone();
        let problem = key_problem(key);
        let key_ok = problem.is_none();
        if let Some((message, hint)) = problem {
            node.add_error(message, hint);
        }
        let sam = self.inner.sam.as_ref();
        let source_arn = match sam {
            // SAM's: the stage by name, the API by `Fn::GetAtt ApiId`.
            Some(_) => execute_api_arn(
                self.inner.cfn.attr_api_id(),
                vec![format!("/{}/{key}", self.inner.stage.stage_name_literal())
                    .as_str()
                    .into()],
            ),
            None => execute_api_arn(self.api_id(), vec![format!("/*/{key}").as_str().into()]),
        };
        let integration_cfn = integration.create(&scope, self.api_id(), source_arn, sam.is_some());
        let props = CfnRouteProps::builder()
            .api_id(self.api_id())
            .route_key(key)
            .target(concat(vec!["integrations/".into(), integration_cfn.ref_()]))
            .build();
        let cfn = CfnRoute::new(&scope, "Resource", props);
        integration.function().register_trigger(cfn.resource());
        match sam {
            Some(sam) => {
                cfn.resource().only_in(Flavor::Cfn);
                // SAM's stage waits for no route (it auto-deploys each change); nor does ours.
                if !sam.add_route(key, integration.function()) && key_ok {
                    node.add_error(
                        format!("the route key `{key}` of a SAM-native WebSocket API is not letters and digits"),
                        "SAM names a route's resources after its key: use `$connect`, `$disconnect`, `$default` or letters and digits (e.g. `join`), or build the API with .sam_native(false)",
                    );
                }
            }
            None => {
                self.inner.stage.resource().add_dependency(cfn.resource());
            }
        }
        let route = WebSocketRoute {
            scope,
            cfn,
            key: key.to_string(),
        };
        self.inner
            .routes
            .borrow_mut()
            .insert(key.to_string(), route.clone());
        route
    }

    /// The API's id (`Ref`).
    pub fn api_id(&self) -> Str {
        match &self.inner.sam {
            Some(sam) => Flavor::either(self.inner.cfn.ref_(), sam.cfn().ref_()),
            None => self.inner.cfn.ref_(),
        }
    }

    /// The API's stage.
    pub fn stage(&self) -> &Stage {
        &self.inner.stage
    }

    /// The URL clients connect to, `wss://<api>.execute-api.<region>.<url suffix>/<stage>`.
    pub fn url(&self) -> Str {
        self.inner.stage.url()
    }

    /// The URL backends post to connected clients through,
    /// `https://<api>.execute-api.<region>.<url suffix>/<stage>` (POST
    /// `<callback url>/@connections/<connection id>`, e.g. with boto3's
    /// `apigatewaymanagementapi` client and `endpoint_url=<callback url>`). It names the
    /// stage literally (see [`Stage::url`]), so the function the URL is given to can be
    /// behind a route the stage waits for.
    pub fn callback_url(&self) -> Str {
        self.inner.stage.https_url()
    }

    /// The ARN of the stage's connections, `…:<api>/<stage>/POST/@connections/*` (the stage
    /// by its literal name, so a grant to a function behind a route makes no cycle).
    pub fn connections_arn(&self) -> Str {
        execute_api_arn(
            self.api_id(),
            vec![format!(
                "/{}/POST/@connections/*",
                self.inner.stage.stage_name_literal()
            )
            .as_str()
            .into()],
        )
    }

    /// Lets `grantee` post messages to the stage's connected clients
    /// (`execute-api:ManageConnections` on [`connections_arn`](Self::connections_arn)).
    pub fn grant_manage_connections(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(
            grantee,
            MANAGE_CONNECTIONS_ACTIONS,
            [self.connections_arn()],
        )
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

/// A route of a [`WebSocketApi`]: `<api>/<key>-Route/Resource`. Cheap to clone.
#[derive(Clone)]
pub struct WebSocketRoute {
    scope: Scope,
    cfn: CfnRoute,
    key: String,
}

crate::util::construct_handle!(WebSocketRoute);

impl WebSocketRoute {
    /// The route key.
    pub fn route_key(&self) -> &str {
        &self.key
    }

    /// The route's typed L1 resource (`CfnRoute`).
    pub fn cfn(&self) -> &CfnRoute {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_expressions() {
        for ok in [
            "$request.body.action",
            "$request.body.message.action",
            "${request.body.service}/${request.body.action}",
            "${request.body.action}",
            "v1-${request.body.action}",
        ] {
            assert_eq!(selection_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "action",
            "$request.body.",
            "$request.body.a..b",
            "$request.header.action",
            "${request.header.x}",
            "${request.body.action",
            "$${request.body.action}",
            "$default",
        ] {
            assert!(selection_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn route_keys() {
        for ok in ["$connect", "$disconnect", "$default", "join", "chat/send"] {
            assert!(key_problem(ok).is_none(), "{ok}");
        }
        for bad in ["$join", "", "has space", "$Connect"] {
            assert!(key_problem(bad).is_some(), "{bad}");
        }
    }
}
