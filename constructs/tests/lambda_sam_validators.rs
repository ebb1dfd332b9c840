//! The real output of every SAM feature of `lambda::Function` together — alias, canary
//! deployment with alarms, hooks and a custom configuration, every event source, a Rust
//! function — passes cfn-lint (plain and SAM templates), translates with aws-sam-translator,
//! and the translation agrees with the plain template (the differential check).

use std::path::{Path, PathBuf};
use std::time::Duration;

use cdk_core::{fns, App, CfnOutput, Stack};
use constructs::cloudwatch::{Alarm, TreatMissingData};
use constructs::codedeploy::{
    CustomLambdaDeploymentConfig, LambdaDeploymentConfig, TrafficRouting,
};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::events::Schedule;
use constructs::lambda::event_sources::{
    DynamoEventSource, S3Delivery, S3EventSource, ScheduleEventSource, SnsEventSource,
    SqsEventSource,
};
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime, RustFunction};
use constructs::s3::{Bucket, EventType};
use constructs::sns::Topic;
use constructs::sqs::Queue;

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn define(app: &App, code: &Path, krate: &Path) {
    let stack = Stack::new(app, "SamFeatures");
    let py = |id: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_13,
            Code::from_asset(code),
            "index.handler",
        )
    };
    let pre = py("PreTraffic")
        .function_name(fns::sub("CodeDeployHook_${AWS::StackName}-pre", []))
        .build();
    let post = py("PostTraffic")
        .function_name(fns::sub("CodeDeployHook_${AWS::StackName}-post", []))
        .build();
    let config = CustomLambdaDeploymentConfig::new(
        &stack,
        "FivePercent",
        TrafficRouting::canary(5, Duration::from_secs(600)),
    )
    .build();
    let worker = py("Worker")
        .timeout(Duration::from_secs(30))
        .memory_size(256)
        .auto_publish_alias("live")
        .deployment_preference(
            DeploymentPreference::new(LambdaDeploymentConfig::Custom(config))
                .pre_traffic(&pre)
                .post_traffic(&post),
        )
        .build();
    for hook in [&pre, &post] {
        hook.add_environment("TARGET_VERSION", worker.current_version().arn());
    }
    let errors = Alarm::new(&stack, "Errors", &worker.alias().metric_errors(), 1)
        .treat_missing_data(TreatMissingData::NotBreaching)
        .build();
    let slow = Alarm::new(
        &stack,
        "Slow",
        &worker.alias().metric_duration(),
        Duration::from_secs(10),
    )
    .evaluation_periods(3)
    .build();
    worker.add_deployment_alarm(&errors);
    worker.add_deployment_alarm(&slow);

    let queue = Queue::new(&stack, "Jobs")
        .visibility_timeout(Duration::from_secs(180))
        .build();
    let topic = Topic::new(&stack, "Alerts").build();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .stream(StreamViewType::NewAndOldImages)
        .build();
    let uploads = Bucket::new(&stack, "Uploads").build();
    let direct = Bucket::new(&stack, "Direct").build();
    worker.add_event_source(
        SqsEventSource::new(&queue)
            .batch_size(5)
            .report_batch_item_failures(true),
    );
    worker.add_event_source(SnsEventSource::new(&topic));
    worker.add_event_source(DynamoEventSource::new(&table).batch_size(100));
    worker.add_event_source(ScheduleEventSource::new(Schedule::rate(10)).description("tick"));
    worker.add_event_source(S3EventSource::new(&uploads, [EventType::ObjectCreated]));
    worker.add_event_source(
        S3EventSource::new(&direct, [EventType::ObjectRemoved]).delivery(S3Delivery::Direct),
    );
    uploads.grant_read(worker.function());
    table.grant_read_data(worker.function());

    // A plain function with no alias, and a Rust one with a linear deployment.
    let plain = py("Plain").build();
    plain.add_event_source(SqsEventSource::new(
        &Queue::new(&stack, "More")
            .visibility_timeout(Duration::from_secs(30))
            .build(),
    ));
    let rust = RustFunction::new(&stack, "Greeter", krate)
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::linear_10_percent_every_1_minute())
        .build();
    CfnOutput::new(&stack, "WorkerAlias", worker.alias().arn());
    CfnOutput::new(&stack, "GreeterVersion", rust.current_version().arn());
}

#[test]
fn every_sam_feature_lints_translates_and_agrees_with_the_plain_template() {
    let root =
        TempDir(std::env::temp_dir().join(format!("lambda-sam-validators-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let code = root.0.join("code");
    let krate = root.0.join("greeter");
    std::fs::create_dir_all(&code).unwrap();
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::write(
        code.join("index.py"),
        "def handler(event, context):\n    return None\n",
    )
    .unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        "[package]\nname = \"greeter\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(krate.join("src/main.rs"), "fn main() {}\n").unwrap();
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    define(&app, &code, &krate);
    app.write().expect("synthesizes");

    let files: Vec<PathBuf> = [
        "SamFeatures.template.json",
        "SamFeatures.template.yaml",
        "SamFeatures.sam.json",
        "SamFeatures.sam.yaml",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);

    let translated = cdk_validators::sam_translate(&out.join("SamFeatures.sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    let plain: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    let report = cdk_validators::differential(&translated, &plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}"
    );
    assert_eq!(
        report.matched_functions.len(),
        5,
        "{:?}",
        report.matched_functions
    );
}
