//! The `StateMachine` construct: the definition validated as a graph and rendered once, as
//! the SAM template's `AWS::Serverless::StateMachine` (`Definition` + `DefinitionSubstitutions`)
//! and the plain template's `AWS::StepFunctions::StateMachine` (`DefinitionString` through
//! `Fn::Sub` with the same substitutions), each through its typed L1 and kept to its template.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{fns, Aws, CfnResource, Construct, Flavor, Scope, Str, Value};
use cfn_l1::sam::state_machine as sam_sm;
use cfn_l1::stepfunctions::state_machine as plain_sm;
use cfn_l1::{sam, stepfunctions};
use serde_json::{json, Value as Json};

use super::asl;
use super::graph::{Graph, Substitutions};
use super::state::{secs, Kind, QueryLanguage, StateRef};
use super::IntoChain;
use crate::cloudwatch::{Count, Metric, Milliseconds, Statistic, Unit};
use crate::iam::{Grant, Grantable, PolicyDocument, PolicyStatement, Principal, Role};
use crate::logs::LogGroup;

/// Construct ids under the machine (AWS CDK's `<id>/Role`, `<id>/Resource`).
const ROLE_ID: &str = "Role";
const RESOURCE_ID: &str = "Resource";
const SERVERLESS_ID: &str = "Serverless";

/// The Step Functions service principal.
const STATES_SERVICE: &str = "states.amazonaws.com";

/// A machine's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateMachineType {
    /// `STANDARD` (the default): exactly-once, up to a year, full history.
    Standard,
    /// `EXPRESS`: at-least-once, up to five minutes, for high-volume event processing.
    Express,
}

impl StateMachineType {
    /// The name CloudFormation and SAM take.
    pub fn name(self) -> &'static str {
        match self {
            StateMachineType::Standard => "STANDARD",
            StateMachineType::Express => "EXPRESS",
        }
    }
}

/// A Step Functions state machine, with the role it runs as. Cheap to clone.
///
/// | path                          | what                                       |
/// |-------------------------------|--------------------------------------------|
/// | `<id>/Role`                   | the role, unless one was given             |
/// | `<id>/Role/DefaultPolicy`     | what the tasks need, and later grants      |
/// | `<id>/Resource`               | `AWS::StepFunctions::StateMachine` (plain) |
/// | `<id>/Serverless`             | `AWS::Serverless::StateMachine` (SAM), same logical ID |
///
/// The definition is read when the machine is built: states are validated as a graph then
/// (every mistake is reported at synth with the machine's path and the state's name) and
/// rendered; a state changed afterwards does not change the machine.
#[derive(Clone)]
pub struct StateMachine {
    scope: Scope,
    role: Role,
    plain: stepfunctions::CfnStateMachine,
    sam: sam::CfnStateMachine,
    definition: Json,
    substitutions: Vec<(String, Str)>,
    /// The role EventBridge rules assume to start executions, made by the first rule.
    pub(super) events_role: Rc<RefCell<Option<Role>>>,
}

crate::util::construct_handle!(StateMachine);

impl Grantable for StateMachine {
    fn grant_role(&self) -> Role {
        self.role.clone()
    }
}

/// Builds a [`StateMachine`]; the definition is taken by [`StateMachine::new`].
#[must_use = "call .build() to create the state machine"]
pub struct StateMachineBuilder {
    scope: Scope,
    start: StateRef,
    comment: Option<String>,
    timeout: Option<Duration>,
    query_language: Option<QueryLanguage>,
    kind: Option<StateMachineType>,
    role: Option<Role>,
    logs: Option<LogOptions>,
    tracing: bool,
}

/// How much of each execution is logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    /// `ALL`: every event.
    All,
    /// `ERROR`: errors only.
    Error,
    /// `FATAL`: execution failures only.
    Fatal,
    /// `OFF`: nothing.
    Off,
}

impl LogLevel {
    /// The name CloudFormation takes.
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// Execution logging to a log group: `LogOptions::new(&group).level(LogLevel::All)`.
#[derive(Clone, Debug)]
pub struct LogOptions {
    group: LogGroup,
    level: LogLevel,
    include_execution_data: bool,
}

impl LogOptions {
    /// Logs to `group` at level `ERROR`, without execution data (inputs and outputs).
    pub fn new(group: &LogGroup) -> LogOptions {
        LogOptions {
            group: group.clone(),
            level: LogLevel::Error,
            include_execution_data: false,
        }
    }

    /// The level (default: `ERROR`).
    pub fn level(mut self, level: LogLevel) -> Self {
        self.level = level;
        self
    }

    /// Whether events carry the states' input and output (default: `false`; they may hold
    /// personal data).
    pub fn include_execution_data(mut self, include: bool) -> Self {
        self.include_execution_data = include;
        self
    }
}

/// What Step Functions needs to deliver logs: CloudWatch Logs' log-delivery API, which has
/// no resource-level permissions, so `*` (AWS's documented requirement; AWS CDK grants the
/// same).
pub const LOG_DELIVERY_ACTIONS: &[&str] = &[
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
];

/// What X-Ray tracing needs, on `*` (X-Ray has no resource-level permissions for them).
pub const TRACING_ACTIONS: &[&str] = &[
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
];

impl StateMachine {
    /// Starts a machine named `id` whose execution starts at `definition` (a state or a
    /// chain; everything reachable from it is the machine).
    pub fn new(
        scope: &impl Construct,
        id: &str,
        definition: &impl IntoChain,
    ) -> StateMachineBuilder {
        StateMachineBuilder {
            scope: Scope::new(scope, id),
            start: definition.to_chain().start,
            comment: None,
            timeout: None,
            query_language: None,
            kind: None,
            role: None,
            logs: None,
            tracing: false,
        }
    }

    /// The machine's ARN (`Ref` of either template's resource).
    pub fn arn(&self) -> Str {
        Flavor::either(self.plain.ref_(), self.sam.ref_())
    }

    /// The machine's name (`Fn::GetAtt … Name`).
    pub fn state_machine_name(&self) -> Str {
        Flavor::either(self.plain.attr_name(), self.sam.attr_name())
    }

    /// The role the machine runs as.
    pub fn role(&self) -> Role {
        self.role.clone()
    }

    /// The ASL definition, with a `${Name}` placeholder for every reference
    /// ([`definition_substitutions`](Self::definition_substitutions)).
    pub fn definition(&self) -> Json {
        self.definition.clone()
    }

    /// The placeholders of [`definition`](Self::definition) and what they stand for.
    pub fn definition_substitutions(&self) -> Vec<(String, Str)> {
        self.substitutions.clone()
    }

    /// The plain template's typed L1 (`AWS::StepFunctions::StateMachine`).
    pub fn cfn(&self) -> &stepfunctions::CfnStateMachine {
        &self.plain
    }

    /// The SAM template's typed L1 (`AWS::Serverless::StateMachine`).
    pub fn sam_cfn(&self) -> &sam::CfnStateMachine {
        &self.sam
    }

    /// The plain template's resource.
    pub fn resource(&self) -> &CfnResource {
        self.plain.resource()
    }

    /// Lets `grantee` start executions (`states:StartExecution` on this machine).
    pub fn grant_start_execution(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, &["states:StartExecution"], [self.arn()])
    }

    /// Lets `grantee` run synchronous executions of an EXPRESS machine
    /// (`states:StartSyncExecution` on this machine).
    pub fn grant_start_sync_execution(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, &["states:StartSyncExecution"], [self.arn()])
    }

    /// Lets `grantee` answer `.waitForTaskToken` tasks of this machine
    /// ([`TASK_RESPONSE_ACTIONS`] on it, as AWS CDK grants).
    pub fn grant_task_response(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, TASK_RESPONSE_ACTIONS, [self.arn()])
    }

    /// Lets `grantee` perform `actions` on this machine's executions
    /// (`arn:…:execution:<machine name>:*`), as AWS CDK's `grantExecution`.
    pub fn grant_execution(&self, grantee: &impl Grantable, actions: &[&str]) -> Grant {
        Grant::add_to_principal(grantee, actions, [self.execution_arns()])
    }

    /// Lets `grantee` read the machine and its executions: [`READ_MACHINE_ACTIONS`] on the
    /// machine and [`READ_EXECUTION_ACTIONS`] on its executions. AWS CDK also grants
    /// `states:ListActivities`, `states:DescribeActivity` and `states:DescribeStateMachine`
    /// on `*`; this grant names this machine only (least privilege).
    pub fn grant_read(&self, grantee: &impl Grantable) -> Grant {
        Grant::add_to_principal(grantee, READ_EXECUTION_ACTIONS, [self.execution_arns()]);
        Grant::add_to_principal(grantee, READ_MACHINE_ACTIONS, [self.arn()])
    }

    /// The ARNs of this machine's executions (`arn:…:states:…:execution:<name>:*`).
    pub fn execution_arns(&self) -> Str {
        fns::join(
            "",
            [
                Str::from("arn:"),
                Aws::partition(),
                Str::from(":states:"),
                Aws::region(),
                Str::from(":"),
                Aws::account_id(),
                Str::from(":execution:"),
                self.state_machine_name(),
                Str::from(":*"),
            ],
        )
    }

    fn metric<U: Unit>(&self, name: &str, statistic: Statistic) -> Metric<U> {
        Metric::new("AWS/States", name)
            .dimension(asl::STATE_MACHINE_ARN, self.arn())
            .statistic(statistic)
    }

    /// `ExecutionsFailed` (sum), for a [`cloudwatch::Alarm`](crate::cloudwatch::Alarm).
    pub fn metric_failed(&self) -> Metric<Count> {
        self.metric("ExecutionsFailed", Statistic::Sum)
    }

    /// `ExecutionsTimedOut` (sum).
    pub fn metric_timed_out(&self) -> Metric<Count> {
        self.metric("ExecutionsTimedOut", Statistic::Sum)
    }

    /// `ExecutionsSucceeded` (sum).
    pub fn metric_succeeded(&self) -> Metric<Count> {
        self.metric("ExecutionsSucceeded", Statistic::Sum)
    }

    /// `ExecutionsStarted` (sum).
    pub fn metric_started(&self) -> Metric<Count> {
        self.metric("ExecutionsStarted", Statistic::Sum)
    }

    /// `ExecutionsAborted` (sum).
    pub fn metric_aborted(&self) -> Metric<Count> {
        self.metric("ExecutionsAborted", Statistic::Sum)
    }

    /// `ExecutionThrottled` (sum).
    pub fn metric_throttled(&self) -> Metric<Count> {
        self.metric("ExecutionThrottled", Statistic::Sum)
    }

    /// `ExecutionTime` (average, milliseconds).
    pub fn metric_time(&self) -> Metric<Milliseconds> {
        self.metric("ExecutionTime", Statistic::Average)
    }
}

/// What answering a task token takes (AWS CDK's `grantTaskResponse`), sorted.
pub const TASK_RESPONSE_ACTIONS: &[&str] = &[
    "states:SendTaskFailure",
    "states:SendTaskHeartbeat",
    "states:SendTaskSuccess",
];

/// Reading a machine's executions (part of AWS CDK's `grantRead`), sorted.
pub const READ_EXECUTION_ACTIONS: &[&str] = &[
    "states:DescribeExecution",
    "states:DescribeStateMachineForExecution",
    "states:GetExecutionHistory",
];

/// Reading the machine itself and listing its executions, sorted.
pub const READ_MACHINE_ACTIONS: &[&str] = &["states:DescribeStateMachine", "states:ListExecutions"];

impl StateMachineBuilder {
    /// The definition's top-level `QueryLanguage` (default: JSONPath, not written). In a
    /// JSONata machine every state is JSONata: a JSONPath field or a state set to JSONPath
    /// is reported at synth.
    pub fn query_language(mut self, language: QueryLanguage) -> Self {
        self.query_language = Some(language);
        self
    }

    /// The definition's top-level `Comment` (default: none).
    pub fn comment(mut self, comment: &str) -> Self {
        self.comment = Some(comment.to_string());
        self
    }

    /// The definition's `TimeoutSeconds`: the execution fails with `States.Timeout` after
    /// it (whole seconds; default: none, a standard execution runs up to a year).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// `STANDARD` or `EXPRESS` (default: not written, which is `STANDARD`).
    pub fn state_machine_type(mut self, kind: StateMachineType) -> Self {
        self.kind = Some(kind);
        self
    }

    /// The role the machine runs as (default: a new `<id>/Role` assumed by
    /// `states.amazonaws.com` from this account only). Tasks add their statements to it.
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// Logs executions ([`LogOptions`]; default: no logging). The role gets
    /// [`LOG_DELIVERY_ACTIONS`] on `*`.
    pub fn logs(mut self, logs: LogOptions) -> Self {
        self.logs = Some(logs);
        self
    }

    /// Traces executions with X-Ray (default: off). The role gets [`TRACING_ACTIONS`] on `*`.
    pub fn tracing(mut self, enabled: bool) -> Self {
        self.tracing = enabled;
        self
    }

    /// Validates and renders the definition and creates the machine and its role.
    pub fn build(self) -> StateMachine {
        let node = self.scope.node().clone();
        let graph = Graph::collect(
            &node,
            &node.path(),
            &self.start,
            self.query_language.unwrap_or_default(),
        );
        if self.timeout.is_some_and(|t| secs(t) == 0) {
            node.add_error(
                "the state machine's timeout is 0 seconds",
                "use a timeout of at least one second, or none",
            );
        }

        // -- role -----------------------------------------------------------------------------
        let role = match &self.role {
            Some(role) => role.clone(),
            None => {
                let role =
                    Role::new(&self.scope, ROLE_ID, Principal::service(STATES_SERVICE)).build();
                role.cfn()
                    .props()
                    .assume_role_policy_document()
                    .set_value(trust_policy().to_value());
                role
            }
        };
        for s in graph.states() {
            if let Kind::Task(t) = &s.0.borrow().kind {
                for statement in &t.statements {
                    role.add_to_policy(statement.clone());
                }
            }
        }

        if self.logs.is_some() {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(LOG_DELIVERY_ACTIONS.iter().copied())
                    .resources(["*"]),
            );
        }
        if self.tracing {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(TRACING_ACTIONS.iter().copied())
                    .resources(["*"]),
            );
        }

        // -- the definition -------------------------------------------------------------------
        let mut subs = Substitutions::default();
        let mut top = serde_json::Map::new();
        if let Some(l) = self.query_language {
            top.insert(asl::QUERY_LANGUAGE.into(), json!(l.as_str()));
        }
        if let Some(c) = &self.comment {
            top.insert(asl::COMMENT.into(), json!(c));
        }
        top.extend(graph.render(0, &mut subs));
        if let Some(t) = self.timeout {
            top.insert(asl::TIMEOUT_SECONDS.into(), json!(secs(t)));
        }
        let definition = Json::Object(top);

        // -- plain: DefinitionString, through Fn::Sub when there are references ---------------
        let text = serde_json::to_string(&definition).unwrap_or_default();
        let definition_string: Str = if subs.entries.is_empty() {
            text.into()
        } else {
            // `${` of the definition itself is literal text to Fn::Sub: `${!`.
            let mut escaped = text.replace("${", "${!");
            for (name, _) in &subs.entries {
                escaped = escaped.replace(&format!("${{!{name}}}"), &format!("${{{name}}}"));
            }
            fns::sub(
                &escaped,
                subs.entries.iter().map(|(k, v)| (k.as_str(), v.clone())),
            )
        };
        let kind = self.kind.map(StateMachineType::name);
        let plain = stepfunctions::CfnStateMachine::new(
            &self.scope,
            RESOURCE_ID,
            stepfunctions::CfnStateMachineProps::builder()
                .role_arn(role.arn())
                .definition_string(definition_string)
                .maybe_state_machine_type(kind)
                .maybe_logging_configuration(self.logs.as_ref().map(|l| {
                    plain_sm::LoggingConfiguration::builder()
                        .destinations([plain_sm::LogDestination::builder()
                            .cloud_watch_logs_log_group(
                                plain_sm::CloudWatchLogsLogGroup::builder()
                                    .log_group_arn(l.group.arn())
                                    .build(),
                            )
                            .build()])
                        .include_execution_data(l.include_execution_data)
                        .level(l.level.name())
                        .build()
                }))
                .maybe_tracing_configuration(self.tracing.then(|| {
                    plain_sm::TracingConfiguration::builder()
                        .enabled(true)
                        .build()
                }))
                .build(),
        );
        let resource = plain.resource().clone();
        resource.only_in(Flavor::Cfn);

        // -- SAM: Definition + DefinitionSubstitutions ---------------------------------------
        let substitutions = (!subs.entries.is_empty()).then(|| {
            Value::map(
                subs.entries
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.clone()))),
            )
        });
        let sam = sam::CfnStateMachine::new(
            &self.scope,
            SERVERLESS_ID,
            sam::CfnStateMachineProps::builder()
                .definition(Value::from(definition.clone()))
                .maybe_definition_substitutions(substitutions)
                .role(Value::from(role.arn()))
                .maybe_type(kind)
                .maybe_logging(self.logs.as_ref().map(|l| {
                    sam_sm::Logging::builder()
                        .destinations([sam_sm::Destinations::builder()
                            .cloud_watch_logs_log_group(
                                sam_sm::CloudWatchLogsLogGroup::builder()
                                    .log_group_arn(l.group.arn())
                                    .build(),
                            )
                            .build()])
                        .include_execution_data(l.include_execution_data)
                        .level(l.level.name())
                        .build()
                }))
                .maybe_tracing(
                    self.tracing
                        .then(|| sam_sm::Tracing::builder().enabled(true).build()),
                )
                .build(),
        );
        let sam_resource = sam.resource().clone();
        sam_resource
            .only_in(Flavor::Sam)
            .override_logical_id(&resource.logical_id());
        role.add_dependent(&resource);
        role.add_dependent(&sam_resource);

        StateMachine {
            scope: self.scope,
            role,
            plain,
            sam,
            definition,
            substitutions: subs.entries,
            events_role: Rc::default(),
        }
    }
}

/// The trust policy of a created role: `states.amazonaws.com`, from this account's state
/// machines only (AWS's guard against the confused deputy, as AWS CDK writes it).
fn trust_policy() -> PolicyDocument {
    let source_arn = fns::join(
        "",
        [
            Str::from("arn:"),
            Aws::partition(),
            Str::from(":states:"),
            Aws::region(),
            Str::from(":"),
            Aws::account_id(),
            Str::from(":stateMachine:*"),
        ],
    );
    PolicyDocument::new().statement(
        PolicyStatement::allow()
            .actions(["sts:AssumeRole"])
            .principal(Principal::service(STATES_SERVICE))
            .condition("ArnLike", "aws:SourceArn", source_arn)
            .condition("StringEquals", "aws:SourceAccount", Aws::account_id()),
    )
}
