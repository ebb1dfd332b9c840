//! The SAM-native rendering of an HTTP API ([`HttpApiBuilder::sam_native`](super::HttpApiBuilder::sam_native)):
//! one `AWS::Serverless::HttpApi` under the plain `AWS::ApiGatewayV2::Api`'s logical ID, and
//! an `HttpApi` event on each function a route integrates. The plain resources (`Api`,
//! `Route`s, `Integration`s, `Authorizer`s, the `Stage` and the permissions) are then the
//! plain template's only, shaped as aws-sam-translator 1.115.0 expands the SAM template
//! (`samtranslator/model/api/http_api_generator.py`, the `HttpApi` event source in
//! `model/eventsources/push.py`): one permission per route on `…/<api>/*/<METHOD>/<path>`,
//! Lambda authorizers' permissions on `…/<api>/authorizers/*`, integrations through the
//! invocation URI with `POST`, the API's `Version` `1.0` (the OpenAPI document's), so the
//! differential check compares like with like.

use std::cell::{Cell, RefCell};

use cdk_core::{CfnResource, Construct, Flavor, Str, Value};
use cfn_l1::sam::function::{HttpApiAuth, HttpApiEvent, HttpApiEventProperties};
use cfn_l1::sam::http_api::{AuthorizersValue, CfnHttpApi};
use cfn_l1::sam::web_socket_api::{CfnWebSocketApi, WebSocketApiRoute};

use super::route::RouteKey;
use crate::lambda::Function;

/// Why the names SAM generates are reserved in the SAM template.
const RESERVED_REASON: &str = "aws-sam-translator generates it for an AWS::Serverless::HttpApi";

/// The SAM template's `AWS::Serverless::HttpApi` of one HTTP API, and what its routes and
/// authorizers added to it.
pub(super) struct SamHttpApi {
    cfn: CfnHttpApi,
    /// The API's logical ID (the plain `Api`'s, which the SAM API takes).
    logical_id: String,
    /// The logical ID of the stage SAM generates, once the API has its stage.
    stage_id: RefCell<Option<String>>,
    /// Whether the API has its stage, for the check that it has one (shared with it).
    has_stage: std::rc::Rc<Cell<bool>>,
    /// The authorizers' names in `Auth.Authorizers`, in the order routes bound them.
    authorizers: RefCell<Vec<String>>,
    /// Whether `Auth.EnableIamAuthorizer` is set.
    iam: Cell<bool>,
}

impl SamHttpApi {
    /// Wraps `cfn` and gives it the plain API's logical ID `logical_id`; reserves the name of
    /// SAM's implicit API.
    pub(super) fn new(cfn: CfnHttpApi, logical_id: &str) -> SamHttpApi {
        cfn.resource()
            .only_in(Flavor::Sam)
            .override_logical_id(logical_id);
        cfn.resource().node().stack().reserve_logical_id(
            Flavor::Sam,
            "ServerlessHttpApi",
            RESERVED_REASON,
        );
        SamHttpApi {
            cfn,
            logical_id: logical_id.to_string(),
            stage_id: RefCell::new(None),
            has_stage: std::rc::Rc::new(Cell::new(false)),
            authorizers: RefCell::new(Vec::new()),
            iam: Cell::new(false),
        }
    }

    /// Whether the API has its stage, as a flag a check can hold.
    pub(super) fn stage_flag(&self) -> std::rc::Rc<Cell<bool>> {
        self.has_stage.clone()
    }

    /// The typed L1 resource.
    pub(super) fn cfn(&self) -> &CfnHttpApi {
        &self.cfn
    }

    /// The underlying resource.
    pub(super) fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }

    /// Adds the authorizer `name` (once) to `Auth.Authorizers`; for a Lambda authorizer,
    /// reserves the permission SAM generates with `EnableFunctionDefaultPermissions`.
    pub(super) fn add_authorizer(
        &self,
        name: &str,
        value: impl Into<AuthorizersValue>,
        lambda: bool,
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
        if lambda {
            self.cfn.resource().node().stack().reserve_logical_id(
                Flavor::Sam,
                &format!("{}{name}AuthorizerPermission", self.logical_id),
                RESERVED_REASON,
            );
        }
    }

    /// Turns on SAM's built-in `AWS_IAM` authorizer (`Auth.EnableIamAuthorizer`).
    pub(super) fn enable_iam(&self) {
        if !self.iam.replace(true) {
            self.cfn
                .props()
                .auth()
                .edit()
                .enable_iam_authorizer()
                .set(true);
        }
    }

    /// Sets `Auth.DefaultAuthorizer` (an authorizer's name, or `AWS_IAM`).
    pub(super) fn set_default_authorizer(&self, name: &str) {
        self.cfn
            .props()
            .auth()
            .edit()
            .default_authorizer()
            .set(name);
    }

    /// Adds the `HttpApi` event for the route `key` of this API to `function`'s SAM resource
    /// (SAM reserves `<Fn><Event>Permission` through `Function::add_sam_event`).
    pub(super) fn add_event(&self, event: HttpEventArgs<'_>) {
        let auth = event.authorizer.map(|(name, scopes)| {
            HttpApiAuth::builder()
                .maybe_authorization_scopes((!scopes.is_empty()).then(|| scopes.to_vec()))
                .authorizer(name)
                .build()
        });
        // `$default` is written without `Path` and `Method`: SAM then routes `$default` with
        // any method (`isDefaultRoute`), which is what the route key means.
        // Without a dependency edge, as a REST API's event (`apigateway::SamApi::event_ref`):
        // the translator moves it into the route and permission it generates, and a function
        // that both handles a route and authorizes the API would otherwise be a false cycle.
        let properties = HttpApiEventProperties::builder()
            .api_id(self.cfn.resource().transform_ref(""))
            .maybe_auth(auth)
            .maybe_method(event.key.method())
            .maybe_path(event.key.path())
            .maybe_payload_format_version(event.payload_format)
            .maybe_timeout_in_millis(event.timeout_ms)
            .build();
        let name = match (event.key.method(), event.key.path()) {
            (Some(method), Some(path)) => format!("{}{method}{path}", event.api_id),
            _ => format!("{}Default", event.api_id),
        };
        event.function.add_sam_event(
            &name,
            HttpApiEvent::builder().properties(properties).build(),
        );
    }

    /// Sets the API's `RouteSettings` (per route key), rendered as the plain stage's value.
    pub(super) fn set_route_settings(&self, settings: Value) {
        self.cfn.props().route_settings().set_value(settings);
    }
}

/// A SAM API that makes its API's one stage from its own properties (`StageName`,
/// `AccessLogSettings`, `DefaultRouteSettings`, `StageVariables`): the HTTP and the
/// WebSocket kind.
pub(super) trait SamStage {
    /// `HTTP API` or `WebSocket API`, for messages.
    fn kind(&self) -> &'static str;

    /// Whether the API has its stage already (SAM makes one per API).
    fn has_stage(&self) -> bool;

    /// Names the API's one stage `name` (`StageName`) and reserves the ID SAM gives it.
    /// Returns the stage's `Ref` in the SAM template, or `None` for a name SAM does not put
    /// into a valid ID as it is (which cannot be referenced offline).
    fn set_stage(&self, name: &str) -> Option<Str>;

    /// Sets the stage's settings on the API (each already the plain stage's L1 value).
    fn set_stage_settings(&self, settings: StageSettings);
}

/// Reserves the ID `<logical_id><suffix>` SAM gives a stage in `cfn`'s stack, and returns
/// its `Ref` in the SAM template.
fn reserve_stage(
    cfn: &CfnResource,
    logical_id: &str,
    suffix: &str,
    cell: &RefCell<Option<String>>,
) -> Str {
    cfn.node().stack().reserve_logical_id(
        Flavor::Sam,
        &format!("{logical_id}{suffix}"),
        RESERVED_REASON,
    );
    *cell.borrow_mut() = Some(suffix.to_string());
    cfn.transform_ref(suffix)
}

/// Whether `name` is letters and digits only (and not empty).
fn alphanumeric(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Writes `settings` onto a SAM API through its typed property accessors.
macro_rules! set_stage_settings {
    ($props:expr, $settings:expr) => {{
        let props = $props;
        let settings: StageSettings = $settings;
        if let Some(v) = settings.access_log {
            props.access_log_settings().set_value(v);
        }
        if let Some(v) = settings.default_route_settings {
            props.default_route_settings().set_value(v);
        }
        if let Some(v) = settings.stage_variables {
            props.stage_variables().set_value(v);
        }
    }};
}

impl SamStage for SamHttpApi {
    fn kind(&self) -> &'static str {
        "HTTP API"
    }

    fn has_stage(&self) -> bool {
        self.stage_id.borrow().is_some()
    }

    /// `<Api>ApiGatewayDefaultStage` for `$default`, `<Api><Stage>Stage` for a name of
    /// letters and digits (SAM hashes any other into the ID).
    fn set_stage(&self, name: &str) -> Option<Str> {
        let suffix = if name == "$default" {
            "ApiGatewayDefaultStage".to_string()
        } else if alphanumeric(name) {
            self.cfn.props().stage_name().set(name);
            format!("{name}Stage")
        } else {
            return None;
        };
        self.has_stage.set(true);
        Some(reserve_stage(
            self.cfn.resource(),
            &self.logical_id,
            &suffix,
            &self.stage_id,
        ))
    }

    fn set_stage_settings(&self, settings: StageSettings) {
        set_stage_settings!(self.cfn.props(), settings);
    }
}

/// The SAM template's `AWS::Serverless::WebSocketApi` of one WebSocket API: its `Routes`
/// (route key → the function's ARN) and stage.
pub(super) struct SamWebSocketApi {
    cfn: CfnWebSocketApi,
    logical_id: String,
    stage_id: RefCell<Option<String>>,
}

impl SamWebSocketApi {
    /// Wraps `cfn` and gives it the plain API's logical ID `logical_id`.
    pub(super) fn new(cfn: CfnWebSocketApi, logical_id: &str) -> SamWebSocketApi {
        cfn.resource()
            .only_in(Flavor::Sam)
            .override_logical_id(logical_id);
        SamWebSocketApi {
            cfn,
            logical_id: logical_id.to_string(),
            stage_id: RefCell::new(None),
        }
    }

    /// The typed L1 resource.
    pub(super) fn cfn(&self) -> &CfnWebSocketApi {
        &self.cfn
    }

    /// Adds the route `key` invoking `function` to `Routes`, and reserves the route,
    /// integration and permission SAM generates for it (`<Api><Key>Route`, …, the key
    /// capitalised as Python's `str.capitalize` does, `$` dropped from `$connect` and the
    /// others). Returns `false` for a key SAM refuses (not alphanumeric, not one of the
    /// three predefined ones).
    pub(super) fn add_route(&self, key: &str, function: &Function) -> bool {
        let bare = key
            .strip_prefix('$')
            .filter(|k| ["connect", "disconnect", "default"].contains(k));
        let Some(clean) = bare.or_else(|| alphanumeric(key).then_some(key)) else {
            return false;
        };
        let mut chars = clean.chars();
        let capitalized: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars.map(|c| c.to_ascii_lowercase()))
            .collect();
        // The route names the function in the SAM template only for SAM's translation,
        // which moves the reference into the route's integration: without a dependency
        // edge, a function that holds the API's callback URL closes no cycle here.
        let arn = match function.alias() {
            Some(_) => function.trigger_arn(),
            None => function.sam_resource().transform_get_att("", "Arn"),
        };
        self.cfn
            .props()
            .routes()
            .insert(key, WebSocketApiRoute::builder().function_arn(arn).build());
        let stack = self.cfn.resource().node().stack();
        for suffix in ["Route", "Integration", "Permission"] {
            stack.reserve_logical_id(
                Flavor::Sam,
                &format!("{}{capitalized}{suffix}", self.logical_id),
                RESERVED_REASON,
            );
        }
        true
    }
}

impl SamStage for SamWebSocketApi {
    fn kind(&self) -> &'static str {
        "WebSocket API"
    }

    fn has_stage(&self) -> bool {
        self.stage_id.borrow().is_some()
    }

    /// `<Api><Stage>Stage`, for a name of letters and digits.
    fn set_stage(&self, name: &str) -> Option<Str> {
        if !alphanumeric(name) {
            return None;
        }
        self.cfn.props().stage_name().set(name);
        Some(reserve_stage(
            self.cfn.resource(),
            &self.logical_id,
            &format!("{name}Stage"),
            &self.stage_id,
        ))
    }

    fn set_stage_settings(&self, settings: StageSettings) {
        set_stage_settings!(self.cfn.props(), settings);
    }
}

/// The stage settings [`SamStage::set_stage_settings`] copies onto the SAM API.
pub(super) struct StageSettings {
    pub(super) access_log: Option<Value>,
    pub(super) default_route_settings: Option<Value>,
    pub(super) stage_variables: Option<Value>,
}

/// What [`SamHttpApi::add_event`] renders.
pub(super) struct HttpEventArgs<'a> {
    /// The API's construct id (the event's name starts with it).
    pub(super) api_id: &'a str,
    pub(super) function: &'a Function,
    pub(super) key: &'a RouteKey,
    /// The authorizer's name (`AWS_IAM`, `NONE`, or an authorizer of the API) and scopes.
    pub(super) authorizer: Option<(&'a str, &'a [String])>,
    pub(super) payload_format: Option<&'a str>,
    pub(super) timeout_ms: Option<u32>,
}

/// The `execute-api` ARN suffix of a SAM `HttpApi` event's permission after the API id:
/// `/*/<METHOD>/<path>` (`ANY` as `*`, `{name}` and `{proxy+}` as `*`, the root `/` kept),
/// `/*/*` for `$default`; as `push.py` `HttpApi._get_permission` writes it.
pub(super) fn permission_suffix(key: &RouteKey) -> String {
    match (key.method(), key.path()) {
        (Some(method), Some(path)) => {
            let method = if method == "ANY" { "*" } else { method };
            let path = if path == "/" {
                path.to_string()
            } else {
                crate::execute_api::arn_path(path)
            };
            format!("/*/{method}{path}")
        }
        _ => "/*/*".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apigatewayv2::HttpMethod;

    #[test]
    fn permission_suffixes_are_sams() {
        let key = |m, p| permission_suffix(&RouteKey::new(m, p));
        assert_eq!(key(HttpMethod::Get, "/items/{id}"), "/*/GET/items/*");
        assert_eq!(key(HttpMethod::Any, "/{proxy+}"), "/*/*/*");
        assert_eq!(key(HttpMethod::Post, "/"), "/*/POST/");
        assert_eq!(permission_suffix(&RouteKey::default_route()), "/*/*");
    }
}
