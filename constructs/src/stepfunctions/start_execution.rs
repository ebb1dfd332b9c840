//! Starting another state machine from a Task (`arn:aws:states:::states:startExecution`),
//! asynchronously or waiting for it (`.sync:2`).

use cdk_core::{fns, Aws, Construct, Str};
use serde_json::{Map, Value as Json};

use super::asl;
use super::lambda_invoke::{alphanumeric, integration_task};
use super::state::Integration;
use super::{StateMachine, Task};
use crate::iam::PolicyStatement;

/// `arn:aws:states:::states:startExecution`.
pub const START_EXECUTION_ARN: &str = "arn:aws:states:::states:startExecution";

/// Builds a [`Task`] that starts an execution of another machine with the state's input
/// (`"Input.$": "$"`) or a given input; by default it does not wait (the result is the
/// execution's ARN and start date).
#[must_use = "call .build() to get the Task"]
pub struct StartExecution {
    name: String,
    machine: StateMachine,
    input: Option<Json>,
    sync: bool,
}

impl std::fmt::Debug for StartExecution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StartExecution({})", self.name)
    }
}

impl StartExecution {
    /// Starts `machine` in a Task named `name`.
    pub fn new(name: &str, machine: &StateMachine) -> StartExecution {
        StartExecution {
            name: name.to_string(),
            machine: machine.clone(),
            input: None,
            sync: false,
        }
    }

    /// The execution's `Input` (default: the state's input, `"Input.$": "$"`).
    pub fn input(mut self, input: Json) -> Self {
        self.input = Some(input);
        self
    }

    /// Waits for the execution to finish (`.sync:2`: the output is the child's output as
    /// JSON). The role also gets `states:DescribeExecution` and `states:StopExecution` on the
    /// child's executions and the EventBridge rule Step Functions manages for it, as AWS
    /// CDK grants.
    pub fn sync(mut self) -> Self {
        self.sync = true;
        self
    }

    /// The Task.
    pub fn build(self) -> Task {
        let arn = self.machine.arn();
        let mut base = Map::new();
        match self.input {
            Some(input) => base.insert(asl::INPUT.into(), input),
            None => base.insert(asl::INPUT_PATH_KEY.into(), Json::from("$")),
        };
        let mut statements = vec![PolicyStatement::allow()
            .actions(["states:StartExecution"])
            .resources([arn.clone()])];
        let resource = if self.sync {
            statements.push(
                PolicyStatement::allow()
                    .actions(["states:DescribeExecution", "states:StopExecution"])
                    .resources([self.machine.execution_arns()]),
            );
            statements.push(
                PolicyStatement::allow()
                    .actions(["events:DescribeRule", "events:PutRule", "events:PutTargets"])
                    .resources([fns::join(
                        "",
                        [
                            Str::from("arn:"),
                            Aws::partition(),
                            Str::from(":events:"),
                            Aws::region(),
                            Str::from(":"),
                            Aws::account_id(),
                            Str::from(":rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"),
                        ],
                    )]),
            );
            format!("{START_EXECUTION_ARN}.sync:2")
        } else {
            START_EXECUTION_ARN.to_string()
        };
        integration_task(
            &self.name,
            &resource,
            Integration {
                base,
                refs: vec![(
                    asl::STATE_MACHINE_ARN,
                    format!("{}Arn", alphanumeric(&self.machine.node().id())),
                    arn,
                )],
                nested: Vec::new(),
            },
            statements,
        )
    }
}
