//! The newcomer's order system from issue 12, on typed constructs only (no `CfnResource`, no
//! `Value::map`), in two stacks:
//!
//! - `OrdersData`: the orders table, with a stream of new and old images;
//! - `OrdersApp`: a function on the table's stream (bisect on error, three retries, an hour's
//!   record age, failures reported to an SQS queue, only inserts and changes) that publishes
//!   each order to an encrypted SNS topic and puts it on a custom EventBridge bus; a queue
//!   subscribed to the topic with a filter policy (placed and paid orders) and a function on
//!   that queue; an EventBridge rule on the bus sending shipped orders to a second queue
//!   through an input transformer.
//!
//! The stream, the table name and ARN cross from the data stack to the app stack as exports
//! and `Fn::ImportValue`s, which synthesis writes; the app stack deploys after the data stack.

use std::time::Duration;

use cdk_core::checks::Checks;
use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::events::{EventBus, EventPattern, InputTransformer, Matcher, Rule, TargetOptions};
use constructs::lambda::event_sources::{
    DynamoEventSource, FilterPattern, OnFailure, SqsEventSource, StartingPosition,
};
use constructs::lambda::{Code, Function, Runtime};
use constructs::sns::{Filter, FilterPolicy, Subscription, Topic};
use constructs::sqs::Queue;

/// Adds the `OrdersData` and `OrdersApp` stacks to `app`.
pub fn define(app: &App) {
    // -- data --------------------------------------------------------------------------------
    let data = Stack::new(app, "OrdersData");
    data.set_description("Orders: the table and its stream");
    let table = Table::new(&data, "Orders", Attribute::string("OrderId"))
        .stream(StreamViewType::NewAndOldImages)
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    CfnOutput::new(&data, "TableName", table.table_name());

    // -- app ---------------------------------------------------------------------------------
    let stack = Stack::new(app, "OrdersApp");
    stack.set_description("Orders: stream processing, fan-out through SNS and EventBridge");
    let code = || Code::from_asset("orders/lambda");

    // The topic is encrypted with alias/aws/sns and refuses publishing without TLS.
    let topic = Topic::new(&stack, "OrderEvents").build();
    let bus = EventBus::new(&stack, "OrdersBus").build();

    // Stream → function, with bisect on error and an SQS on-failure destination.
    let stream_failures = Queue::new(&stack, "StreamFailures")
        .retention_period(Duration::from_secs(14 * 86_400))
        .build();
    let publisher = Function::new(
        &stack,
        "Publisher",
        Runtime::PYTHON_3_14,
        code(),
        "stream.handler",
    )
    .timeout(Duration::from_secs(30))
    .env("TOPIC_ARN", topic.topic_arn())
    .env("BUS_NAME", bus.event_bus_name())
    .build();
    publisher.add_event_source(
        DynamoEventSource::new(&table)
            .starting_position(StartingPosition::TrimHorizon)
            .batch_size(25)
            .bisect_batch_on_error(true)
            .retry_attempts(3)
            .max_record_age_secs(3600)
            .on_failure(OnFailure::queue(&stream_failures))
            .filter(FilterPattern::new().field(
                "eventName",
                [Matcher::exact("INSERT"), Matcher::exact("MODIFY")],
            )),
    );
    topic.grant_publish(&publisher);
    bus.grant_put_events_to(&publisher);

    // Topic → queue (placed and paid orders only) → function.
    let work_failures = Queue::new(&stack, "WorkFailures")
        .retention_period(Duration::from_secs(14 * 86_400))
        .build();
    let work = Queue::new(&stack, "Work")
        .visibility_timeout(Duration::from_secs(180))
        .dead_letter_queue(&work_failures, 5)
        .build();
    topic.add_subscription(
        Subscription::queue(&work).filter_policy(
            FilterPolicy::message_attributes()
                .key("status", [Filter::exact("placed"), Filter::exact("paid")]),
        ),
    );
    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_14,
        code(),
        "worker.handler",
    )
    .timeout(Duration::from_secs(30))
    .build();
    worker.add_event_source(
        SqsEventSource::new(&work)
            .batch_size(10)
            .report_batch_item_failures(true)
            .max_concurrency(5),
    );

    // Bus → rule → second queue, through an input transformer.
    let shipping = Queue::new(&stack, "Shipping").build();
    let shipped = Rule::new(&stack, "Shipped")
        .event_bus(&bus)
        .event_pattern(
            EventPattern::new()
                .source(["shop.orders"])
                .detail_type(["Order Changed"])
                .detail("status", [Matcher::exact("shipped")]),
        )
        .build();
    shipped.add_target(
        &TargetOptions::new(&shipping).input_transformer(
            InputTransformer::new(r#"{"order": <id>, "shippedAt": <time>}"#)
                .path("id", "$.detail.id")
                .path("time", "$.time"),
        ),
    );

    CfnOutput::new(&stack, "TopicArn", topic.topic_arn());
    CfnOutput::new(&stack, "BusName", bus.event_bus_name());
    CfnOutput::new(&stack, "ShippingQueueUrl", shipping.queue_url());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    crate::acks::queue_tls(&stack);
    Checks::of(&publisher).acknowledge(
        &format!(
            "AwsSolutions-IAM5[Resource::<Fn::ImportValue:{}>/stream/*]",
            "OrdersData:ExportsOutputFnGetAttOrdersA9B65338Arn17F87B9C"
        ),
        "a stream's ARN ends in a label DynamoDB picks when the stream is created; the grant covers only this table's streams",
    );
    Checks::of(&shipping).acknowledge(
        "AwsSolutions-SQS3",
        "the queue is the end of the shipping flow: a consumer outside this example reads it, and its own retries decide what failed",
    );
}
