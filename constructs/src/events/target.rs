//! What a rule invokes: the [`RuleTarget`] trait and the [`RuleTargetConfig`] a target gives
//! the rule.

use cdk_core::{Construct, Node, Str};
use cfn_l1::events::rule::{self as l1, Target};

use super::Rule;

/// Something an EventBridge rule can invoke, as AWS CDK's `IRuleTarget`
/// (`aws-events-targets`): the target knows how to bind itself to a rule.
/// [`bind`](RuleTarget::bind) adds what the target needs to be invoked by the rule (a
/// resource policy statement such as an `AWS::Lambda::Permission`, or a role EventBridge
/// assumes) and returns the target's properties.
///
/// The module that owns a target type implements the trait (`lambda` does for its functions
/// and aliases, `sqs` for queues, `sns` for topics), so `events` depends on no service.
/// Anything else is a target by ARN with [`RuleTargetConfig::new`], whose permissions the
/// caller arranges.
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
    note = "rule targets are Lambda functions and aliases (for a function with an alias, pass `&f.alias()` or `f.function()`), state machines, SQS queues, SNS topics, or any ARN as `RuleTargetConfig::new(arn)`"
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
    input_transformer: Option<InputTransformer>,
    retry_policy: Option<RetryPolicy>,
    dead_letter_queue: Option<Str>,
}

impl RuleTargetConfig {
    /// A target that invokes `arn`, with the matched event as its input.
    pub fn new(arn: impl Into<Str>) -> RuleTargetConfig {
        RuleTargetConfig {
            arn: arn.into(),
            role_arn: None,
            input: None,
            input_transformer: None,
            retry_policy: None,
            dead_letter_queue: None,
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

    /// Passes the target a text built from the matched event (default: the event); see
    /// [`InputTransformer`]. Not together with [`input`](Self::input) (an error at synth).
    pub fn input_transformer(mut self, transformer: InputTransformer) -> Self {
        self.input_transformer = Some(transformer);
        self
    }

    /// How long and how often EventBridge retries a failed delivery (default: EventBridge's,
    /// 24 hours and 185 attempts); see [`RetryPolicy`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// The ARN of the SQS queue that keeps events EventBridge could not deliver (default:
    /// none, they are dropped). The queue's policy must let `events.amazonaws.com` send to
    /// it; [`TargetOptions::dead_letter_queue`] adds that statement.
    pub fn dead_letter_queue_arn(mut self, arn: impl Into<Str>) -> Self {
        self.dead_letter_queue = Some(arn.into());
        self
    }

    /// The ARN the rule invokes.
    pub fn arn(&self) -> &Str {
        &self.arn
    }

    /// Every problem of the settings, as (message, hint), for target `id`.
    pub(super) fn problems(&self, id: &str) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if self.input.is_some() && self.input_transformer.is_some() {
            problems.push((
                format!("target `{id}` has both an input and an input transformer"),
                "give the target a fixed input or an input transformer, not both".to_string(),
            ));
        }
        if let Some(t) = &self.input_transformer {
            problems.extend(t.problems(id));
        }
        if let Some(p) = &self.retry_policy {
            problems.extend(p.problems(id));
        }
        problems
    }

    /// The entry of the rule's `Targets` with id `id`.
    pub(super) fn to_target(&self, id: &str) -> Target {
        Target::builder()
            .arn(self.arn.clone())
            .maybe_dead_letter_config(
                self.dead_letter_queue
                    .clone()
                    .map(|arn| l1::DeadLetterConfig::builder().arn(arn).build()),
            )
            .id(id)
            .maybe_input(self.input.clone())
            .maybe_input_transformer(self.input_transformer.as_ref().map(InputTransformer::to_l1))
            .maybe_retry_policy(self.retry_policy.map(RetryPolicy::to_l1))
            .maybe_role_arn(self.role_arn.clone())
            .build()
    }
}

impl RuleTarget for RuleTargetConfig {
    fn bind(&self, _rule: &Rule) -> RuleTargetConfig {
        self.clone()
    }
}

/// The text a target receives instead of the matched event, built from it: named values
/// taken from the event by JSON path ([`path`](Self::path)) and a template that names them
/// as `<name>` (EventBridge's `InputTransformer`).
///
/// ```
/// use constructs::events::InputTransformer;
///
/// let t = InputTransformer::new(r#"{"order": <id>, "status": "<status>"}"#)
///     .path("id", "$.detail.id")
///     .path("status", "$.detail.status");
/// # let _ = t;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct InputTransformer {
    template: Str,
    paths: Vec<(String, Str)>,
}

/// EventBridge's limit on an input transformer's paths.
const MAX_INPUT_PATHS: usize = 100;

impl InputTransformer {
    /// A transformer writing `template` (at most 8192 characters), in which `<name>` is
    /// replaced by the value of path `name`.
    pub fn new(template: impl Into<Str>) -> InputTransformer {
        InputTransformer {
            template: template.into(),
            paths: Vec::new(),
        }
    }

    /// Names the value at `json_path` in the event (`$.detail.id`) `name`; at most 100
    /// paths, names of letters, digits, `_` and `-`, not starting with `aws.` (reserved
    /// by EventBridge).
    pub fn path(mut self, name: &str, json_path: impl Into<Str>) -> Self {
        self.paths.push((name.to_string(), json_path.into()));
        self
    }

    fn problems(&self, id: &str) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if self.paths.len() > MAX_INPUT_PATHS {
            problems.push((
                format!(
                    "target `{id}`'s input transformer has {} paths, more than {MAX_INPUT_PATHS}",
                    self.paths.len()
                ),
                "EventBridge allows 100 input paths; pass a larger part of the event (`$.detail`)"
                    .to_string(),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (name, path) in &self.paths {
            let valid = !name.is_empty()
                && !name.starts_with("aws.")
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid {
                problems.push((
                    format!("target `{id}`'s input transformer path name `{name}` is not valid"),
                    "name paths with letters, digits, `_` and `-`, not starting with `aws.`"
                        .to_string(),
                ));
            }
            if !seen.insert(name.as_str()) {
                problems.push((
                    format!("target `{id}`'s input transformer names `{name}` twice"),
                    "give each path its own name".to_string(),
                ));
            }
            if let Some(text) = crate::util::literal(path) {
                if !text.starts_with('$') {
                    problems.push((
                        format!(
                            "target `{id}`'s input transformer path `{text}` is not a JSON path"
                        ),
                        "a path starts with `$`, such as `$.detail.id`".to_string(),
                    ));
                }
            }
        }
        if let Some(text) = crate::util::literal(&self.template) {
            if text.chars().count() > 8192 {
                problems.push((
                    format!(
                        "target `{id}`'s input template is {} characters, more than 8192",
                        text.chars().count()
                    ),
                    "shorten the input template".to_string(),
                ));
            }
        }
        problems
    }

    fn to_l1(&self) -> l1::InputTransformer {
        l1::InputTransformer::builder()
            .maybe_input_paths_map(
                (!self.paths.is_empty())
                    .then(|| self.paths.iter().map(|(k, v)| (k.clone(), v.clone()))),
            )
            .input_template(self.template.clone())
            .build()
    }
}

/// How EventBridge retries a target it could not deliver to (default: for 24 hours, up to
/// 185 times).
///
/// ```
/// use constructs::events::RetryPolicy;
///
/// let p = RetryPolicy::new().maximum_event_age_seconds(3600).maximum_retry_attempts(3);
/// # let _ = p;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RetryPolicy {
    maximum_event_age_seconds: Option<u32>,
    maximum_retry_attempts: Option<u32>,
}

impl RetryPolicy {
    /// EventBridge's defaults, each setting unset.
    pub fn new() -> RetryPolicy {
        RetryPolicy::default()
    }

    /// Gives up on an event this many seconds old: 60–86400 (default: 86400).
    pub fn maximum_event_age_seconds(mut self, seconds: u32) -> Self {
        self.maximum_event_age_seconds = Some(seconds);
        self
    }

    /// Gives up after this many retries: 0–185 (default: 185).
    pub fn maximum_retry_attempts(mut self, attempts: u32) -> Self {
        self.maximum_retry_attempts = Some(attempts);
        self
    }

    fn problems(&self, id: &str) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        if let Some(age) = self.maximum_event_age_seconds {
            if !(60..=86_400).contains(&age) {
                problems.push((
                    format!("target `{id}`'s maximum event age is {age} s, not within 60–86400 s"),
                    "give a maximum event age from 60 seconds to 24 hours".to_string(),
                ));
            }
        }
        if let Some(attempts) = self.maximum_retry_attempts {
            if attempts > 185 {
                problems.push((
                    format!("target `{id}` retries {attempts} times, more than 185"),
                    "give 0–185 retry attempts".to_string(),
                ));
            }
        }
        problems
    }

    fn to_l1(self) -> l1::RetryPolicy {
        l1::RetryPolicy::builder()
            .maybe_maximum_event_age_in_seconds(self.maximum_event_age_seconds.map(f64::from))
            .maybe_maximum_retry_attempts(self.maximum_retry_attempts.map(f64::from))
            .build()
    }
}

/// An SQS queue that keeps the events a rule could not deliver to a target
/// ([`TargetOptions::dead_letter_queue`]). `sqs::Queue` implements it (this module knows no
/// SQS construct).
pub trait RuleDeadLetterQueue: Construct {
    /// The queue's ARN.
    fn dead_letter_queue_arn(&self) -> Str;
    /// Whether the queue is FIFO (EventBridge dead-letter queues must be standard).
    fn dead_letter_queue_is_fifo(&self) -> bool;
    /// Lets `rule` send to the queue (a statement of its resource policy).
    fn allow_rule_to_send(&self, rule: &Rule);
}

/// A target with per-target settings: an input transformer, a retry policy, a dead-letter
/// queue. Wraps any [`RuleTarget`], which binds first; the settings are checked at synth,
/// on the rule's path.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::events::{InputTransformer, RetryPolicy, Rule, Schedule, TargetOptions};
/// use constructs::sqs::Queue;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "S");
/// let rule = Rule::new(&stack, "Hourly").schedule(Schedule::rate(60)).build();
/// let jobs = Queue::new(&stack, "Jobs").build();
/// let failed = Queue::new(&stack, "Failed").build();
/// rule.add_target(
///     &TargetOptions::new(&jobs)
///         .input_transformer(InputTransformer::new("{\"at\": <time>}").path("time", "$.time"))
///         .retry_policy(RetryPolicy::new().maximum_retry_attempts(3))
///         .dead_letter_queue(&failed),
/// );
/// # assert!(app.assemble().is_ok());
/// ```
pub struct TargetOptions<'a, T: RuleTarget + ?Sized> {
    target: &'a T,
    input_transformer: Option<InputTransformer>,
    retry_policy: Option<RetryPolicy>,
    dead_letter_queue: Option<&'a dyn RuleDeadLetterQueue>,
}

impl<'a, T: RuleTarget + ?Sized> TargetOptions<'a, T> {
    /// `target` with EventBridge's defaults (the matched event as input, 24 hours and 185
    /// retries, no dead-letter queue).
    pub fn new(target: &'a T) -> Self {
        TargetOptions {
            target,
            input_transformer: None,
            retry_policy: None,
            dead_letter_queue: None,
        }
    }

    /// See [`RuleTargetConfig::input_transformer`].
    pub fn input_transformer(mut self, transformer: InputTransformer) -> Self {
        self.input_transformer = Some(transformer);
        self
    }

    /// See [`RuleTargetConfig::retry_policy`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Keeps undeliverable events in `queue` (a standard queue), whose policy gets the
    /// statement allowing `events.amazonaws.com` `sqs:SendMessage` from this rule
    /// (`aws:SourceArn`).
    pub fn dead_letter_queue(mut self, queue: &'a dyn RuleDeadLetterQueue) -> Self {
        self.dead_letter_queue = Some(queue);
        self
    }
}

impl<T: RuleTarget + ?Sized> RuleTarget for TargetOptions<'_, T> {
    fn bind(&self, rule: &Rule) -> RuleTargetConfig {
        let mut config = self.target.bind(rule);
        if let Some(t) = &self.input_transformer {
            config = config.input_transformer(t.clone());
        }
        if let Some(p) = self.retry_policy {
            config = config.retry_policy(p);
        }
        if let Some(queue) = self.dead_letter_queue {
            if queue.dead_letter_queue_is_fifo() {
                rule.node().add_error(
                    format!(
                        "the dead-letter queue `{}` is a FIFO queue",
                        queue.node().path()
                    ),
                    "EventBridge dead-letter queues must be standard SQS queues",
                );
            }
            queue.allow_rule_to_send(rule);
            config = config.dead_letter_queue_arn(queue.dead_letter_queue_arn());
        }
        config
    }
}

/// The node a diagnostic about a target goes to: the rule's.
pub(super) fn report(node: &Node, problems: Vec<(String, String)>) {
    for (message, hint) in problems {
        node.add_error(message, hint);
    }
}
