//! What a schedule invokes: the [`ScheduleTarget`] trait and its [`ScheduleTargetConfig`];
//! where undeliverable invocations go: [`ScheduleDeadLetterQueue`].

use cdk_core::{CfnResource, Node, Str};

use crate::iam::Role;

/// Something an EventBridge Scheduler schedule can invoke. Scheduler always invokes through
/// the schedule's role, so [`bind`](ScheduleTarget::bind) grants `role` what invoking the
/// target takes (`lambda:InvokeFunction` on a function, `sqs:SendMessage` on a queue,
/// `states:StartExecution` on a state machine, nothing more) and returns the target's ARN.
///
/// The module that owns a target type implements the trait, so `scheduler` depends on no
/// service, as [`events::RuleTarget`](crate::events::RuleTarget).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an EventBridge Scheduler target",
    label = "a schedule cannot invoke this",
    note = "schedule targets are Lambda functions and aliases, SQS queues, state machines, or any ARN as `ScheduleTargetConfig::new(arn)`"
)]
pub trait ScheduleTarget {
    /// Grants `role` what invoking this target takes and returns the target's settings;
    /// problems are recorded on `schedule` (the schedule's node), never panicked.
    fn bind(&self, schedule: &Node, role: &Role) -> ScheduleTargetConfig;

    /// Called with the schedule's resource once it exists (default: nothing), e.g. for a
    /// function to make it wait for its log group.
    fn bound(&self, _schedule: &CfnResource) {}
}

impl<T: ScheduleTarget + ?Sized> ScheduleTarget for &T {
    fn bind(&self, schedule: &Node, role: &Role) -> ScheduleTargetConfig {
        (**self).bind(schedule, role)
    }

    fn bound(&self, schedule: &CfnResource) {
        (**self).bound(schedule);
    }
}

/// A schedule's target as a [`ScheduleTarget`] returns it: the ARN to invoke and, for a
/// FIFO queue, the message group. Also a target of its own, by ARN: binding it grants
/// nothing, so the caller adds what the role needs
/// ([`Schedule::role`](super::Schedule::role)).
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleTargetConfig {
    pub(super) arn: Str,
    pub(super) message_group_id: Option<Str>,
}

impl ScheduleTargetConfig {
    /// A target that invokes `arn`.
    pub fn new(arn: impl Into<Str>) -> ScheduleTargetConfig {
        ScheduleTargetConfig {
            arn: arn.into(),
            message_group_id: None,
        }
    }

    /// The message group of the messages sent to a FIFO queue (`SqsParameters`).
    pub fn message_group_id(mut self, id: impl Into<Str>) -> Self {
        self.message_group_id = Some(id.into());
        self
    }

    /// The ARN the schedule invokes.
    pub fn arn(&self) -> &Str {
        &self.arn
    }
}

impl ScheduleTarget for ScheduleTargetConfig {
    fn bind(&self, _schedule: &Node, _role: &Role) -> ScheduleTargetConfig {
        self.clone()
    }
}

/// An SQS queue that keeps the invocations Scheduler could not deliver. Scheduler sends there
/// with the schedule's role, so [`bind`](ScheduleDeadLetterQueue::bind_dead_letter_queue)
/// grants `role` the send and returns the queue's ARN. `sqs::Queue` implements it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a schedule's dead-letter queue",
    note = "a schedule's dead-letter queue is an sqs::Queue"
)]
pub trait ScheduleDeadLetterQueue {
    /// Grants `role` sending to this queue and returns its ARN; problems go on `schedule`.
    fn bind_dead_letter_queue(&self, schedule: &Node, role: &Role) -> Str;
}

impl<T: ScheduleDeadLetterQueue + ?Sized> ScheduleDeadLetterQueue for &T {
    fn bind_dead_letter_queue(&self, schedule: &Node, role: &Role) -> Str {
        (**self).bind_dead_letter_queue(schedule, role)
    }
}
