//! AWS Step Functions: a typed Amazon States Language definition whose states are values
//! you connect, validated as a graph when the machine is built, and the [`StateMachine`]
//! rendered for both templates.
//!
//! Both query languages: JSONPath (the default) and JSONata, per machine
//! ([`StateMachineBuilder::query_language`]) or per state (`.query_language(…)`); a JSONata
//! state takes `arguments`, `output`, `assign` and [`Condition::jsonata`] rules. Setting a
//! JSONPath-only and a JSONata-only field on one state does not compile: each state type
//! carries the language its setters committed it to ([`lang`]). What the types cannot see
//! (the machine's language, `.query_language(…)`, `"key.$"` keys inside JSON values,
//! [`Catch`] and [`Condition`] values, a change through an earlier clone of the handle) is
//! one synth error naming the state and the fields.
//!
//! ```
//! use cdk_core::{App, Stack};
//! use constructs::stepfunctions::{Choice, Condition, Fail, Pass, StateMachine};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "S");
//! let teacher = Pass::new("Is Teacher").result("Woohoo!");
//! let other = Fail::new("Not Teacher").error("ErrorCode");
//! let choice = Choice::new("Choice State")
//!     .when(Condition::string_matches("$", "*Stephane*"), &teacher)
//!     .otherwise(&other);
//! let start = Pass::new("Start");
//! let machine = StateMachine::new(&stack, "Orders", &start.next(&choice)).build();
//! assert_eq!(machine.definition()["StartAt"], "Start");
//! stack.template().unwrap();
//! ```
//!
//! | file | what |
//! |---|---|
//! | `state.rs` | the shared state handle, [`Chain`], [`IntoChain`], [`QueryLanguage`], the common setters (JSONPath fields; JSONata `Arguments`, `Output`; `Assign`) |
//! | `states.rs` | [`Pass`], [`Wait`], [`Parallel`], [`Succeed`], [`Fail`] |
//! | `map.rs` | [`Map`] (inline) and [`DistributedMap`] ([`ItemReader`], [`ResultWriter`], [`ItemBatcher`], tolerated failures, label) |
//! | `choice.rs` | [`Choice`] and its typed rules ([`Condition`]) |
//! | `task.rs`, `lambda_invoke.rs` | [`Task`] and the Lambda integration ([`LambdaInvoke`]) |
//! | `service_tasks.rs` | [`SnsPublish`], [`SqsSendMessage`], [`DynamoItem`] (get, put, update with an [`UpdateExpression`], delete) |
//! | `put_events.rs` | [`EventBridgePutEvents`] of [`EventEntry`]s on a bus |
//! | `start_execution.rs` | [`StartExecution`] of another machine |
//! | `retry.rs` | [`Retry`], [`Catch`], [`StatesError`] |
//! | `graph.rs` | collecting, validating and rendering the graph |
//! | `state_machine.rs` | the [`StateMachine`] construct |
//! | `alias.rs` | versions and aliases ([`StateMachineBuilder::auto_publish_alias`], [`DeploymentPreference`]) |
//! | `rule_target.rs` | a machine as an EventBridge rule target |
//! | `events.rs` | SAM `Events` of a machine ([`ScheduleEventSource`], [`RuleEventSource`], and the `Api` events of a SAM-native REST API) and the rule and role SAM generates for them |
//!
//! **API Gateway triggers** live with the REST API's integrations:
//! [`Integration::start_execution`](crate::apigateway::Integration::start_execution) and, for
//! an EXPRESS machine, [`Integration::start_sync_execution`](crate::apigateway::Integration::start_sync_execution)
//! (a STANDARD one is a synth error), each with a role allowed that one action on the machine
//! (its alias, with one: every trigger starts [`StateMachine::trigger_arn`]). On a
//! [SAM-native](crate::apigateway::RestApiBuilder::sam_native) API a `StartExecution` method
//! is the machine's SAM `Api` event.

mod alias;
mod asl;
mod choice;
mod events;
mod graph;
mod lambda_invoke;
mod map;
mod put_events;
mod retry;
mod rule_target;
mod schedule_target;
mod service_tasks;
mod start_execution;
mod state;
mod state_machine;
mod states;
mod task;

pub use alias::{DeploymentPreference, MAX_DEPLOYMENT_ALARMS, MAX_DEPLOYMENT_INTERVAL_MINUTES};
pub use choice::{Choice, Condition};
pub(crate) use events::SamApiEvent;
pub use events::{RuleEventSource, ScheduleEventSource, StateMachineEventSource};
pub use graph::MAX_STATE_NAME;
pub use lambda_invoke::{LambdaInvokable, LambdaInvoke, LAMBDA_INVOKE_ARN};
pub use map::{
    ChildExecution, CsvHeaders, DistributedMap, ItemBatcher, ItemReader, Map, ResultWriter,
    MAX_INPUT_BYTES_PER_BATCH, MAX_MAP_LABEL, RESULT_WRITER_ACTIONS, S3_GET_OBJECT_ARN,
    S3_LIST_OBJECTS_V2_ARN, S3_PUT_OBJECT_ARN,
};
pub use put_events::{
    EventBridgePutEvents, EventEntry, EVENTBRIDGE_PUT_EVENTS_ARN, MAX_PUT_EVENTS_ENTRIES,
};
pub use retry::{Catch, Jitter, Retry, StatesError, LAMBDA_SERVICE_ERRORS};
pub use service_tasks::{
    DynamoItem, Message, ReturnValues, SnsPublish, SqsSendMessage, UpdateExpression,
    DYNAMODB_DELETE_ITEM_ARN, DYNAMODB_GET_ITEM_ARN, DYNAMODB_PUT_ITEM_ARN,
    DYNAMODB_UPDATE_ITEM_ARN, SNS_PUBLISH_ARN, SQS_SEND_MESSAGE_ARN,
};
pub use start_execution::{StartExecution, START_EXECUTION_ARN};
pub use state::{lang, Chain, IntoChain, QueryLanguage};
pub use state_machine::{
    LogLevel, LogOptions, MachineAliasState, NoMachineAlias, StateMachine, StateMachineBuilder,
    StateMachineType, WithMachineAlias, LOG_DELIVERY_ACTIONS, READ_EXECUTION_ACTIONS,
    READ_MACHINE_ACTIONS, TASK_RESPONSE_ACTIONS, TRACING_ACTIONS,
};
pub use states::{Fail, Parallel, Pass, Succeed, Wait};
pub use task::Task;
