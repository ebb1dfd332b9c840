//! Versions and aliases of a state machine (`auto_publish_alias`, `deployment_preference`):
//! SAM's `AutoPublishAlias`/`DeploymentPreference` on the SAM machine, and in the plain
//! template the `AWS::StepFunctions::StateMachineVersion` and `StateMachineAlias` exactly as
//! the SAM translator generates them (`<Machine>Version`, retained; `<Machine>Alias<name>`
//! with the preference and the version's ARN).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use cdk_core::{CfnResource, Construct, DeletionPolicy, Flavor, Scope, Str, Value};
use cfn_l1::sam;
use cfn_l1::sam::state_machine as sam_sm;
use cfn_l1::stepfunctions::state_machine_alias as plain_alias;
use cfn_l1::stepfunctions::{
    CfnStateMachine, CfnStateMachineAlias, CfnStateMachineAliasProps, CfnStateMachineVersion,
    CfnStateMachineVersionProps,
};

use crate::cloudwatch::Alarm;
use crate::names::STATE_MACHINE_ALIAS_NAME;

/// Construct ids of the plain version and alias under the machine.
const VERSION_ID: &str = "Version";
const ALIAS_ID: &str = "Alias";

/// The longest traffic-shifting interval Step Functions accepts, in minutes.
pub const MAX_DEPLOYMENT_INTERVAL_MINUTES: u64 = 2100;
/// At most this many alarms on one deployment.
pub const MAX_DEPLOYMENT_ALARMS: usize = 100;

/// How traffic moves to a new version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shift {
    AllAtOnce,
    Canary,
    Linear,
}

impl Shift {
    fn name(self) -> &'static str {
        match self {
            Shift::AllAtOnce => "ALL_AT_ONCE",
            Shift::Canary => "CANARY",
            Shift::Linear => "LINEAR",
        }
    }
}

/// How a new version of a state machine reaches its alias (the alias's
/// `DeploymentPreference`, SAM's state machine `DeploymentPreference`): all at once, a canary
/// share first and the rest after an interval, or equal steps each interval; CloudWatch
/// alarms roll the deployment back.
///
/// Given to [`StateMachineBuilder::deployment_preference`](super::StateMachineBuilder::deployment_preference),
/// which exists only after [`auto_publish_alias`](super::StateMachineBuilder::auto_publish_alias):
/// a preference without an alias does not compile. Checked at synth: a percentage of 1 to 99,
/// an interval of whole minutes from 1 to [`MAX_DEPLOYMENT_INTERVAL_MINUTES`], at most
/// [`MAX_DEPLOYMENT_ALARMS`] alarms.
///
/// ```
/// use std::time::Duration;
/// use cdk_core::{App, Stack};
/// use constructs::stepfunctions::{DeploymentPreference, Pass, StateMachine};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let machine = StateMachine::new(&stack, "Orders", &Pass::new("Start"))
///     .auto_publish_alias("live")
///     .deployment_preference(DeploymentPreference::canary(10, Duration::from_secs(300)))
///     .build();
/// assert!(machine.alias_arn().is_some());
/// let sam = stack.sam_template().unwrap();
/// let props = &sam["Resources"][machine.resource().logical_id()]["Properties"];
/// assert_eq!(props["AutoPublishAlias"], "live");
/// assert_eq!(props["DeploymentPreference"]["Type"], "CANARY");
/// assert_eq!(props["DeploymentPreference"]["Interval"], 5);
/// ```
#[derive(Clone, Debug)]
pub struct DeploymentPreference {
    shift: Shift,
    percentage: u32,
    interval: Duration,
    alarms: Vec<Alarm>,
}

impl DeploymentPreference {
    /// `ALL_AT_ONCE`: all traffic at once (alarms still roll it back).
    pub fn all_at_once() -> DeploymentPreference {
        DeploymentPreference {
            shift: Shift::AllAtOnce,
            percentage: 0,
            interval: Duration::ZERO,
            alarms: Vec::new(),
        }
    }

    /// `CANARY`: `percentage` % first, the rest after `interval` (whole minutes).
    pub fn canary(percentage: u32, interval: Duration) -> DeploymentPreference {
        DeploymentPreference {
            shift: Shift::Canary,
            percentage,
            interval,
            alarms: Vec::new(),
        }
    }

    /// `LINEAR`: `percentage` % more every `interval` (whole minutes).
    pub fn linear(percentage: u32, interval: Duration) -> DeploymentPreference {
        DeploymentPreference {
            shift: Shift::Linear,
            percentage,
            interval,
            alarms: Vec::new(),
        }
    }

    /// Rolls the deployment back when `alarm` fires (default: no alarms). An alarm on the
    /// machine's own metrics is made after the machine: add it with
    /// [`StateMachine::add_deployment_alarm`](super::StateMachine::add_deployment_alarm).
    pub fn alarm(mut self, alarm: &Alarm) -> Self {
        self.alarms.push(alarm.clone());
        self
    }

    fn minutes(&self) -> u64 {
        self.interval.as_secs() / 60
    }

    fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.shift != Shift::AllAtOnce {
            if !(1..=99).contains(&self.percentage) {
                out.push(format!(
                    "a {} deployment shifts 1 to 99 percent at a time, not {}",
                    self.shift.name(),
                    self.percentage
                ));
            }
            let whole =
                self.interval.as_secs().is_multiple_of(60) && self.interval.subsec_nanos() == 0;
            if !whole || !(1..=MAX_DEPLOYMENT_INTERVAL_MINUTES).contains(&self.minutes()) {
                out.push(format!(
                    "a {} deployment's interval is whole minutes from 1 to {MAX_DEPLOYMENT_INTERVAL_MINUTES}, not {:?}",
                    self.shift.name(),
                    self.interval
                ));
            }
        }
        if self.alarms.len() > MAX_DEPLOYMENT_ALARMS {
            out.push(format!(
                "a deployment watches at most {MAX_DEPLOYMENT_ALARMS} alarms, this one {}",
                self.alarms.len()
            ));
        }
        out
    }
}

/// A machine's published alias: the plain version and alias, the SAM machine, and the
/// preference, re-rendered when an alarm is added.
#[derive(Clone)]
pub(super) struct Published {
    pub(super) name: String,
    pub(super) arn: Str,
    pub(super) version: CfnStateMachineVersion,
    pub(super) alias: CfnStateMachineAlias,
    sam: sam::CfnStateMachine,
    preference: Rc<RefCell<Option<DeploymentPreference>>>,
}

impl Published {
    /// Publishes alias `name` of the machine at `scope` (its resources `plain` and `sam`):
    /// SAM's properties, and the plain template's version and alias under SAM's logical IDs
    /// (reserved in the SAM template).
    pub(super) fn create(
        scope: &Scope,
        plain: &CfnStateMachine,
        sam: &sam::CfnStateMachine,
        name: &str,
        preference: Option<DeploymentPreference>,
    ) -> Published {
        let node = scope.node();
        STATE_MACHINE_ALIAS_NAME.check(node, name);
        if let Some(p) = &preference {
            for problem in p.problems() {
                node.add_error(
                    problem,
                    "use DeploymentPreference::all_at_once(), ::canary(percent, interval) or ::linear(percent, interval) with 1-99 % and whole minutes",
                );
            }
        }
        let machine_id = plain.resource().logical_id();
        let version = CfnStateMachineVersion::new(
            scope,
            VERSION_ID,
            CfnStateMachineVersionProps::builder()
                .state_machine_arn(plain.ref_())
                .state_machine_revision_id(plain.attr_state_machine_revision_id())
                .build(),
        );
        // SAM keeps every version (both policies), so a gradual deployment can shift back.
        let version_id = format!("{machine_id}Version");
        version
            .resource()
            .only_in(Flavor::Cfn)
            .override_logical_id(&version_id)
            .set_deletion_policy(DeletionPolicy::Retain)
            .set_update_replace_policy(DeletionPolicy::Retain);
        // An invalid name is reported once (as the name), not again as the logical ID.
        let suffix: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
        let alias_id = format!("{machine_id}Alias{suffix}");
        let alias = CfnStateMachineAlias::new(
            scope,
            ALIAS_ID,
            CfnStateMachineAliasProps::builder().name(name).build(),
        );
        alias
            .resource()
            .only_in(Flavor::Cfn)
            .override_logical_id(&alias_id);
        let stack = node.stack();
        stack.reserve_logical_id(
            Flavor::Sam,
            &version_id,
            "SAM's version of a state machine with AutoPublishAlias",
        );
        stack.reserve_logical_id(
            Flavor::Sam,
            &alias_id,
            "SAM's alias of a state machine with AutoPublishAlias",
        );
        sam.props().auto_publish_alias().set(Value::from(name));
        // Events and rules start the alias, never the unversioned machine.
        sam.props().use_alias_as_event_target().set(true);
        let published = Published {
            name: name.to_string(),
            arn: Flavor::either(
                alias.ref_(),
                sam.resource().transform_ref(&format!("{ALIAS_ID}{suffix}")),
            ),
            version,
            alias,
            sam: sam.clone(),
            preference: Rc::new(RefCell::new(preference)),
        };
        published.render();
        published
    }

    /// Rolls deployments back when `alarm` fires too (a preference of `ALL_AT_ONCE` is
    /// made when there was none, as SAM's default).
    pub(super) fn add_alarm(&self, alarm: &Alarm) {
        self.preference
            .borrow_mut()
            .get_or_insert_with(DeploymentPreference::all_at_once)
            .alarms
            .push(alarm.clone());
        self.render();
    }

    /// The preference into both templates: the alias's `DeploymentPreference` (SAM's
    /// default, `ALL_AT_ONCE`, when none was given) and SAM's property (only when given).
    fn render(&self) {
        let preference = self.preference.borrow();
        let p = preference
            .clone()
            .unwrap_or_else(DeploymentPreference::all_at_once);
        let gradual = p.shift != Shift::AllAtOnce;
        let names: Vec<Str> = p.alarms.iter().map(Alarm::alarm_name).collect();
        self.alias.props().deployment_preference().set(
            plain_alias::DeploymentPreference::builder()
                .state_machine_version_arn(self.version.ref_())
                .r#type(p.shift.name())
                .maybe_percentage(gradual.then_some(p.percentage))
                .maybe_interval(gradual.then_some(p.minutes()))
                .maybe_alarms((!names.is_empty()).then_some(names))
                .build(),
        );
        let Some(p) = preference.as_ref() else { return };
        // The translator copies SAM's DeploymentPreference onto the alias (adding the version);
        // the alarms' references must not be dependency edges of the SAM machine (the alarm
        // watches the machine: a cycle before translation, none after).
        let alarms: Vec<Str> = p
            .alarms
            .iter()
            .map(|a| a.resource().transform_ref(""))
            .collect();
        self.sam.props().deployment_preference().set(
            sam_sm::DeploymentPreference::builder()
                .r#type(p.shift.name())
                .maybe_percentage(gradual.then_some(p.percentage))
                .maybe_interval(gradual.then_some(p.minutes()))
                .maybe_alarms((!alarms.is_empty()).then_some(alarms))
                .build(),
        );
    }

    /// The plain template's alias resource.
    pub(super) fn alias_resource(&self) -> &CfnResource {
        self.alias.resource()
    }
}
