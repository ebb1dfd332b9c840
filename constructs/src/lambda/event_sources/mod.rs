//! Event sources: what invokes a function. Each source creates the resources that connect
//! it to the function (an event source mapping, a subscription, a rule, a permission) and
//! grants the function's role what it needs to read from the source.
//!
//! ```
//! use std::time::Duration;
//! use cdk_core::{App, Stack};
//! use constructs::events::Schedule;
//! use constructs::lambda::{Code, Function, Runtime};
//! use constructs::lambda::event_sources::{ScheduleEventSource, SnsEventSource, SqsEventSource};
//! use constructs::sns::Topic;
//! use constructs::sqs::Queue;
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Workers");
//! let func = Function::new(&stack, "Worker", Runtime::PYTHON_3_13,
//!     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler")
//!     .timeout(Duration::from_secs(30))
//!     .build();
//! let jobs = Queue::new(&stack, "Jobs").visibility_timeout(Duration::from_secs(180)).build();
//! func.add_event_source(SqsEventSource::new(&jobs).batch_size(5).report_batch_item_failures(true));
//! func.add_event_source(SnsEventSource::new(&Topic::new(&stack, "Alerts").build()));
//! func.add_event_source(ScheduleEventSource::new(Schedule::rate(60)));
//! assert!(stack.template().is_ok());
//! ```
//!
//! Writing a source: implement [`EventSource`]. Create resources under the function
//! (`function` is a scope) or beside the source, grant through the function
//! ([`Function`] is [`Grantable`](crate::iam::Grantable)), make resources that read with
//! the function's permissions wait for them with
//! [`Role::add_dependent`](crate::iam::Role::add_dependent), and call
//! [`Function::register_trigger`] on whatever starts invocations. For event pattern
//! sources, an [`events::Rule`](crate::events::Rule) with the function as its
//! [target](crate::events::Rule::add_target) does the wiring.

mod dynamodb;
mod filter;
mod kinesis;
mod s3;
mod schedule;
mod sns;
mod sqs;
mod stream;

pub use dynamodb::{DynamoEventSource, StartingPosition};
pub use filter::{FilterPattern, MAX_FILTERS};
pub use kinesis::{KinesisEventSource, KinesisStartingPosition};
pub use s3::{S3Delivery, S3EventSource};
pub use schedule::ScheduleEventSource;
pub use sns::SnsEventSource;
pub use sqs::SqsEventSource;
pub use stream::OnFailure;

use super::Function;

/// Something that invokes a Lambda function: binding it to a function creates the
/// resources and grants that connect the two. Use through
/// [`Function::add_event_source`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Lambda event source",
    label = "expected an event source such as SqsEventSource::new(&queue)",
    note = "event sources live in constructs::lambda::event_sources"
)]
pub trait EventSource {
    /// Connects this source to `function`. Problems are recorded on the construct tree
    /// (reported at synth), never panicked.
    fn bind(&self, function: &Function);
}

/// Makes `rule` invoke `function` (its alias when it has one) in the plain template only,
/// as SAM generates a rule for a `Schedule` / `EventBridgeRule` event: the rule, a target,
/// and the permission for `events.amazonaws.com` under the rule
/// (`<rule>/AllowEventRule<function's unique id>`, as AWS CDK names it).
fn bind_rule(rule: &crate::events::Rule, function: &Function) {
    rule.resource().only_in(cdk_core::Flavor::Cfn);
    crate::tags::like_sam_generated(rule.resource());
    rule.add_target(&super::rule_target::SamEventTarget(function));
}

/// A mapping's `FunctionResponseTypes` when the function reports the items it failed.
fn response_types(report_batch_item_failures: bool) -> Option<cdk_core::StrList> {
    report_batch_item_failures.then(|| ["ReportBatchItemFailures"].into())
}

impl<T: EventSource + ?Sized> EventSource for &T {
    fn bind(&self, function: &Function) {
        (**self).bind(function);
    }
}
