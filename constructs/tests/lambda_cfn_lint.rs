//! The real output: a stack with functions (asset and inline code), a queue with a
//! dead-letter queue, a topic, rules and every event source is written to disk and every
//! template it produces passes `cfn-lint` with no error, warning or informational finding.

use std::path::{Path, PathBuf};
use std::time::Duration;

use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
use constructs::events::{Rule, Schedule};
use constructs::iam::{Principal, Role};
use constructs::lambda::event_sources::{ScheduleEventSource, SnsEventSource, SqsEventSource};
use constructs::lambda::{Architecture, Code, Function, Permission, Runtime, Tracing};
use constructs::logs::{LogGroup, RetentionDays};
use constructs::sns::Topic;
use constructs::sqs::{Queue, QueueEncryption};
use serde_json::json;

fn define(app: &App, code_dir: &Path) {
    let stack = Stack::new(app, "LambdaServices");
    let dlq = Queue::new(&stack, "DeadLetters")
        .retention_period(Duration::from_secs(14 * 24 * 3600))
        .build();
    let jobs = Queue::new(&stack, "Jobs")
        .visibility_timeout(Duration::from_secs(180))
        .dead_letter_queue(&dlq, 5)
        .build();
    let fifo = Queue::new(&stack, "Orders")
        .fifo(true)
        .content_based_deduplication(true)
        .encryption(QueueEncryption::KmsManaged)
        .visibility_timeout(Duration::from_secs(60))
        .build();
    let topic = Topic::new(&stack, "Alerts").display_name("Alerts").build();

    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_12,
        Code::from_asset(code_dir),
        "index.handler",
    )
    .env("JOBS_URL", jobs.queue_url())
    .env("STAGE", "prod")
    .memory_size(512)
    .timeout(Duration::from_secs(30))
    .architecture(Architecture::Arm64)
    .tracing(Tracing::Active)
    .dead_letter_queue(&dlq)
    .log_retention(RetentionDays::OneMonth)
    .build();
    worker.add_event_source(
        SqsEventSource::new(&jobs)
            .batch_size(50)
            .max_batching_window(Duration::from_secs(5))
            .report_batch_item_failures(true),
    );
    worker.add_event_source(SqsEventSource::new(&fifo).batch_size(10));
    worker
        .add_event_source(SnsEventSource::new(&topic).filter_policy(json!({"severity": ["high"]})));
    worker.add_event_source(ScheduleEventSource::new(Schedule::rate(60)));
    worker.add_event_source(
        ScheduleEventSource::new(Schedule::cron("0 3 ? * MON-FRI *")).id("Weekdays"),
    );
    topic.grant_publish(&worker);
    jobs.grant_send_messages(&worker);

    // A named function with an explicit role and a shared log group.
    let role = Role::new(
        &stack,
        "ReporterRole",
        Principal::service("lambda.amazonaws.com"),
    )
    .build();
    let shared_logs = LogGroup::new(&stack, "SharedLogs")
        .retention(RetentionDays::OneWeek)
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let reporter = Function::new(
        &stack,
        "Reporter",
        Runtime::NODEJS_22_X,
        Code::from_inline("exports.handler = async () => ({ statusCode: 200 });"),
        "index.handler",
    )
    .role(&role)
    .log_group(&shared_logs)
    .build();
    worker.grant_invoke(&reporter);
    let named = Function::new(
        &stack,
        "Named",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .function_name("lambda-services-named")
    .build();

    // An event pattern rule (the shape of the S3 event source) with a Lambda target.
    let uploads = Rule::new(&stack, "Uploads")
        .event_pattern(json!({"source": ["aws.s3"], "detail-type": ["Object Created"]}))
        .description("objects created in buckets with EventBridge notifications")
        .build();
    uploads.add_target(&named);
    named.add_permission(
        "AllowAccount",
        Permission::new(Principal::account(cdk_core::Aws::account_id())),
    );

    CfnOutput::new(&stack, "WorkerArn", worker.arn());
    CfnOutput::new(&stack, "JobsUrl", jobs.queue_url());
    CfnOutput::new(&stack, "TopicArn", topic.topic_arn());
}

#[test]
fn every_template_passes_cfn_lint() {
    let base = std::env::temp_dir().join(format!("lambda-cfn-lint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let code = base.join("code");
    std::fs::create_dir_all(&code).unwrap();
    std::fs::write(
        code.join("index.py"),
        "def handler(event, context):\n    return None\n",
    )
    .unwrap();
    let out = base.join("out");

    let app = App::with_out_dir(&out);
    define(&app, &code);
    app.write().expect("the stack synthesizes");

    let mut templates: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("LambdaServices.")
                && (name.ends_with(".json") || name.ends_with(".yaml"))
        })
        .collect();
    templates.sort();
    assert!(templates.len() >= 2, "templates written: {templates:?}");

    // Installs the validators on first use (tools/validators/ensure.sh); a failed install
    // fails the test.
    let lint = cdk_validators::cfn_lint(&templates);
    assert!(
        lint.success,
        "cfn-lint found problems in {templates:?}:\n{}",
        lint.output
    );
    let _ = std::fs::remove_dir_all(&base);
}
