//! SQS queues and SNS topics as EventBridge rule targets (`events::RuleTarget`), with
//! per-target options (`TargetOptions`: input transformer, retry policy, dead-letter queue):
//! the targets and resource-policy statements they render, one diagnostic per mistake with
//! path and hint, and cfn-lint on a synthesized stack.

use std::path::PathBuf;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Stack};
use constructs::events::{
    InputTransformer, RetryPolicy, Rule, RuleTargetConfig, Schedule, TargetOptions,
};
use constructs::sns::{Topic, TopicEncryption};
use constructs::sqs::{Queue, QueueEncryption};
use serde_json::json;

const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn rule(stack: &Stack) -> Rule {
    Rule::new(stack, "Orders")
        .event_pattern(json!({"source": ["shop.orders"]}))
        .build()
}

fn arn_of(queue: &Queue) -> serde_json::Value {
    json!({"Fn::GetAtt": [queue.resource().logical_id(), "Arn"]})
}

#[test]
fn a_queue_target_gets_the_queue_policy_statement() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let rule = rule(&stack);
    let queue = Queue::new(&stack, "Jobs").build();
    assert_eq!(rule.add_target(&queue), "Target0");
    rule.add_target(&queue);
    let rule_arn = json!({"Fn::GetAtt": [rule.resource().logical_id(), "Arn"]});
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({"Targets": [{"Arn": arn_of(&queue), "Id": "Target0"}, {"Id": "Target1"}]}),
    );
    t.resource_count_is("AWS::SQS::QueuePolicy", 1);
    t.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        Match::exact(json!({
            "PolicyDocument": {"Statement": [{
                "Action": "sqs:SendMessage",
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Resource": arn_of(&queue),
            }], "Version": "2012-10-17"},
            "Queues": [{"Ref": queue.resource().logical_id()}],
        })),
    );
}

#[test]
fn a_topic_target_gets_the_topic_policy_statement() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let rule = rule(&stack);
    let topic = Topic::new(&stack, "Alerts")
        .encryption(TopicEncryption::Kms(KEY.into()))
        .build();
    rule.add_target(&topic);
    let topic_ref = json!({"Ref": topic.resource().logical_id()});
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({"Targets": [{"Arn": topic_ref, "Id": "Target0"}]}),
    );
    t.has_resource_properties(
        "AWS::SNS::TopicPolicy",
        json!({"PolicyDocument": {"Statement": [
            {"Sid": "AllowPublishThroughSSLOnly"},
            {
                "Action": "sns:Publish",
                "Condition": {"ArnEquals": {"aws:SourceArn":
                    {"Fn::GetAtt": [rule.resource().logical_id(), "Arn"]}}},
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Resource": topic_ref,
            },
        ]}}),
    );
}

#[test]
fn target_options_render_input_transformer_retry_policy_and_dead_letter_queue() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let rule = rule(&stack);
    let queue = Queue::new(&stack, "Jobs").build();
    let dlq = Queue::new(&stack, "Failed").build();
    rule.add_target(
        &TargetOptions::new(&queue)
            .input_transformer(
                InputTransformer::new(r#"{"order": <id>}"#).path("id", "$.detail.id"),
            )
            .retry_policy(
                RetryPolicy::new()
                    .maximum_event_age_seconds(3600)
                    .maximum_retry_attempts(3),
            )
            .dead_letter_queue(&dlq),
    );
    // Options on a target by ARN too.
    rule.add_target(
        &RuleTargetConfig::new("arn:aws:sqs:eu-west-1:111122223333:other")
            .retry_policy(RetryPolicy::new().maximum_retry_attempts(0)),
    );
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Events::Rule",
        json!({"Targets": [
            Match::exact(json!({
                "Arn": arn_of(&queue),
                "DeadLetterConfig": {"Arn": arn_of(&dlq)},
                "Id": "Target0",
                "InputTransformer": {
                    "InputPathsMap": {"id": "$.detail.id"},
                    "InputTemplate": "{\"order\": <id>}",
                },
                "RetryPolicy": {"MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 3},
            })),
            {"Id": "Target1", "RetryPolicy": {"MaximumRetryAttempts": 0}},
        ]}),
    );
    // Both queues let the rule send.
    t.resource_count_is("AWS::SQS::QueuePolicy", 2);
    t.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        json!({
            "PolicyDocument": {"Statement": [{"Principal": {"Service": "events.amazonaws.com"},
                                               "Resource": arn_of(&dlq)}]},
            "Queues": [{"Ref": dlq.resource().logical_id()}],
        }),
    );
}

fn only_diagnostic(make: impl Fn(&Stack, &Rule)) -> cdk_core::Diagnostic {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let rule = rule(&stack);
    make(&stack, &rule);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
    d[0].clone()
}

type Case = (Box<dyn Fn(&Stack, &Rule)>, &'static str, &'static str);

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|s, r| {
                r.add_target(&Topic::new(s, "T").build());
            }),
            "`S/T` is encrypted with the AWS managed key `alias/aws/sns`, which EventBridge cannot use",
            "customer managed key",
        ),
        (
            Box::new(|s, r| {
                r.add_target(&Queue::new(s, "Q").encryption(QueueEncryption::KmsManaged).build());
            }),
            "`S/Q` is encrypted with the AWS managed key `alias/aws/sqs`",
            "SqsManaged",
        ),
        (
            Box::new(|s, r| {
                r.add_target(&Queue::new(s, "Q.fifo").fifo(true).build());
            }),
            "is a FIFO queue; a FIFO target needs a message group id",
            "standard queue",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                r.add_target(
                    &TargetOptions::new(&q)
                        .retry_policy(RetryPolicy::new().maximum_event_age_seconds(59)),
                );
            }),
            "target `Target0`'s maximum event age is 59 s, not within 60–86400 s",
            "60 seconds to 24 hours",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                r.add_target(
                    &TargetOptions::new(&q)
                        .retry_policy(RetryPolicy::new().maximum_event_age_seconds(86_401)),
                );
            }),
            "maximum event age is 86401 s",
            "24 hours",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                r.add_target(
                    &TargetOptions::new(&q)
                        .retry_policy(RetryPolicy::new().maximum_retry_attempts(186)),
                );
            }),
            "target `Target0` retries 186 times, more than 185",
            "0–185",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                let dlq = Queue::new(s, "Dlq.fifo").fifo(true).build();
                r.add_target(&TargetOptions::new(&q).dead_letter_queue(&dlq));
            }),
            "the dead-letter queue `S/Dlq.fifo` is a FIFO queue",
            "standard SQS queues",
        ),
        (
            Box::new(|_, r| {
                r.add_target(
                    &RuleTargetConfig::new("arn:aws:sqs:eu-west-1:111122223333:q")
                        .input("{}")
                        .input_transformer(InputTransformer::new("<a>").path("a", "$.a")),
                );
            }),
            "target `Target0` has both an input and an input transformer",
            "not both",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                r.add_target(
                    &TargetOptions::new(&q)
                        .input_transformer(InputTransformer::new("<id>").path("id", "detail.id")),
                );
            }),
            "input transformer path `detail.id` is not a JSON path",
            "`$`",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                r.add_target(
                    &TargetOptions::new(&q)
                        .input_transformer(InputTransformer::new("<x>").path("aws.x", "$.x")),
                );
            }),
            "path name `aws.x` is not valid",
            "aws.",
        ),
        (
            Box::new(|s, r| {
                let q = Queue::new(s, "Q").build();
                r.add_target(&TargetOptions::new(&q).input_transformer(
                    InputTransformer::new("<x>").path("x", "$.x").path("x", "$.y"),
                ));
            }),
            "names `x` twice",
            "own name",
        ),
    ];
    for (make, message, hint) in cases {
        let d = only_diagnostic(make);
        assert_eq!(d.path, "S/Orders", "{message}");
        assert!(
            d.message.contains(message),
            "expected `{message}`, got `{}`",
            d.message
        );
        assert!(
            d.hint.contains(hint),
            "expected `{hint}` in the hint `{}`",
            d.hint
        );
    }
}

#[test]
fn queue_and_topic_targets_pass_cfn_lint() {
    let base = std::env::temp_dir().join(format!("events-targets-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let app = App::with_out_dir(&base);
    let stack = Stack::new(&app, "EventTargets");
    let pattern = rule(&stack);
    let nightly = Rule::new(&stack, "Nightly")
        .schedule(Schedule::cron("0 3 * * ? *"))
        .build();
    let queue = Queue::new(&stack, "Jobs").build();
    let dlq = Queue::new(&stack, "Failed").build();
    let topic = Topic::new(&stack, "Alerts")
        .encryption(TopicEncryption::Kms(KEY.into()))
        .build();
    pattern.add_target(
        &TargetOptions::new(&queue)
            .input_transformer(
                InputTransformer::new(r#"{"order": <id>}"#).path("id", "$.detail.id"),
            )
            .retry_policy(
                RetryPolicy::new()
                    .maximum_event_age_seconds(3600)
                    .maximum_retry_attempts(3),
            )
            .dead_letter_queue(&dlq),
    );
    pattern.add_target(&topic);
    nightly.add_target(&TargetOptions::new(&topic).dead_letter_queue(&dlq));
    app.write().expect("the stack synthesizes");
    let mut templates: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("EventTargets.")
                && (name.ends_with(".yaml") || name.ends_with(".json"))
        })
        .collect();
    templates.sort();
    assert_eq!(templates.len(), 4, "{templates:?}");
    let lint = cdk_validators::cfn_lint(&templates);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let _ = std::fs::remove_dir_all(&base);
}
