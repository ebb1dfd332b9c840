//! The stream sources' options (DynamoDB, Kinesis) and the SQS source's filters: rendered in
//! the plain mapping and in the SAM event alike, each limit checked at synth, the grants the
//! options need, and the real validators on all of it.

mod support;
use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::events::Matcher;
use constructs::kinesis::{Stream, StreamEncryption, StreamMode};
use constructs::lambda::event_sources::{
    DynamoEventSource, FilterPattern, KinesisEventSource, KinesisStartingPosition, OnFailure,
    SqsEventSource, StartingPosition,
};
use constructs::lambda::{Code, Function, Runtime};
use constructs::sns::Topic;
use constructs::sqs::Queue;
use serde_json::json;

fn function(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .build()
}

fn table(stack: &Stack) -> Table {
    Table::new(stack, "Orders", Attribute::string("Id"))
        .stream(StreamViewType::NewAndOldImages)
        .build()
}

fn only(t: &serde_json::Value, type_: &str) -> (String, serde_json::Value) {
    let found: Vec<_> = t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == type_)
        .collect();
    assert_eq!(found.len(), 1, "one {type_}");
    (found[0].0.clone(), found[0].1.clone())
}

/// Every stream option, the same in the plain mapping and in the SAM event.
#[test]
fn dynamodb_options_render_in_both_templates() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let orders = table(&stack);
    let failures = Queue::new(&stack, "Failures").build();
    let func = function(&stack, "Audit");
    func.add_event_source(
        DynamoEventSource::new(&orders)
            .starting_position(StartingPosition::TrimHorizon)
            .batch_size(100)
            .max_batching_window(Duration::from_secs(5))
            .retry_attempts(2)
            .max_record_age_secs(3600)
            .parallelization_factor(2)
            .tumbling_window(Duration::from_secs(30))
            .bisect_batch_on_error(true)
            .report_batch_item_failures(true)
            .on_failure(OnFailure::queue(&failures))
            .filter(
                FilterPattern::new()
                    .field("eventName", [Matcher::exact("INSERT")])
                    .field("dynamodb.NewImage.status.S", [Matcher::prefix("placed")]),
            ),
    );
    let plain = stack.template().unwrap();
    let (_, mapping) = only(&plain, "AWS::Lambda::EventSourceMapping");
    let (queue_id, _) = only(&plain, "AWS::SQS::Queue");
    let options = json!({
        "BatchSize": 100,
        "BisectBatchOnFunctionError": true,
        "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [queue_id, "Arn"]}}},
        "FilterCriteria": {"Filters": [{
            "Pattern": r#"{"eventName":["INSERT"],"dynamodb":{"NewImage":{"status":{"S":[{"prefix":"placed"}]}}}}"#
        }]},
        "FunctionResponseTypes": ["ReportBatchItemFailures"],
        "MaximumBatchingWindowInSeconds": 5,
        "MaximumRecordAgeInSeconds": 3600,
        "MaximumRetryAttempts": 2,
        "ParallelizationFactor": 2,
        "StartingPosition": "TRIM_HORIZON",
        "TumblingWindowInSeconds": 30,
    });
    for (k, v) in options.as_object().unwrap() {
        assert_eq!(&mapping["Properties"][k], v, "plain mapping {k}");
    }
    let sam = stack.sam_template().unwrap();
    let (_, f) = only(&sam, "AWS::Serverless::Function");
    let event = &f["Properties"]["Events"]["DynamoDBOrders"];
    assert_eq!(event["Type"], "DynamoDB");
    for (k, v) in options.as_object().unwrap() {
        assert_eq!(&event["Properties"][k], v, "SAM event {k}");
    }
    // The role may send to the on-failure queue (the one statement it needs).
    Template::from_stack(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([json!({
            "Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [queue_id, "Arn"]}
        })]))}}),
    );
}

#[test]
fn a_kinesis_stream_is_encrypted_and_its_source_reads_it_with_least_privilege() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let clicks = Stream::new(&stack, "Clicks").build();
    let alerts = Topic::new(&stack, "Alerts").build();
    let func = function(&stack, "Count");
    func.add_event_source(
        KinesisEventSource::new(&clicks)
            .starting_position(KinesisStartingPosition::AtTimestamp(1_700_000_000))
            .on_failure(OnFailure::topic(&alerts))
            .filter(FilterPattern::new().field("data.kind", [Matcher::exact("click")])),
    );
    let t = Template::from_stack(&stack);
    t.has_resource(
        "AWS::Kinesis::Stream",
        json!({
            "Properties": {
                "ShardCount": 1,
                "StreamEncryption": {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}
            },
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain"
        }),
    );
    let plain = stack.template().unwrap();
    let (stream_id, _) = only(&plain, "AWS::Kinesis::Stream");
    let (topic_id, _) = only(&plain, "AWS::SNS::Topic");
    let (_, mapping) = only(&plain, "AWS::Lambda::EventSourceMapping");
    assert_eq!(mapping["Properties"]["StartingPosition"], "AT_TIMESTAMP");
    assert_eq!(
        mapping["Properties"]["StartingPositionTimestamp"],
        1_700_000_000
    );
    assert_eq!(
        mapping["Properties"]["EventSourceArn"],
        json!({"Fn::GetAtt": [stream_id, "Arn"]})
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([
            json!({
                "Action": [
                    "kinesis:DescribeStream", "kinesis:DescribeStreamConsumer",
                    "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
                    "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"
                ],
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [stream_id, "Arn"]}
            }),
            json!({"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": topic_id}}),
        ]))}}),
    );
    let sam = stack.sam_template().unwrap();
    let (_, f) = only(&sam, "AWS::Serverless::Function");
    let event = &f["Properties"]["Events"]["KinesisClicks"];
    assert_eq!(event["Type"], "Kinesis");
    assert_eq!(
        event["Properties"]["StartingPositionTimestamp"],
        1_700_000_000
    );
    assert_eq!(
        event["Properties"]["DestinationConfig"],
        json!({"OnFailure": {"Destination": {"Ref": topic_id}}})
    );
}

#[test]
fn stream_settings_and_customer_keys_reach_the_template_and_the_grants() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let stream = Stream::new(&stack, "Events")
        .stream_name("events.v1")
        .mode(StreamMode::OnDemand)
        .retention_period(Duration::from_secs(7 * 24 * 3600))
        .encryption(StreamEncryption::Kms(key.into()))
        .build();
    let reader = function(&stack, "Reader");
    let writer = function(&stack, "Writer");
    stream.grant_read(&reader);
    stream.grant_write(&writer);
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Kinesis::Stream",
        json!({
            "Name": "events.v1",
            "RetentionPeriodHours": 168,
            "StreamEncryption": {"EncryptionType": "KMS", "KeyId": key},
            "StreamModeDetails": {"StreamMode": "ON_DEMAND"},
            "ShardCount": Match::absent(),
        }),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([json!({
            "Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": key
        })]))}}),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([json!({
            "Action": "kms:GenerateDataKey*", "Effect": "Allow", "Resource": key
        })]))}}),
    );
}

#[test]
fn sqs_filters_and_scaling_render_in_both_templates() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let jobs = Queue::new(&stack, "Jobs").build();
    let func = function(&stack, "Worker");
    func.add_event_source(
        SqsEventSource::new(&jobs)
            .max_concurrency(5)
            .batch_size(50)
            .max_batching_window(Duration::from_secs(10))
            .filter(FilterPattern::new().field("body.kind", [Matcher::anything_but(["test"])]))
            .filter(FilterPattern::new().any_of([
                FilterPattern::new().field("body.total", [Matcher::greater_than(100.0)]),
                FilterPattern::new().field("attributes.SenderId", [Matcher::exists(true)]),
            ])),
    );
    let filters = json!({"Filters": [
        {"Pattern": r#"{"body":{"kind":[{"anything-but":["test"]}]}}"#},
        {"Pattern": r#"{"$or":[{"body":{"total":[{"numeric":[">",100]}]}},{"attributes":{"SenderId":[{"exists":true}]}}]}"#},
    ]});
    let plain = stack.template().unwrap();
    let (_, mapping) = only(&plain, "AWS::Lambda::EventSourceMapping");
    assert_eq!(mapping["Properties"]["FilterCriteria"], filters);
    assert_eq!(
        mapping["Properties"]["ScalingConfig"],
        json!({"MaximumConcurrency": 5})
    );
    assert_eq!(mapping["Properties"]["MaximumBatchingWindowInSeconds"], 10);
    let sam = stack.sam_template().unwrap();
    let (_, f) = only(&sam, "AWS::Serverless::Function");
    let event = &f["Properties"]["Events"]["SqsJobs"]["Properties"];
    assert_eq!(event["FilterCriteria"], filters);
    assert_eq!(event["ScalingConfig"], json!({"MaximumConcurrency": 5}));
}

/// A reference in a filter becomes an `Fn::Join` of the JSON text around it.
#[test]
fn a_reference_in_a_filter_pattern_is_joined_into_the_json_text() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let other = Queue::new(&stack, "Other").build();
    let pattern = FilterPattern::new().field("body.queue", [Matcher::exact(other.queue_name())]);
    let jobs = Queue::new(&stack, "Jobs").build();
    function(&stack, "Worker").add_event_source(SqsEventSource::new(&jobs).filter(pattern));
    let plain = stack.template().unwrap();
    let other_id = plain["Resources"]
        .as_object()
        .unwrap()
        .keys()
        .find(|k| k.starts_with("Other"))
        .unwrap()
        .clone();
    let (_, mapping) = only(&plain, "AWS::Lambda::EventSourceMapping");
    assert_eq!(
        mapping["Properties"]["FilterCriteria"]["Filters"][0]["Pattern"],
        json!({"Fn::Join": ["", [
            "{\"body\":{\"queue\":[\"",
            {"Fn::GetAtt": [other_id, "QueueName"]},
            "\"]}}"
        ]]})
    );
}

type Case = (Box<dyn Fn(&Stack, &Function)>, &'static str);
type StackCase = (Box<dyn Fn(&Stack)>, &'static str);

fn dynamo(stack: &Stack) -> DynamoEventSource {
    DynamoEventSource::new(&table(stack))
}

fn kinesis(stack: &Stack) -> KinesisEventSource {
    KinesisEventSource::new(&Stream::new(stack, "Clicks").build())
}

fn equals(s: &str) -> FilterPattern {
    FilterPattern::new().field("eventName", [Matcher::exact(s)])
}

/// Each limit, broken once, is one diagnostic on the mapping's path with a hint.
#[test]
fn each_limit_is_one_diagnostic_with_path_and_hint() {
    let cases: Vec<Case> = vec![
        (Box::new(|s, f| f.add_event_source(dynamo(s).batch_size(0))), "batch size 0 is outside 1..=10000"),
        (Box::new(|s, f| f.add_event_source(kinesis(s).batch_size(10_001))), "batch size 10001 is outside 1..=10000"),
        (Box::new(|s, f| f.add_event_source(dynamo(s).retry_attempts(-2))), "retry attempts -2 is outside -1..=10000"),
        (Box::new(|s, f| f.add_event_source(kinesis(s).retry_attempts(10_001))), "retry attempts 10001 is outside -1..=10000"),
        (Box::new(|s, f| f.add_event_source(dynamo(s).max_record_age_secs(59))), "maximum record age 59 s is neither -1 nor within 60..=604800"),
        (Box::new(|s, f| f.add_event_source(kinesis(s).max_record_age_secs(604_801))), "maximum record age 604801 s"),
        (Box::new(|s, f| f.add_event_source(dynamo(s).parallelization_factor(0))), "parallelization factor 0 is outside 1..=10"),
        (Box::new(|s, f| f.add_event_source(kinesis(s).parallelization_factor(11))), "parallelization factor 11 is outside 1..=10"),
        (Box::new(|s, f| f.add_event_source(dynamo(s).tumbling_window(Duration::from_secs(901)))), "tumbling window of 901 seconds is outside 0..=900"),
        (Box::new(|s, f| f.add_event_source(kinesis(s).max_batching_window(Duration::from_secs(301)))), "maximum batching window of 301 seconds is outside 0..=300"),
        (
            Box::new(|s, f| {
                let fifo = Queue::new(s, "Failed").fifo(true).build();
                f.add_event_source(dynamo(s).on_failure(OnFailure::queue(&fifo)))
            }),
            "the on-failure destination is a FIFO queue",
        ),
        (
            Box::new(|s, f| {
                let fifo = Topic::new(s, "Failed").fifo(true).build();
                f.add_event_source(kinesis(s).on_failure(OnFailure::topic(&fifo)))
            }),
            "the on-failure destination is a FIFO topic",
        ),
        (
            Box::new(|s, f| {
                let mut source = dynamo(s);
                for n in 0..6 {
                    source = source.filter(equals(&format!("E{n}")));
                }
                f.add_event_source(source)
            }),
            "6 event filters, more than Lambda's 5",
        ),
        (Box::new(|s, f| f.add_event_source(dynamo(s).filter(FilterPattern::new()))), "event filter 0 has no fields"),
        (
            Box::new(|s, f| f.add_event_source(kinesis(s).filter(FilterPattern::new().field("data.path", [Matcher::wildcard("a*b")])))),
            "event filter 0 field `data.path`: Lambda event filters have no `wildcard` matcher",
        ),
        (
            Box::new(|s, f| f.add_event_source(dynamo(s).filter(FilterPattern::new().any_of([equals("INSERT")])))),
            "event filter 0 `$or` has 1 alternative(s)",
        ),
        (
            Box::new(|s, f| {
                f.add_event_source(
                    dynamo(s).filter(
                        FilterPattern::new()
                            .any_of([equals("A"), equals("B")])
                            .any_of([equals("C"), equals("D")]),
                    ),
                )
            }),
            "event filter 0 has 2 `$or`s at the same level",
        ),
        (
            Box::new(|s, f| {
                let jobs = Queue::new(s, "Jobs").build();
                let typo = FilterPattern::new().field("body..status", [Matcher::exact("x")]);
                f.add_event_source(SqsEventSource::new(&jobs).filter(typo))
            }),
            "event filter 0 has a field with an empty name under `body`",
        ),
        (
            Box::new(|s, f| {
                let jobs = Queue::new(s, "Jobs").build();
                f.add_event_source(SqsEventSource::new(&jobs).max_concurrency(1))
            }),
            "maximum concurrency 1 is outside 2..=1000",
        ),
        (
            Box::new(|s, f| {
                let jobs = Queue::new(s, "Jobs").build();
                let between = FilterPattern::new().field("body.n", [Matcher::between(5.0, 1.0)]);
                f.add_event_source(SqsEventSource::new(&jobs).filter(between))
            }),
            "event filter 0 field `body.n`: a numeric range's lower bound is not below its upper bound",
        ),
    ];
    for (make, expected) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let func = function(&stack, "Handler");
        make(&stack, &func);
        let err = app.assemble().unwrap_err();
        support::assert_one_diagnostic(&err, expected, "S/Handler/");
    }
}

#[test]
fn stream_mistakes_are_one_diagnostic_each() {
    let cases: Vec<StackCase> = vec![
        (
            Box::new(|s| drop(Stream::new(s, "A").mode(StreamMode::Provisioned(0)).build())),
            "a provisioned stream has 0 shards",
        ),
        (
            Box::new(|s| {
                drop(
                    Stream::new(s, "A")
                        .retention_period(Duration::from_secs(23 * 3600))
                        .build(),
                )
            }),
            "retention period of 82800 seconds is not a whole number of hours within 24..=8760",
        ),
        (
            Box::new(|s| {
                drop(
                    Stream::new(s, "A")
                        .retention_period(Duration::from_secs(24 * 3600 + 1))
                        .build(),
                )
            }),
            "is not a whole number of hours",
        ),
        (
            Box::new(|s| drop(Stream::new(s, "A").stream_name("bad name").build())),
            "`bad name` is not a valid stream name",
        ),
    ];
    for (make, expected) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        make(&stack);
        let err = app.assemble().unwrap_err();
        let d = err.diagnostics();
        assert_eq!(d.len(), 1, "{expected}: {err}");
        assert!(
            d[0].message.contains(expected),
            "{expected}: {}",
            d[0].message
        );
        assert_eq!(d[0].path, "S/A");
        assert!(!d[0].hint.is_empty());
    }
}

/// cfn-lint (both templates, JSON and YAML), aws-sam-translator, the differential check and
/// `sam validate --lint` on every option of the three sources together.
#[test]
fn every_option_passes_the_validators_and_the_differential() {
    let out = std::env::temp_dir().join(format!("lambda-stream-sources-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "StreamSources");
    let orders = table(&stack);
    let failures = Queue::new(&stack, "Failures").build();
    let alerts = Topic::new(&stack, "Alerts").build();
    let clicks = Stream::new(&stack, "Clicks").build();
    let jobs = Queue::new(&stack, "Jobs")
        .visibility_timeout(Duration::from_secs(60))
        .build();
    function(&stack, "Audit").add_event_source(
        DynamoEventSource::new(&orders)
            .batch_size(100)
            .max_batching_window(Duration::from_secs(5))
            .retry_attempts(2)
            .max_record_age_secs(3600)
            .parallelization_factor(2)
            .tumbling_window(Duration::from_secs(30))
            .bisect_batch_on_error(true)
            .report_batch_item_failures(true)
            .on_failure(OnFailure::queue(&failures))
            .filter(equals("INSERT"))
            .filter(FilterPattern::new().any_of([equals("MODIFY"), equals("REMOVE")])),
    );
    function(&stack, "Count").add_event_source(
        KinesisEventSource::new(&clicks)
            .starting_position(KinesisStartingPosition::AtTimestamp(1_700_000_000))
            .parallelization_factor(4)
            .max_record_age_secs(-1)
            .retry_attempts(-1)
            .on_failure(OnFailure::topic(&alerts))
            .filter(FilterPattern::new().field("data.kind", [Matcher::exact("click")])),
    );
    function(&stack, "Worker").add_event_source(
        SqsEventSource::new(&jobs)
            .max_concurrency(5)
            .batch_size(50)
            .max_batching_window(Duration::from_secs(10))
            .filter(FilterPattern::new().field("body.kind", [Matcher::exact(jobs.queue_name())])),
    );
    app.write().expect("synthesizes");
    support::assert_real_tools_accept(&out, "StreamSources", 3);
    let _ = std::fs::remove_dir_all(&out);
}
