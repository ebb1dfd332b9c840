//! `lambda::event_sources`: SQS, SNS and schedule sources — their resources, logical IDs,
//! exact grant actions, dependencies and validation — and `events::Rule` with an event
//! pattern and a Lambda target (the shape the S3 event source will reuse).

use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::logical_id::make_unique_id;
use cdk_core::{App, Construct, Stack, Value};
use constructs::events::{Rule, Schedule};
use constructs::lambda::event_sources::{
    EventSource, ScheduleEventSource, SnsEventSource, SqsEventSource,
};
use constructs::lambda::{Code, Function, Runtime};
use constructs::sns::Topic;
use constructs::sqs::Queue;
use serde_json::{json, Value as Json};

const PY: &str = "def handler(event, context):\n    return None\n";

fn app_stack() -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    (app, stack)
}

fn function(stack: &Stack, timeout_secs: u64) -> Function {
    Function::new(
        stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .timeout(Duration::from_secs(timeout_secs))
    .build()
}

fn resource<'a>(t: &'a Template, logical_id: &str) -> &'a Json {
    let r = &t.to_json()["Resources"][logical_id];
    assert!(
        !r.is_null(),
        "no resource {logical_id} in\n{:#}",
        t.to_json()
    );
    r
}

fn ids_of_type(t: &Template, type_: &str) -> Vec<String> {
    t.to_json()["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == type_)
        .map(|(k, _)| k.clone())
        .collect()
}

fn error_of(app: &App) -> String {
    match app.assemble() {
        Ok(_) => panic!("synthesis succeeded, expected an error"),
        Err(e) => e.to_string(),
    }
}

// ---- SQS ---------------------------------------------------------------------------------------

#[test]
fn sqs_source_maps_grants_and_waits_for_the_policy_and_log_group() {
    let (_app, stack) = app_stack();
    let func = function(&stack, 10);
    let queue = Queue::new(&stack, "Queue").build();
    func.add_event_source(SqsEventSource::new(&queue));
    let t = Template::from_stack(&stack);

    // CDK's id: <function>/SqsEventSource:<queue's unique id>/Resource.
    let expected_id = make_unique_id(&[
        "Fn".to_string(),
        format!("SqsEventSource:{}", make_unique_id(&["S", "Queue"])),
        "Resource".to_string(),
    ]);
    assert!(
        expected_id.starts_with("FnSqsEventSourceSQueue"),
        "{expected_id}"
    );
    let mapping = resource(&t, &expected_id);
    let policy = func
        .role()
        .default_policy()
        .expect("the grant created the policy");
    let log_group = func.log_group().unwrap().resource().logical_id();
    let mut depends_on = vec![policy.logical_id(), log_group];
    depends_on.sort();
    assert_eq!(
        mapping,
        &json!({
            "Type": "AWS::Lambda::EventSourceMapping",
            "Properties": {
                "EventSourceArn": {"Fn::GetAtt": [queue.resource().logical_id(), "Arn"]},
                "FunctionName": {"Ref": func.resource().logical_id()},
            },
            "DependsOn": depends_on,
            "Metadata": {"aws:cdk:path": format!("S/Fn/SqsEventSource:{}/Resource", make_unique_id(&["S", "Queue"]))},
        })
    );
    // Exactly CDK's grantConsumeMessages actions, on the queue.
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": [
                "sqs:ChangeMessageVisibility",
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
                "sqs:ReceiveMessage",
            ],
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [queue.resource().logical_id(), "Arn"]},
        }]}}),
    );
    // The function itself waits for the policy too.
    assert_eq!(
        resource(&t, &func.resource().logical_id())["DependsOn"],
        json!([policy.logical_id()])
    );
}

#[test]
fn sqs_source_options() {
    let (_app, stack) = app_stack();
    let func = function(&stack, 3);
    let queue = Queue::new(&stack, "Queue").build();
    func.add_event_source(
        SqsEventSource::new(&queue)
            .batch_size(500)
            .max_batching_window(Duration::from_secs(30))
            .report_batch_item_failures(true)
            .enabled(false)
            .max_concurrency(5),
    );
    Template::from_stack(&stack).has_resource_properties(
        "AWS::Lambda::EventSourceMapping",
        json!({
            "BatchSize": 500,
            "Enabled": false,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "MaximumBatchingWindowInSeconds": 30,
            "ScalingConfig": {"MaximumConcurrency": 5},
        }),
    );
}

#[test]
fn sqs_source_across_stacks_imports_the_queue() {
    let app = App::new();
    let shared = Stack::new(&app, "Shared");
    let workers = Stack::new(&app, "Workers");
    let queue = Queue::new(&shared, "Queue").build();
    let func = Function::new(
        &workers,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .build();
    func.add_event_source(SqsEventSource::new(&queue));
    let assembly = app.assemble().expect("cross-stack source synthesizes");
    let workers_t = assembly
        .stack("Workers")
        .unwrap()
        .template(cdk_core::Flavor::Cfn)
        .unwrap();
    let text = workers_t.to_string();
    assert!(text.contains("Fn::ImportValue"), "{text}");
    assert_eq!(assembly.stack("Workers").unwrap().dependencies, ["Shared"]);
}

#[test]
fn sqs_source_validation() {
    type Case = (Box<dyn Fn(&Stack)>, &'static str);
    let path = format!("S/Fn/SqsEventSource:{}", make_unique_id(&["S", "Queue"]));
    let cases: Vec<Case> = vec![
        (
            Box::new(|s| {
                let f = function(s, 60);
                let q = Queue::new(s, "Queue").build(); // SQS default: 30 s
                f.add_event_source(SqsEventSource::new(&q));
            }),
            "the queue's visibility timeout (30 s) is shorter than the function's timeout (60 s)",
        ),
        (
            Box::new(|s| {
                let f = function(s, 3);
                let q = Queue::new(s, "Queue").build();
                f.add_event_source(SqsEventSource::new(&q).batch_size(11));
            }),
            "batch size 11 is outside 1..=10",
        ),
        (
            Box::new(|s| {
                let f = function(s, 3);
                let q = Queue::new(s, "Queue").build();
                f.add_event_source(
                    SqsEventSource::new(&q)
                        .batch_size(10_001)
                        .max_batching_window(Duration::from_secs(1)),
                );
            }),
            "batch size 10001 is outside 1..=10000",
        ),
        (
            Box::new(|s| {
                let f = function(s, 3);
                let q = Queue::new(s, "Queue").build();
                f.add_event_source(SqsEventSource::new(&q).batch_size(0));
            }),
            "batch size 0 is outside 1..=10",
        ),
        (
            Box::new(|s| {
                let f = function(s, 3);
                let q = Queue::new(s, "Queue").fifo(true).build();
                f.add_event_source(
                    SqsEventSource::new(&q).max_batching_window(Duration::from_secs(5)),
                );
            }),
            "a batching window is not supported for FIFO queues",
        ),
        (
            Box::new(|s| {
                let f = function(s, 3);
                let q = Queue::new(s, "Queue").build();
                f.add_event_source(
                    SqsEventSource::new(&q).max_batching_window(Duration::from_secs(301)),
                );
            }),
            "maximum batching window of 301 seconds is outside 0..=300 seconds",
        ),
        (
            Box::new(|s| {
                let f = function(s, 3);
                let q = Queue::new(s, "Queue").build();
                f.add_event_source(SqsEventSource::new(&q).max_concurrency(1));
            }),
            "maximum concurrency 1 is outside 2..=1000",
        ),
    ];
    for (make, expected) in cases {
        let (app, stack) = app_stack();
        make(&stack);
        let err = error_of(&app);
        let line = format!("{path}: {expected}");
        assert!(err.contains(&line), "expected `{line}` in:\n{err}");
    }
}

// ---- SNS ---------------------------------------------------------------------------------------

#[test]
fn sns_source_subscribes_and_permits_the_topic() {
    let (_app, stack) = app_stack();
    let func = function(&stack, 3);
    let topic = Topic::new(&stack, "Topic").build();
    func.add_event_source(SnsEventSource::new(&topic).filter_policy(json!({"severity": ["high"]})));
    let t = Template::from_stack(&stack);
    let fn_arn = json!({"Fn::GetAtt": [func.resource().logical_id(), "Arn"]});
    let topic_ref = json!({"Ref": topic.resource().logical_id()});

    // CDK: the subscription is <function>/<topic id>, the permission <function>/AllowInvoke:<topic's unique id>.
    let sub_id = make_unique_id(&["Fn", "Topic", "Resource"]);
    assert_eq!(
        resource(&t, &sub_id),
        &json!({
            "Type": "AWS::SNS::Subscription",
            "Properties": {
                "Endpoint": fn_arn,
                "FilterPolicy": {"severity": ["high"]},
                "Protocol": "lambda",
                "TopicArn": topic_ref,
            },
            "DependsOn": [func.log_group().unwrap().resource().logical_id()],
            "Metadata": {"aws:cdk:path": "S/Fn/Topic/Resource"},
        })
    );
    let perm_id = make_unique_id(&[
        "Fn".to_string(),
        format!("AllowInvoke:{}", make_unique_id(&["S", "Topic"])),
    ]);
    assert_eq!(
        resource(&t, &perm_id)["Properties"],
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": fn_arn,
            "Principal": "sns.amazonaws.com",
            "SourceArn": topic_ref,
        })
    );
    // Nothing to grant: SNS pushes.
    t.resource_count_is("AWS::IAM::Policy", 0);
}

#[test]
fn sns_source_validation() {
    let (app, stack) = app_stack();
    let func = function(&stack, 3);
    let fifo = Topic::new(&stack, "Orders").fifo(true).build();
    func.add_event_source(SnsEventSource::new(&fifo));
    let err = error_of(&app);
    assert!(
        err.contains("S/Fn/Orders: `S/Orders` is a FIFO topic; Lambda functions cannot subscribe to FIFO topics"),
        "{err}"
    );

    let (app, stack) = app_stack();
    let func = function(&stack, 3);
    let topic = Topic::new(&stack, "Topic").build();
    func.add_event_source(SnsEventSource::new(&topic));
    func.add_event_source(SnsEventSource::new(&topic));
    let err = error_of(&app);
    assert!(
        err.contains("S/Fn: the function is already subscribed to `S/Topic`"),
        "{err}"
    );
    // Reported once, not as a duplicate-id error too.
    assert_eq!(app.assemble().unwrap_err().diagnostics().len(), 1, "{err}");

    let (app, stack) = app_stack();
    let func = function(&stack, 3);
    let topic = Topic::new(&stack, "Topic").build();
    func.add_event_source(SnsEventSource::new(&topic).filter_policy(json!("high")));
    assert!(error_of(&app).contains("S/Fn/Topic: the filter policy is not a JSON object"));
}

// ---- schedule ----------------------------------------------------------------------------------

#[test]
fn schedule_source_creates_a_rule_under_the_function() {
    let (_app, stack) = app_stack();
    let func = function(&stack, 3);
    func.add_event_source(ScheduleEventSource::new(Schedule::rate(15)).description("refresh"));
    func.add_event_source(ScheduleEventSource::new(Schedule::cron("0 3 * * ? *")));
    func.add_event_source(
        ScheduleEventSource::new(Schedule::rate(1440))
            .id("Daily")
            .enabled(false),
    );
    let t = Template::from_stack(&stack);
    let fn_arn = json!({"Fn::GetAtt": [func.resource().logical_id(), "Arn"]});
    let rule = |id: &str| make_unique_id(&["Fn", id, "Resource"]);
    let log_group = func.log_group().unwrap().resource().logical_id();
    assert_eq!(
        resource(&t, &rule("Schedule")),
        &json!({
            "Type": "AWS::Events::Rule",
            "Properties": {
                "Description": "refresh",
                "ScheduleExpression": "rate(15 minutes)",
                "State": "ENABLED",
                "Targets": [{"Arn": fn_arn, "Id": "Target0"}],
            },
            "DependsOn": [log_group],
            "Metadata": {"aws:cdk:path": "S/Fn/Schedule/Resource"},
        })
    );
    assert_eq!(
        resource(&t, &rule("Schedule2"))["Properties"]["ScheduleExpression"],
        "cron(0 3 * * ? *)"
    );
    assert_eq!(
        resource(&t, &rule("Daily"))["Properties"]["State"],
        "DISABLED"
    );
    assert_eq!(
        resource(&t, &rule("Daily"))["Properties"]["ScheduleExpression"],
        "rate(1 day)"
    );
    let permissions = ids_of_type(&t, "AWS::Lambda::Permission");
    assert_eq!(permissions.len(), 3);
    t.has_resource_properties(
        "AWS::Lambda::Permission",
        Match::exact(json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": fn_arn,
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [rule("Schedule"), "Arn"]},
        })),
    );
    t.resource_count_is("AWS::IAM::Policy", 0);
}

#[test]
fn invalid_schedule_is_reported_on_the_rule() {
    let (app, stack) = app_stack();
    let func = function(&stack, 3);
    func.add_event_source(ScheduleEventSource::new(Schedule::cron("0 3 * * * *")));
    let err = error_of(&app);
    assert!(
        err.contains("S/Fn/Schedule: cron expression `0 3 * * * *`: exactly one of"),
        "{err}"
    );
}

// ---- event pattern rule + lambda target (the S3-via-EventBridge shape) ---------------------------

#[test]
fn event_pattern_rule_with_references_targets_a_function() {
    let (_app, stack) = app_stack();
    let func = function(&stack, 3);
    let queue = Queue::new(&stack, "Uploads").build(); // any resource name to reference
    let rule = Rule::new(&stack, "OnUpload")
        .event_pattern(Value::map([
            ("source", Value::list(["aws.s3"])),
            ("detail-type", Value::list(["Object Created"])),
            (
                "detail",
                Value::map([(
                    "bucket",
                    Value::map([("name", Value::list([queue.queue_name()]))]),
                )]),
            ),
        ]))
        .build();
    rule.add_target(&func);
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({
            "EventPattern": {
                "source": ["aws.s3"],
                "detail-type": ["Object Created"],
                "detail": {"bucket": {"name": [{"Fn::GetAtt": [queue.resource().logical_id(), "QueueName"]}]}},
            },
            "State": "ENABLED",
            "Targets": [{"Arn": {"Fn::GetAtt": [func.resource().logical_id(), "Arn"]}, "Id": "Target0"}],
        }),
    );
    let perm_path_prefix = "S/OnUpload/AllowEventRule";
    let perms: Vec<Json> = t.to_json()["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::Lambda::Permission")
        .cloned()
        .collect();
    assert_eq!(perms.len(), 1);
    assert!(perms[0]["Metadata"]["aws:cdk:path"]
        .as_str()
        .unwrap()
        .starts_with(perm_path_prefix));
}

#[test]
fn a_custom_event_source_fits_the_trait() {
    struct Marker(&'static str);
    impl EventSource for Marker {
        fn bind(&self, function: &Function) {
            function.node().add_error(format!("bound {}", self.0), "");
        }
    }
    let (app, stack) = app_stack();
    let func = function(&stack, 3);
    func.add_event_source(Marker("by value"));
    let kept = Marker("by reference");
    func.add_event_source(&kept); // a source can be bound by reference and reused
    let _ = kept;
    assert_eq!(app.assemble().unwrap_err().diagnostics().len(), 2);
}
