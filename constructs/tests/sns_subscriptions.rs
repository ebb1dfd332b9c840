//! SNS topics and their typed subscriptions: what each subscription renders (the
//! subscription through the L1, the queue policy or invoke permission it needs), the
//! mistakes reported at synth (one diagnostic each, with path and hint), and cfn-lint on the
//! written templates.

use std::path::PathBuf;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Construct, Stack};
use constructs::sns::{Filter, FilterPolicy, Subscription, Topic, TopicEncryption};
use constructs::sqs::{Queue, QueueEncryption};
use serde_json::json;

fn stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    (app, stack)
}

fn arn_of(queue: &Queue) -> serde_json::Value {
    json!({"Fn::GetAtt": [queue.resource().logical_id(), "Arn"]})
}

fn send_statement(topic: &Topic, queue: &Queue) -> serde_json::Value {
    json!({
        "Action": "sqs:SendMessage",
        "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": topic.resource().logical_id()}}},
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Resource": arn_of(queue),
    })
}

#[test]
fn a_queue_subscription_lives_under_the_queue_and_waits_for_its_policy() {
    let (_app, stack) = stack();
    let topic = Topic::new(&stack, "Orders").build();
    let queue = Queue::new(&stack, "Paid").build();
    let sub = topic
        .add_subscription(Subscription::queue(&queue).raw_message_delivery(true))
        .expect("a subscription");
    assert_eq!(
        sub.resource().node().path(),
        "S/Paid/SOrdersB002CD82/Resource"
    );
    let policy = queue.policy().expect("the queue policy");
    let t = Template::from_stack(&stack);
    t.has_resource(
        "AWS::SNS::Subscription",
        json!({
            "Properties": Match::exact(json!({
                "Endpoint": arn_of(&queue),
                "Protocol": "sqs",
                "RawMessageDelivery": true,
                "TopicArn": {"Ref": topic.resource().logical_id()},
            })),
            "DependsOn": [policy.logical_id()],
        }),
    );
    t.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        Match::exact(json!({
            "PolicyDocument": {"Statement": [send_statement(&topic, &queue)], "Version": "2012-10-17"},
            "Queues": [{"Ref": queue.resource().logical_id()}],
        })),
    );
}

#[test]
fn one_queue_policy_holds_the_subscription_and_user_statements() {
    let (_app, stack) = stack();
    let a = Topic::new(&stack, "A").build();
    let b = Topic::new(&stack, "B").build();
    let queue = Queue::new(&stack, "Q").build();
    a.add_subscription(Subscription::queue(&queue));
    b.add_subscription(Subscription::queue(&queue));
    queue.add_to_resource_policy(
        constructs::iam::PolicyStatement::allow()
            .actions(["sqs:SendMessage"])
            .principal(constructs::iam::Principal::service("events.amazonaws.com"))
            .resources([queue.arn()]),
    );
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::SQS::QueuePolicy", 1);
    t.resource_count_is("AWS::SNS::Subscription", 2);
    t.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        json!({"PolicyDocument": {"Statement": [
            send_statement(&a, &queue),
            send_statement(&b, &queue),
            {"Principal": {"Service": "events.amazonaws.com"}},
        ]}}),
    );
}

#[test]
fn a_filter_policy_on_the_body_and_a_dead_letter_queue() {
    let (_app, stack) = stack();
    let topic = Topic::new(&stack, "Orders").build();
    let queue = Queue::new(&stack, "Big").build();
    let dlq = Queue::new(&stack, "Undelivered").build();
    topic.add_subscription(
        Subscription::queue(&queue)
            .filter_policy(
                FilterPolicy::message_body()
                    .path(&["order", "total"], [Filter::at_least(100.0)])
                    .path(&["order", "country"], [Filter::anything_but(["XX"])])
                    .key("kind", [Filter::prefix("order.")]),
            )
            .dead_letter_queue(&dlq),
    );
    let t = Template::from_stack(&stack);
    t.has_resource(
        "AWS::SNS::Subscription",
        json!({
            "Properties": {
                "FilterPolicy": {
                    "order": {"total": [{"numeric": [">=", 100]}], "country": [{"anything-but": ["XX"]}]},
                    "kind": [{"prefix": "order."}],
                },
                "FilterPolicyScope": "MessageBody",
                "RedrivePolicy": {"deadLetterTargetArn": arn_of(&dlq)},
            },
            "DependsOn": [
                queue.policy().unwrap().logical_id(),
                dlq.policy().unwrap().logical_id(),
            ],
        }),
    );
    t.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        json!({
            "PolicyDocument": {"Statement": [send_statement(&topic, &dlq)]},
            "Queues": [{"Ref": dlq.resource().logical_id()}],
        }),
    );
}

#[test]
fn endpoint_subscriptions_live_under_the_topic() {
    let (_app, stack) = stack();
    let topic = Topic::new(&stack, "Alerts").build();
    let attributes = FilterPolicy::message_attributes().key("severity", [Filter::exact("high")]);
    topic.add_subscription(Subscription::email("ops@example.com").filter_policy(attributes));
    topic.add_subscription(Subscription::email_json("audit@example.com"));
    topic.add_subscription(Subscription::sms("+14155550100"));
    topic.add_subscription(Subscription::http("http://example.com/hook"));
    let https = topic
        .add_subscription(
            Subscription::https("https://example.com/hook").raw_message_delivery(true),
        )
        .unwrap();
    assert_eq!(
        https.resource().node().path(),
        "S/Alerts/https:----example.com--hook/Resource"
    );
    let t = Template::from_stack(&stack);
    let topic_ref = json!({"Ref": topic.resource().logical_id()});
    for (protocol, endpoint) in [
        ("email-json", "audit@example.com"),
        ("sms", "+14155550100"),
        ("http", "http://example.com/hook"),
    ] {
        t.has_resource_properties(
            "AWS::SNS::Subscription",
            Match::exact(
                json!({"Endpoint": endpoint, "Protocol": protocol, "TopicArn": topic_ref}),
            ),
        );
    }
    t.has_resource_properties(
        "AWS::SNS::Subscription",
        Match::exact(json!({
            "Endpoint": "ops@example.com",
            "FilterPolicy": {"severity": ["high"]},
            "Protocol": "email",
            "TopicArn": topic_ref,
        })),
    );
    t.has_resource_properties(
        "AWS::SNS::Subscription",
        json!({"Protocol": "https", "RawMessageDelivery": true}),
    );
}

#[test]
fn a_lambda_subscription_adds_the_invoke_permission() {
    let (_app, stack) = stack();
    let topic = Topic::new(&stack, "Alerts").build();
    let arn = "arn:aws:lambda:eu-west-1:111122223333:function:notify";
    topic.add_subscription(Subscription::lambda(arn));
    let expr = cdk_core::fns::join("", ["arn:aws:lambda:::function:", "x"]);
    let token = topic.add_subscription(Subscription::lambda(expr)).unwrap();
    assert_eq!(
        token.resource().node().path(),
        "S/Alerts/TokenSubscription:1/Resource"
    );
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::SNS::Subscription",
        json!({"Endpoint": arn, "Protocol": "lambda"}),
    );
    t.resource_count_is("AWS::Lambda::Permission", 2);
    t.has_resource_properties(
        "AWS::Lambda::Permission",
        Match::exact(json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": arn,
            "Principal": "sns.amazonaws.com",
            "SourceArn": {"Ref": topic.resource().logical_id()},
        })),
    );
}

const STREAM: &str = "arn:aws:firehose:eu-west-1:111122223333:deliverystream/orders";

#[test]
fn a_firehose_subscription_gets_a_role_allowed_that_stream_only() {
    let (_app, stack) = stack();
    let topic = Topic::new(&stack, "Orders").build();
    let dlq = Queue::new(&stack, "Undelivered").build();
    let sub = topic
        .add_subscription(
            Subscription::firehose(STREAM)
                .raw_message_delivery(true)
                .dead_letter_queue(&dlq),
        )
        .expect("a subscription");
    assert_eq!(
        sub.resource().node().path(),
        "S/Orders/arn:aws:firehose:eu-west-1:111122223333:deliverystream--orders/Resource"
    );
    let t = Template::from_stack(&stack);
    let roles = t.find_resources("AWS::IAM::Role", json!({}));
    assert_eq!(roles.len(), 1, "{roles:?}");
    let role_id = roles.keys().next().unwrap().clone();
    let policies = t.find_resources("AWS::IAM::Policy", json!({}));
    assert_eq!(policies.len(), 1, "{policies:?}");
    let policy_id = policies.keys().next().unwrap().clone();
    t.has_resource(
        "AWS::SNS::Subscription",
        json!({
            "Properties": Match::exact(json!({
                "Endpoint": STREAM,
                "Protocol": "firehose",
                "RawMessageDelivery": true,
                "RedrivePolicy": {"deadLetterTargetArn": arn_of(&dlq)},
                "SubscriptionRoleArn": {"Fn::GetAtt": [role_id, "Arn"]},
                "TopicArn": {"Ref": topic.resource().logical_id()},
            })),
            "DependsOn": Match::array_with(json!([policy_id, dlq.policy().unwrap().logical_id()])),
        }),
    );
    t.has_resource_properties(
        "AWS::IAM::Role",
        Match::exact(json!({"AssumeRolePolicyDocument": {
            "Statement": [{
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
            }],
            "Version": "2012-10-17",
        }})),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({
            "PolicyDocument": Match::exact(json!({"Statement": [{
                "Action": [
                    "firehose:DescribeDeliveryStream",
                    "firehose:ListDeliveryStreams",
                    "firehose:ListTagsForDeliveryStream",
                    "firehose:PutRecord",
                    "firehose:PutRecordBatch",
                ],
                "Effect": "Allow",
                "Resource": STREAM,
            }], "Version": "2012-10-17"})),
            "Roles": [{"Ref": role_id}],
        }),
    );
}

#[test]
fn a_firehose_stream_given_by_an_expression_is_a_token_subscription() {
    let (_app, stack) = stack();
    let topic = Topic::new(&stack, "Orders").build();
    let arn = cdk_core::fns::import_value("Analytics:StreamArn");
    let sub = topic.add_subscription(Subscription::firehose(arn)).unwrap();
    assert_eq!(
        sub.resource().node().path(),
        "S/Orders/TokenSubscription:1/Resource"
    );
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [
            {"Resource": {"Fn::ImportValue": "Analytics:StreamArn"}},
        ]}}),
    );
}

#[test]
fn five_delivery_streams_per_topic_are_allowed() {
    let (app, stack) = stack();
    let topic = Topic::new(&stack, "Orders").build();
    for i in 1..=5 {
        topic.add_subscription(Subscription::firehose(format!("{STREAM}-{i}")));
    }
    app.assemble()
        .expect("SNS allows five Firehose subscriptions per topic");
    Template::from_stack(&stack).resource_count_is("AWS::IAM::Role", 5);
}

#[test]
fn a_fifo_topic_delivers_to_fifo_and_standard_queues() {
    let (app, stack) = stack();
    let topic = Topic::new(&stack, "Orders")
        .fifo(true)
        .content_based_deduplication(true)
        .build();
    let queue = Queue::new(&stack, "Orders.fifo").fifo(true).build();
    let dlq = Queue::new(&stack, "Dlq").fifo(true).build();
    topic.add_subscription(Subscription::queue(&queue).dead_letter_queue(&dlq));
    // A standard queue too (AWS delivers FIFO topics to standard queues, without the order);
    // its subscription's dead-letter queue is still FIFO, as the topic is.
    let standard = Queue::new(&stack, "Analytics").build();
    let standard_dlq = Queue::new(&stack, "AnalyticsDlq").fifo(true).build();
    topic.add_subscription(Subscription::queue(&standard).dead_letter_queue(&standard_dlq));
    app.assemble()
        .expect("a FIFO topic delivers to FIFO and standard queues");
    let t = cdk_core::assertions::Template::from_stack(&stack);
    t.resource_count_is("AWS::SNS::Subscription", 2);
}

/// The one diagnostic `make` causes: its path, message and hint.
fn only_diagnostic(make: impl Fn(&Stack)) -> cdk_core::Diagnostic {
    let (app, stack) = stack();
    make(&stack);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
    d[0].clone()
}

type Case = (Box<dyn Fn(&Stack)>, &'static str, &'static str);

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let q = Queue::new(s, "Q").fifo(true).build();
                t.add_subscription(Subscription::queue(&q));
            }),
            "S/Q/STE7DEDF33",
            "`S/T` is a standard topic but the queue `S/Q` is FIFO",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").fifo(true).build();
                t.add_subscription(Subscription::email("a@example.com"));
            }),
            "S/T/a@example.com",
            "`S/T` is a FIFO topic, which delivers only to SQS FIFO queues, not over `email`",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let q = Queue::new(s, "Q")
                    .encryption(QueueEncryption::KmsManaged)
                    .build();
                t.add_subscription(Subscription::queue(&q));
            }),
            "S/Q/STE7DEDF33",
            "the queue `S/Q` is encrypted with the AWS managed key `alias/aws/sqs`, which SNS cannot use",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").fifo(true).build();
                t.add_subscription(Subscription::firehose(STREAM));
            }),
            "S/T/arn:aws:firehose:eu-west-1:111122223333:deliverystream--orders",
            "`S/T` is a FIFO topic, which delivers only to SQS FIFO queues, not over `firehose`",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                t.add_subscription(Subscription::firehose(
                    "arn:aws:kinesis:eu-west-1:111122223333:stream/orders",
                ));
            }),
            "S/T/arn:aws:kinesis:eu-west-1:111122223333:stream--orders",
            "`arn:aws:kinesis:eu-west-1:111122223333:stream/orders` is not a valid `firehose` endpoint",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                for i in 1..=6 {
                    t.add_subscription(Subscription::firehose(format!("{STREAM}-{i}")));
                }
            }),
            "S/T/arn:aws:firehose:eu-west-1:111122223333:deliverystream--orders-6",
            "this is Firehose subscription number 6 of `S/T`; SNS allows 5 per topic",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                t.add_subscription(Subscription::firehose(STREAM));
                t.add_subscription(Subscription::firehose(STREAM));
            }),
            "S/T",
            "`S/T/arn:aws:firehose:eu-west-1:111122223333:deliverystream--orders` already exists",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                t.add_subscription(Subscription::sms("+1555").raw_message_delivery(true));
            }),
            "S/T/+1555",
            "raw message delivery is not available for `sms` subscriptions",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                t.add_subscription(Subscription::email("nobody"));
            }),
            "S/T/nobody",
            "`nobody` is not a valid `email` endpoint",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                t.add_subscription(Subscription::https("http://example.com"));
            }),
            "S/T/http:----example.com",
            "`http://example.com` is not a valid `https` endpoint",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let q = Queue::new(s, "Q").build();
                let dlq = Queue::new(s, "Dlq").fifo(true).build();
                t.add_subscription(Subscription::queue(&q).dead_letter_queue(&dlq));
            }),
            "S/Q/STE7DEDF33",
            "the dead-letter queue `S/Dlq` is FIFO but the topic `S/T` is standard",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let q = Queue::new(s, "Q").build();
                t.add_subscription(Subscription::queue(&q));
                t.add_subscription(Subscription::queue(&q));
            }),
            "S/T",
            "`S/Q/STE7DEDF33` already exists: the endpoint is already subscribed to this topic",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let policy = FilterPolicy::message_attributes()
                    .key("a", [Filter::exact("x")])
                    .path(&["b", "c"], [Filter::exists(true)]);
                t.add_subscription(Subscription::email("a@example.com").filter_policy(policy));
            }),
            "S/T/a@example.com",
            "the filter policy key `b.c` is nested, but the policy is on message attributes",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let policy = FilterPolicy::message_attributes().key("n", []);
                t.add_subscription(Subscription::email("a@example.com").filter_policy(policy));
            }),
            "S/T/a@example.com",
            "the filter policy key `n` has no conditions",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let policy =
                    FilterPolicy::message_attributes().key("n", [Filter::between(10.0, 1.0)]);
                t.add_subscription(Subscription::email("a@example.com").filter_policy(policy));
            }),
            "S/T/a@example.com",
            "filter policy key `n`: the numeric range 10..1 is empty",
        ),
        (
            Box::new(|s| {
                let t = Topic::new(s, "T").build();
                let policy = FilterPolicy::message_attributes()
                    .key("a", (0..13).map(|i| Filter::exact(&i.to_string())))
                    .key("b", (0..12).map(|i| Filter::exact(&i.to_string())));
                t.add_subscription(Subscription::email("a@example.com").filter_policy(policy));
            }),
            "S/T/a@example.com",
            "the filter policy has 156 combinations of values, more than 150",
        ),
    ];
    for (make, path, message) in cases {
        let d = only_diagnostic(make);
        assert_eq!(d.path, path, "{message}");
        assert!(
            d.message.contains(message),
            "expected `{message}`, got `{}`",
            d.message
        );
    }
}

#[test]
fn topics_queues_and_subscriptions_pass_cfn_lint() {
    let base = std::env::temp_dir().join(format!("sns-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let app = App::with_out_dir(&base);
    let stack = Stack::new(&app, "Subscriptions");
    let topic = Topic::new(&stack, "Orders").display_name("Orders").build();
    let plain = Topic::new(&stack, "Plain")
        .encryption(TopicEncryption::Unencrypted)
        .enforce_ssl(false)
        .build();
    let queue = Queue::new(&stack, "Paid").build();
    let dlq = Queue::new(&stack, "Undelivered").build();
    topic.add_subscription(
        Subscription::queue(&queue)
            .raw_message_delivery(true)
            .filter_policy(
                FilterPolicy::message_attributes()
                    .key("status", [Filter::exact("paid"), Filter::prefix("refund")])
                    .key("total", [Filter::between(1.0, 1000.0)]),
            )
            .dead_letter_queue(&dlq),
    );
    topic.add_subscription(Subscription::email("ops@example.com"));
    topic.add_subscription(Subscription::email_json("audit@example.com"));
    topic.add_subscription(Subscription::sms("+14155550100"));
    topic.add_subscription(Subscription::https("https://example.com/hook"));
    topic.add_subscription(Subscription::lambda(
        "arn:aws:lambda:eu-west-1:111122223333:function:notify",
    ));
    plain.add_subscription(Subscription::http("http://example.com/plain"));
    topic.add_subscription(
        Subscription::firehose(STREAM)
            .raw_message_delivery(true)
            .filter_policy(
                FilterPolicy::message_body().path(&["order", "total"], [Filter::at_least(100.0)]),
            ),
    );
    let fifo = Topic::new(&stack, "Ledger")
        .fifo(true)
        .content_based_deduplication(true)
        .build();
    let ledger = Queue::new(&stack, "LedgerQueue")
        .fifo(true)
        .deduplication_scope(constructs::sqs::DeduplicationScope::MessageGroup)
        .fifo_throughput_limit(constructs::sqs::FifoThroughputLimit::PerMessageGroupId)
        .build();
    fifo.add_subscription(Subscription::queue(&ledger));
    app.write().expect("the stack synthesizes");

    let mut templates: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("Subscriptions.")
                && (name.ends_with(".json") || name.ends_with(".yaml"))
        })
        .collect();
    templates.sort();
    assert_eq!(templates.len(), 4, "templates written: {templates:?}");
    let lint = cdk_validators::cfn_lint(&templates);
    assert!(
        lint.success,
        "cfn-lint found problems in {templates:?}:\n{}",
        lint.output
    );
    // The informational rules too: I3013 (a queue without an explicit retention period).
    let mut args = vec!["--format", "parseable", "--include-checks", "I", "--"];
    let paths: Vec<String> = templates.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    let informational = cdk_validators::run("cfn-lint", &args);
    assert!(
        informational.success,
        "cfn-lint's informational rules found problems:\n{}",
        informational.output
    );
    let sam = base.join("Subscriptions.sam.json");
    let validate = cdk_validators::sam_validate_lint(&sam);
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
    let translated = cdk_validators::sam_translate(&sam).expect("the SAM template translates");
    let plain: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(base.join("Subscriptions.template.json")).unwrap(),
    )
    .unwrap();
    let report = cdk_validators::differential(&translated, &plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}"
    );
    let _ = std::fs::remove_dir_all(&base);
}
