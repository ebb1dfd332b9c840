//! The Lambda invoke integration (`arn:aws:states:::lambda:invoke`), on a function, an
//! alias or a version.

use cdk_core::{fns, Construct, Str};
use serde_json::Value as Json;

use super::asl;
use super::retry::Retry;
use super::state::{Integration, Kind, StateRef, TaskKind};
use super::Task;
use crate::iam::PolicyStatement;
use crate::lambda::{Alias, Function, Version};

/// The optimised Lambda integration's `Resource`.
pub const LAMBDA_INVOKE_ARN: &str = "arn:aws:states:::lambda:invoke";

/// What a [`LambdaInvoke`] can call: a [`Function`], an [`Alias`] or a [`Version`].
pub trait LambdaInvokable {
    /// The ARN the task calls (`FunctionName`).
    fn invoke_arn(&self) -> Str;
    /// The ARNs `lambda:InvokeFunction` is granted on.
    fn invoke_resources(&self) -> Vec<Str>;
    /// The start of the substitution's name (letters and digits).
    fn substitution_name(&self) -> String;
}

/// The function, and its versions and aliases (`<arn>:*`), as AWS CDK grants.
impl LambdaInvokable for Function {
    fn invoke_arn(&self) -> Str {
        self.arn()
    }
    fn invoke_resources(&self) -> Vec<Str> {
        vec![self.arn(), fns::join("", [self.arn(), Str::from(":*")])]
    }
    fn substitution_name(&self) -> String {
        alphanumeric(&self.node().id())
    }
}

/// The alias only.
impl LambdaInvokable for Alias {
    fn invoke_arn(&self) -> Str {
        self.arn()
    }
    fn invoke_resources(&self) -> Vec<Str> {
        vec![self.arn()]
    }
    fn substitution_name(&self) -> String {
        path_name(self.resource().node().path())
    }
}

/// The version only.
impl LambdaInvokable for Version {
    fn invoke_arn(&self) -> Str {
        self.arn()
    }
    fn invoke_resources(&self) -> Vec<Str> {
        vec![self.arn()]
    }
    fn substitution_name(&self) -> String {
        path_name(self.resource().node().path())
    }
}

/// The letters and digits of a path below its stack (`S/Worker/Alias` → `WorkerAlias`).
fn path_name(path: String) -> String {
    alphanumeric(path.split_once('/').map_or(path.as_str(), |(_, rest)| rest))
}

/// Builds a [`Task`] that invokes a Lambda function (request-response): `Parameters` are
/// `{"Payload.$": "$", "FunctionName": <the ARN>}`, the result is Lambda's response (the
/// function's return value under `Payload`), and the machine's role gets
/// `lambda:InvokeFunction` on what is invoked ([`LambdaInvokable`]).
#[must_use = "call .build() to get the Task"]
pub struct LambdaInvoke {
    name: String,
    arn: Str,
    resources: Vec<Str>,
    substitution: String,
    payload: Option<Json>,
    service_retry: bool,
    wait_for_task_token: bool,
}

impl std::fmt::Debug for LambdaInvoke {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LambdaInvoke({})", self.name)
    }
}

impl LambdaInvoke {
    /// Invokes `target` (a function, an alias or a version) in a Task named `name`.
    pub fn new(name: &str, target: &impl LambdaInvokable) -> LambdaInvoke {
        LambdaInvoke {
            name: name.to_string(),
            arn: target.invoke_arn(),
            resources: target.invoke_resources(),
            substitution: format!("{}Arn", target.substitution_name()),
            payload: None,
            service_retry: true,
            wait_for_task_token: false,
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

    /// Waits for a callback (`lambda:invoke.waitForTaskToken`): the execution pauses until
    /// something calls `SendTaskSuccess`/`SendTaskFailure` with the token, which the
    /// [`payload`](Self::payload) must pass (`"token.$": "$$.Task.Token"`; checked at synth).
    pub fn wait_for_task_token(mut self) -> Self {
        self.wait_for_task_token = true;
        self
    }

    /// The Task; chain it, add `Retry`/`Catch`, paths and timeouts as on any [`Task`].
    pub fn build(self) -> Task {
        let statement = PolicyStatement::allow()
            .actions(["lambda:InvokeFunction"])
            .resources(self.resources);
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
                refs: vec![(asl::FUNCTION_NAME, self.substitution, self.arn)],
                nested: Vec::new(),
            },
            vec![statement],
        );
        let task = if self.wait_for_task_token {
            task.wait_for_task_token()
        } else {
            task
        };
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
    Task(
        StateRef::new(
            name,
            Kind::Task(Box::new(TaskKind {
                resource: resource.into(),
                integration: Some(integration),
                timeout: None,
                heartbeat: None,
                statements,
                wait_for_task_token: false,
            })),
        ),
        std::marker::PhantomData,
    )
}
