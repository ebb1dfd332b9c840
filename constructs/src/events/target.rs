//! What a rule invokes: the [`RuleTarget`] trait and the [`RuleTargetConfig`] a target gives
//! the rule.

use cdk_core::Str;
use cfn_l1::events::rule::Target;

use super::Rule;

/// Something an EventBridge rule can invoke, as AWS CDK's `IRuleTarget`
/// (`aws-events-targets`): the target knows how to bind itself to a rule.
/// [`bind`](RuleTarget::bind) adds what the target needs to be invoked by the rule (a
/// resource policy statement such as an `AWS::Lambda::Permission`, or a role EventBridge
/// assumes) and returns the target's properties.
///
/// The module that owns a target type implements the trait (`lambda` does for its functions
/// and aliases), so `events` depends on no service. Anything else is a target by ARN with
/// [`RuleTargetConfig::new`], whose permissions the caller arranges.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::events::{Rule, RuleTarget, RuleTargetConfig, Schedule};
///
/// /// A queue of another account, invoked through a role the caller created there.
/// struct RemoteQueue {
///     arn: String,
///     role_arn: String,
/// }
///
/// impl RuleTarget for RemoteQueue {
///     fn bind(&self, _rule: &Rule) -> RuleTargetConfig {
///         RuleTargetConfig::new(self.arn.as_str()).role_arn(self.role_arn.as_str())
///     }
/// }
///
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let rule = Rule::new(&stack, "Hourly").schedule(Schedule::rate(60)).build();
/// let queue = RemoteQueue {
///     arn: "arn:aws:sqs:eu-west-1:111111111111:jobs".into(),
///     role_arn: "arn:aws:iam::111111111111:role/events-to-jobs".into(),
/// };
/// assert_eq!(rule.add_target(&queue), "Target0");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an EventBridge rule target",
    label = "a rule cannot invoke this",
    note = "rule targets are Lambda functions and aliases (for a function with an alias, pass `&f.alias()` or `f.function()`), state machines, or any ARN as `RuleTargetConfig::new(arn)`"
)]
pub trait RuleTarget {
    /// Prepares this target to be invoked by `rule` and returns its properties. Called once
    /// per [`Rule::add_target`]; problems are recorded on the construct tree (reported at
    /// synth), never panicked.
    fn bind(&self, rule: &Rule) -> RuleTargetConfig;
}

impl<T: RuleTarget + ?Sized> RuleTarget for &T {
    fn bind(&self, rule: &Rule) -> RuleTargetConfig {
        (**self).bind(rule)
    }
}

/// One entry of a rule's `Targets`, as a [`RuleTarget`] returns it: the ARN to invoke and
/// optional settings. The rule adds the entry's `Id` itself (`Target0`, `Target1`, …).
///
/// It is also a target of its own, by ARN: binding it adds nothing, so the caller makes sure
/// EventBridge may invoke the ARN (a resource policy, or [`role_arn`](Self::role_arn)).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleTargetConfig {
    arn: Str,
    role_arn: Option<Str>,
    input: Option<Str>,
}

impl RuleTargetConfig {
    /// A target that invokes `arn`, with the matched event as its input.
    pub fn new(arn: impl Into<Str>) -> RuleTargetConfig {
        RuleTargetConfig {
            arn: arn.into(),
            role_arn: None,
            input: None,
        }
    }

    /// The role EventBridge assumes to invoke the target (default: none; Lambda functions
    /// are invoked through their resource policy instead).
    pub fn role_arn(mut self, role_arn: impl Into<Str>) -> Self {
        self.role_arn = Some(role_arn.into());
        self
    }

    /// JSON text passed to the target instead of the matched event (default: the event).
    pub fn input(mut self, json: impl Into<Str>) -> Self {
        self.input = Some(json.into());
        self
    }

    /// The ARN the rule invokes.
    pub fn arn(&self) -> &Str {
        &self.arn
    }

    /// The entry of the rule's `Targets` with id `id`.
    pub(super) fn to_target(&self, id: &str) -> Target {
        Target::builder()
            .arn(self.arn.clone())
            .id(id)
            .maybe_role_arn(self.role_arn.clone())
            .maybe_input(self.input.clone())
            .build()
    }
}

impl RuleTarget for RuleTargetConfig {
    fn bind(&self, _rule: &Rule) -> RuleTargetConfig {
        self.clone()
    }
}
