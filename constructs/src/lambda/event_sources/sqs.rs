//! `SqsEventSource`: a function polls an SQS queue.

use std::time::Duration;

use cdk_core::{Construct, Flavor, Scope};
use cfn_l1::lambda::{event_source_mapping, CfnEventSourceMapping, CfnEventSourceMappingProps};
use cfn_l1::sam::function as serverless;
use cfn_l1::IntoValue;

use super::filter::{checked_patterns, filter_criteria, FilterPattern};
use super::{response_types, EventSource};
use crate::lambda::{Function, RESOURCE};
use crate::sqs::Queue;
use crate::util::{checked_seconds, node_unique_id};

/// Lambda polls `queue` and invokes the function with batches of messages
/// (`AWS::Lambda::EventSourceMapping`), as AWS CDK's `SqsEventSource`.
///
/// Binding grants the function's role `grant_consume_messages` on the queue and makes the
/// mapping wait (`DependsOn`) for the role's policy, since Lambda checks the permissions
/// when it creates the mapping. The mapping is `<function>/SqsEventSource:<queue's unique
/// id>/Resource`, as in CDK.
///
/// Checked at synth: the queue's visibility timeout is at least the function's timeout
/// (Lambda refuses the mapping otherwise), batch size 1–10 (1–10000 with a batching
/// window, at most 10 for FIFO), batching window 0–300 s (not for FIFO), maximum
/// concurrency 2–1000, at most 5 [filters](SqsEventSource::filter). Both templates carry
/// every option (the SAM event's `ScalingConfig` and `FilterCriteria` are the mapping's).
#[derive(Clone, Debug)]
pub struct SqsEventSource {
    queue: Queue,
    batch_size: Option<u32>,
    max_batching_window: Option<Duration>,
    report_batch_item_failures: bool,
    enabled: Option<bool>,
    max_concurrency: Option<u32>,
    filters: Vec<FilterPattern>,
}

impl SqsEventSource {
    /// Invokes the function with messages from `queue`.
    pub fn new(queue: &Queue) -> SqsEventSource {
        SqsEventSource {
            queue: queue.clone(),
            batch_size: None,
            max_batching_window: None,
            report_batch_item_failures: false,
            enabled: None,
            max_concurrency: None,
            filters: Vec::new(),
        }
    }

    /// The most messages per invocation (default: Lambda's 10). Above 10 needs a batching
    /// window.
    pub fn batch_size(mut self, n: u32) -> Self {
        self.batch_size = Some(n);
        self
    }

    /// How long to gather messages before invoking, 0–300 s (default: none).
    pub fn max_batching_window(mut self, window: Duration) -> Self {
        self.max_batching_window = Some(window);
        self
    }

    /// Lets the function return the ids of the messages it failed
    /// (`FunctionResponseTypes: [ReportBatchItemFailures]`), so only those are retried
    /// (default: off: any error retries the whole batch).
    pub fn report_batch_item_failures(mut self, enabled: bool) -> Self {
        self.report_batch_item_failures = enabled;
        self
    }

    /// Whether the mapping is active (default: yes).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// The most concurrent invocations this source drives, 2–1000 (default: no limit
    /// beyond the function's).
    pub fn max_concurrency(mut self, n: u32) -> Self {
        self.max_concurrency = Some(n);
        self
    }

    /// Adds an event filter: only messages matching at least one filter invoke the function
    /// (fields of a JSON body under `body.`, e.g. `body.status`); at most 5 (default: every
    /// message). Lambda deletes the messages no filter matches.
    pub fn filter(mut self, pattern: FilterPattern) -> Self {
        self.filters.push(pattern);
        self
    }
}

impl EventSource for SqsEventSource {
    fn bind(&self, function: &Function) {
        let id = format!("SqsEventSource:{}", node_unique_id(self.queue.node()));
        let scope = Scope::new(function, &id);
        let node = scope.node().clone();
        let fifo = self.queue.is_fifo();

        if self.queue.visibility_timeout_secs() < function.timeout_secs() {
            node.add_error(
                format!(
                    "the queue's visibility timeout ({} s) is shorter than the function's timeout ({} s)",
                    self.queue.visibility_timeout_secs(),
                    function.timeout_secs()
                ),
                "Lambda rejects such a mapping; set the queue's visibility_timeout to at least the function timeout (AWS recommends six times it)",
            );
        }
        let window = self
            .max_batching_window
            .and_then(|w| checked_seconds(&node, "maximum batching window", w, 0, 300));
        if fifo && self.max_batching_window.is_some() {
            node.add_error(
                "a batching window is not supported for FIFO queues",
                "remove .max_batching_window(...)",
            );
        }
        if let Some(n) = self.batch_size {
            let max = if fifo {
                10
            } else if self.max_batching_window.is_some() {
                10_000
            } else {
                10
            };
            if !(1..=max).contains(&n) {
                let hint = if max == 10 && !fifo {
                    "without a batching window the batch size is 1-10; add .max_batching_window(...) for up to 10000"
                } else if fifo {
                    "a FIFO queue's batch size is 1-10"
                } else {
                    "use a batch size of 1-10000"
                };
                node.add_error(format!("batch size {n} is outside 1..={max}"), hint);
            }
        }
        if let Some(n) = self.max_concurrency {
            if !(2..=1000).contains(&n) {
                node.add_error(
                    format!("maximum concurrency {n} is outside 2..=1000"),
                    "use 2 to 1000",
                );
            }
        }

        let filters = checked_patterns(&node, &self.filters);

        // One set of options, two renderings. Plain template: the mapping SAM would
        // generate. SAM template: an `SQS` event.
        let scaling = self.max_concurrency.map(|n| {
            event_source_mapping::ScalingConfig::builder()
                .maximum_concurrency(n)
                .build()
        });
        let mapping = CfnEventSourceMapping::new(
            &scope,
            RESOURCE,
            CfnEventSourceMappingProps::builder()
                .function_name(function.trigger_function_name())
                .event_source_arn(self.queue.arn())
                .maybe_batch_size(self.batch_size)
                .maybe_enabled(self.enabled)
                .maybe_filter_criteria(filter_criteria!(
                    filters,
                    event_source_mapping::FilterCriteria,
                    event_source_mapping::Filter
                ))
                .maybe_function_response_types(response_types(self.report_batch_item_failures))
                .maybe_maximum_batching_window_in_seconds(window)
                .maybe_scaling_config(scaling.clone())
                .build(),
        );
        let mapping = mapping.resource();
        mapping.only_in(Flavor::Cfn);
        crate::tags::like_sam_generated(mapping);
        function.add_sam_event(
            &format!("Sqs{}", self.queue.node().id()),
            serverless::SQSEvent::builder()
                .properties(
                    serverless::SQSEventProperties::builder()
                        .queue(self.queue.arn())
                        .maybe_batch_size(self.batch_size)
                        .maybe_enabled(self.enabled)
                        .maybe_filter_criteria(filter_criteria!(
                            filters,
                            serverless::FilterCriteria3,
                            serverless::Filters3
                        ))
                        .maybe_function_response_types(response_types(
                            self.report_batch_item_failures,
                        ))
                        .maybe_maximum_batching_window_in_seconds(window)
                        // The SAM L1 leaves `ScalingConfig` untyped; it is the mapping's.
                        .maybe_scaling_config(scaling.map(IntoValue::into_value))
                        .build(),
                )
                .build(),
        );
        self.queue.grant_consume_messages(function);
        function.role().add_dependent(mapping);
        function.register_trigger(mapping);
    }
}
