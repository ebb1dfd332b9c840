//! What the stream sources ([`DynamoEventSource`](super::DynamoEventSource),
//! [`KinesisEventSource`](super::KinesisEventSource)) share: their options, checked once and
//! rendered into the plain mapping and the SAM event alike.

use std::time::Duration;

use cdk_core::{Node, Str, StrList};

use super::filter::{checked_patterns, FilterPattern};
use super::response_types;
use crate::lambda::Function;
use crate::sns::Topic;
use crate::sqs::Queue;
use crate::util::checked_seconds;

/// Where a stream source sends the records of a batch it gave up on (after its retries or
/// its maximum record age): the mapping's `DestinationConfig.OnFailure`. Lambda sends a
/// record of the failure (shard, sequence numbers, the error), not the records themselves.
///
/// Binding grants the function's role what Lambda needs to send there:
/// `grant_send_messages` on a queue, `grant_publish` on a topic. Standard queues and topics
/// only: a FIFO one is a synth error.
#[derive(Clone, Debug)]
pub enum OnFailure {
    /// An SQS queue.
    Queue(Queue),
    /// An SNS topic.
    Topic(Topic),
}

impl OnFailure {
    /// Failures go to `queue`.
    pub fn queue(queue: &Queue) -> OnFailure {
        OnFailure::Queue(queue.clone())
    }

    /// Failures go to `topic`.
    pub fn topic(topic: &Topic) -> OnFailure {
        OnFailure::Topic(topic.clone())
    }

    fn arn(&self) -> Str {
        match self {
            OnFailure::Queue(q) => q.arn(),
            OnFailure::Topic(t) => t.topic_arn(),
        }
    }

    fn check(&self, node: &Node) {
        let (fifo, what) = match self {
            OnFailure::Queue(q) => (q.is_fifo(), "queue"),
            OnFailure::Topic(t) => (t.is_fifo(), "topic"),
        };
        if fifo {
            node.add_error(
                format!("the on-failure destination is a FIFO {what}"),
                format!("Lambda sends stream failures to standard queues and topics only; use a standard {what}"),
            );
        }
    }

    fn grant(&self, function: &Function) {
        match self {
            OnFailure::Queue(q) => {
                q.grant_send_messages(function);
            }
            OnFailure::Topic(t) => {
                t.grant_publish(function);
            }
        }
    }
}

/// The options of a stream source, as the builder methods set them.
#[derive(Clone, Debug, Default)]
pub(super) struct StreamOptions {
    pub(super) batch_size: Option<u32>,
    pub(super) max_batching_window: Option<Duration>,
    pub(super) retry_attempts: Option<i32>,
    pub(super) max_record_age_secs: Option<i32>,
    pub(super) parallelization_factor: Option<u32>,
    pub(super) tumbling_window: Option<Duration>,
    pub(super) bisect_on_error: bool,
    pub(super) report_batch_item_failures: bool,
    pub(super) on_failure: Option<OnFailure>,
    pub(super) filters: Vec<FilterPattern>,
    pub(super) enabled: Option<bool>,
}

/// [`StreamOptions`] checked, as the values both templates take.
pub(super) struct Rendered {
    pub(super) batch_size: Option<u32>,
    pub(super) batching_window_secs: Option<u32>,
    pub(super) retry_attempts: Option<i32>,
    pub(super) max_record_age_secs: Option<i32>,
    pub(super) parallelization_factor: Option<u32>,
    pub(super) tumbling_window_secs: Option<u32>,
    pub(super) bisect: Option<bool>,
    pub(super) response_types: Option<StrList>,
    pub(super) destination: Option<Str>,
    pub(super) filters: Option<Vec<Str>>,
    pub(super) enabled: Option<bool>,
}

/// Records on `node` that `value` is outside `range`.
fn check_range<T>(
    node: &Node,
    what: &str,
    value: Option<T>,
    range: std::ops::RangeInclusive<T>,
    hint: &str,
) where
    T: PartialOrd + std::fmt::Display + Copy,
{
    if let Some(v) = value {
        if !range.contains(&v) {
            node.add_error(
                format!("{what} {v} is outside {}..={}", range.start(), range.end()),
                hint,
            );
        }
    }
}

impl StreamOptions {
    /// Checks every option on `node` (the mapping's scope) and returns what both templates
    /// render; `source` names the stream in messages.
    pub(super) fn render(&self, node: &Node) -> Rendered {
        check_range(
            node,
            "batch size",
            self.batch_size,
            1..=10_000,
            "use 1 to 10000",
        );
        check_range(
            node,
            "retry attempts",
            self.retry_attempts,
            -1..=10_000,
            "use -1 (retry until the record expires) to 10000",
        );
        if let Some(age) = self.max_record_age_secs {
            if age != -1 && !(60..=604_800).contains(&age) {
                node.add_error(
                    format!("maximum record age {age} s is neither -1 nor within 60..=604800"),
                    "use -1 (records never expire from the mapping's view) or 60 to 604800 seconds (7 days)",
                );
            }
        }
        check_range(
            node,
            "parallelization factor",
            self.parallelization_factor,
            1..=10,
            "use 1 to 10 concurrent batches per shard",
        );
        let batching_window_secs = self
            .max_batching_window
            .and_then(|w| checked_seconds(node, "maximum batching window", w, 0, 300));
        let tumbling_window_secs = self
            .tumbling_window
            .and_then(|w| checked_seconds(node, "tumbling window", w, 0, 900));
        if let Some(destination) = &self.on_failure {
            destination.check(node);
        }
        Rendered {
            batch_size: self.batch_size,
            batching_window_secs,
            retry_attempts: self.retry_attempts,
            max_record_age_secs: self.max_record_age_secs,
            parallelization_factor: self.parallelization_factor,
            tumbling_window_secs,
            bisect: self.bisect_on_error.then_some(true),
            response_types: response_types(self.report_batch_item_failures),
            destination: self.on_failure.as_ref().map(OnFailure::arn),
            filters: checked_patterns(node, &self.filters),
            enabled: self.enabled,
        }
    }

    /// Grants `function` what the options need (sending to the on-failure destination).
    pub(super) fn grant(&self, function: &Function) {
        if let Some(destination) = &self.on_failure {
            destination.grant(function);
        }
    }
}

/// Sets the stream options of `$r` (a [`Rendered`]) on an L1 builder: the plain mapping's or
/// a SAM event's, whose destination types are `$config` / `$on_failure` and filter types
/// `$criteria` / `$filter`.
macro_rules! stream_properties {
    ($builder:expr, $r:expr, $config:path, $on_failure:path, $criteria:path, $filter:path) => {{
        let r: &$crate::lambda::event_sources::stream::Rendered = $r;
        $builder
            .maybe_batch_size(r.batch_size)
            .maybe_bisect_batch_on_function_error(r.bisect)
            .maybe_destination_config(r.destination.clone().map(|arn| {
                <$config>::builder()
                    .on_failure(<$on_failure>::builder().destination(arn).build())
                    .build()
            }))
            .maybe_enabled(r.enabled)
            .maybe_filter_criteria($crate::lambda::event_sources::filter::filter_criteria!(
                r.filters, $criteria, $filter
            ))
            .maybe_function_response_types(r.response_types.clone())
            .maybe_maximum_batching_window_in_seconds(r.batching_window_secs)
            .maybe_maximum_record_age_in_seconds(r.max_record_age_secs)
            .maybe_maximum_retry_attempts(r.retry_attempts)
            .maybe_parallelization_factor(r.parallelization_factor)
            .maybe_tumbling_window_in_seconds(r.tumbling_window_secs)
    }};
}
pub(super) use stream_properties;

/// The builder methods of the options every stream source has (on a type with a
/// `stream: StreamOptions` field), written once.
macro_rules! stream_option_methods {
    () => {
        /// The most records per invocation, 1–10000 (default: Lambda's 100).
        pub fn batch_size(mut self, n: u32) -> Self {
            self.stream.batch_size = Some(n);
            self
        }

        /// How long to gather records before invoking, 0–300 s in whole seconds
        /// (default: none).
        pub fn max_batching_window(mut self, window: std::time::Duration) -> Self {
            self.stream.max_batching_window = Some(window);
            self
        }

        /// How often a failing batch is retried, -1 (until the record expires) to 10000
        /// (default: -1).
        pub fn retry_attempts(mut self, n: i32) -> Self {
            self.stream.retry_attempts = Some(n);
            self
        }

        /// Records older than this many seconds are not sent to the function: -1 (no limit)
        /// or 60–604800 (default: -1).
        pub fn max_record_age_secs(mut self, seconds: i32) -> Self {
            self.stream.max_record_age_secs = Some(seconds);
            self
        }

        /// How many batches of one shard are processed at once, 1–10 (default: 1).
        pub fn parallelization_factor(mut self, n: u32) -> Self {
            self.stream.parallelization_factor = Some(n);
            self
        }

        /// Groups records into windows of this length for aggregation, 0–900 s in whole
        /// seconds (default: none).
        pub fn tumbling_window(mut self, window: std::time::Duration) -> Self {
            self.stream.tumbling_window = Some(window);
            self
        }

        /// Split a failing batch in two and retry the halves (default: off).
        pub fn bisect_batch_on_error(mut self, enabled: bool) -> Self {
            self.stream.bisect_on_error = enabled;
            self
        }

        /// Let the function report the records it failed (`FunctionResponseTypes:
        /// [ReportBatchItemFailures]`), so retries start from the first of them (default:
        /// off).
        pub fn report_batch_item_failures(mut self, enabled: bool) -> Self {
            self.stream.report_batch_item_failures = enabled;
            self
        }

        /// Where the records of a batch that keeps failing are reported (default: nowhere;
        /// they are skipped once retries or the record age run out). Grants the function
        /// what sending there needs.
        pub fn on_failure(mut self, destination: $crate::lambda::event_sources::OnFailure) -> Self {
            self.stream.on_failure = Some(destination);
            self
        }

        /// Adds an event filter: only records matching at least one filter invoke the
        /// function (at most 5; default: every record).
        pub fn filter(mut self, pattern: $crate::lambda::event_sources::FilterPattern) -> Self {
            self.stream.filters.push(pattern);
            self
        }

        /// Whether the mapping is active (default: yes).
        pub fn enabled(mut self, enabled: bool) -> Self {
            self.stream.enabled = Some(enabled);
            self
        }
    };
}
pub(super) use stream_option_methods;
