//! What an HTTP API route calls: a Lambda function (proxy), an HTTP endpoint (proxy), or
//! Step Functions (`StartExecution` / `StartSyncExecution`, first-class integrations).

use std::time::Duration;

use cdk_core::{Construct, Flavor, Scope, Str};
use cfn_l1::apigatewayv2::{CfnIntegration, CfnIntegrationProps};

use super::HttpMethod;
use crate::execute_api::lambda_invoke_uri;
use crate::iam::{PolicyStatement, Principal, Role};
use crate::lambda::{Function, Permission};
use crate::stepfunctions::{StateMachine, StateMachineType};
use crate::util::literal;

/// The event format a Lambda proxy integration sends and expects back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PayloadFormat {
    /// `1.0`: REST API's proxy event (`httpMethod`, `path`, `multiValueHeaders`, …).
    V1_0,
    /// `2.0` (the default for Lambda): `routeKey`, `rawPath`, `requestContext.http`, cookies;
    /// the function may return just a body.
    #[default]
    V2_0,
}

impl PayloadFormat {
    /// The version as API Gateway spells it (`1.0`, `2.0`).
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadFormat::V1_0 => "1.0",
            PayloadFormat::V2_0 => "2.0",
        }
    }
}

#[derive(Clone, Debug)]
enum Kind {
    Lambda(Box<Function>),
    HttpProxy {
        url: Str,
        method: HttpMethod,
    },
    StepFunctions {
        machine: Box<StateMachine>,
        sync: bool,
    },
}

/// The backend of an HTTP API route: [`HttpIntegration::lambda`] or
/// [`HttpIntegration::http_proxy`]. One `AWS::ApiGatewayV2::Integration` per route, at
/// `<route>/Integration/Resource`.
#[derive(Clone, Debug)]
pub struct HttpIntegration {
    kind: Kind,
    payload: Option<PayloadFormat>,
    timeout: Option<Duration>,
}

/// The construct id of an integration's L1 resource (`<route>/Integration/Resource`).
const RESOURCE_ID: &str = "Resource";

/// API Gateway's integration timeout range for HTTP APIs, in milliseconds.
const TIMEOUT_MS: std::ops::RangeInclusive<u128> = 50..=30_000;

impl HttpIntegration {
    /// Lambda proxy integration (`AWS_PROXY`), payload format 2.0 unless
    /// [`payload_format`](Self::payload_format) says otherwise. When the function publishes
    /// an alias (`auto_publish_alias`), the alias is invoked, so traffic shifting applies
    /// to API traffic. API Gateway gets `lambda:InvokeFunction` on the function (or alias),
    /// scoped to this API and the route's path in any stage and method
    /// (`…:<api>/*/*/<path>`, path variables as `*`), at `<route>/Integration-Permission`.
    pub fn lambda(function: &Function) -> HttpIntegration {
        HttpIntegration {
            kind: Kind::Lambda(Box::new(function.clone())),
            payload: None,
            timeout: None,
        }
    }

    /// HTTP proxy integration (`HTTP_PROXY`): the request is forwarded to `url`
    /// (`https://example.com/{proxy}` may use the route's path variables) with any method
    /// unless [`method`](Self::method) says otherwise. Payload format 1.0, the only one
    /// API Gateway takes for HTTP proxies. A literal URL must be `http://` or `https://`.
    pub fn http_proxy(url: impl Into<Str>) -> HttpIntegration {
        HttpIntegration {
            kind: Kind::HttpProxy {
                url: url.into(),
                method: HttpMethod::Any,
            },
            payload: None,
            timeout: None,
        }
    }

    /// Starts an execution of `machine` with the request body as its input: API Gateway's
    /// first-class integration `StepFunctions-StartExecution` (`AWS_PROXY`, payload format
    /// 1.0, `RequestParameters` `StateMachineArn` and `Input: $request.body`). A machine with
    /// an alias is started through its alias ([`StateMachine::trigger_arn`]). API Gateway
    /// assumes a role of the route's own (`<route>/Integration/Role`, trusting
    /// `apigateway.amazonaws.com`) allowed `states:StartExecution` on that ARN only. The
    /// answer is the execution's ARN and start date.
    pub fn start_execution(machine: &StateMachine) -> HttpIntegration {
        HttpIntegration {
            kind: Kind::StepFunctions {
                machine: Box::new(machine.clone()),
                sync: false,
            },
            payload: None,
            timeout: None,
        }
    }

    /// Runs a synchronous execution of the EXPRESS `machine` and answers with its result
    /// (`StepFunctions-StartSyncExecution`; otherwise as [`start_execution`](Self::start_execution),
    /// the role allowed `states:StartSyncExecution`). A STANDARD machine is a synth error:
    /// AWS refuses `StartSyncExecution` on one; so is a machine with an alias (AWS documents
    /// version and alias ARNs for `StartExecution` only).
    pub fn start_sync_execution(machine: &StateMachine) -> HttpIntegration {
        HttpIntegration {
            kind: Kind::StepFunctions {
                machine: Box::new(machine.clone()),
                sync: true,
            },
            payload: None,
            timeout: None,
        }
    }

    /// The method an HTTP proxy sends (default: [`HttpMethod::Any`], the request's).
    /// Ignored by Lambda integrations, which API Gateway always calls with `POST`.
    pub fn method(mut self, method: HttpMethod) -> Self {
        if let Kind::HttpProxy { method: m, .. } = &mut self.kind {
            *m = method;
        }
        self
    }

    /// The payload format (default: 2.0 for Lambda; an HTTP proxy takes 1.0 only, another
    /// is a synth error).
    pub fn payload_format(mut self, format: PayloadFormat) -> Self {
        self.payload = Some(format);
        self
    }

    /// How long API Gateway waits for the backend, 50 ms to 30 s (default: 30 s, API
    /// Gateway's); outside is a synth error.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The function the integration invokes, if it is a Lambda integration.
    pub(super) fn function(&self) -> Option<&Function> {
        match &self.kind {
            Kind::Lambda(f) => Some(f),
            Kind::HttpProxy { .. } | Kind::StepFunctions { .. } => None,
        }
    }

    /// The payload format a SAM `HttpApi` event states: `1.0` only (SAM's default is 2.0).
    pub(super) fn sam_payload_format(&self) -> Option<&'static str> {
        (self.payload == Some(PayloadFormat::V1_0)).then(|| PayloadFormat::V1_0.as_str())
    }

    /// The timeout in milliseconds, when it is one API Gateway takes (otherwise
    /// [`create`](Self::create) reports it).
    pub(super) fn timeout_ms(&self) -> Option<u32> {
        self.timeout.and_then(|t| {
            let ms = t.as_millis();
            (TIMEOUT_MS.contains(&ms) && t.subsec_nanos() % 1_000_000 == 0)
                .then(|| u32::try_from(ms).ok())
                .flatten()
        })
    }

    /// Creates the integration under `route` for the API `api_id`; for Lambda, the
    /// permission `<route>/Integration-Permission` with `source_arn` (none without one).
    /// Problems are recorded
    /// on the integration's node. For a SAM-native API (`sam_native`) both are the plain
    /// template's only and the integration is what aws-sam-translator writes: `POST` to the
    /// function's invocation URI.
    pub(super) fn create(
        &self,
        route: &Scope,
        api_id: Str,
        source_arn: Option<Str>,
        sam_native: bool,
    ) -> CfnIntegration {
        let scope = Scope::new(route, "Integration");
        let node = scope.node().clone();
        let timeout = self.timeout_ms();
        if let (Some(t), None) = (self.timeout, timeout) {
            node.add_error(
                format!("an integration timeout of {t:?} is outside API Gateway's 50 ms to 30 s"),
                "use .timeout(Duration::from_millis(50..=30000)) in whole milliseconds",
            );
        }
        let props = match &self.kind {
            Kind::Lambda(function) => CfnIntegrationProps::builder()
                .api_id(api_id)
                .maybe_integration_method(sam_native.then_some("POST"))
                .integration_type("AWS_PROXY")
                .integration_uri(if sam_native {
                    lambda_invoke_uri(function.trigger_arn())
                } else {
                    function.trigger_arn()
                })
                .payload_format_version(self.payload.unwrap_or_default().as_str())
                .maybe_timeout_in_millis(timeout)
                .build(),
            Kind::HttpProxy { url, method } => {
                if self.payload.is_some_and(|p| p != PayloadFormat::V1_0) {
                    node.add_error(
                        "an HTTP proxy integration takes payload format 1.0 only",
                        "drop .payload_format, or use PayloadFormat::V1_0",
                    );
                }
                if let Some(u) = literal(url) {
                    let host = u
                        .strip_prefix("https://")
                        .or_else(|| u.strip_prefix("http://"))
                        .unwrap_or("");
                    if host.is_empty() || host.starts_with('/') {
                        node.add_error(
                            format!("`{u}` is not an http:// or https:// URL"),
                            "give the full URL of the backend, e.g. https://example.com/{proxy}",
                        );
                    }
                }
                CfnIntegrationProps::builder()
                    .api_id(api_id)
                    .integration_method(method.as_str())
                    .integration_type("HTTP_PROXY")
                    .integration_uri(url.clone())
                    .payload_format_version(PayloadFormat::V1_0.as_str())
                    .maybe_timeout_in_millis(timeout)
                    .build()
            }
            Kind::StepFunctions { machine, sync } => {
                return self.create_step_functions(&scope, api_id, machine, *sync, timeout)
            }
        };
        let cfn = CfnIntegration::new(&scope, RESOURCE_ID, props);
        if let (Kind::Lambda(function), Some(source_arn)) = (&self.kind, source_arn) {
            let permission = function.add_trigger_permission(
                route,
                "Integration-Permission",
                Permission::new(Principal::service("apigateway.amazonaws.com"))
                    .source_arn(source_arn),
            );
            if sam_native {
                permission.only_in(Flavor::Cfn);
            }
        }
        if sam_native {
            cfn.resource().only_in(Flavor::Cfn);
        }
        cfn
    }
}

impl HttpIntegration {
    /// A Step Functions integration under `scope` (`<route>/Integration`), with its role.
    fn create_step_functions(
        &self,
        scope: &Scope,
        api_id: Str,
        machine: &StateMachine,
        sync: bool,
        timeout: Option<u32>,
    ) -> CfnIntegration {
        let node = scope.node();
        let action = if sync {
            "StartSyncExecution"
        } else {
            "StartExecution"
        };
        if sync && machine.state_machine_type() == StateMachineType::Standard {
            node.add_error(
                format!(
                    "StartSyncExecution starts EXPRESS machines only, and `{}` is STANDARD",
                    machine.node().path()
                ),
                "build the machine with .state_machine_type(StateMachineType::Express), or use HttpIntegration::start_execution",
            );
        } else if sync && machine.alias_arn().is_some() {
            node.add_error(
                format!(
                    "StartSyncExecution cannot start the alias of `{}`",
                    machine.node().path()
                ),
                crate::apigateway::SYNC_ALIAS_HINT,
            );
        }
        if self.payload.is_some_and(|p| p != PayloadFormat::V1_0) {
            node.add_error(
                "a Step Functions integration takes payload format 1.0 only",
                "drop .payload_format, or use PayloadFormat::V1_0",
            );
        }
        let role = Role::new(
            scope,
            "Role",
            Principal::service("apigateway.amazonaws.com"),
        )
        .build();
        role.add_to_policy(
            PolicyStatement::allow()
                .actions([format!("states:{action}")])
                .resources([machine.trigger_arn()]),
        );
        let props = CfnIntegrationProps::builder()
            .api_id(api_id)
            .credentials_arn(role.arn())
            .integration_subtype(format!("StepFunctions-{action}"))
            .integration_type("AWS_PROXY")
            .payload_format_version(PayloadFormat::V1_0.as_str())
            // The first-class integration's parameters (API Gateway's names for them).
            .request_parameters([
                ("StateMachineArn", machine.trigger_arn()),
                ("Input", Str::from("$request.body")),
            ])
            .maybe_timeout_in_millis(timeout)
            .build();
        let cfn = CfnIntegration::new(scope, RESOURCE_ID, props);
        role.add_dependent(cfn.resource());
        cfn
    }
}
