//! The Task state: one call of an AWS service or an activity, with timeouts, heartbeats,
//! Retry and Catch, and the IAM statements the machine's role needs for it.

use std::marker::PhantomData;
use std::time::Duration;

use cdk_core::Str;

use super::lang;
use super::state::{
    arguments_methods, assign_methods, next_methods, path_methods, result_methods,
    retry_catch_methods, secs, state_handle, Kind, Secs, StateRef, TaskKind,
};
use crate::iam::PolicyStatement;

/// A Task state. [`Task::new`] takes any `Resource` ARN and the statements it needs
/// stated explicitly; integrations such as [`LambdaInvoke`](super::LambdaInvoke) fill both.
#[derive(Clone)]
pub struct Task<L = lang::Any>(pub(crate) StateRef, pub(crate) PhantomData<L>);

state_handle!(Task);
path_methods!(Task);
result_methods!(Task);
retry_catch_methods!(Task);
next_methods!(Task);
assign_methods!(Task);
arguments_methods!(Task);

impl Task {
    /// A Task named `name` calling `resource` (an activity or service integration ARN; a
    /// reference becomes a `DefinitionSubstitutions` entry).
    pub fn new(name: &str, resource: impl Into<Str>) -> Task {
        Task(
            StateRef::new(
                name,
                Kind::Task(Box::new(TaskKind {
                    resource: resource.into(),
                    integration: None,
                    timeout: None,
                    heartbeat: None,
                    statements: Vec::new(),
                    wait_for_task_token: false,
                })),
            ),
            PhantomData,
        )
    }

    /// A Task calling any AWS API through the SDK integration
    /// (`arn:aws:states:::aws-sdk:<service>:<action>`, e.g. `s3`, `listBuckets`), with
    /// the API's parameters in [`parameters`](Self::parameters). The statements the call
    /// needs are the caller's to state with [`add_to_role_policy`](Self::add_to_role_policy)
    /// (nothing is granted otherwise: the integration cannot know the resources).
    pub fn aws_sdk(name: &str, service: &str, action: &str) -> Task {
        Task::new(name, format!("arn:aws:states:::aws-sdk:{service}:{action}"))
    }
}

impl<L> Task<L> {
    fn task(&self, f: impl FnOnce(&mut TaskKind)) {
        if let Kind::Task(t) = &mut self.0 .0.borrow_mut().kind {
            f(t);
        }
    }

    /// Adds a statement to the machine's role (what the resource needs: least privilege is
    /// the caller's to state for a generic task).
    pub fn add_to_role_policy(self, statement: PolicyStatement) -> Self {
        self.task(|t| t.statements.push(statement));
        self
    }

    /// `TimeoutSeconds` (default: 99999999, effectively none). At least 1 second.
    pub fn timeout(self, timeout: Duration) -> Self {
        self.task(|t| t.timeout = Some(Secs::Literal(secs(timeout))));
        self
    }

    /// `TimeoutSecondsPath`: the timeout read from the input. JSONPath only (in JSONata,
    /// `TimeoutSeconds` takes an expression).
    pub fn timeout_path(self, path: &str) -> Task<lang::JsonPath>
    where
        L: lang::TakesJsonPath,
    {
        self.task(|t| t.timeout = Some(Secs::Path(path.to_string())));
        self.retype()
    }

    /// `HeartbeatSeconds`: the task fails with `States.HeartbeatTimeout` when no heartbeat
    /// arrives in time; must be below the timeout (checked at synth).
    pub fn heartbeat(self, heartbeat: Duration) -> Self {
        self.task(|t| t.heartbeat = Some(Secs::Literal(secs(heartbeat))));
        self
    }

    /// Waits for a callback with the task token (`.waitForTaskToken` appended to the
    /// `Resource`): for the integrations that support it (Lambda invoke, SNS publish, SQS
    /// send message, EventBridge put events, Step Functions start execution; others are
    /// reported at synth), whose parameters must pass `$$.Task.Token` (checked at synth).
    pub fn wait_for_task_token(self) -> Self {
        self.task(|t| t.wait_for_task_token = true);
        self
    }

    /// `HeartbeatSecondsPath`: the heartbeat interval read from the input. JSONPath only.
    pub fn heartbeat_path(self, path: &str) -> Task<lang::JsonPath>
    where
        L: lang::TakesJsonPath,
    {
        self.task(|t| t.heartbeat = Some(Secs::Path(path.to_string())));
        self.retype()
    }
}
