//! A resource written directly on the typed L1: an EventBridge Scheduler schedule
//! (`AWS::Scheduler::Schedule`) that sends a message to an SQS queue every five minutes, with
//! its role and queue spelled out by hand (`cfn-l1`). The same schedule on the L2 is
//! `constructs::scheduler::Schedule::new(&stack, "Every5Minutes",
//! ScheduleExpression::rate(…), &queue)`, which also writes the role's least-privilege policy.

use cdk_core::checks::Checks;
use cdk_core::{App, Stack};
use cfn_l1::iam::{role, CfnRole, CfnRoleProps};
use cfn_l1::scheduler::{schedule, CfnSchedule, CfnScheduleProps};
use cfn_l1::sqs::{CfnQueue, CfnQueueProps};

/// Adds the `Scheduler` stack to `app`.
pub fn define(app: &App) -> Stack {
    let stack = Stack::new(app, "Scheduler");
    let queue = CfnQueue::new(&stack, "Queue", CfnQueueProps::builder().build());
    let role = CfnRole::new(
        &stack,
        "ScheduleRole",
        CfnRoleProps::builder()
            .assume_role_policy_document(cdk_core::Value::from(serde_json::json!({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"Service": "scheduler.amazonaws.com"},
                    "Action": "sts:AssumeRole"
                }]
            })))
            .policies([role::Policy::builder()
                .policy_name("SendToQueue")
                .policy_document(cdk_core::Value::map([
                    ("Version", cdk_core::Value::from("2012-10-17")),
                    (
                        "Statement",
                        cdk_core::Value::list([cdk_core::Value::map([
                            ("Effect", cdk_core::Value::from("Allow")),
                            ("Action", cdk_core::Value::from("sqs:SendMessage")),
                            ("Resource", queue.attr_arn().into()),
                        ])]),
                    ),
                ]))
                .build()])
            .build(),
    );
    CfnSchedule::new(
        &stack,
        "Every5Minutes",
        CfnScheduleProps::builder()
            .schedule_expression("rate(5 minutes)")
            .flexible_time_window(
                schedule::FlexibleTimeWindow::builder()
                    .mode(schedule::Mode::Off)
                    .build(),
            )
            .target(
                schedule::Target::builder()
                    .arn(queue.attr_arn())
                    .role_arn(role.attr_arn())
                    .input(r#"{"ping": true}"#)
                    .build(),
            )
            .state(schedule::State::Enabled)
            .build(),
    );

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::queue_tls(&stack);
    Checks::of(&queue).acknowledge(
        "AwsSolutions-SQS3",
        "a demonstration target: nothing in this stack consumes the queue, so no message can fail processing here",
    );
    stack
}
