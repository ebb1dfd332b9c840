//! The `StateMachine` construct: the definition validated as a graph and rendered once, as
//! the SAM template's `AWS::Serverless::StateMachine` (`Definition` + `DefinitionSubstitutions`)
//! and the plain template's `AWS::StepFunctions::StateMachine` (`DefinitionString` through
//! `Fn::Sub` with the same substitutions), each through its typed L1 and kept to its template.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{fns, Aws, CfnResource, Construct, Flavor, OutputFile, Scope, Str, Value};
use cfn_l1::iam::{CfnPolicy, CfnPolicyProps};
use cfn_l1::sam::state_machine as sam_sm;
use cfn_l1::stepfunctions::state_machine as plain_sm;
use cfn_l1::{sam, stepfunctions};
use serde_json::{json, Value as Json};

use super::alias::{DeploymentPreference, Published};
use super::asl;
use super::graph::{Graph, Substitutions};
use super::state::{secs, Kind, QueryLanguage, StateRef};
use super::IntoChain;
use crate::cloudwatch::{Alarm, Count, Metric, Milliseconds, Statistic, Unit};
use crate::iam::{Grant, Grantable, PolicyDocument, PolicyStatement, Principal, Role};
use crate::logs::LogGroup;

/// Construct ids under the machine (AWS CDK's `<id>/Role`, `<id>/Resource`).
const ROLE_ID: &str = "Role";
const RESOURCE_ID: &str = "Resource";
const SERVERLESS_ID: &str = "Serverless";
/// The policy with a distributed Map's grants on the machine itself (AWS CDK's path).
const DISTRIBUTED_MAP_POLICY_ID: &str = "DistributedMapPolicy";

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
    /// The alias, with `auto_publish_alias`.
    pub(super) published: Option<Published>,
    /// The names of the SAM machine's `Events` so far.
    sam_events: Rc<RefCell<Vec<String>>>,
    /// STANDARD or EXPRESS.
    kind: StateMachineType,
}

crate::util::construct_handle!(StateMachine);

impl Grantable for StateMachine {
    fn grant_role(&self) -> Role {
        self.role.clone()
    }
}

mod sealed {
    pub trait Sealed {}
}

/// Whether a [`StateMachineBuilder`] publishes an alias: [`NoMachineAlias`] or [`WithMachineAlias`].
/// Sealed.
pub trait MachineAliasState: sealed::Sealed {
    /// The alias's name and deployment preference, if any.
    #[doc(hidden)]
    fn into_alias(self) -> Option<(String, Option<DeploymentPreference>)>;
}

/// A [`StateMachineBuilder`] without `auto_publish_alias` (the start state).
#[derive(Debug)]
pub struct NoMachineAlias;

/// A [`StateMachineBuilder`] after
/// [`auto_publish_alias`](StateMachineBuilder::auto_publish_alias): it accepts a
/// [`deployment_preference`](StateMachineBuilder::deployment_preference).
#[derive(Debug)]
pub struct WithMachineAlias {
    name: String,
    preference: Option<DeploymentPreference>,
}

impl sealed::Sealed for NoMachineAlias {}
impl sealed::Sealed for WithMachineAlias {}
impl MachineAliasState for NoMachineAlias {
    fn into_alias(self) -> Option<(String, Option<DeploymentPreference>)> {
        None
    }
}
impl MachineAliasState for WithMachineAlias {
    fn into_alias(self) -> Option<(String, Option<DeploymentPreference>)> {
        Some((self.name, self.preference))
    }
}

/// Builds a [`StateMachine`]; the definition is taken by [`StateMachine::new`]. `A` tracks
/// whether the machine publishes an alias ([`NoMachineAlias`] at the start, [`WithMachineAlias`] after
/// [`auto_publish_alias`](Self::auto_publish_alias)).
#[must_use = "call .build() to create the state machine"]
pub struct StateMachineBuilder<A: MachineAliasState = NoMachineAlias> {
    alias: A,
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
            alias: NoMachineAlias,
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

    /// What a trigger starts: the alias when the machine publishes one
    /// ([`alias_arn`](Self::alias_arn)), else the machine ([`arn`](Self::arn)). Rules, SAM
    /// events and API Gateway integrations start this, so a deployment preference shifts
    /// their executions too.
    pub fn trigger_arn(&self) -> Str {
        self.alias_arn().unwrap_or_else(|| self.arn())
    }

    /// STANDARD (the default) or EXPRESS.
    pub fn state_machine_type(&self) -> StateMachineType {
        self.kind
    }

    /// The alias's ARN (`arn:…:stateMachine:<name>:<alias>`), with
    /// [`auto_publish_alias`](StateMachineBuilder::auto_publish_alias): `{"Ref":
    /// "<Machine>Alias<name>"}` in both templates (SAM generates that alias).
    pub fn alias_arn(&self) -> Option<Str> {
        self.published.as_ref().map(|p| p.arn.clone())
    }

    /// Starts the machine from `source` ([`ScheduleEventSource`](super::ScheduleEventSource),
    /// [`RuleEventSource`](super::RuleEventSource)): a SAM event on the SAM machine, and in the
    /// plain template the rule and role SAM generates for it. With an alias the event starts
    /// the alias (SAM's `UseAliasAsEventTarget`, set with the alias).
    pub fn add_event_source(&self, source: &impl super::events::StateMachineEventSource) {
        source.bind(self);
    }

    /// The name of a new SAM event: `id` (letters and digits, checked) or `default`,
    /// `default2`, … when not given; each name once per machine.
    pub(super) fn sam_event_name(&self, id: Option<&str>, default: &str) -> String {
        let mut names = self.sam_events.borrow_mut();
        let name = match id {
            Some(id) => {
                let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric());
                if !valid {
                    self.node().add_error(
                        format!("event name `{id}` is not letters and digits"),
                        "SAM writes the event's name into logical IDs (`<Machine><name>`): use letters and digits only",
                    );
                }
                // Reported once: the rest of the synthesis goes on with a usable name.
                let mut name: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
                if name.is_empty() {
                    name = default.to_string();
                }
                if names.contains(&name) {
                    if valid {
                        self.node().add_error(
                            format!("the machine has two events named `{id}`"),
                            "give each event its own .id(…)",
                        );
                    }
                    let base = name.clone();
                    let mut n = 2;
                    while names.contains(&name) {
                        name = format!("{base}{n}");
                        n += 1;
                    }
                }
                name
            }
            None => (1..)
                .map(|n| {
                    if n == 1 {
                        default.to_string()
                    } else {
                        format!("{default}{n}")
                    }
                })
                .find(|c| !names.contains(c))
                .unwrap_or_else(|| default.to_string()),
        };
        names.push(name.clone());
        name
    }

    /// The alias's name, with an alias.
    pub fn alias_name(&self) -> Option<&str> {
        self.published.as_ref().map(|p| p.name.as_str())
    }

    /// The plain template's `AWS::StepFunctions::StateMachineAlias` (escape hatch; not in the
    /// SAM template), with an alias.
    pub fn alias_resource(&self) -> Option<&CfnResource> {
        self.published.as_ref().map(Published::alias_resource)
    }

    /// The plain template's `AWS::StepFunctions::StateMachineVersion`, with an alias.
    pub fn version_resource(&self) -> Option<&CfnResource> {
        self.published.as_ref().map(|p| p.version.resource())
    }

    /// Rolls the alias's deployments back when `alarm` fires too (for alarms on this
    /// machine's own metrics, which can only be made after it). Without an alias this is
    /// reported at synth; without a deployment preference it adds one, `ALL_AT_ONCE`.
    pub fn add_deployment_alarm(&self, alarm: &Alarm) {
        match &self.published {
            Some(p) => p.add_alarm(alarm),
            None => self.node().add_error(
                format!(
                    "alarm `{}` is added to the deployment of a state machine that publishes no alias",
                    alarm.node().path()
                ),
                "call .auto_publish_alias(\"live\") on the builder: deployments shift an alias between versions",
            ),
        }
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

    /// Lets `grantee` start executions (`states:StartExecution` on this machine, and on its
    /// alias when it has one: starting through the alias, which a deployment preference
    /// shifts, needs the alias's ARN).
    pub fn grant_start_execution(&self, grantee: &impl Grantable) -> Grant {
        let mut resources = vec![self.arn()];
        resources.extend(self.alias_arn());
        Grant::add_to_principal(grantee, &["states:StartExecution"], resources)
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

impl StateMachineBuilder<NoMachineAlias> {
    /// Publishes a version whenever the definition or configuration changes and points
    /// alias `name` at it (SAM's `AutoPublishAlias`; in the plain template the
    /// `<Machine>Version` and `<Machine>Alias<name>` SAM generates, the version retained).
    /// Rules targeting the machine then start the alias (`UseAliasAsEventTarget` in SAM).
    /// Without a [`deployment_preference`](Self::deployment_preference) a new version takes
    /// all traffic at once (SAM's default). `name`: 1-80 letters and digits, not only digits
    /// (checked at synth).
    pub fn auto_publish_alias(self, name: &str) -> StateMachineBuilder<WithMachineAlias> {
        let StateMachineBuilder {
            alias: NoMachineAlias,
            scope,
            start,
            comment,
            timeout,
            query_language,
            kind,
            role,
            logs,
            tracing,
        } = self;
        StateMachineBuilder {
            alias: WithMachineAlias {
                name: name.to_string(),
                preference: None,
            },
            scope,
            start,
            comment,
            timeout,
            query_language,
            kind,
            role,
            logs,
            tracing,
        }
    }
}

impl StateMachineBuilder<WithMachineAlias> {
    /// How new versions reach the alias ([`DeploymentPreference`]: all at once, canary or
    /// linear, with alarms). Only after [`auto_publish_alias`](Self::auto_publish_alias):
    /// without an alias this does not compile. Setting it again replaces it.
    pub fn deployment_preference(mut self, preference: DeploymentPreference) -> Self {
        self.alias.preference = Some(preference);
        self
    }
}

impl<A: MachineAliasState> StateMachineBuilder<A> {
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
        let mut map_labels: Vec<Option<String>> = Vec::new();
        for s in graph.states() {
            match &s.0.borrow().kind {
                Kind::Task(t) => {
                    for statement in &t.statements {
                        role.add_to_policy(statement.clone());
                    }
                }
                Kind::Map(m) => {
                    for statement in m.statements() {
                        role.add_to_policy(statement);
                    }
                    if let Some(d) = &m.distributed {
                        map_labels.push(d.label.clone());
                    }
                }
                _ => {}
            }
        }
        graph.validate_express(&node, self.kind == Some(StateMachineType::Express));

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
        // The definition as a file beside the templates (`<Stack>.<Machine>.asl.json`), with
        // the same `${Name}` placeholders as the SAM template's `Definition`: the form a SAM
        // project keeps in `DefinitionUri` files, for Workflow Studio or a validator.
        OutputFile::json(
            &self.scope,
            ASL_FILE_ID,
            &format!("{}.asl.json", file_stem(&node.path())),
            definition.clone(),
        );

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

        let published = self.alias.into_alias().map(|(name, preference)| {
            Published::create(&self.scope, &plain, &sam, &name, preference)
        });
        let machine = StateMachine {
            scope: self.scope,
            role,
            plain,
            sam,
            definition,
            substitutions: subs.entries,
            events_role: Rc::default(),
            published,
            sam_events: Rc::default(),
            kind: self.kind.unwrap_or(StateMachineType::Standard),
        };
        if !map_labels.is_empty() {
            machine.distributed_map_policy(&map_labels);
        }
        machine
    }
}

impl StateMachine {
    /// The statements a distributed Map needs on the machine itself (starting, describing
    /// and stopping its child executions), in `<id>/DistributedMapPolicy` attached to the
    /// role: in the role's default policy, which the machine waits for, the machine's own
    /// ARN would be a circular dependency. Child executions are named
    /// `<machine>/<label>:<id>`, so a literal label narrows the grant to that map's runs.
    fn distributed_map_policy(&self, labels: &[Option<String>]) {
        let mut children: Vec<Str> = Vec::new();
        let all = labels.iter().any(Option::is_none);
        let patterns: Vec<String> = if all {
            vec!["/*".to_string()]
        } else {
            labels.iter().flatten().map(|l| format!("/{l}:*")).collect()
        };
        for pattern in patterns {
            children.push(fns::join(
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
                    Str::from(pattern.as_str()),
                ],
            ));
        }
        let document = PolicyDocument::new()
            .statement(
                PolicyStatement::allow()
                    .actions(["states:StartExecution"])
                    .resources([self.arn()]),
            )
            .statement(
                PolicyStatement::allow()
                    .actions(["states:DescribeExecution", "states:StopExecution"])
                    .resources(children),
            );
        let scope = Scope::new(&self.scope, DISTRIBUTED_MAP_POLICY_ID);
        let policy = CfnPolicy::new(
            &scope,
            RESOURCE_ID,
            CfnPolicyProps::builder()
                .policy_document(document.to_value())
                .policy_name("")
                .roles([self.role.role_name()])
                .build(),
        );
        policy
            .props()
            .policy_name()
            .set(policy.resource().logical_id());
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

/// The id of a machine's definition file ([`OutputFile`]) under the machine.
const ASL_FILE_ID: &str = "AslFile";

/// A file name for the machine at construct path `path`: its path below the stack, parts
/// joined by `-`, characters a file name should not hold replaced by `_` (two machines
/// whose names collide that way are one synth error, from the output file check).
fn file_stem(path: &str) -> String {
    let below_stack = path.split_once('/').map_or(path, |(_, rest)| rest);
    below_stack
        .split('/')
        .map(|part| {
            part.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_stems_are_the_path_below_the_stack() {
        assert_eq!(file_stem("Workflows/Orders"), "Orders");
        assert_eq!(file_stem("S/Api/Flow v2"), "Api-Flow_v2");
        assert_eq!(file_stem("S/a.b/c_d-e"), "a.b-c_d-e");
    }
}
