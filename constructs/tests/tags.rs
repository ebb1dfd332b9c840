//! Tags: each resource type in its own form (a `{Key, Value}` list, a string map, SAM's map
//! with `PropagateTags`, an auto scaling group's `PropagateAtLaunch`), untaggable types
//! skipped, both templates; priorities, nearer scopes, removals, include/exclude; the limits;
//! and the real validators on a tagged stack (cfn-lint both templates, the translation and
//! the differential).

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{App, CfnResource, Construct, Diagnostic, Scope, Stack};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::events::Schedule;
use constructs::lambda::event_sources::{
    DynamoEventSource, S3EventSource, ScheduleEventSource, SnsEventSource, SqsEventSource,
};
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};
use constructs::s3::{Bucket, EventType};
use constructs::sns::Topic;
use constructs::sqs::Queue;
use constructs::stepfunctions::{Pass, StateMachine};
use constructs::tags::{TagProps, Tags};
use serde_json::{json, Value};

fn resources_of<'t>(t: &'t Value, type_: &str) -> Vec<&'t Value> {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == type_)
        .collect()
}

fn one<'t>(t: &'t Value, type_: &str) -> &'t Value {
    let all = resources_of(t, type_);
    assert_eq!(all.len(), 1, "one {type_} expected");
    all[0]
}

/// A stack with a bucket, a queue, a topic, a table, an aliased function with an SQS
/// source, a state machine, an SSM parameter (map form) and an auto scaling group.
fn define(app: &App) -> Stack {
    let stack = Stack::new(app, "Tagged");
    let bucket = Bucket::new(&stack, "Images").build();
    let queue = Queue::new(&stack, "Jobs")
        .visibility_timeout(Duration::from_secs(60))
        .build();
    let topic = Topic::new(&stack, "Alerts").build();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .stream(StreamViewType::NewImage)
        .build();
    let worker = Function::new(
        &stack,
        "Worker",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
    .auto_publish_alias("live")
    .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes())
    .build();
    worker.add_event_source(SqsEventSource::new(&queue));
    worker.add_event_source(SnsEventSource::new(&topic));
    worker.add_event_source(DynamoEventSource::new(&table));
    worker.add_event_source(ScheduleEventSource::new(Schedule::rate(5)));
    worker.add_event_source(S3EventSource::new(&bucket, [EventType::ObjectCreated]));
    StateMachine::new(&stack, "Flow", &Pass::new("Start")).build();
    CfnResource::new(&stack, "Setting", "AWS::SSM::Parameter")
        .set_property("Type", "String")
        .set_property("Value", "on");
    let fleet = Scope::new(&stack, "Fleet");
    CfnResource::new(&fleet, "Group", "AWS::AutoScaling::AutoScalingGroup")
        .set_property("MinSize", "0")
        .set_property("MaxSize", "1")
        .set_property("AvailabilityZones", json!({"Fn::GetAZs": ""}))
        .set_property(
            "LaunchTemplate",
            json!({"LaunchTemplateId": "lt-0123456789abcdef0", "Version": "1"}),
        );
    stack
}

fn tagged() -> (App, Stack) {
    let app = App::new();
    let stack = define(&app);
    Tags::of(&stack).add("team", "payments");
    Tags::of(&stack).add("cost-center", "42");
    (app, stack)
}

fn kv(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

#[test]
fn each_type_takes_the_tags_in_its_own_form_in_both_templates() {
    let (_, stack) = tagged();
    let plain = stack.template().unwrap();
    let list = kv(&[("cost-center", "42"), ("team", "payments")]);
    for ty in [
        "AWS::S3::Bucket",
        "AWS::SQS::Queue",
        "AWS::SNS::Topic",
        "AWS::DynamoDB::Table",
        "AWS::Lambda::Function",
        "AWS::Logs::LogGroup",
        "AWS::CodeDeploy::Application",
        "AWS::CodeDeploy::DeploymentGroup",
        "AWS::StepFunctions::StateMachine",
    ] {
        assert_eq!(one(&plain, ty)["Properties"]["Tags"], list, "{ty}");
    }
    for role in resources_of(&plain, "AWS::IAM::Role") {
        assert_eq!(role["Properties"]["Tags"], list);
    }
    // A string map.
    assert_eq!(
        one(&plain, "AWS::SSM::Parameter")["Properties"]["Tags"],
        json!({"cost-center": "42", "team": "payments"})
    );
    // An auto scaling group's form.
    assert_eq!(
        one(&plain, "AWS::AutoScaling::AutoScalingGroup")["Properties"]["Tags"],
        json!([
            {"Key": "cost-center", "PropagateAtLaunch": true, "Value": "42"},
            {"Key": "team", "PropagateAtLaunch": true, "Value": "payments"}
        ])
    );
    // What stands for resources SAM generates untagged from a function's events (mappings,
    // rules) is untagged too, so both templates deploy the same; so are types without tags.
    for ty in [
        "AWS::Lambda::EventSourceMapping",
        "AWS::Events::Rule",
        "AWS::IAM::Policy",
        "AWS::Lambda::Version",
        "AWS::Lambda::Alias",
        "AWS::SQS::QueuePolicy",
    ] {
        for r in resources_of(&plain, ty) {
            assert!(r["Properties"].get("Tags").is_none(), "{ty}");
        }
    }

    let sam = stack.sam_template().unwrap();
    let map = json!({"cost-center": "42", "team": "payments"});
    for ty in ["AWS::Serverless::Function", "AWS::Serverless::StateMachine"] {
        let r = one(&sam, ty);
        assert_eq!(r["Properties"]["Tags"], map, "{ty}");
        assert_eq!(r["Properties"]["PropagateTags"], true, "{ty}");
    }
    assert_eq!(one(&sam, "AWS::S3::Bucket")["Properties"]["Tags"], list);
}

#[test]
fn without_tags_nothing_changes() {
    let app = App::new();
    let stack = define(&app);
    let t = stack.template().unwrap();
    for r in t["Resources"].as_object().unwrap().values() {
        assert!(r["Properties"].get("Tags").is_none(), "{r}");
    }
    let sam = stack.sam_template().unwrap();
    assert!(one(&sam, "AWS::Serverless::Function")["Properties"]
        .get("PropagateTags")
        .is_none());
}

#[test]
fn the_nearer_scope_wins_at_equal_priority_and_a_higher_priority_wins_anywhere() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let inner = Scope::new(&stack, "Inner");
    let near = Bucket::new(&inner, "Near").build();
    let far = Bucket::new(&stack, "Far").build();
    // Added nearest first: order of calls does not matter.
    Tags::of(&inner).add("team", "inner");
    Tags::of(&stack).add("team", "stack");
    Tags::of(&stack).add_with("owner", "stack", TagProps::new().priority(300));
    Tags::of(&inner).add("owner", "inner");
    let t = stack.template().unwrap();
    let tags =
        |b: &Bucket| t["Resources"][b.cfn().resource().logical_id()]["Properties"]["Tags"].clone();
    assert_eq!(tags(&near), kv(&[("owner", "stack"), ("team", "inner")]));
    assert_eq!(tags(&far), kv(&[("owner", "stack"), ("team", "stack")]));
}

#[test]
fn a_removal_beats_an_add_and_takes_a_constructs_own_tags() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let inner = Scope::new(&stack, "Inner");
    let bucket = Bucket::new(&inner, "B").build();
    // A tag the construct set itself (through the L1): kept, and overridden by an add.
    bucket.cfn().props().tags().set([
        cfn_l1::Tag::new("own", "yes"),
        cfn_l1::Tag::new("team", "own"),
    ]);
    Tags::of(&stack).add("team", "payments");
    Tags::of(&stack).add("temp", "1");
    Tags::of(&inner).remove("temp");
    // A removal at a lower priority than the add does not remove.
    Tags::of(&stack).add_with("keep", "1", TagProps::new().priority(500));
    Tags::of(&inner).remove("keep");
    let t = stack.template().unwrap();
    let id = bucket.cfn().resource().logical_id();
    assert_eq!(
        t["Resources"][&id]["Properties"]["Tags"],
        kv(&[("keep", "1"), ("own", "yes"), ("team", "payments")])
    );
    // Removing every tag removes the property.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "B").build();
    Tags::of(&stack).add("a", "1");
    Tags::of(&bucket).remove("a");
    let t = stack.template().unwrap();
    let id = bucket.cfn().resource().logical_id();
    assert!(t["Resources"][&id]["Properties"].get("Tags").is_none());
}

#[test]
fn include_and_exclude_by_resource_type() {
    let (_, stack) = tagged();
    Tags::of(&stack).add_with(
        "backup",
        "daily",
        TagProps::new().include_resource_types(["AWS::S3::Bucket", "AWS::DynamoDB::Table"]),
    );
    Tags::of(&stack).remove_with(
        "team",
        TagProps::new().exclude_resource_types(["AWS::S3::Bucket"]),
    );
    Tags::of(&stack).add_with(
        "fleet",
        "a",
        TagProps::new()
            .include_resource_types(["AWS::AutoScaling::AutoScalingGroup"])
            .apply_to_launched_instances(false),
    );
    let t = stack.template().unwrap();
    assert_eq!(
        one(&t, "AWS::S3::Bucket")["Properties"]["Tags"],
        kv(&[
            ("backup", "daily"),
            ("cost-center", "42"),
            ("team", "payments")
        ])
    );
    assert_eq!(
        one(&t, "AWS::DynamoDB::Table")["Properties"]["Tags"],
        kv(&[("backup", "daily"), ("cost-center", "42")])
    );
    assert_eq!(
        one(&t, "AWS::SQS::Queue")["Properties"]["Tags"],
        kv(&[("cost-center", "42")])
    );
    assert_eq!(
        one(&t, "AWS::AutoScaling::AutoScalingGroup")["Properties"]["Tags"][1],
        json!({"Key": "fleet", "PropagateAtLaunch": false, "Value": "a"})
    );
}

fn errors(app: &App) -> Vec<Diagnostic> {
    app.assemble().unwrap_err().diagnostics().to_vec()
}

#[test]
fn reserved_prefix_long_keys_and_values_are_one_error_each_on_the_scope() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "B").build();
    Tags::of(&stack).add("aws:owner", "me");
    Tags::of(&stack).add("AWS:Owner", "me");
    Tags::of(&stack).add(&"k".repeat(129), "v");
    Tags::of(&stack).add("", "v");
    Tags::of(&bucket).add("long", &"v".repeat(257));
    // The limits themselves are fine, in characters (not bytes).
    Tags::of(&stack).add(&"é".repeat(128), &"é".repeat(256));
    let d = errors(&app);
    let shown: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.path.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(d.len(), 5, "{shown:#?}");
    assert_eq!(d[0].path, "S");
    assert!(d[0].message.contains("`aws:owner` starts with `aws:`"));
    assert!(d[1].message.contains("`AWS:Owner` starts with `aws:`"));
    assert!(d[2].message.ends_with("has 129 characters"));
    assert!(d[3].message.ends_with("has 0 characters"));
    assert_eq!(d[4].path, "S/B");
    assert_eq!(d[4].message, "the value of tag `long` has 257 characters");
    assert!(d[4].hint.contains("at most 256"));
}

#[test]
fn more_than_50_tags_on_a_resource_is_one_error_on_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bucket = Bucket::new(&stack, "B").build();
    let queue = Queue::new(&stack, "Q").build();
    for i in 0..50 {
        Tags::of(&stack).add(&format!("k{i:02}"), "v");
    }
    assert!(app.assemble().is_ok(), "50 tags are allowed");
    let app2 = App::new();
    let stack2 = Stack::new(&app2, "S");
    let bucket2 = Bucket::new(&stack2, "B").build();
    Queue::new(&stack2, "Q").build();
    for i in 0..50 {
        Tags::of(&stack2).add(&format!("k{i:02}"), "v");
    }
    Tags::of(&bucket2).add("one-more", "v");
    let d = errors(&app2);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].path, format!("{}/Resource", bucket2.node().path()));
    assert_eq!(
        d[0].message,
        "the resource has 51 tags; AWS allows at most 50"
    );
    let _ = (bucket, queue);
}

#[test]
fn a_tags_property_that_is_an_expression_is_one_error() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let r = CfnResource::new(&stack, "Setting", "AWS::SSM::Parameter");
    r.set_property("Type", "String")
        .set_property("Value", "on")
        .set_property(
            "Tags",
            cdk_core::fns::if_::<cdk_core::Value>(
                &cdk_core::CfnCondition::new(&stack, "C", cdk_core::fns::equals("a", "b")),
                json!({"a": "b"}),
                cdk_core::Aws::no_value(),
            ),
        );
    Tags::of(&stack).add("team", "x");
    let d = errors(&app);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].path, "S/Setting");
    assert!(d[0].message.contains("is not a literal map of tags"));
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn tagged_templates_lint_translate_and_agree() {
    let dir = TempDir(std::env::temp_dir().join(format!("tags-validators-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    let (app, _) = tagged();
    app.set_out_dir(&dir.0);
    app.write().unwrap();
    let files: Vec<PathBuf> = [
        "Tagged.template.json",
        "Tagged.template.yaml",
        "Tagged.sam.json",
        "Tagged.sam.yaml",
    ]
    .iter()
    .map(|f| dir.0.join(f))
    .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let validate = cdk_validators::sam_validate_lint(&files[2]);
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
    let translated = cdk_validators::sam_translate(&files[2])
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    // SAM passed the tags on to the CodeDeploy resources it generates (PropagateTags).
    for ty in [
        "AWS::CodeDeploy::Application",
        "AWS::CodeDeploy::DeploymentGroup",
    ] {
        let keys: Vec<&str> = one(&translated, ty)["Properties"]["Tags"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["Key"].as_str())
            .collect();
        assert!(keys.contains(&"team"), "{ty}: {keys:?}");
    }
    let plain: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    let report = cdk_validators::differential(&translated, &plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}"
    );
}
