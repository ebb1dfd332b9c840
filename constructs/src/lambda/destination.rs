//! Asynchronous invocation: where Lambda sends the record of an event it processed
//! ([`Destination`]), how old an event may get and how often a failed one is retried
//! (SAM's `EventInvokeConfig`, the plain template's `AWS::Lambda::EventInvokeConfig`).

use std::time::Duration;

use cdk_core::{Node, Str};

use super::Function;
use crate::events::EventBusLike;
use crate::iam::Grant;
use crate::sns::Topic;
use crate::sqs::Queue;
use crate::util::checked_seconds;

/// Lambda's limits on `MaximumEventAgeInSeconds`, in seconds (one minute to six hours).
pub const EVENT_AGE_SECS: std::ops::RangeInclusive<u32> = 60..=21600;
/// Lambda's limit on `MaximumRetryAttempts` of an asynchronous invocation.
pub const MAX_ASYNC_RETRY_ATTEMPTS: u32 = 2;

/// Where Lambda sends the record of an asynchronous invocation (the request, the response or
/// error, and its context): [`FunctionBuilder::on_success`](super::FunctionBuilder::on_success)
/// and [`on_failure`](super::FunctionBuilder::on_failure), AWS CDK's `aws-lambda-destinations`.
///
/// The function's role is granted what Lambda needs to deliver there, as AWS CDK grants it:
/// `grant_send_messages` on a queue, `grant_publish` on a topic (with their customer managed
/// KMS keys), `events:PutEvents` on a bus, `grant_invoke` on a function. Lambda delivers to
/// standard queues and topics only, so a FIFO one is a synth error.
///
/// ```
/// use std::time::Duration;
/// use cdk_core::{App, Stack};
/// use constructs::lambda::{Code, Destination, Function, Runtime};
/// use constructs::sqs::Queue;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Jobs");
/// let failed = Queue::new(&stack, "Failed").build();
/// let worker = Function::new(&stack, "Worker", Runtime::PYTHON_3_13,
///         Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler")
///     .on_failure(Destination::queue(&failed))
///     .max_event_age(Duration::from_secs(3600))
///     .retry_attempts(1)
///     .build();
/// let sam = stack.sam_template().unwrap();
/// let config = &sam["Resources"][worker.resource().logical_id()]["Properties"]["EventInvokeConfig"];
/// assert_eq!(config["DestinationConfig"]["OnFailure"]["Type"], "SQS");
/// assert_eq!(config["MaximumRetryAttempts"], 1);
/// ```
#[derive(Clone, Debug)]
pub struct Destination(Kind);

#[derive(Clone, Debug)]
enum Kind {
    Queue(Queue),
    Topic(Topic),
    EventBus(Str),
    Function(Box<Function>),
}

/// A destination's type, as SAM's `EventInvokeConfig` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DestinationType {
    Sqs,
    Sns,
    EventBridge,
    Lambda,
}

impl Destination {
    /// A standard SQS queue.
    pub fn queue(queue: &Queue) -> Destination {
        Destination(Kind::Queue(queue.clone()))
    }

    /// A standard SNS topic.
    pub fn topic(topic: &Topic) -> Destination {
        Destination(Kind::Topic(topic.clone()))
    }

    /// An EventBridge event bus (a custom one, an imported one, or the account's default bus).
    pub fn event_bus(bus: &impl EventBusLike) -> Destination {
        Destination(Kind::EventBus(bus.event_bus_arn()))
    }

    /// Another function, invoked asynchronously with the record (its alias, when it publishes
    /// one).
    pub fn function(function: &Function) -> Destination {
        Destination(Kind::Function(Box::new(function.clone())))
    }

    /// The ARN Lambda delivers to.
    pub(super) fn arn(&self) -> Str {
        match &self.0 {
            Kind::Queue(q) => q.arn(),
            Kind::Topic(t) => t.topic_arn(),
            Kind::EventBus(arn) => arn.clone(),
            Kind::Function(f) => f.trigger_arn(),
        }
    }

    pub(super) fn destination_type(&self) -> DestinationType {
        match &self.0 {
            Kind::Queue(_) => DestinationType::Sqs,
            Kind::Topic(_) => DestinationType::Sns,
            Kind::EventBus(_) => DestinationType::EventBridge,
            Kind::Function(_) => DestinationType::Lambda,
        }
    }

    /// Records on `node` a destination Lambda cannot deliver to (`what`: "on-success", …).
    fn check(&self, node: &Node, what: &str) {
        let fifo = match &self.0 {
            Kind::Queue(q) => q.is_fifo().then_some("queue"),
            Kind::Topic(t) => t.is_fifo().then_some("topic"),
            Kind::EventBus(_) | Kind::Function(_) => None,
        };
        if let Some(kind) = fifo {
            node.add_error(
                format!("the {what} destination is a FIFO {kind}"),
                format!("Lambda delivers invocation records to standard queues and topics only; use a standard {kind}"),
            );
        }
    }

    /// Grants `function` what delivering to this destination takes.
    pub(super) fn grant(&self, function: &Function) -> Grant {
        match &self.0 {
            Kind::Queue(q) => q.grant_send_messages(function),
            Kind::Topic(t) => t.grant_publish(function),
            Kind::EventBus(arn) => {
                Grant::add_to_principal(function, &["events:PutEvents"], [arn.clone()])
            }
            Kind::Function(f) => f.grant_invoke(function),
        }
    }
}

/// The asynchronous-invocation settings a builder collects.
#[derive(Clone, Debug, Default)]
pub(super) struct AsyncInvokeSettings {
    pub(super) on_success: Option<Destination>,
    pub(super) on_failure: Option<Destination>,
    pub(super) max_event_age: Option<Duration>,
    pub(super) retry_attempts: Option<u32>,
}

/// [`AsyncInvokeSettings`] checked, as both templates take them.
#[derive(Debug)]
pub(super) struct AsyncInvoke {
    pub(super) on_success: Option<(DestinationType, Str)>,
    pub(super) on_failure: Option<(DestinationType, Str)>,
    pub(super) max_event_age_secs: Option<u32>,
    pub(super) retry_attempts: Option<u32>,
}

impl AsyncInvokeSettings {
    /// Whether anything was set (else there is no `EventInvokeConfig`).
    fn is_set(&self) -> bool {
        self.on_success.is_some()
            || self.on_failure.is_some()
            || self.max_event_age.is_some()
            || self.retry_attempts.is_some()
    }

    /// Checks the settings on `node`, one diagnostic per broken limit; `None` when nothing
    /// was set.
    pub(super) fn check(&self, node: &Node) -> Option<AsyncInvoke> {
        if !self.is_set() {
            return None;
        }
        for (d, what) in [
            (&self.on_success, "on-success"),
            (&self.on_failure, "on-failure"),
        ] {
            if let Some(d) = d {
                d.check(node, what);
            }
        }
        let max_event_age_secs = self.max_event_age.and_then(|age| {
            checked_seconds(
                node,
                "the maximum event age",
                age,
                *EVENT_AGE_SECS.start(),
                *EVENT_AGE_SECS.end(),
            )
        });
        if let Some(n) = self.retry_attempts {
            if n > MAX_ASYNC_RETRY_ATTEMPTS {
                node.add_error(
                    format!("{n} retry attempts for asynchronous invocations; Lambda allows 0 to {MAX_ASYNC_RETRY_ATTEMPTS}"),
                    "use 0, 1 or 2 (Lambda's default is 2)",
                );
            }
        }
        let pair = |d: &Option<Destination>| d.as_ref().map(|d| (d.destination_type(), d.arn()));
        Some(AsyncInvoke {
            on_success: pair(&self.on_success),
            on_failure: pair(&self.on_failure),
            max_event_age_secs,
            retry_attempts: self
                .retry_attempts
                .filter(|n| *n <= MAX_ASYNC_RETRY_ATTEMPTS),
        })
    }

    /// Grants `function` what delivering to its destinations takes.
    pub(super) fn grant(&self, function: &Function) {
        for d in [&self.on_success, &self.on_failure].into_iter().flatten() {
            d.grant(function);
        }
    }
}
