//! `scheduler::Schedule`: expressions, time zone, flexible window, dates, state, targets
//! (function, alias, queue, state machine) through the role it creates (least privilege,
//! trust scoped to the account), retry policy and dead-letter queue; each mistake one
//! diagnostic; the real validators on all of it.

mod support;
use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Stack};
use constructs::lambda::{Code, Function, Runtime};
use constructs::scheduler::{
    FlexibleTimeWindow, Schedule, ScheduleExpression, ScheduleRetryPolicy, ScheduleTargetConfig,
};
use constructs::sqs::Queue;
use constructs::stepfunctions::{Pass, StateMachine};
use serde_json::json;

fn function(stack: &Stack) -> Function {
    Function::new(
        stack,
        "Report",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .build()
}

fn id_of(t: &serde_json::Value, type_: &str, prefix: &str) -> String {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, r)| r["Type"] == type_ && k.starts_with(prefix))
        .map(|(k, _)| k.clone())
        .unwrap_or_else(|| panic!("no {type_} {prefix}"))
}

#[test]
fn a_function_schedule_renders_every_setting_and_its_least_privilege_role() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let report = function(&stack);
    let failed = Queue::new(&stack, "Failed").build();
    Schedule::new(
        &stack,
        "Morning",
        ScheduleExpression::cron("0 8 ? * MON-FRI *"),
        &report,
    )
    .time_zone("Europe/Berlin")
    .flexible_time_window(FlexibleTimeWindow::Flexible(15))
    .start_date("2027-01-01T00:00:00Z")
    .end_date("2028-01-01T00:00:00Z")
    .description("weekday report")
    .input(r#"{"kind":"daily"}"#)
    .retry_policy(
        ScheduleRetryPolicy::new()
            .maximum_event_age_secs(3600)
            .maximum_retry_attempts(3),
    )
    .dead_letter_queue(&failed)
    .build();
    let plain = stack.template().unwrap();
    let fn_id = id_of(&plain, "AWS::Lambda::Function", "Report");
    let queue_id = id_of(&plain, "AWS::SQS::Queue", "Failed");
    let role_id = id_of(&plain, "AWS::IAM::Role", "MorningRole");
    let policy_id = id_of(&plain, "AWS::IAM::Policy", "MorningRole");
    let t = Template::from_stack(&stack);
    t.has_resource(
        "AWS::Scheduler::Schedule",
        json!({
            "Properties": {
                "Description": "weekday report",
                "EndDate": "2028-01-01T00:00:00Z",
                "FlexibleTimeWindow": {"MaximumWindowInMinutes": 15, "Mode": "FLEXIBLE"},
                "ScheduleExpression": "cron(0 8 ? * MON-FRI *)",
                "ScheduleExpressionTimezone": "Europe/Berlin",
                "StartDate": "2027-01-01T00:00:00Z",
                "State": "ENABLED",
                "Target": {
                    "Arn": {"Fn::GetAtt": [fn_id, "Arn"]},
                    "DeadLetterConfig": {"Arn": {"Fn::GetAtt": [queue_id, "Arn"]}},
                    "Input": "{\"kind\":\"daily\"}",
                    "RetryPolicy": {"MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 3},
                    "RoleArn": {"Fn::GetAtt": [role_id, "Arn"]}
                }
            },
            "DependsOn": Match::array_with(json!([policy_id])),
        }),
    );
    t.has_resource_properties(
        "AWS::IAM::Role",
        json!({"AssumeRolePolicyDocument": {"Statement": [{
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Join": ["", [
                    "arn:", {"Ref": "AWS::Partition"}, ":scheduler:", {"Ref": "AWS::Region"},
                    ":", {"Ref": "AWS::AccountId"}, ":schedule/default/*"
                ]]}}
            },
            "Effect": "Allow",
            "Principal": {"Service": "scheduler.amazonaws.com"}
        }]}}),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({
            "PolicyDocument": {"Statement": [
                {"Action": "lambda:InvokeFunction", "Effect": "Allow",
                 "Resource": {"Fn::GetAtt": [fn_id, "Arn"]}},
                {"Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
                 "Effect": "Allow", "Resource": {"Fn::GetAtt": [queue_id, "Arn"]}}
            ], "Version": "2012-10-17"},
            "Roles": [{"Ref": role_id}]
        }),
    );
}

#[test]
fn queue_and_state_machine_targets_get_their_one_action() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let jobs = Queue::new(&stack, "Jobs").build();
    let machine = StateMachine::new(&stack, "Cleanup", &Pass::new("Done")).build();
    Schedule::new(
        &stack,
        "Tick",
        ScheduleExpression::rate(Duration::from_secs(300)),
        &jobs,
    )
    .enabled(false)
    .build();
    Schedule::new(
        &stack,
        "Once",
        ScheduleExpression::at("2027-06-01T09:30:00"),
        &machine,
    )
    .build();
    let plain = stack.template().unwrap();
    let queue_id = id_of(&plain, "AWS::SQS::Queue", "Jobs");
    let machine_id = id_of(&plain, "AWS::StepFunctions::StateMachine", "Cleanup");
    let t = Template::from_stack(&stack);
    t.has_resource_properties(
        "AWS::Scheduler::Schedule",
        json!({"ScheduleExpression": "rate(5 minutes)", "State": "DISABLED",
               "FlexibleTimeWindow": {"Mode": "OFF"}}),
    );
    t.has_resource_properties(
        "AWS::Scheduler::Schedule",
        json!({"ScheduleExpression": "at(2027-06-01T09:30:00)",
               "Target": {"Arn": {"Ref": machine_id}}}),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            "Effect": "Allow", "Resource": {"Fn::GetAtt": [queue_id, "Arn"]}
        }]}}),
    );
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": machine_id}
        }]}}),
    );
}

#[test]
fn rates_are_written_in_the_largest_whole_unit() {
    for (secs, text) in [
        (60, "rate(1 minute)"),
        (90 * 60, "rate(90 minutes)"),
        (2 * 3600, "rate(2 hours)"),
        (86_400, "rate(1 day)"),
        (3 * 86_400, "rate(3 days)"),
    ] {
        assert_eq!(
            ScheduleExpression::rate(Duration::from_secs(secs)).expression(),
            text
        );
    }
}

#[test]
fn a_fifo_queue_is_targeted_with_its_message_group() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let orders = Queue::new(&stack, "Orders").fifo(true).build();
    let schedule = Schedule::new(
        &stack,
        "Tick",
        ScheduleExpression::rate(Duration::from_secs(3600)),
        ScheduleTargetConfig::new(orders.arn()).message_group_id("ticks"),
    )
    .build();
    orders.grant_send_messages(schedule.role());
    Template::from_stack(&stack).has_resource_properties(
        "AWS::Scheduler::Schedule",
        json!({"Target": {"SqsParameters": {"MessageGroupId": "ticks"}}}),
    );
}

type Case = (Box<dyn Fn(&Stack)>, &'static str);

fn tick(
    stack: &Stack,
    expression: ScheduleExpression,
) -> constructs::scheduler::ScheduleBuilder<'static> {
    let queue = Queue::new(stack, "Jobs").build();
    Schedule::new(stack, "Tick", expression, queue)
}

fn hourly(stack: &Stack) -> constructs::scheduler::ScheduleBuilder<'static> {
    tick(stack, ScheduleExpression::rate(Duration::from_secs(3600)))
}

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|s| drop(tick(s, ScheduleExpression::rate(Duration::from_secs(90))).build())),
            "is not a whole number of minutes",
        ),
        (
            Box::new(|s| drop(tick(s, ScheduleExpression::rate(Duration::ZERO)).build())),
            "is not a whole number of minutes (at least one)",
        ),
        (
            Box::new(|s| drop(tick(s, ScheduleExpression::cron("0 8 * * *")).build())),
            "has 5 fields, not 6",
        ),
        (
            Box::new(|s| drop(tick(s, ScheduleExpression::cron("0 8 1 * MON *")).build())),
            "sets both day-of-month and day-of-week",
        ),
        (
            Box::new(|s| drop(tick(s, ScheduleExpression::at("2027-06-01 09:30")).build())),
            "is not a date and time as `at(...)` takes it",
        ),
        (
            Box::new(|s| drop(hourly(s).time_zone("Europe Berlin").build())),
            "`Europe Berlin` is not an IANA time zone name",
        ),
        (
            Box::new(|s| {
                drop(
                    hourly(s)
                        .flexible_time_window(FlexibleTimeWindow::Flexible(0))
                        .build(),
                )
            }),
            "a flexible time window of 0 minutes is outside 1..=1440",
        ),
        (
            Box::new(|s| {
                drop(
                    hourly(s)
                        .flexible_time_window(FlexibleTimeWindow::Flexible(1441))
                        .build(),
                )
            }),
            "a flexible time window of 1441 minutes",
        ),
        (
            Box::new(|s| drop(hourly(s).start_date("2027-01-01").build())),
            "a start date `2027-01-01` is not an RFC 3339 timestamp",
        ),
        (
            Box::new(|s| {
                drop(
                    hourly(s)
                        .start_date("2028-01-01T00:00:00Z")
                        .end_date("2027-01-01T00:00:00Z")
                        .build(),
                )
            }),
            "is not before the end date",
        ),
        (
            Box::new(|s| {
                drop(
                    tick(s, ScheduleExpression::at("2027-06-01T09:30:00"))
                        .end_date("2028-01-01T00:00:00Z")
                        .build(),
                )
            }),
            "a one-time `at(...)` schedule has an end date",
        ),
        (
            Box::new(|s| {
                drop(
                    hourly(s)
                        .retry_policy(ScheduleRetryPolicy::new().maximum_event_age_secs(59))
                        .build(),
                )
            }),
            "maximum event age 59 s is outside 60..=86400",
        ),
        (
            Box::new(|s| {
                drop(
                    hourly(s)
                        .retry_policy(ScheduleRetryPolicy::new().maximum_retry_attempts(186))
                        .build(),
                )
            }),
            "maximum retry attempts 186 is outside 0..=185",
        ),
        (
            Box::new(|s| drop(hourly(s).description(&"x".repeat(513)).build())),
            "the description has 513 characters, more than 512",
        ),
        (
            Box::new(|s| drop(hourly(s).schedule_name("bad name").build())),
            "`bad name` is not a valid schedule name",
        ),
        (
            Box::new(|s| {
                let fifo = Queue::new(s, "Fifo").fifo(true).build();
                drop(
                    Schedule::new(
                        s,
                        "Tick",
                        ScheduleExpression::rate(Duration::from_secs(60)),
                        &fifo,
                    )
                    .build(),
                )
            }),
            "a FIFO queue target needs a message group id",
        ),
    ];
    for (make, expected) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        make(&stack);
        let err = app.assemble().unwrap_err();
        support::assert_one_diagnostic(&err, expected, "S/Tick");
    }
}

#[test]
fn schedules_pass_the_validators_and_the_differential() {
    let out = std::env::temp_dir().join(format!("scheduler-validators-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "Schedules");
    let report = function(&stack);
    let failed = Queue::new(&stack, "Failed").build();
    let jobs = Queue::new(&stack, "Jobs").build();
    let machine = StateMachine::new(&stack, "Cleanup", &Pass::new("Done")).build();
    Schedule::new(
        &stack,
        "Morning",
        ScheduleExpression::cron("0 8 ? * MON-FRI *"),
        &report,
    )
    .time_zone("Europe/Berlin")
    .flexible_time_window(FlexibleTimeWindow::Flexible(15))
    .start_date("2027-01-01T00:00:00Z")
    .end_date("2028-01-01T00:00:00Z")
    .input(r#"{"kind":"daily"}"#)
    .retry_policy(
        ScheduleRetryPolicy::new()
            .maximum_event_age_secs(3600)
            .maximum_retry_attempts(3),
    )
    .dead_letter_queue(&failed)
    .build();
    Schedule::new(
        &stack,
        "Tick",
        ScheduleExpression::rate(Duration::from_secs(300)),
        &jobs,
    )
    .input("tick")
    .build();
    Schedule::new(
        &stack,
        "Once",
        ScheduleExpression::at("2027-06-01T09:30:00"),
        &machine,
    )
    .time_zone("America/New_York")
    .build();
    app.write().expect("synthesizes");
    support::assert_real_tools_accept(&out, "Schedules", 1);
    let _ = std::fs::remove_dir_all(&out);
}
