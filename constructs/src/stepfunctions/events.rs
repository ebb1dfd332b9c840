//! SAM `Events` of a state machine ([`ScheduleEventSource`], [`RuleEventSource`]): the
//! SAM template writes a `Schedule` / `EventBridgeRule` event on the
//! `AWS::Serverless::StateMachine`, the plain one what the translator generates for it: the
//! rule `<Machine><Event>` and the role `<Machine><Event>Role` that may start the machine (its
//! alias, when it has one) and nothing else.
//!
//! The other way to start a machine from EventBridge, `rule.add_target(&machine)`, keeps the
//! rule a resource of its own in both templates (it may have other targets, or be shared).
//!
//! A SAM-native REST API's `StartExecution` method is an `Api` event here too
//! ([`StateMachine::add_sam_api_event`], called by the API): SAM puts the route into the
//! API's OpenAPI body, and the plain template gets the role `<Machine><Event>Role` (trusting
//! `apigateway.amazonaws.com`) that the method's integration assumes.

use cdk_core::{Construct, Flavor, Str, Value};
use cfn_l1::iam::{role as iam_role, CfnRole, CfnRoleProps};
use cfn_l1::sam::state_machine as sam_sm;

use super::StateMachine;
use crate::events::{EventBusLike, IntoEventPattern, Rule, RuleTarget, RuleTargetConfig, Schedule};
use crate::iam::{PolicyDocument, PolicyStatement, Principal};

/// Something that starts a state machine, rendered as a SAM event: use through
/// [`StateMachine::add_event_source`].
pub trait StateMachineEventSource {
    /// Connects this source to `machine` (problems are recorded on the tree, reported at
    /// synth).
    fn bind(&self, machine: &StateMachine);
}

/// Starts the machine on a schedule: SAM's `Schedule` event; in the plain template the
/// rule and role SAM generates for it.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::events::Schedule;
/// use constructs::stepfunctions::{Pass, ScheduleEventSource, StateMachine};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let machine = StateMachine::new(&stack, "Nightly", &Pass::new("Run")).build();
/// machine.add_event_source(&ScheduleEventSource::new(Schedule::cron("0 3 * * ? *")).id("Night"));
/// let sam = stack.sam_template().unwrap();
/// let events = &sam["Resources"][machine.resource().logical_id()]["Properties"]["Events"];
/// assert_eq!(events["Night"]["Type"], "Schedule");
/// ```
#[derive(Clone, Debug)]
pub struct ScheduleEventSource {
    schedule: Schedule,
    common: Common,
    description: Option<String>,
}

/// Starts the machine for events matching a pattern: SAM's `EventBridgeRule` event; in the
/// plain template the rule and role SAM generates for it.
pub struct RuleEventSource {
    pattern: cdk_core::Value,
    problems: Vec<(String, String)>,
    bus: Option<Str>,
    common: Common,
}

impl std::fmt::Debug for RuleEventSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RuleEventSource({:?})", self.common.id)
    }
}

#[derive(Clone, Debug)]
struct Common {
    id: Option<String>,
    enabled: bool,
    input: Option<String>,
}

impl Common {
    fn new() -> Common {
        Common {
            id: None,
            enabled: true,
            input: None,
        }
    }

    fn state(&self) -> &'static str {
        if self.enabled {
            "ENABLED"
        } else {
            "DISABLED"
        }
    }
}

macro_rules! common_methods {
    ($ty:ident, $default:literal) => {
        impl $ty {
            /// The event's name (default: `
            #[doc = $default]
            /// `, then `
            #[doc = $default]
            /// 2`, … for further events of the machine): SAM's `Events` key, and in the
            /// plain template the rule's construct id under the machine and the end of its
            /// logical ID (`<Machine><name>`). Letters and digits only (checked at synth).
            pub fn id(mut self, id: &str) -> Self {
                self.common.id = Some(id.to_string());
                self
            }

            /// Whether the rule is enabled (default: yes; `State` is written either way).
            pub fn enabled(mut self, enabled: bool) -> Self {
                self.common.enabled = enabled;
                self
            }

            /// JSON text the execution gets as its input instead of the event (default:
            /// the event).
            pub fn input(mut self, json: &str) -> Self {
                self.common.input = Some(json.to_string());
                self
            }
        }
    };
}

common_methods!(ScheduleEventSource, "Schedule");
common_methods!(RuleEventSource, "EventBridgeRule");

impl ScheduleEventSource {
    /// Starts the machine on `schedule` (`Schedule::rate(60)`, `Schedule::cron(…)`).
    pub fn new(schedule: Schedule) -> ScheduleEventSource {
        ScheduleEventSource {
            schedule,
            common: Common::new(),
            description: None,
        }
    }

    /// The rule's description (default: none).
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_string());
        self
    }
}

impl RuleEventSource {
    /// Starts the machine for events matching `pattern` (a typed
    /// [`EventPattern`](crate::events::EventPattern), or a JSON object) on the default bus.
    pub fn new(pattern: impl IntoEventPattern) -> RuleEventSource {
        let (pattern, problems) = pattern.into_event_pattern();
        RuleEventSource {
            pattern,
            problems,
            bus: None,
            common: Common::new(),
        }
    }

    /// Listens on `bus` (default: the account's default bus).
    pub fn event_bus(mut self, bus: &impl EventBusLike) -> Self {
        self.bus = (!bus.is_default_bus()).then(|| bus.event_bus_name());
        self
    }
}

impl StateMachineEventSource for ScheduleEventSource {
    fn bind(&self, machine: &StateMachine) {
        let name = machine.sam_event_name(self.common.id.as_deref(), "Schedule");
        let mut rule = Rule::new(machine, &name)
            .schedule(self.schedule.clone())
            .enabled(self.common.enabled);
        if let Some(d) = &self.description {
            rule = rule.description(d);
        }
        plain_rule(machine, &name, &rule.build(), &self.common);
        let properties = sam_sm::ScheduleEventProperties::builder()
            .maybe_description(self.description.as_deref())
            .maybe_input(self.common.input.as_deref().map(Value::from))
            .schedule(self.schedule.expression_string())
            .state(self.common.state())
            .build();
        machine.sam_cfn().props().events().insert(
            name.as_str(),
            sam_sm::ScheduleEvent::builder()
                .properties(properties)
                .build(),
        );
    }
}

impl StateMachineEventSource for RuleEventSource {
    fn bind(&self, machine: &StateMachine) {
        let name = machine.sam_event_name(self.common.id.as_deref(), "EventBridgeRule");
        for (message, hint) in &self.problems {
            machine.node().add_error(message.clone(), hint.clone());
        }
        let mut rule = Rule::new(machine, &name)
            .event_pattern(self.pattern.clone())
            .enabled(self.common.enabled);
        if let Some(bus) = &self.bus {
            rule = rule.event_bus(&NamedBus(bus.clone()));
        }
        plain_rule(machine, &name, &rule.build(), &self.common);
        let properties = sam_sm::EventBridgeRuleEventProperties::builder()
            .maybe_event_bus_name(self.bus.clone())
            .maybe_input(self.common.input.as_deref().map(Value::from))
            .pattern(self.pattern.clone())
            .state(self.common.state())
            .build();
        let event = sam_sm::EventBridgeRuleEvent::builder()
            .properties(properties)
            .build();
        machine
            .sam_cfn()
            .props()
            .events()
            .insert(name.as_str(), event);
    }
}

/// A custom bus known by its name (what a rule's `EventBusName` takes; the SAM event has
/// the name only).
struct NamedBus(Str);

impl EventBusLike for NamedBus {
    fn event_bus_name(&self) -> Str {
        self.0.clone()
    }

    /// Not used by a rule (which names its bus); the name, for completeness.
    fn event_bus_arn(&self) -> Str {
        self.0.clone()
    }
}

/// The rule's target: what SAM's event starts (the alias, when there is one), through the
/// role SAM generates for the event.
struct SamEventTarget {
    arn: Str,
    role_arn: Str,
    input: Option<String>,
}

impl RuleTarget for SamEventTarget {
    fn bind(&self, _rule: &Rule) -> RuleTargetConfig {
        let config = RuleTargetConfig::new(self.arn.clone()).role_arn(self.role_arn.clone());
        match &self.input {
            Some(i) => config.input(i.as_str()),
            None => config,
        }
    }
}

/// The plain template's rule and role for event `name`: `<Machine><name>` and
/// `<Machine><name>Role` (SAM's logical IDs; plain template only), the role trusting
/// `events.amazonaws.com` and allowed `states:StartExecution` on the machine or its alias.
fn plain_rule(machine: &StateMachine, name: &str, rule: &Rule, common: &Common) {
    let rule_id = format!("{}{name}", machine.resource().logical_id());
    rule.resource()
        .only_in(Flavor::Cfn)
        .override_logical_id(&rule_id);
    let role = event_role(machine, name, "events.amazonaws.com");
    rule.add_target(&SamEventTarget {
        arn: machine.trigger_arn(),
        role_arn: role.attr_arn(),
        input: common.input.clone(),
    });
    machine.node().stack().reserve_logical_id(
        Flavor::Sam,
        &rule_id,
        "SAM generates it for an event of a state machine",
    );
}

/// The role SAM generates for event `name` of `machine`: `<Machine><name>Role` (plain
/// template only, the ID reserved in the SAM template), trusting `principal` and allowed
/// `states:StartExecution` on the machine or its alias, in the inline policy
/// `<role>StartExecutionPolicy`, as aws-sam-translator writes it for every event type.
fn event_role(machine: &StateMachine, name: &str, principal: &str) -> CfnRole {
    let role_id = format!("{}{name}Role", machine.resource().logical_id());
    let trust = PolicyDocument::new().statement(
        PolicyStatement::allow()
            .actions(["sts:AssumeRole"])
            .principal(Principal::service(principal)),
    );
    let start = PolicyDocument::new().statement(
        PolicyStatement::allow()
            .actions(["states:StartExecution"])
            .resources([machine.trigger_arn()]),
    );
    let role = CfnRole::new(
        machine,
        &format!("{name}Role"),
        CfnRoleProps::builder()
            .assume_role_policy_document(trust.to_value())
            .policies([iam_role::Policy::builder()
                .policy_document(start.to_value())
                .policy_name(format!("{role_id}StartExecutionPolicy"))
                .build()])
            .build(),
    );
    role.resource()
        .only_in(Flavor::Cfn)
        .override_logical_id(&role_id);
    machine.node().stack().reserve_logical_id(
        Flavor::Sam,
        &role_id,
        "SAM generates it for an event of a state machine",
    );
    role
}

/// A REST API method that starts a machine, as a SAM-native API renders it
/// ([`StateMachine::add_sam_api_event`]).
pub(crate) struct SamApiEvent<'a> {
    /// The event's name before it is made unique (`<api id><METHOD><path>`, letters and
    /// digits kept).
    pub(crate) name: &'a str,
    /// The SAM API's `Ref`.
    pub(crate) rest_api_id: Str,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    /// An authorizer's name, `AWS_IAM`, or none.
    pub(crate) authorizer: Option<&'a str>,
    pub(crate) api_key_required: bool,
    /// SAM's `UnescapeMappingTemplate`.
    pub(crate) unescape: bool,
}

impl StateMachine {
    /// Adds the SAM `Api` event `event` to the SAM machine (`Method`, `Path`, `RestApiId`,
    /// `Auth`, `UnescapeMappingTemplate`) and, to the plain template, the role SAM generates
    /// for it (`<Machine><Event>Role`, trusting `apigateway.amazonaws.com`, allowed
    /// `states:StartExecution` on the machine or its alias); returns that role's ARN, which
    /// the plain method's integration takes as its credentials. Called by a SAM-native REST
    /// API for a method whose integration is [`Integration::start_execution`](crate::apigateway::Integration::start_execution).
    pub(crate) fn add_sam_api_event(&self, event: SamApiEvent<'_>) -> Str {
        let base: String = event
            .name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let name = self.sam_event_name(Some(&base), "Api");
        let auth = (event.authorizer.is_some() || event.api_key_required).then(|| {
            sam_sm::Auth::builder()
                .maybe_api_key_required(event.api_key_required.then_some(true))
                .maybe_authorizer(event.authorizer)
                .build()
        });
        let properties = sam_sm::ApiEventProperties::builder()
            .maybe_auth(auth)
            .method(event.method)
            .path(event.path)
            .rest_api_id(event.rest_api_id)
            .maybe_unescape_mapping_template(event.unescape.then_some(true))
            .build();
        self.sam_cfn().props().events().insert(
            name.as_str(),
            sam_sm::ApiEvent::builder().properties(properties).build(),
        );
        event_role(self, &name, "apigateway.amazonaws.com").attr_arn()
    }
}
