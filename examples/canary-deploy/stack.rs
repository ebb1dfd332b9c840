//! Safe Lambda deployments: a queue worker published behind the alias `live` and deployed
//! with CodeDeploy, 10 % of the traffic first and the rest after five minutes
//! (`Canary10Percent5Minutes`). An alarm on the alias's errors rolls a bad version back;
//! pre- and post-traffic hook functions test the new version before and after the shift.
//!
//! The SAM template (`CanaryDeploy.sam.yaml`) says this with `AutoPublishAlias` and
//! `DeploymentPreference`; the plain one (`CanaryDeploy.template.yaml`) holds what SAM
//! expands them to: a content-hashed `AWS::Lambda::Version`, the `AWS::Lambda::Alias` with
//! its `CodeDeployLambdaAliasUpdate` update policy, and CodeDeploy's application,
//! deployment group and service role. The SQS mapping invokes the alias in both.

use std::time::Duration;

use cdk_core::{fns, App, CfnOutput, Stack};
use constructs::cloudwatch::{Alarm, TreatMissingData};
use constructs::lambda::event_sources::SqsEventSource;
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};
use constructs::sqs::Queue;

/// Adds the `CanaryDeploy` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "CanaryDeploy");
    stack.set_description("A queue worker deployed with CodeDeploy canary traffic shifting");

    // The default CodeDeploy role may only invoke hooks named `CodeDeployHook_*`; the stack
    // name keeps the names unique per deployment.
    let hook = |id: &str, name: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_14,
            Code::from_asset("canary-deploy/hooks"),
            "index.handler",
        )
        .function_name(fns::sub(
            &format!("CodeDeployHook_${{AWS::StackName}}-{name}"),
            [],
        ))
        .timeout(Duration::from_secs(60))
        .build()
    };
    let pre_traffic = hook("PreTrafficHook", "pre");
    let post_traffic = hook("PostTrafficHook", "post");

    // A job that fails five times waits in `FailedJobs` for inspection.
    let failed_jobs = Queue::new(&stack, "FailedJobs")
        .retention_period(Duration::from_secs(14 * 86_400))
        .build();
    let jobs = Queue::new(&stack, "Jobs")
        .visibility_timeout(Duration::from_secs(180))
        .dead_letter_queue(&failed_jobs, 5)
        .build();
    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_14,
        Code::from_asset("canary-deploy/lambda"),
        "index.handler",
    )
    .timeout(Duration::from_secs(30))
    .auto_publish_alias("live")
    .deployment_preference(
        DeploymentPreference::canary_10_percent_5_minutes()
            .pre_traffic(&pre_traffic)
            .post_traffic(&post_traffic),
    )
    .build();
    worker.add_event_source(SqsEventSource::new(&jobs).report_batch_item_failures(true));

    // The hooks test exactly the version being deployed.
    for hook in [&pre_traffic, &post_traffic] {
        hook.add_environment("TARGET_VERSION", worker.current_version().arn());
    }

    // Any error of the alias during the shift rolls the deployment back.
    let errors = Alarm::new(&stack, "ErrorsAlarm", &worker.alias().metric_errors(), 1)
        .treat_missing_data(TreatMissingData::NotBreaching)
        .description("Errors of the live alias: rolls a deployment back")
        .build();
    worker.add_deployment_alarm(&errors);

    CfnOutput::new(&stack, "QueueUrl", jobs.queue_url());
    CfnOutput::new(&stack, "LiveAlias", worker.alias().arn());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    crate::acks::codedeploy(&stack);
    crate::acks::queue_tls(&stack);
}
