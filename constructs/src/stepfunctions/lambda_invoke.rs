//! The Lambda invoke integration (`arn:aws:states:::lambda:invoke`).

use cdk_core::{fns, Construct, Str};
use serde_json::Value as Json;

use super::asl;
use super::retry::Retry;
use super::state::{Integration, Kind, StateRef, TaskKind};
use super::Task;
use crate::iam::PolicyStatement;
use crate::lambda::Function;

/// The optimised Lambda integration's `Resource`.
pub const LAMBDA_INVOKE_ARN: &str = "arn:aws:states:::lambda:invoke";

/// Builds a [`Task`] that invokes a Lambda function (request-response): `Parameters` are
/// `{"Payload.$": "$", "FunctionName": <the function's ARN>}`, the result is Lambda's
/// response (the function's return value under `Payload`), and the machine's role gets
/// `lambda:InvokeFunction` on the function and its versions and aliases (`<arn>:*`), as AWS
/// CDK grants.
#[must_use = "call .build() to get the Task"]
pub struct LambdaInvoke {
    name: String,
    function: Function,
    payload: Option<Json>,
    service_retry: bool,
}

impl std::fmt::Debug for LambdaInvoke {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LambdaInvoke({})", self.name)
    }
}

impl LambdaInvoke {
    /// Invokes `function` in a Task named `name`.
    pub fn new(name: &str, function: &Function) -> LambdaInvoke {
        LambdaInvoke {
            name: name.to_string(),
            function: function.clone(),
            payload: None,
            service_retry: true,
        }
    }

    /// The `Payload` (default: the state's whole input, `"Payload.$": "$"`); a JSON template
    /// whose `"key.$"` entries are paths.
    pub fn payload(mut self, payload: Json) -> Self {
        self.payload = Some(payload);
        self
    }

    /// Whether the Task retries Lambda's service errors
    /// ([`Retry::lambda_service_errors`], first of its `Retry` rules), as AWS recommends
    /// (default: `true`).
    pub fn retry_on_service_exceptions(mut self, retry: bool) -> Self {
        self.service_retry = retry;
        self
    }

    /// The Task; chain it, add `Retry`/`Catch`, paths and timeouts as on any [`Task`].
    pub fn build(self) -> Task {
        let arn = self.function.arn();
        let hint = format!("{}Arn", alphanumeric(&self.function.node().id()));
        let statement = PolicyStatement::allow()
            .actions(["lambda:InvokeFunction"])
            .resources([arn.clone(), fns::join("", [arn.clone(), Str::from(":*")])]);
        let mut base = serde_json::Map::new();
        match self.payload {
            Some(payload) => base.insert(asl::PAYLOAD.into(), payload),
            None => base.insert(asl::PAYLOAD_PATH.into(), Json::from("$")),
        };
        let task = integration_task(
            &self.name,
            LAMBDA_INVOKE_ARN,
            Integration {
                base,
                refs: vec![(asl::FUNCTION_NAME, hint, arn)],
            },
            vec![statement],
        );
        if self.service_retry {
            task.retry(Retry::lambda_service_errors())
        } else {
            task
        }
    }
}

/// The letters and digits of `s` (a substitution name).
pub(crate) fn alphanumeric(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A Task calling `resource` with `integration`'s parameters, needing `statements`.
pub(crate) fn integration_task(
    name: &str,
    resource: &str,
    integration: Integration,
    statements: Vec<PolicyStatement>,
) -> Task {
    Task(StateRef::new(
        name,
        Kind::Task(Box::new(TaskKind {
            resource: resource.into(),
            integration: Some(integration),
            timeout: None,
            heartbeat: None,
            statements,
        })),
    ))
}
