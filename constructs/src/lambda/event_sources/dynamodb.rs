//! `DynamoEventSource`: a function reading a DynamoDB table's stream.

use cdk_core::{Construct, Flavor, Scope};
use cfn_l1::lambda::{
    event_source_mapping as esm, CfnEventSourceMapping, CfnEventSourceMappingProps,
};
use cfn_l1::sam::function as serverless;

use super::stream::{stream_option_methods, stream_properties, StreamOptions};
use super::EventSource;
use crate::dynamodb::Table;
use crate::lambda::{Function, RESOURCE};
use crate::util::node_unique_id;

/// Where in the stream a new mapping starts reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum StartingPosition {
    /// `LATEST`: only records written after the mapping exists (the default).
    #[default]
    Latest,
    /// `TRIM_HORIZON`: the oldest record still in the stream (up to 24 hours back).
    TrimHorizon,
}

/// Lambda reads `table`'s stream and invokes the function with batches of change records
/// (`AWS::Lambda::EventSourceMapping`), as AWS CDK's `DynamoEventSource`.
///
/// Binding grants the function `grant_stream_read` on the table (and what an
/// [`on_failure`](DynamoEventSource::on_failure) destination needs) and makes the mapping
/// wait for the role's policy. The table must have a stream (`TableBuilder::stream`); a
/// table without one is reported at synth, as is every option outside AWS's limits (batch
/// size 1–10000, batching window 0–300 s, retry attempts -1–10000, maximum record age -1
/// or 60–604800 s, parallelization factor 1–10, tumbling window 0–900 s, at most 5
/// filters). Both templates carry every option: the SAM event's `DestinationConfig`,
/// `FilterCriteria`, … are the mapping's.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::dynamodb::{Attribute, StreamViewType, Table};
/// use constructs::lambda::{Code, Function, Runtime};
/// use constructs::events::Matcher;
/// use constructs::lambda::event_sources::{DynamoEventSource, FilterPattern, OnFailure};
/// use constructs::sqs::Queue;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Orders");
/// let table = Table::new(&stack, "Orders", Attribute::string("Id"))
///     .stream(StreamViewType::NewAndOldImages)
///     .build();
/// let func = Function::new(&stack, "Audit", Runtime::PYTHON_3_13,
///     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler").build();
/// let failures = Queue::new(&stack, "AuditFailures").build();
/// func.add_event_source(
///     DynamoEventSource::new(&table)
///         .batch_size(50)
///         .bisect_batch_on_error(true)
///         .retry_attempts(3)
///         .on_failure(OnFailure::queue(&failures))
///         .filter(FilterPattern::new().field("eventName", [Matcher::exact("INSERT")])),
/// );
/// assert!(stack.template().is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct DynamoEventSource {
    table: Table,
    starting_position: StartingPosition,
    stream: StreamOptions,
}

impl DynamoEventSource {
    /// Reads `table`'s stream.
    pub fn new(table: &Table) -> DynamoEventSource {
        DynamoEventSource {
            table: table.clone(),
            starting_position: StartingPosition::Latest,
            stream: StreamOptions::default(),
        }
    }

    /// Where to start reading (default: [`StartingPosition::Latest`]).
    pub fn starting_position(mut self, position: StartingPosition) -> Self {
        self.starting_position = position;
        self
    }

    stream_option_methods!();

    /// The table.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// The starting position.
    pub fn position(&self) -> StartingPosition {
        self.starting_position
    }
}

impl EventSource for DynamoEventSource {
    fn bind(&self, function: &Function) {
        let id = format!("DynamoDBEventSource:{}", node_unique_id(self.table.node()));
        let scope = Scope::new(function, &id);
        let node = scope.node().clone();
        let Some(stream_arn) = self.table.stream_arn() else {
            node.add_error(
                format!(
                    "table `{}` has no stream to read",
                    self.table.node().path()
                ),
                "turn the stream on with .stream(StreamViewType::NewAndOldImages) (or another view)",
            );
            return;
        };
        let r = self.stream.render(&node);
        // One set of options, two renderings. Plain template: the mapping SAM would
        // generate. SAM template: a `DynamoDB` event.
        let position = match self.starting_position {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
        };
        let plain = CfnEventSourceMappingProps::builder()
            .function_name(function.trigger_function_name())
            .event_source_arn(stream_arn.clone())
            .starting_position(position);
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
        let sam = serverless::DynamoDBEventProperties::builder()
            .stream(stream_arn)
            .starting_position(position);
        function.add_sam_event(
            &format!("DynamoDB{}", self.table.node().id()),
            serverless::DynamoDBEvent::builder()
                .properties(
                    stream_properties!(
                        sam,
                        &r,
                        serverless::DestinationConfig2,
                        serverless::OnFailure2,
                        serverless::FilterCriteria2,
                        serverless::Filters2
                    )
                    .build(),
                )
                .build(),
        );
        self.table.grant_stream_read(function);
        self.stream.grant(function);
        function.role().add_dependent(mapping);
        function.register_trigger(mapping);
    }
}
