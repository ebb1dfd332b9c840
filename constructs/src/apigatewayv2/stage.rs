//! The `Stage` construct (`AWS::ApiGatewayV2::Stage`): a named, invokable, auto-deployed
//! version of an HTTP or WebSocket API, with throttling and access logs.

use cdk_core::{Aws, CfnResource, Construct, Flavor, Node, Scope, Str, Value};
use cfn_l1::apigatewayv2::stage::{AccessLogSettings, RouteSettings};
use cfn_l1::apigatewayv2::{CfnStage, CfnStageProps};
use cfn_l1::IntoValue;

use super::sam::{SamStage, StageSettings};
use crate::apigateway::concat;
use crate::logs::LogGroup;
use crate::util::literal;

/// Which kind of API a stage belongs to (URLs and default log formats differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Protocol {
    Http,
    WebSocket,
}

/// The access log format of HTTP API stages unless [`AccessLog::format`] (JSON, one line per
/// request).
pub const HTTP_ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationError":"$context.integrationErrorMessage"}"#;

/// The access log format of WebSocket API stages unless [`AccessLog::format`] (JSON, one
/// line per message or connection event).
pub const WEBSOCKET_ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","requestTime":"$context.requestTime","eventType":"$context.eventType","routeKey":"$context.routeKey","connectionId":"$context.connectionId","status":"$context.status","integrationError":"$context.integrationErrorMessage"}"#;

/// Where and how a stage writes one log line per request.
#[derive(Clone, Debug)]
pub struct AccessLog {
    destination: Str,
    format: Option<Str>,
}

impl AccessLog {
    /// Logs to `group`, in the default JSON format ([`HTTP_ACCESS_LOG_FORMAT`] or
    /// [`WEBSOCKET_ACCESS_LOG_FORMAT`]). HTTP APIs write through their service-linked role;
    /// a WebSocket API needs the account's API Gateway CloudWatch role to be set
    /// (`AWS::ApiGateway::Account`, once per account and region).
    pub fn to(group: &LogGroup) -> AccessLog {
        AccessLog::to_arn(group.arn())
    }

    /// Logs to the log group (or Firehose stream) with ARN `arn`.
    pub fn to_arn(arn: impl Into<Str>) -> AccessLog {
        AccessLog {
            destination: arn.into(),
            format: None,
        }
    }

    /// The line format, with `$context.*` variables. It must contain
    /// `$context.requestId` (without it log lines cannot be matched to requests; a literal
    /// format without it is a synth error).
    pub fn format(mut self, format: impl Into<Str>) -> Self {
        self.format = Some(format.into());
        self
    }
}

/// The settings of a [`Stage`]: description, throttling, access logs. Every stage
/// auto-deploys: API Gateway publishes each change of the API's routes itself, so no
/// `AWS::ApiGatewayV2::Deployment` is needed.
#[derive(Clone, Debug, Default)]
pub struct StageOptions {
    description: Option<Str>,
    throttle: Option<(f64, u32)>,
    access_log: Option<AccessLog>,
    variables: Vec<(String, Str)>,
}

impl StageOptions {
    /// The defaults: no description, the account's throttling, no access logs.
    pub fn new() -> StageOptions {
        StageOptions::default()
    }

    /// A description of the stage (default: none).
    pub fn description(mut self, description: impl Into<Str>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Throttles every route of the stage to `rate_limit` requests per second (steady
    /// state, not negative) with bursts of `burst_limit` (default: the account's limits).
    pub fn throttle(mut self, rate_limit: f64, burst_limit: u32) -> Self {
        self.throttle = Some((rate_limit, burst_limit));
        self
    }

    /// Writes an access log line per request (default: none).
    pub fn access_log(mut self, log: AccessLog) -> Self {
        self.access_log = Some(log);
        self
    }

    /// Sets the stage variable `name` (letters, digits and `_`) to `value` (default: no
    /// variables); integrations and authorizers read it as `${stageVariables.<name>}`. A
    /// name given twice keeps the last value; a name API Gateway rejects is a synth error.
    pub fn stage_variable(mut self, name: &str, value: impl Into<Str>) -> Self {
        self.variables.retain(|(n, _)| n != name);
        self.variables.push((name.to_string(), value.into()));
        self
    }
}

/// Throttling of one route, or of every route of a stage: `rate` requests per second
/// (steady state, not negative) with bursts of `burst`; problems on `node`.
pub(super) fn throttle_settings(node: &Node, (rate, burst): (f64, u32)) -> RouteSettings {
    if !(rate.is_finite() && rate >= 0.0) {
        node.add_error(
            format!("a throttling rate limit of {rate} requests per second is not a non-negative number"),
            "use .throttle(rate >= 0.0, burst)",
        );
    }
    RouteSettings::builder()
        .throttling_burst_limit(burst)
        .throttling_rate_limit(rate)
        .build()
}

/// A stage of an HTTP or WebSocket API: `<api>/<id>/Resource`. Cheap to clone.
#[derive(Clone)]
pub struct Stage {
    scope: Scope,
    cfn: CfnStage,
    name: String,
    /// The stage's `Ref` in each template (SAM's generated stage for a SAM-native API).
    name_ref: Str,
    api_id: Str,
    protocol: Protocol,
}

crate::util::construct_handle!(Stage);

/// Whether `name` is a stage name API Gateway takes: 1-128 letters, digits, `-`, `_`.
fn valid_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Stage {
    /// Creates the stage `name` at `<api>/<id>` of the API `api_id`, checking the name and
    /// the options (errors on the stage's node). With `sam` (a SAM-native HTTP API) the
    /// stage is the plain template's only and its settings go onto the SAM API, whose one
    /// stage SAM generates.
    pub(super) fn create(
        api: &Scope,
        id: &str,
        api_id: Str,
        name: &str,
        options: StageOptions,
        protocol: Protocol,
        sam: Option<&dyn SamStage>,
    ) -> Stage {
        let scope = Scope::new(api, id);
        let node = scope.node().clone();
        let default_ok = protocol == Protocol::Http && name == "$default";
        if !default_ok && !valid_name(name) {
            let hint = match protocol {
                Protocol::Http => "use `$default` or 1-128 letters, digits, `-` and `_` (e.g. `beta`)",
                Protocol::WebSocket => "use 1-128 letters, digits, `-` and `_` (e.g. `prod`); WebSocket APIs have no `$default` stage",
            };
            node.add_error(format!("`{name}` is not a valid stage name"), hint);
        }
        let route_settings = options.throttle.map(|t| throttle_settings(&node, t));
        for (variable, _) in &options.variables {
            let ok = !variable.is_empty()
                && variable.len() <= 64
                && variable
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !ok {
                node.add_error(
                    format!("`{variable}` is not a stage variable name"),
                    "use 1-64 letters, digits and `_`",
                );
            }
        }
        let variables = (!options.variables.is_empty()).then(|| {
            Value::map(
                options
                    .variables
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone())),
            )
        });
        let access_log = options.access_log.map(|log| {
            let format = log.format.unwrap_or_else(|| {
                Str::from(match protocol {
                    Protocol::Http => HTTP_ACCESS_LOG_FORMAT,
                    Protocol::WebSocket => WEBSOCKET_ACCESS_LOG_FORMAT,
                })
            });
            if let Some(f) = literal(&format) {
                if !f.contains("$context.requestId") {
                    node.add_error(
                        "the access log format has no `$context.requestId`",
                        "add \"$context.requestId\" to the format, or leave the format out for the default JSON one",
                    );
                }
            }
            AccessLogSettings::builder()
                .destination_arn(log.destination)
                .format(format)
                .build()
        });
        let sam_ref =
            sam.and_then(|sam| cfn_stage_for_sam(&node, sam, name, options.description.is_some()));
        if let (Some(sam), Some(_)) = (sam, &sam_ref) {
            sam.set_stage_settings(StageSettings {
                access_log: access_log.clone().map(IntoValue::into_value),
                default_route_settings: route_settings.clone().map(IntoValue::into_value),
                stage_variables: variables.clone(),
            });
        }
        let props = CfnStageProps::builder()
            .maybe_access_log_settings(access_log)
            .api_id(api_id.clone())
            .auto_deploy(true)
            .maybe_default_route_settings(route_settings)
            .maybe_description(options.description)
            .stage_name(name)
            .maybe_stage_variables(variables)
            .build();
        let cfn = CfnStage::new(&scope, "Resource", props);
        let name_ref = match (sam, sam_ref) {
            (Some(_), Some(sam_ref)) => {
                cfn.resource().only_in(Flavor::Cfn);
                Flavor::either(cfn.ref_(), sam_ref)
            }
            (Some(_), None) => {
                cfn.resource().only_in(Flavor::Cfn);
                Flavor::either(cfn.ref_(), Str::from(name))
            }
            (None, _) => cfn.ref_(),
        };
        Stage {
            scope,
            cfn,
            name: name.to_string(),
            name_ref,
            api_id,
            protocol,
        }
    }

    /// The stage's name (`Ref`, which is the name): referencing it makes a resource or
    /// output wait for the stage.
    pub fn stage_name(&self) -> Str {
        self.name_ref.clone()
    }

    /// The stage's base URL: `https://<api>.execute-api.<region>.<url suffix>/` for an
    /// HTTP API's `$default` stage, `…/<stage>/` for a named one, and
    /// `wss://<api>.execute-api.<region>.<url suffix>/<stage>` for a WebSocket API. It names
    /// the stage by its literal name, not by `Ref`: a function behind the API may hold the
    /// URL (an environment variable) while the stage waits for the function's routes, and a
    /// `Ref` would close that cycle.
    pub fn url(&self) -> Str {
        let scheme = match self.protocol {
            Protocol::Http => "https://",
            Protocol::WebSocket => "wss://",
        };
        let mut parts = vec![
            scheme.into(),
            self.api_id.clone(),
            ".execute-api.".into(),
            Aws::region(),
            ".".into(),
            Aws::url_suffix(),
            "/".into(),
        ];
        match self.protocol {
            // The `$default` stage is served at the root.
            Protocol::Http if self.name == "$default" => {}
            Protocol::Http => parts.push(format!("{}/", self.name).as_str().into()),
            Protocol::WebSocket => parts.push(self.name.as_str().into()),
        }
        concat(parts)
    }

    /// The HTTPS URL a backend posts messages to connected clients through
    /// (`https://<api>.execute-api.<region>.<url suffix>/<stage>`, the `@connections`
    /// endpoint's base).
    pub(super) fn https_url(&self) -> Str {
        concat(vec![
            "https://".into(),
            self.api_id.clone(),
            ".execute-api.".into(),
            Aws::region(),
            ".".into(),
            Aws::url_suffix(),
            "/".into(),
            self.name.as_str().into(),
        ])
    }

    /// The stage's typed L1 resource (`CfnStage`), for settings this construct lacks
    /// (per-route settings, stage variables).
    pub fn cfn(&self) -> &CfnStage {
        &self.cfn
    }

    /// The underlying resource: overrides, dependencies, metadata.
    pub fn resource(&self) -> &CfnResource {
        self.cfn.resource()
    }
}

/// Makes `name` the SAM API's one stage; records on `node` what SAM cannot express (a
/// second stage, a stage description, a name SAM hashes into its ID). Returns the SAM
/// stage's `Ref`.
fn cfn_stage_for_sam(
    node: &Node,
    sam: &dyn SamStage,
    name: &str,
    description: bool,
) -> Option<Str> {
    let kind = sam.kind();
    let hint = "remove it, or build the API with .sam_native(false) so both templates hold the plain AWS::ApiGatewayV2 resources";
    if sam.has_stage() {
        node.add_error(
            format!("a SAM-native {kind} has one stage (SAM makes one), and this API has one already"),
            "keep one stage: the `$default` one, or .create_default_stage(false) and one add_stage; or build the API with .sam_native(false)",
        );
        return None;
    }
    if description {
        node.add_error(
            format!("a stage description cannot be expressed by a SAM-native {kind} (SAM's API has none)"),
            hint,
        );
    }
    let stage = sam.set_stage(name);
    if stage.is_none() {
        node.add_error(
            format!("the stage name `{name}` of a SAM-native {kind} is not letters and digits"),
            "SAM names the stage `<Api><Stage>Stage` (`<Api>ApiGatewayDefaultStage` for an HTTP API's `$default`): use letters and digits, e.g. `beta`, or .sam_native(false)",
        );
    }
    stage
}

impl Stage {
    /// The name the stage was created with.
    pub(super) fn stage_name_literal(&self) -> &str {
        &self.name
    }
}
