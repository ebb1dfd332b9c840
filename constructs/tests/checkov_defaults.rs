//! checkov on the defaults of every construct issue 12 added (topics, subscriptions, queues,
//! event buses, rules, archives, schedules, Kinesis streams, functions with URLs and
//! destinations, stream and queue event sources), in both templates.
//!
//! Each construct is synthesized alone, with its defaults, into a stack of its own; checkov
//! (pinned, offline, its own venv: `cdk_validators::checkov`) scans every template in one run.
//! The findings per stack and template must be exactly the allow-list below, and every
//! allowed check has its reason in [`REASONS`]: the finding stays because avoiding it by
//! default would cost the user (money, a key to manage, a network, a throttle), never because
//! the construct could avoid it for free. A finding that appears or disappears fails the test,
//! which prints the whole table to update.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::events::{Archive, EventBus, EventPattern, ImportedEventBus, Rule};
use constructs::kinesis::Stream;
use constructs::lambda::event_sources::{
    DynamoEventSource, KinesisEventSource, SqsEventSource, StartingPosition,
};
use constructs::lambda::{
    Code, Destination, Function, FunctionUrlAuthType, FunctionUrlOptions, Runtime,
};
use constructs::scheduler::{Schedule, ScheduleExpression};
use constructs::sns::{Subscription, Topic};
use constructs::sqs::Queue;

/// Why each finding that remains on a default is not fixed by default.
const REASONS: &[(&str, &str)] = &[
    (
        "CKV_AWS_27",
        "queues are encrypted at rest by default with SQS-managed keys (SqsManagedSseEnabled, \
         free); the check accepts only KMS (KmsMasterKeyId). KMS costs per request, and SNS and \
         EventBridge cannot send to a queue under the AWS managed key alias/aws/sqs, so it \
         would need a customer managed key: QueueEncryption::Kms is the opt-in",
    ),
    (
        "CKV_AWS_119",
        "the table a DynamoDB event source reads is encrypted at rest with the AWS owned key \
         by default (free); the check wants a customer managed key (monthly and per-request \
         cost, a key policy to keep)",
    ),
    (
        "CKV_AWS_115",
        "reserved concurrency caps the function and takes the capacity from the account's \
         shared pool; the right number is the user's (FunctionBuilder::reserved_concurrent_executions)",
    ),
    (
        "CKV_AWS_116",
        "a dead-letter queue for asynchronous invocations is a second resource to watch and \
         pay for, and only asynchronous callers use it (FunctionBuilder::dead_letter_queue, or \
         an on-failure destination)",
    ),
    (
        "CKV_AWS_117",
        "a VPC needs subnets and security groups the user owns, and NAT or endpoints to reach \
         AWS APIs (an hourly cost); FunctionBuilder::vpc is the opt-in",
    ),
    (
        "CKV_AWS_158",
        "a log group encrypted with KMS needs a customer managed key (monthly cost, a key \
         policy for logs.<region>.amazonaws.com); CloudWatch Logs encrypts at rest anyway",
    ),
    (
        "CKV_AWS_173",
        "environment variables are encrypted at rest with the AWS managed key anyway; the \
         check wants a customer managed key (FunctionBuilder::environment_encryption)",
    ),
];

/// The constructs, one stack each: (stack name, what it holds).
fn define(app: &App) {
    let code = || Code::from_inline("def handler(event, context):\n    return None\n");
    let function = |stack: &Stack, id: &str| {
        Function::new(stack, id, Runtime::PYTHON_3_14, code(), "index.handler").build()
    };

    let s = Stack::new(app, "Topic");
    Topic::new(&s, "Topic").build();

    let s = Stack::new(app, "QueueSubscription");
    let topic = Topic::new(&s, "Topic").build();
    let queue = Queue::new(&s, "Queue").build();
    topic.add_subscription(Subscription::queue(&queue));

    let s = Stack::new(app, "FunctionSubscription");
    let topic = Topic::new(&s, "Topic").build();
    let f = function(&s, "Handler");
    topic.add_subscription(Subscription::function(&f));

    let s = Stack::new(app, "EndpointSubscriptions");
    let topic = Topic::new(&s, "Topic").build();
    topic.add_subscription(Subscription::email("ops@example.com"));
    topic.add_subscription(Subscription::email_json("audit@example.com"));
    topic.add_subscription(Subscription::sms("+14155550100"));
    topic.add_subscription(Subscription::https("https://example.com/hook"));
    topic.add_subscription(Subscription::lambda(
        "arn:aws:lambda:eu-west-1:111122223333:function:notify",
    ));
    topic.add_subscription(Subscription::firehose(
        "arn:aws:firehose:eu-west-1:111122223333:deliverystream/orders",
    ));

    let s = Stack::new(app, "Queue");
    Queue::new(&s, "Queue").build();

    let s = Stack::new(app, "EventBus");
    let bus = EventBus::new(&s, "Bus").build();
    Archive::new(&s, "Archive", &bus).build();

    let s = Stack::new(app, "Rule");
    let queue = Queue::new(&s, "Target").build();
    let rule = Rule::new(&s, "Rule")
        .event_bus(&ImportedEventBus::default_bus())
        .event_pattern(EventPattern::new().source(["shop.orders"]))
        .build();
    rule.add_target(&queue);

    let s = Stack::new(app, "Schedule");
    let f = function(&s, "Handler");
    Schedule::new(
        &s,
        "Schedule",
        ScheduleExpression::rate(Duration::from_secs(3600)),
        &f,
    )
    .build();

    let s = Stack::new(app, "KinesisStream");
    Stream::new(&s, "Stream").build();

    let s = Stack::new(app, "Function");
    function(&s, "Handler");

    // Environment variables are the user's, not a default; CKV_AWS_173 looks only at a
    // function that has them.
    let s = Stack::new(app, "FunctionEnvironment");
    Function::new(&s, "Handler", Runtime::PYTHON_3_14, code(), "index.handler")
        .env("STAGE", "prod")
        .build();

    let s = Stack::new(app, "FunctionUrl");
    let f = function(&s, "Handler");
    f.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));

    let s = Stack::new(app, "FunctionDestinations");
    let failed = Queue::new(&s, "Failed").build();
    let done = Topic::new(&s, "Done").build();
    Function::new(&s, "Handler", Runtime::PYTHON_3_14, code(), "index.handler")
        .on_success(Destination::topic(&done))
        .on_failure(Destination::queue(&failed))
        .build();

    let s = Stack::new(app, "DynamoEventSource");
    let table = Table::new(&s, "Table", Attribute::string("Id"))
        .stream(StreamViewType::NewImage)
        .build();
    let f = function(&s, "Handler");
    f.add_event_source(DynamoEventSource::new(&table).starting_position(StartingPosition::Latest));

    let s = Stack::new(app, "KinesisEventSource");
    let stream = Stream::new(&s, "Stream").build();
    let f = function(&s, "Handler");
    f.add_event_source(KinesisEventSource::new(&stream));

    let s = Stack::new(app, "SqsEventSource");
    let queue = Queue::new(&s, "Queue").build();
    let f = function(&s, "Handler");
    f.add_event_source(SqsEventSource::new(&queue));
}

/// The findings each stack keeps, in both templates: (resource type, check id). A SAM
/// function (`AWS::Serverless::Function`) counts as `AWS::Lambda::Function`.
fn expected() -> BTreeMap<&'static str, Vec<(&'static str, &'static str)>> {
    const FUNCTION: &[(&str, &str)] = &[
        ("AWS::Lambda::Function", "CKV_AWS_115"),
        ("AWS::Lambda::Function", "CKV_AWS_116"),
        ("AWS::Lambda::Function", "CKV_AWS_117"),
        ("AWS::Logs::LogGroup", "CKV_AWS_158"),
    ];
    const QUEUE: &[(&str, &str)] = &[("AWS::SQS::Queue", "CKV_AWS_27")];
    let with = |parts: &[&[(&'static str, &'static str)]]| parts.concat();
    BTreeMap::from([
        ("Topic", vec![]),
        ("QueueSubscription", with(&[QUEUE])),
        ("FunctionSubscription", with(&[FUNCTION])),
        ("EndpointSubscriptions", vec![]),
        ("Queue", with(&[QUEUE])),
        ("EventBus", vec![]),
        ("Rule", with(&[QUEUE])),
        ("Schedule", with(&[FUNCTION])),
        ("KinesisStream", vec![]),
        ("Function", with(&[FUNCTION])),
        (
            "FunctionEnvironment",
            with(&[FUNCTION, &[("AWS::Lambda::Function", "CKV_AWS_173")]]),
        ),
        ("FunctionUrl", with(&[FUNCTION])),
        ("FunctionDestinations", with(&[FUNCTION, QUEUE])),
        (
            "DynamoEventSource",
            with(&[FUNCTION, &[("AWS::DynamoDB::Table", "CKV_AWS_119")]]),
        ),
        ("KinesisEventSource", with(&[FUNCTION])),
        ("SqsEventSource", with(&[FUNCTION, QUEUE])),
    ])
}

type Found = BTreeMap<(String, &'static str), BTreeSet<(String, String)>>;

#[test]
fn checkov_finds_on_the_defaults_only_what_costs_the_user_to_avoid() {
    let out = std::env::temp_dir().join(format!("checkov-defaults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);
    define(&app);
    app.write().expect("the constructs synthesize");

    let expected = expected();
    let flavors = [("template", "plain"), ("sam", "SAM")];
    let mut templates: Vec<PathBuf> = Vec::new();
    for stack in expected.keys() {
        for (suffix, _) in flavors {
            templates.push(out.join(format!("{stack}.{suffix}.json")));
        }
    }
    let started = std::time::Instant::now();
    let report = cdk_validators::checkov(&templates);
    eprintln!(
        "checkov: {} templates, {} resources, {} passed, {} failed, in {:.1?}",
        templates.len(),
        report.resource_count,
        report.passed,
        report.failed.len(),
        started.elapsed()
    );
    assert!(report.resource_count > 0 && report.passed > 0, "{report:?}");

    let mut found: Found = BTreeMap::new();
    for f in &report.failed {
        let (stack, rest) = f.file.split_once('.').expect("<Stack>.<flavor>.json");
        let flavor = if rest.starts_with("sam.") {
            "SAM"
        } else {
            "plain"
        };
        let kind = match f.resource_type.as_str() {
            "AWS::Serverless::Function" => "AWS::Lambda::Function".to_string(),
            other => other.to_string(),
        };
        found
            .entry((stack.to_string(), flavor))
            .or_default()
            .insert((kind, f.check_id.clone()));
    }
    let mut problems = Vec::new();
    for (stack, allowed) in &expected {
        let allowed: BTreeSet<(String, String)> = allowed
            .iter()
            .map(|(t, c)| (t.to_string(), c.to_string()))
            .collect();
        for (_, flavor) in flavors {
            let got = found
                .get(&(stack.to_string(), flavor))
                .cloned()
                .unwrap_or_default();
            if got != allowed {
                problems.push(format!(
                    "{stack} ({flavor}): checkov found {got:?}, the allow-list says {allowed:?}"
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "checkov's findings differ from the allow-list:\n{}\nall findings:\n{}",
        problems.join("\n"),
        report
            .failed
            .iter()
            .map(|f| format!(
                "  {} {} {} {}: {}",
                f.file, f.resource_type, f.logical_id, f.check_id, f.check_name
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (_, check) in expected.values().flatten() {
        assert!(
            REASONS.iter().any(|(id, _)| id == check),
            "{check} is allowed without a reason in REASONS"
        );
    }
    for (id, _) in REASONS {
        assert!(
            expected.values().flatten().any(|(_, c)| c == id),
            "{id} has a reason but no stack is allowed it: remove it from REASONS"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
