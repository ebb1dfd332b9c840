//! `KinesisEventSource`: a function reading a Kinesis data stream.

use cdk_core::{Construct, Flavor, Scope};
use cfn_l1::lambda::{
    event_source_mapping as esm, CfnEventSourceMapping, CfnEventSourceMappingProps,
};
use cfn_l1::sam::function as serverless;

use super::stream::{stream_option_methods, stream_properties, StreamOptions};
use super::EventSource;
use crate::kinesis::Stream;
use crate::lambda::{Function, RESOURCE};
use crate::util::node_unique_id;

/// Where in a Kinesis stream a new mapping starts reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum KinesisStartingPosition {
    /// `LATEST`: only records written after the mapping exists (the default).
    #[default]
    Latest,
    /// `TRIM_HORIZON`: the oldest record still in the stream.
    TrimHorizon,
    /// `AT_TIMESTAMP`: records from this time on, in seconds since the Unix epoch
    /// (`StartingPositionTimestamp`).
    AtTimestamp(u64),
}

/// Lambda reads `stream` and invokes the function with batches of records
/// (`AWS::Lambda::EventSourceMapping`), as AWS CDK's `KinesisEventSource`: the mapping is
/// `<function>/KinesisEventSource:<stream's unique id>/Resource`, the SAM event
/// `Kinesis<stream id>`.
///
/// Binding grants the function [`Stream::grant_read`] (and what an
/// [`on_failure`](KinesisEventSource::on_failure) destination needs) and makes the mapping
/// wait for the role's policy. Every option is checked at synth against AWS's limits, as
/// for [`DynamoEventSource`](super::DynamoEventSource).
///
/// ```
/// use std::time::Duration;
/// use cdk_core::{App, Stack};
/// use constructs::kinesis::Stream;
/// use constructs::lambda::{Code, Function, Runtime};
/// use constructs::lambda::event_sources::{KinesisEventSource, KinesisStartingPosition, OnFailure};
/// use constructs::sns::Topic;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Clicks");
/// let clicks = Stream::new(&stack, "Clicks").build();
/// let alerts = Topic::new(&stack, "Alerts").build();
/// let func = Function::new(&stack, "Count", Runtime::PYTHON_3_13,
///     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler").build();
/// func.add_event_source(
///     KinesisEventSource::new(&clicks)
///         .starting_position(KinesisStartingPosition::TrimHorizon)
///         .parallelization_factor(4)
///         .tumbling_window(Duration::from_secs(60))
///         .max_record_age_secs(3600)
///         .on_failure(OnFailure::topic(&alerts)),
/// );
/// assert!(stack.template().is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct KinesisEventSource {
    source: Stream,
    starting_position: KinesisStartingPosition,
    stream: StreamOptions,
}

impl KinesisEventSource {
    /// Reads `stream`.
    pub fn new(stream: &Stream) -> KinesisEventSource {
        KinesisEventSource {
            source: stream.clone(),
            starting_position: KinesisStartingPosition::Latest,
            stream: StreamOptions::default(),
        }
    }

    /// Where to start reading (default: [`KinesisStartingPosition::Latest`]).
    pub fn starting_position(mut self, position: KinesisStartingPosition) -> Self {
        self.starting_position = position;
        self
    }

    stream_option_methods!();

    /// The stream.
    pub fn stream(&self) -> &Stream {
        &self.source
    }
}

impl EventSource for KinesisEventSource {
    fn bind(&self, function: &Function) {
        let id = format!("KinesisEventSource:{}", node_unique_id(self.source.node()));
        let scope = Scope::new(function, &id);
        let node = scope.node().clone();
        let r = self.stream.render(&node);
        let (position, timestamp) = match self.starting_position {
            KinesisStartingPosition::Latest => ("LATEST", None),
            KinesisStartingPosition::TrimHorizon => ("TRIM_HORIZON", None),
            KinesisStartingPosition::AtTimestamp(t) => ("AT_TIMESTAMP", Some(t)),
        };
        let arn = self.source.arn();
        // One set of options, two renderings. Plain template: the mapping SAM would
        // generate. SAM template: a `Kinesis` event.
        let plain = CfnEventSourceMappingProps::builder()
            .function_name(function.trigger_function_name())
            .event_source_arn(arn.clone())
            .starting_position(position)
            .maybe_starting_position_timestamp(timestamp);
        let mapping = CfnEventSourceMapping::new(
            &scope,
            RESOURCE,
            stream_properties!(
                plain,
                &r,
                esm::DestinationConfig,
                esm::OnFailure,
                esm::FilterCriteria,
                esm::Filter
            )
            .build(),
        );
        let mapping = mapping.resource();
        mapping.only_in(Flavor::Cfn);
        crate::tags::like_sam_generated(mapping);
        let sam = serverless::KinesisEventProperties::builder()
            .stream(arn)
            .starting_position(position)
            .maybe_starting_position_timestamp(timestamp);
        function.add_sam_event(
            &format!("Kinesis{}", self.source.node().id()),
            serverless::KinesisEvent::builder()
                .properties(
                    stream_properties!(
                        sam,
                        &r,
                        serverless::DestinationConfig,
                        serverless::OnFailure,
                        serverless::FilterCriteria,
                        serverless::Filters
                    )
                    .build(),
                )
                .build(),
        );
        self.source.grant_read(function);
        self.stream.grant(function);
        function.role().add_dependent(mapping);
        function.register_trigger(mapping);
    }
}
