//! `DynamoEventSource`: a function reading a DynamoDB table's stream.

use cdk_core::{Construct, Flavor, Scope};
use cfn_l1::lambda::{CfnEventSourceMapping, CfnEventSourceMappingProps};
use cfn_l1::sam::function as serverless;

use super::{response_types, EventSource};
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
/// Binding grants the function `grant_stream_read` on the table and makes the mapping wait
/// for the role's policy. The table must have a stream (`TableBuilder::stream`); a table
/// without one is reported at synth.
///
/// ```
/// use cdk_core::{App, Stack};
/// use constructs::dynamodb::{Attribute, StreamViewType, Table};
/// use constructs::lambda::{Code, Function, Runtime};
/// use constructs::lambda::event_sources::DynamoEventSource;
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Orders");
/// let table = Table::new(&stack, "Orders", Attribute::string("Id"))
///     .stream(StreamViewType::NewAndOldImages)
///     .build();
/// let func = Function::new(&stack, "Audit", Runtime::PYTHON_3_13,
///     Code::from_inline("def handler(event, context):\n    return None\n"), "index.handler").build();
/// func.add_event_source(DynamoEventSource::new(&table).batch_size(50));
/// assert!(stack.template().is_ok());
/// ```
#[derive(Clone, Debug)]
pub struct DynamoEventSource {
    table: Table,
    starting_position: StartingPosition,
    batch_size: Option<u32>,
    retry_attempts: Option<i32>,
    bisect_on_error: bool,
    report_batch_item_failures: bool,
    enabled: Option<bool>,
}

impl DynamoEventSource {
    /// Reads `table`'s stream.
    pub fn new(table: &Table) -> DynamoEventSource {
        DynamoEventSource {
            table: table.clone(),
            starting_position: StartingPosition::Latest,
            batch_size: None,
            retry_attempts: None,
            bisect_on_error: false,
            report_batch_item_failures: false,
            enabled: None,
        }
    }

    /// Where to start reading (default: [`StartingPosition::Latest`]).
    pub fn starting_position(mut self, position: StartingPosition) -> Self {
        self.starting_position = position;
        self
    }

    /// The most records per invocation, 1–10000 (default: Lambda's 100).
    pub fn batch_size(mut self, n: u32) -> Self {
        self.batch_size = Some(n);
        self
    }

    /// How often a failing batch is retried, -1 (until the record expires) to 10000
    /// (default: -1).
    pub fn retry_attempts(mut self, n: i32) -> Self {
        self.retry_attempts = Some(n);
        self
    }

    /// Split a failing batch in two and retry the halves (default: off).
    pub fn bisect_batch_on_error(mut self, enabled: bool) -> Self {
        self.bisect_on_error = enabled;
        self
    }

    /// Let the function report the records it failed (default: off).
    pub fn report_batch_item_failures(mut self, enabled: bool) -> Self {
        self.report_batch_item_failures = enabled;
        self
    }

    /// Whether the mapping is active (default: yes).
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

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
        if let Some(n) = self.batch_size {
            if !(1..=10_000).contains(&n) {
                node.add_error(
                    format!("batch size {n} is outside 1..=10000"),
                    "use 1 to 10000",
                );
            }
        }
        if let Some(n) = self.retry_attempts {
            if !(-1..=10_000).contains(&n) {
                node.add_error(
                    format!("retry attempts {n} is outside -1..=10000"),
                    "use -1 (retry until the record expires) to 10000",
                );
            }
        }
        // One set of options, two renderings. Plain template: the mapping SAM would
        // generate. SAM template: a `DynamoDB` event.
        let position = match self.starting_position {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
        };
        let bisect = self.bisect_on_error.then_some(true);
        let types = response_types(self.report_batch_item_failures);
        let mapping = CfnEventSourceMapping::new(
            &scope,
            RESOURCE,
            CfnEventSourceMappingProps::builder()
                .function_name(function.trigger_function_name())
                .event_source_arn(stream_arn.clone())
                .maybe_batch_size(self.batch_size)
                .maybe_bisect_batch_on_function_error(bisect)
                .maybe_enabled(self.enabled)
                .maybe_function_response_types(types.clone())
                .maybe_maximum_retry_attempts(self.retry_attempts)
                .starting_position(position)
                .build(),
        );
        let mapping = mapping.resource();
        mapping.only_in(Flavor::Cfn);
        function.add_sam_event(
            &format!("DynamoDB{}", self.table.node().id()),
            serverless::DynamoDBEvent::builder()
                .properties(
                    serverless::DynamoDBEventProperties::builder()
                        .stream(stream_arn)
                        .maybe_batch_size(self.batch_size)
                        .maybe_bisect_batch_on_function_error(bisect)
                        .maybe_enabled(self.enabled)
                        .maybe_function_response_types(types)
                        .maybe_maximum_retry_attempts(self.retry_attempts)
                        .starting_position(position)
                        .build(),
                )
                .build(),
        );
        self.table.grant_stream_read(function);
        function.role().add_dependent(mapping);
        function.register_trigger(mapping);
    }
}
