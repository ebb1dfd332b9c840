//! `lambda::Function` in the two templates: `AWS::Serverless::Function` in the SAM template
//! and what SAM expands it to in the plain one — alias and content-hashed version
//! (`AutoPublishAlias`), CodeDeploy (`DeploymentPreference`), event sources as SAM `Events`,
//! SAM's generated names reserved — plus `cloudwatch::Alarm`, `codedeploy` configurations,
//! Rust functions and the cdk-core mechanisms they rest on.

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{fns, App, CfnOutput, CfnResource, Construct, Flavor, Stack, Str};
use constructs::cloudwatch::{
    Alarm, ComparisonOperator, Count, Metric, Statistic, TreatMissingData,
};
use constructs::codedeploy::{
    CustomLambdaDeploymentConfig, LambdaDeploymentConfig, TrafficRouting,
};
use constructs::dynamodb::{Attribute, StreamViewType, Table};
use constructs::events::Schedule;
use constructs::iam::{ManagedPolicy, Principal, Role};
use constructs::lambda::event_sources::{
    DynamoEventSource, S3Delivery, S3EventSource, ScheduleEventSource, SnsEventSource,
    SqsEventSource,
};
use constructs::lambda::{
    AliasedFunction, Architecture, Code, DeploymentPreference, Function, Runtime, RustFunction,
    Tracing,
};
use constructs::s3::{Bucket, EventType};
use constructs::sns::Topic;
use constructs::sqs::Queue;
use serde_json::{json, Value as Json};

const PY: &str = "def handler(event, context):\n    return None\n";

fn app_stack(name: &str) -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, name);
    (app, stack)
}

fn inline(stack: &Stack, id: &str) -> constructs::lambda::FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline(PY),
        "index.handler",
    )
}

fn hook(stack: &Stack, id: &str) -> Function {
    inline(stack, id)
        .function_name(format!("CodeDeployHook_{id}"))
        .build()
}

fn aliased(stack: &Stack, id: &str) -> AliasedFunction {
    inline(stack, id).auto_publish_alias("live").build()
}

fn plain(stack: &Stack) -> Json {
    stack.template().unwrap_or_else(|e| panic!("{e}"))
}

fn sam(stack: &Stack) -> Json {
    stack.sam_template().unwrap_or_else(|e| panic!("{e}"))
}

fn resources(t: &Json) -> &serde_json::Map<String, Json> {
    t["Resources"].as_object().expect("Resources")
}

/// The logical IDs of the resources of `type_`.
fn ids_of(t: &Json, type_: &str) -> Vec<String> {
    resources(t)
        .iter()
        .filter(|(_, r)| r["Type"] == type_)
        .map(|(k, _)| k.clone())
        .collect()
}

fn only<'a>(t: &'a Json, type_: &str) -> (&'a str, &'a Json) {
    let found: Vec<(&String, &Json)> = resources(t)
        .iter()
        .filter(|(_, r)| r["Type"] == type_)
        .collect();
    assert_eq!(found.len(), 1, "expected one {type_} in {t:#}");
    (found[0].0.as_str(), found[0].1)
}

fn error_of(app: &App) -> String {
    match app.assemble() {
        Ok(_) => panic!("synthesis succeeded, expected an error"),
        Err(e) => e.to_string(),
    }
}

/// A temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("lambda-sam-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- the function in each template -----------------------------------------------------------

#[test]
fn a_function_is_a_serverless_function_with_the_same_logical_id_in_the_sam_template() {
    let (_app, stack) = app_stack("S");
    let dlq = Queue::new(&stack, "Dlq").build();
    let func = inline(&stack, "Fn")
        .architecture(Architecture::Arm64)
        .dead_letter_queue(&dlq)
        .description("does things")
        .env("STAGE", "prod")
        .ephemeral_storage_mib(1024)
        .layers(["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"])
        .memory_size(512)
        .reserved_concurrent_executions(5)
        .timeout(Duration::from_secs(30))
        .tracing(Tracing::Active)
        .build();
    let id = func.resource().logical_id();
    assert_eq!(func.sam_resource().logical_id(), id);
    let (p, s) = (plain(&stack), sam(&stack));
    assert_eq!(p["Resources"][&id]["Type"], "AWS::Lambda::Function");
    assert_eq!(s["Resources"][&id]["Type"], "AWS::Serverless::Function");
    assert!(ids_of(&p, "AWS::Serverless::Function").is_empty());
    assert!(ids_of(&s, "AWS::Lambda::Function").is_empty());
    let role = json!({"Fn::GetAtt": [func.role().resource().logical_id(), "Arn"]});
    let dlq_arn = json!({"Fn::GetAtt": [dlq.resource().logical_id(), "Arn"]});
    assert_eq!(
        s["Resources"][&id]["Properties"],
        json!({
            "Architectures": ["arm64"],
            "DeadLetterQueue": {"TargetArn": dlq_arn, "Type": "SQS"},
            "Description": "does things",
            "Environment": {"Variables": {"STAGE": "prod"}},
            "EphemeralStorage": {"Size": 1024},
            "Handler": "index.handler",
            "InlineCode": PY,
            "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"],
            "MemorySize": 512,
            "ReservedConcurrentExecutions": 5,
            "Role": role,
            "Runtime": "python3.13",
            "Timeout": 30,
            "Tracing": "Active",
        })
    );
    // The plain resource keeps Lambda's names.
    let props = &p["Resources"][&id]["Properties"];
    assert_eq!(props["Code"], json!({"ZipFile": PY}));
    assert_eq!(props["DeadLetterConfig"], json!({"TargetArn": dlq_arn}));
    assert_eq!(props["TracingConfig"], json!({"Mode": "Active"}));
    // Both wait for the role's policy; only the plain one names its construct path (SAM CLI
    // takes `aws:cdk:path` for a CDK app and would name the function by it, not by `id`).
    let policy = func.role().default_policy().unwrap().logical_id();
    for t in [&p, &s] {
        assert_eq!(t["Resources"][&id]["DependsOn"], json!([policy]));
    }
    assert_eq!(
        p["Resources"][&id]["Metadata"]["aws:cdk:path"],
        "S/Fn/Resource"
    );
    assert_eq!(s["Resources"][&id].get("Metadata"), None);
    // Everything else is the same in both templates, but for the paths.
    let mut p_rest = resources(&p).clone();
    let mut s_rest = resources(&s).clone();
    p_rest.remove(&id);
    s_rest.remove(&id);
    for r in p_rest.values_mut() {
        let meta = r["Metadata"]
            .as_object_mut()
            .expect("plain resources have metadata");
        assert!(meta.remove("aws:cdk:path").is_some());
        if meta.is_empty() {
            r.as_object_mut().unwrap().remove("Metadata");
        }
    }
    assert_eq!(p_rest, s_rest);
    assert_eq!(s["Transform"], "AWS::Serverless-2016-10-31");
}

#[test]
fn references_to_a_function_follow_the_template() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn").build();
    let id = func.resource().logical_id();
    CfnOutput::new(&stack, "Name", func.function_name());
    CfnOutput::new(&stack, "Arn", func.arn());
    for t in [plain(&stack), sam(&stack)] {
        assert_eq!(t["Outputs"]["Name"]["Value"], json!({"Ref": id}));
        assert_eq!(
            t["Outputs"]["Arn"]["Value"],
            json!({"Fn::GetAtt": [id, "Arn"]})
        );
        // The log group (in both templates) is named after the function of each.
        let (_, group) = only(&t, "AWS::Logs::LogGroup");
        assert_eq!(
            group["Properties"]["LogGroupName"],
            json!({"Fn::Join": ["", ["/aws/lambda/", {"Ref": id}]]})
        );
    }
}

#[test]
fn code_locations_in_each_template() {
    let dir = TempDir::new("code");
    std::fs::write(dir.0.join("index.py"), PY).unwrap();
    let (_app, stack) = app_stack("S");
    let asset = Function::new(
        &stack,
        "Asset",
        Runtime::PYTHON_3_13,
        Code::from_asset(&dir.0),
        "index.handler",
    )
    .build();
    let s3 = Function::new(
        &stack,
        "FromS3",
        Runtime::PYTHON_3_13,
        Code::from_bucket("artifacts", "fn.zip"),
        "index.handler",
    )
    .build();
    let (p, s) = (plain(&stack), sam(&stack));
    let a = asset.resource().logical_id();
    let path = p["Resources"][&a]["Properties"]["Code"].clone();
    assert!(path.as_str().unwrap().starts_with("assets/"));
    assert_eq!(s["Resources"][&a]["Properties"]["CodeUri"], path);
    let b = s3.resource().logical_id();
    assert_eq!(
        p["Resources"][&b]["Properties"]["Code"],
        json!({"S3Bucket": "artifacts", "S3Key": "fn.zip"})
    );
    assert_eq!(
        s["Resources"][&b]["Properties"]["CodeUri"],
        json!({"Bucket": "artifacts", "Key": "fn.zip"})
    );
}

#[test]
fn sams_generated_role_name_is_reserved() {
    let (app, stack) = app_stack("S");
    let func = inline(&stack, "Fn").build();
    CfnResource::new(&stack, "Clash", "AWS::SQS::Queue")
        .override_logical_id(&format!("{}Role", func.resource().logical_id()));
    let err = error_of(&app);
    assert!(
        err.contains("collides with a name the SAM template reserves: SAM's execution role"),
        "{err}"
    );
}

// ---- AutoPublishAlias ------------------------------------------------------------------------

#[test]
fn an_alias_is_a_content_hashed_version_and_an_alias_in_the_plain_template() {
    let (_app, stack) = app_stack("S");
    let func = aliased(&stack, "Fn");
    let id = func.resource().logical_id();
    let (p, s) = (plain(&stack), sam(&stack));
    let props = &s["Resources"][&id]["Properties"];
    assert_eq!(props["AutoPublishAlias"], "live");
    assert_eq!(props["AutoPublishAliasAllProperties"], true);
    assert!(ids_of(&s, "AWS::Lambda::Version").is_empty());
    assert!(ids_of(&s, "AWS::Lambda::Alias").is_empty());

    let (version_id, version) = only(&p, "AWS::Lambda::Version");
    let hash = version_id
        .strip_prefix(&format!("{id}Version"))
        .expect("SAM's version prefix");
    assert_eq!(hash.len(), 10);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(
        version,
        &json!({
            "Type": "AWS::Lambda::Version",
            "Properties": {"FunctionName": {"Ref": id}},
            "DeletionPolicy": "Retain",
            "Metadata": {"aws:cdk:path": "S/Fn/Version"},
        })
    );
    let (alias_id, alias) = only(&p, "AWS::Lambda::Alias");
    assert_eq!(alias_id, format!("{id}Aliaslive"));
    assert_eq!(
        alias["Properties"],
        json!({
            "FunctionName": {"Ref": id},
            "FunctionVersion": {"Fn::GetAtt": [version_id, "Version"]},
            "Name": "live",
        })
    );
    assert!(alias.get("UpdatePolicy").is_none());
    assert_eq!(func.alias().alias_name(), "live");
}

#[test]
fn alias_and_version_references_are_sams_in_the_sam_template() {
    let (_app, stack) = app_stack("S");
    let func = aliased(&stack, "Fn");
    let id = func.resource().logical_id();
    CfnOutput::new(&stack, "Alias", func.alias().arn());
    CfnOutput::new(&stack, "Version", func.current_version().arn());
    let (p, s) = (plain(&stack), sam(&stack));
    assert_eq!(
        s["Outputs"]["Alias"]["Value"],
        json!({"Ref": format!("{id}.Alias")})
    );
    assert_eq!(
        s["Outputs"]["Version"]["Value"],
        json!({"Ref": format!("{id}.Version")})
    );
    let (version_id, _) = only(&p, "AWS::Lambda::Version");
    assert_eq!(
        p["Outputs"]["Alias"]["Value"],
        json!({"Ref": format!("{id}Aliaslive")})
    );
    assert_eq!(p["Outputs"]["Version"]["Value"], json!({"Ref": version_id}));
    // A plain function has neither.
    let other = inline(&stack, "Other").build();
    assert!(other.alias().is_none() && other.current_version().is_none());
    assert!(func.function().alias().is_some());
}

#[test]
fn the_version_id_changes_exactly_when_the_function_changes() {
    let version_of = |memory: u32, env: &str| {
        let (_app, stack) = app_stack("S");
        inline(&stack, "Fn")
            .memory_size(memory)
            .env("MODE", env)
            .auto_publish_alias("live")
            .build();
        only(&plain(&stack), "AWS::Lambda::Version").0.to_string()
    };
    let a = version_of(256, "a");
    assert_eq!(a, version_of(256, "a"), "same function, same bytes");
    assert_ne!(a, version_of(512, "a"), "configuration change, new version");
    assert_ne!(a, version_of(256, "b"), "environment change, new version");
}

#[test]
fn alias_names_with_dash_and_underscore_follow_sams_logical_ids() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn")
        .auto_publish_alias("blue-green_2")
        .build();
    let id = func.resource().logical_id();
    assert_eq!(
        only(&plain(&stack), "AWS::Lambda::Alias").0,
        format!("{id}AliasblueDgreenU2")
    );
}

#[test]
fn invalid_alias_names_are_reported() {
    for (name, shown) in [
        ("", "``"),
        ("123", "`123`"),
        ("$LATEST", "`$LATEST`"),
        ("has space", "`has space`"),
    ] {
        let (app, stack) = app_stack("S");
        inline(&stack, "Fn").auto_publish_alias(name).build();
        let err = error_of(&app);
        assert!(
            err.contains(&format!("S/Fn: {shown} is not a valid alias name")),
            "{err}"
        );
    }
    let (app, stack) = app_stack("S");
    inline(&stack, "Fn")
        .auto_publish_alias(&"a".repeat(129))
        .build();
    assert!(error_of(&app).contains("is not a valid alias name"));
}

#[test]
fn sams_alias_name_is_reserved_in_the_sam_template() {
    let (app, stack) = app_stack("S");
    let func = aliased(&stack, "Fn");
    CfnResource::new(&stack, "Clash", "AWS::SQS::Queue")
        .override_logical_id(&format!("{}Aliaslive", func.resource().logical_id()));
    let err = error_of(&app);
    assert!(err.contains("SAM's alias of a function"), "{err}");
}

// ---- DeploymentPreference ------------------------------------------------------------------

#[test]
fn every_predefined_configuration_in_both_templates() {
    type Make = fn() -> DeploymentPreference;
    let cases: [(Make, &str); 9] = [
        (DeploymentPreference::all_at_once, "AllAtOnce"),
        (
            DeploymentPreference::canary_10_percent_5_minutes,
            "Canary10Percent5Minutes",
        ),
        (
            DeploymentPreference::canary_10_percent_10_minutes,
            "Canary10Percent10Minutes",
        ),
        (
            DeploymentPreference::canary_10_percent_15_minutes,
            "Canary10Percent15Minutes",
        ),
        (
            DeploymentPreference::canary_10_percent_30_minutes,
            "Canary10Percent30Minutes",
        ),
        (
            DeploymentPreference::linear_10_percent_every_1_minute,
            "Linear10PercentEvery1Minute",
        ),
        (
            DeploymentPreference::linear_10_percent_every_2_minutes,
            "Linear10PercentEvery2Minutes",
        ),
        (
            DeploymentPreference::linear_10_percent_every_3_minutes,
            "Linear10PercentEvery3Minutes",
        ),
        (
            DeploymentPreference::linear_10_percent_every_10_minutes,
            "Linear10PercentEvery10Minutes",
        ),
    ];
    let predefined: Vec<&str> = LambdaDeploymentConfig::PREDEFINED
        .iter()
        .map(|c| c.sam_type().unwrap())
        .collect();
    assert_eq!(predefined.len(), 9);
    for (make, name) in cases {
        assert!(predefined.contains(&name));
        let (_app, stack) = app_stack("S");
        let func = inline(&stack, "Fn")
            .auto_publish_alias("live")
            .deployment_preference(make())
            .build();
        let id = func.resource().logical_id();
        assert_eq!(
            sam(&stack)["Resources"][&id]["Properties"]["DeploymentPreference"],
            json!({"Type": name})
        );
        let p = plain(&stack);
        assert_eq!(
            p["Resources"][format!("{id}DeploymentGroup")]["Properties"]["DeploymentConfigName"],
            format!("CodeDeployDefault.Lambda{name}")
        );
    }
}

#[test]
fn the_plain_template_has_what_sam_generates_for_a_deployment_preference() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes())
        .build();
    let id = func.resource().logical_id();
    let p = plain(&stack);
    let r = resources(&p);
    assert_eq!(
        r["ServerlessDeploymentApplication"],
        json!({
            "Type": "AWS::CodeDeploy::Application",
            "Properties": {"ComputePlatform": "Lambda"},
            "Metadata": {"aws:cdk:path": "S/ServerlessDeploymentApplication"},
        })
    );
    assert_eq!(
        r["CodeDeployServiceRole"]["Properties"],
        json!({
            // SAM writes one-item lists (`["sts:AssumeRole"]`); the trust policy is written by
            // `iam::PolicyDocument`, AWS CDK's spelling of the same policy.
            "AssumeRolePolicyDocument": {
                "Statement": [{
                    "Action": "sts:AssumeRole",
                    "Effect": "Allow",
                    "Principal": {"Service": "codedeploy.amazonaws.com"},
                }],
                "Version": "2012-10-17",
            },
            "ManagedPolicyArns": [{"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"},
                ":iam::aws:policy/service-role/AWSCodeDeployRoleForLambda",
            ]]}],
        })
    );
    assert_eq!(
        r[&format!("{id}DeploymentGroup")]["Properties"],
        json!({
            "ApplicationName": {"Ref": "ServerlessDeploymentApplication"},
            "AutoRollbackConfiguration": {
                "Enabled": true,
                "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"],
            },
            "DeploymentConfigName": "CodeDeployDefault.LambdaCanary10Percent5Minutes",
            "DeploymentStyle": {"DeploymentOption": "WITH_TRAFFIC_CONTROL", "DeploymentType": "BLUE_GREEN"},
            "ServiceRoleArn": {"Fn::GetAtt": ["CodeDeployServiceRole", "Arn"]},
        })
    );
    assert_eq!(
        r[&format!("{id}Aliaslive")]["UpdatePolicy"],
        json!({"CodeDeployLambdaAliasUpdate": {
            "ApplicationName": {"Ref": "ServerlessDeploymentApplication"},
            "DeploymentGroupName": {"Ref": format!("{id}DeploymentGroup")},
        }})
    );
    // None of it in the SAM template, whose names are reserved.
    let s = sam(&stack);
    for gone in [
        "ServerlessDeploymentApplication",
        "CodeDeployServiceRole",
        &format!("{id}DeploymentGroup"),
    ] {
        assert!(s["Resources"].get(gone).is_none());
    }
}

#[test]
fn functions_of_a_stack_share_sams_application_and_service_role() {
    let (_app, stack) = app_stack("S");
    for id in ["A", "B"] {
        inline(&stack, id)
            .auto_publish_alias("live")
            .deployment_preference(DeploymentPreference::all_at_once())
            .build();
    }
    let p = plain(&stack);
    assert_eq!(ids_of(&p, "AWS::CodeDeploy::Application").len(), 1);
    assert_eq!(ids_of(&p, "AWS::CodeDeploy::DeploymentGroup").len(), 2);
    assert_eq!(
        ids_of(&p, "AWS::IAM::Role")
            .iter()
            .filter(|r| *r == "CodeDeployServiceRole")
            .count(),
        1
    );
}

#[test]
fn a_construct_named_like_sams_shared_application_is_reported() {
    let (app, stack) = app_stack("S");
    CfnResource::new(&stack, "ServerlessDeploymentApplication", "AWS::SQS::Queue");
    inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::all_at_once())
        .build();
    let err = error_of(&app);
    assert!(
        err.contains("`ServerlessDeploymentApplication` is the name of SAM's shared AWS::CodeDeploy::Application"),
        "{err}"
    );
}

#[test]
fn our_resources_cannot_take_sams_codedeploy_names_in_the_sam_template() {
    for name in ["ServerlessDeploymentApplication", "CodeDeployServiceRole"] {
        let (app, stack) = app_stack("S");
        // Only in the SAM template: the plain one really has ours under that name.
        let clash = CfnResource::new(&stack, "Clash", "AWS::SQS::Queue");
        clash.override_logical_id(name).only_in(Flavor::Sam);
        inline(&stack, "Fn")
            .auto_publish_alias("live")
            .deployment_preference(DeploymentPreference::all_at_once())
            .build();
        let err = error_of(&app);
        assert!(
            err.contains(&format!(
                "logical ID `{name}` collides with a name the SAM template reserves"
            )),
            "{err}"
        );
    }
    let (app, stack) = app_stack("S");
    let func = inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::all_at_once())
        .build();
    CfnResource::new(&stack, "Clash", "AWS::SQS::Queue")
        .override_logical_id(&format!("{}DeploymentGroup", func.resource().logical_id()));
    assert!(error_of(&app).contains("SAM's deployment group of a function"));
}

#[test]
fn alarms_hooks_and_their_permissions() {
    let (_app, stack) = app_stack("S");
    let pre = hook(&stack, "Pre");
    let post = hook(&stack, "Post");
    let other = inline(&stack, "Other").build();
    let early = Alarm::new(&stack, "Throttles", &other.metric_throttles(), 1).build();
    let func = inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(
            DeploymentPreference::canary_10_percent_10_minutes()
                .alarm(&early)
                .pre_traffic(&pre)
                .post_traffic(&post),
        )
        .build();
    let errors = Alarm::new(&stack, "Errors", &func.alias().metric_errors(), 1).build();
    func.add_deployment_alarm(&errors);
    let id = func.resource().logical_id();
    let (pre_id, post_id) = (pre.resource().logical_id(), post.resource().logical_id());
    let alarm_ids = [
        early.resource().logical_id(),
        errors.resource().logical_id(),
    ];

    let s = sam(&stack);
    assert_eq!(
        s["Resources"][&id]["Properties"]["DeploymentPreference"],
        json!({
            "Alarms": [{"Ref": alarm_ids[0]}, {"Ref": alarm_ids[1]}],
            "Hooks": {"PostTraffic": {"Ref": post_id}, "PreTraffic": {"Ref": pre_id}},
            "Type": "Canary10Percent10Minutes",
        })
    );
    let p = plain(&stack);
    assert_eq!(
        p["Resources"][format!("{id}DeploymentGroup")]["Properties"]["AlarmConfiguration"],
        json!({
            "Alarms": [{"Name": {"Ref": alarm_ids[0]}}, {"Name": {"Ref": alarm_ids[1]}}],
            "Enabled": true,
        })
    );
    assert_eq!(
        p["Resources"][format!("{id}Aliaslive")]["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"],
        json!({
            "ApplicationName": {"Ref": "ServerlessDeploymentApplication"},
            "DeploymentGroupName": {"Ref": format!("{id}DeploymentGroup")},
            "BeforeAllowTrafficHook": {"Ref": pre_id},
            "AfterAllowTrafficHook": {"Ref": post_id},
        })
    );
    // Each hook may report to this deployment group and invoke the version under test.
    let (version_id, _) = only(&p, "AWS::Lambda::Version");
    let group_arn = |app: Json, group: Json| {
        json!({"Fn::Sub": [
            "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentgroup:${Application}/${DeploymentGroup}",
            {"Application": app, "DeploymentGroup": group},
        ]})
    };
    for h in [&pre, &post] {
        let policy = h.role().default_policy().unwrap().logical_id();
        for (t, app, group, version) in [
            (
                &p,
                json!({"Ref": "ServerlessDeploymentApplication"}),
                json!({"Ref": format!("{id}DeploymentGroup")}),
                json!({"Ref": version_id}),
            ),
            (
                &s,
                json!({"Ref": "ServerlessDeploymentApplication"}),
                json!({"Ref": format!("{id}DeploymentGroup")}),
                json!({"Ref": format!("{id}.Version")}),
            ),
        ] {
            assert_eq!(
                t["Resources"][&policy]["Properties"]["PolicyDocument"]["Statement"],
                json!([
                    {
                        "Action": "codedeploy:PutLifecycleEventHookExecutionStatus",
                        "Effect": "Allow",
                        "Resource": group_arn(app.clone(), group.clone()),
                    },
                    {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": version},
                ])
            );
        }
    }
}

#[test]
fn a_custom_configuration_is_a_deployment_config_referenced_by_both_templates() {
    let (_app, stack) = app_stack("S");
    let canary = CustomLambdaDeploymentConfig::new(
        &stack,
        "FivePercent",
        TrafficRouting::canary(5, Duration::from_secs(15 * 60)),
    )
    .name("five-percent-then-all")
    .build();
    let linear = CustomLambdaDeploymentConfig::new(
        &stack,
        "Slow",
        TrafficRouting::linear(20, Duration::from_secs(120)),
    )
    .build();
    let all =
        CustomLambdaDeploymentConfig::new(&stack, "All", TrafficRouting::all_at_once()).build();
    let func = inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::new(LambdaDeploymentConfig::Custom(
            canary.clone(),
        )))
        .build();
    let id = func.resource().logical_id();
    let config = json!({"Ref": canary.resource().logical_id()});
    assert_eq!(
        sam(&stack)["Resources"][&id]["Properties"]["DeploymentPreference"]["Type"],
        config
    );
    let p = plain(&stack);
    assert_eq!(
        p["Resources"][format!("{id}DeploymentGroup")]["Properties"]["DeploymentConfigName"],
        config
    );
    let props = |c: &CustomLambdaDeploymentConfig| {
        p["Resources"][c.resource().logical_id()]["Properties"].clone()
    };
    assert_eq!(
        props(&canary),
        json!({
            "ComputePlatform": "Lambda",
            "DeploymentConfigName": "five-percent-then-all",
            "TrafficRoutingConfig": {
                "Type": "TimeBasedCanary",
                "TimeBasedCanary": {"CanaryInterval": 15, "CanaryPercentage": 5},
            },
        })
    );
    assert_eq!(
        props(&linear)["TrafficRoutingConfig"],
        json!({"Type": "TimeBasedLinear", "TimeBasedLinear": {"LinearInterval": 2, "LinearPercentage": 20}})
    );
    assert_eq!(
        props(&all)["TrafficRoutingConfig"],
        json!({"Type": "AllAtOnce"})
    );
    assert_eq!(
        ids_of(&sam(&stack), "AWS::CodeDeploy::DeploymentConfig").len(),
        3
    );
}

#[test]
fn invalid_custom_configurations_are_reported() {
    let cases: Vec<(TrafficRouting, Option<&str>, &str)> = vec![
        (
            TrafficRouting::canary(0, Duration::from_secs(60)),
            None,
            "traffic percentage 0 is outside 1..=99",
        ),
        (
            TrafficRouting::linear(100, Duration::from_secs(60)),
            None,
            "traffic percentage 100 is outside 1..=99",
        ),
        (
            TrafficRouting::canary(10, Duration::from_secs(90)),
            None,
            "interval 90s is not a whole number of minutes",
        ),
        (
            TrafficRouting::linear(10, Duration::ZERO),
            None,
            "is not a whole number of minutes (at least one)",
        ),
        (
            TrafficRouting::all_at_once(),
            Some("CodeDeployDefault.Mine"),
            "uses CodeDeploy's reserved prefix",
        ),
        (
            TrafficRouting::all_at_once(),
            Some("has space"),
            "`has space` is not a valid deployment configuration name",
        ),
    ];
    for (routing, name, expected) in cases {
        let (app, stack) = app_stack("S");
        let mut b = CustomLambdaDeploymentConfig::new(&stack, "C", routing);
        if let Some(n) = name {
            b = b.name(n);
        }
        b.build();
        let err = error_of(&app);
        assert!(
            err.contains(&format!("S/C: {expected}")) || err.contains(expected),
            "{err}"
        );
    }
}

#[test]
fn a_disabled_preference_creates_no_codedeploy_resources() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes().enabled(false))
        .build();
    let id = func.resource().logical_id();
    assert_eq!(
        sam(&stack)["Resources"][&id]["Properties"]["DeploymentPreference"],
        json!({"Enabled": false, "Type": "Canary10Percent5Minutes"})
    );
    let p = plain(&stack);
    assert!(ids_of(&p, "AWS::CodeDeploy::Application").is_empty());
    assert!(ids_of(&p, "AWS::CodeDeploy::DeploymentGroup").is_empty());
    let (_, alias) = only(&p, "AWS::Lambda::Alias");
    assert!(alias.get("UpdatePolicy").is_none());
}

#[test]
fn a_custom_role_replaces_sams_service_role_and_may_invoke_the_hooks() {
    let (_app, stack) = app_stack("S");
    let role = Role::new(
        &stack,
        "Deployer",
        Principal::service("codedeploy.amazonaws.com"),
    )
    .managed_policy(ManagedPolicy::aws(
        "service-role/AWSCodeDeployRoleForLambdaLimited",
    ))
    .build();
    // With its own role a hook needs no `CodeDeployHook_` name.
    let check = inline(&stack, "Check").build();
    let func = inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(
            DeploymentPreference::all_at_once()
                .role(&role)
                .pre_traffic(&check),
        )
        .build();
    let id = func.resource().logical_id();
    let role_arn = json!({"Fn::GetAtt": [role.resource().logical_id(), "Arn"]});
    let s = sam(&stack);
    assert_eq!(
        s["Resources"][&id]["Properties"]["DeploymentPreference"]["Role"],
        role_arn
    );
    let p = plain(&stack);
    assert!(p["Resources"].get("CodeDeployServiceRole").is_none());
    assert_eq!(
        p["Resources"][format!("{id}DeploymentGroup")]["Properties"]["ServiceRoleArn"],
        role_arn
    );
    let check_arn = json!({"Fn::GetAtt": [check.resource().logical_id(), "Arn"]});
    assert_eq!(
        p["Resources"][role.default_policy().unwrap().logical_id()]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([{"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": check_arn}])
    );
}

#[test]
fn hooks_the_default_role_cannot_invoke_are_reported() {
    let (app, stack) = app_stack("S");
    let unnamed = inline(&stack, "Unnamed").build();
    let misnamed = inline(&stack, "Misnamed")
        .function_name("pre-traffic")
        .build();
    let expression = inline(&stack, "Expr")
        .function_name(fns::sub("CodeDeployHook_${AWS::StackName}", []))
        .build();
    inline(&stack, "Fn")
        .auto_publish_alias("live")
        .deployment_preference(
            DeploymentPreference::all_at_once()
                .pre_traffic(&unnamed)
                .post_traffic(&misnamed),
        )
        .build();
    inline(&stack, "Fn2")
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::all_at_once().pre_traffic(&expression))
        .build();
    let err = error_of(&app);
    assert!(
        err.contains("S/Fn: the pre-traffic hook `S/Unnamed` cannot be invoked by CodeDeploy: it has no function name"),
        "{err}"
    );
    assert!(
        err.contains("the post-traffic hook `S/Misnamed` cannot be invoked by CodeDeploy: its name `pre-traffic` does not start with `CodeDeployHook_`"),
        "{err}"
    );
    assert!(
        !err.contains("S/Expr`"),
        "an expression name is trusted:\n{err}"
    );
}

#[test]
fn a_deployment_alarm_needs_a_deployment_preference() {
    let (app, stack) = app_stack("S");
    let func = inline(&stack, "Fn").auto_publish_alias("live").build();
    let alarm = Alarm::new(&stack, "A", &func.alias().metric_errors(), 1).build();
    func.add_deployment_alarm(&alarm);
    let err = error_of(&app);
    assert!(
        err.contains(
            "S/Fn: a deployment alarm was added, but the function has no deployment preference"
        ),
        "{err}"
    );
}

// ---- event sources ---------------------------------------------------------------------------

#[test]
fn event_sources_are_sam_events_and_sams_resources_in_the_plain_template() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn")
        .timeout(Duration::from_secs(10))
        .build();
    let queue = Queue::new(&stack, "Jobs")
        .visibility_timeout(Duration::from_secs(60))
        .build();
    let topic = Topic::new(&stack, "Alerts").build();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .stream(StreamViewType::NewImage)
        .build();
    let bucket = Bucket::new(&stack, "Uploads").build();
    func.add_event_source(
        SqsEventSource::new(&queue)
            .batch_size(5)
            .report_batch_item_failures(true),
    );
    func.add_event_source(SnsEventSource::new(&topic).filter_policy(json!({"level": ["high"]})));
    func.add_event_source(DynamoEventSource::new(&table).batch_size(50));
    func.add_event_source(ScheduleEventSource::new(Schedule::rate(5)).description("tick"));
    func.add_event_source(S3EventSource::new(&bucket, [EventType::ObjectCreated]));
    let id = func.resource().logical_id();
    let arn = |r: &CfnResource| json!({"Fn::GetAtt": [r.logical_id(), "Arn"]});

    let s = sam(&stack);
    let events = &s["Resources"][&id]["Properties"]["Events"];
    assert_eq!(
        events["SqsJobs"],
        json!({"Properties": {
            "BatchSize": 5,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "Queue": arn(queue.resource()),
        }, "Type": "SQS"})
    );
    assert_eq!(
        events["SnsAlerts"],
        json!({"Properties": {
            "FilterPolicy": {"level": ["high"]},
            "Topic": {"Ref": topic.resource().logical_id()},
        }, "Type": "SNS"})
    );
    assert_eq!(events["DynamoDBOrders"]["Type"], "DynamoDB");
    assert_eq!(
        events["DynamoDBOrders"]["Properties"]["StartingPosition"],
        "LATEST"
    );
    assert_eq!(events["DynamoDBOrders"]["Properties"]["BatchSize"], 50);
    assert_eq!(
        events["Schedule"],
        json!({"Properties": {
            "Description": "tick",
            "Schedule": "rate(5 minutes)",
            "State": "ENABLED",
        }, "Type": "Schedule"})
    );
    assert_eq!(events["S3Uploads"]["Type"], "EventBridgeRule");
    assert_eq!(events["S3Uploads"]["Properties"]["State"], "ENABLED");
    assert_eq!(
        events["S3Uploads"]["Properties"]["Pattern"]["source"],
        json!(["aws.s3"])
    );
    // SAM generates the wiring: none of ours in the SAM template …
    for t in [
        "AWS::Lambda::EventSourceMapping",
        "AWS::Lambda::Permission",
        "AWS::SNS::Subscription",
        "AWS::Events::Rule",
    ] {
        assert!(ids_of(&s, t).is_empty(), "{t} in the SAM template");
    }
    // … and all of it in the plain one.
    let p = plain(&stack);
    assert_eq!(ids_of(&p, "AWS::Lambda::EventSourceMapping").len(), 2);
    assert_eq!(ids_of(&p, "AWS::Lambda::Permission").len(), 3);
    assert_eq!(ids_of(&p, "AWS::SNS::Subscription").len(), 1);
    assert_eq!(ids_of(&p, "AWS::Events::Rule").len(), 2);
    // The names SAM gives the generated resources are reserved.
    let (app2, stack2) = app_stack("T");
    let f2 = inline(&stack2, "Fn").build();
    let q2 = Queue::new(&stack2, "Jobs").build();
    f2.add_event_source(SqsEventSource::new(&q2));
    CfnResource::new(&stack2, "Clash", "AWS::SQS::Queue")
        .override_logical_id(&format!("{}SqsJobs", f2.resource().logical_id()));
    assert!(error_of(&app2).contains("SAM generates it for an event of a function"));
}

#[test]
fn two_sources_of_one_kind_get_distinct_event_names() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn").build();
    let scope = cdk_core::Scope::new(&stack, "Other");
    let a = Queue::new(&stack, "Jobs").build();
    let b = Queue::new(&scope, "Jobs").build();
    func.add_event_source(SqsEventSource::new(&a));
    func.add_event_source(SqsEventSource::new(&b));
    let s = sam(&stack);
    let events = s["Resources"][func.resource().logical_id()]["Properties"]["Events"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(events, ["SqsJobs", "SqsJobs2"]);
}

#[test]
fn with_an_alias_every_trigger_invokes_the_alias() {
    let (_app, stack) = app_stack("S");
    let func = inline(&stack, "Fn").auto_publish_alias("live").build();
    let queue = Queue::new(&stack, "Jobs").build();
    let topic = Topic::new(&stack, "Alerts").build();
    let table = Table::new(&stack, "Orders", Attribute::string("Id"))
        .stream(StreamViewType::NewImage)
        .build();
    let events_bucket = Bucket::new(&stack, "Uploads").build();
    let direct_bucket = Bucket::new(&stack, "Direct").build();
    func.add_event_source(SqsEventSource::new(&queue));
    func.add_event_source(SnsEventSource::new(&topic));
    func.add_event_source(DynamoEventSource::new(&table));
    func.add_event_source(ScheduleEventSource::new(Schedule::rate(1)));
    func.add_event_source(S3EventSource::new(
        &events_bucket,
        [EventType::ObjectCreated],
    ));
    func.add_event_source(
        S3EventSource::new(&direct_bucket, [EventType::ObjectRemoved]).delivery(S3Delivery::Direct),
    );
    let id = func.resource().logical_id();
    let alias = json!({"Ref": format!("{id}Aliaslive")});
    let p = plain(&stack);
    for (_, r) in resources(&p) {
        let props = &r["Properties"];
        match r["Type"].as_str().unwrap() {
            "AWS::Lambda::EventSourceMapping" | "AWS::Lambda::Permission" => {
                assert_eq!(props["FunctionName"], alias, "{r:#}")
            }
            "AWS::SNS::Subscription" => assert_eq!(props["Endpoint"], alias),
            "AWS::Events::Rule" => assert_eq!(props["Targets"][0]["Arn"], alias),
            _ => {}
        }
    }
    // Direct S3 delivery is the same resources in both templates, naming SAM's alias there.
    let s = sam(&stack);
    let sam_alias = json!({"Ref": format!("{id}.Alias")});
    let (_, permission) = only(&s, "AWS::Lambda::Permission");
    assert_eq!(permission["Properties"]["FunctionName"], sam_alias);
    assert_eq!(
        s["Resources"][direct_bucket.resource().logical_id()]["Properties"]
            ["NotificationConfiguration"]["LambdaConfigurations"][0]["Function"],
        sam_alias
    );
}

// ---- cloudwatch::Alarm ---------------------------------------------------------------------

#[test]
fn alarms_on_function_and_alias_metrics() {
    let (_app, stack) = app_stack("S");
    let func = aliased(&stack, "Fn");
    let id = func.resource().logical_id();
    let errors = Alarm::new(&stack, "Errors", &func.alias().metric_errors(), 1)
        .treat_missing_data(TreatMissingData::NotBreaching)
        .description("errors of live")
        .build();
    let slow = Alarm::new(
        &stack,
        "Slow",
        &func
            .function()
            .metric_duration()
            .period(Duration::from_secs(300)),
        Duration::from_millis(1500),
    )
    .comparison(ComparisonOperator::GreaterThanThreshold)
    .evaluation_periods(3)
    .datapoints_to_alarm(2)
    .alarm_name("slow")
    .actions_enabled(false)
    .build();
    let p99 = Alarm::new(
        &stack,
        "P99",
        &func
            .alias()
            .metric_duration()
            .statistic(Statistic::Percentile(99.0)),
        Duration::from_secs(2),
    )
    .build();
    let throttles = Alarm::new(
        &stack,
        "Throttles",
        &func.function().metric_throttles(),
        0.5,
    )
    .build();
    let custom = Alarm::new(
        &stack,
        "Depth",
        &Metric::<Count>::new("AWS/SQS", "ApproximateNumberOfMessagesVisible")
            .dimension("QueueName", "jobs")
            .statistic(Statistic::Maximum),
        100,
    )
    .comparison(ComparisonOperator::LessThanOrEqualToThreshold)
    .build();
    let props =
        |a: &Alarm| plain(&stack)["Resources"][a.resource().logical_id()]["Properties"].clone();
    let name = json!({"Ref": id});
    assert_eq!(
        props(&errors),
        json!({
            "AlarmDescription": "errors of live",
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Dimensions": [
                {"Name": "FunctionName", "Value": name},
                {"Name": "Resource", "Value": {"Fn::Join": [":", [name, "live"]]}},
            ],
            "EvaluationPeriods": 1,
            "MetricName": "Errors",
            "Namespace": "AWS/Lambda",
            "Period": 60,
            "Statistic": "Sum",
            "Threshold": 1,
            "TreatMissingData": "notBreaching",
        })
    );
    assert_eq!(
        props(&slow),
        json!({
            "ActionsEnabled": false,
            "AlarmName": "slow",
            "ComparisonOperator": "GreaterThanThreshold",
            "DatapointsToAlarm": 2,
            "Dimensions": [{"Name": "FunctionName", "Value": name}],
            "EvaluationPeriods": 3,
            "MetricName": "Duration",
            "Namespace": "AWS/Lambda",
            "Period": 300,
            "Statistic": "Average",
            "Threshold": 1500,
        })
    );
    assert_eq!(props(&p99)["ExtendedStatistic"], "p99");
    assert!(props(&p99).get("Statistic").is_none());
    assert_eq!(props(&p99)["Threshold"], 2000);
    assert_eq!(props(&throttles)["Threshold"], 0.5);
    assert_eq!(props(&custom)["Statistic"], "Maximum");
    assert_eq!(
        props(&custom)["ComparisonOperator"],
        "LessThanOrEqualToThreshold"
    );
    // Alarms are plain resources: the same in the SAM template.
    assert_eq!(
        sam(&stack)["Resources"][errors.resource().logical_id()]["Properties"],
        props(&errors)
    );
    assert_eq!(format!("{errors:?}"), "Alarm(S/Errors)");
    let _: Str = errors.alarm_name();
    let _: Str = errors.arn();
}

#[test]
fn invalid_alarms_are_reported() {
    type Case = (Box<dyn Fn(&Stack, &Function)>, &'static str);
    let cases: Vec<Case> = vec![
        (
            Box::new(|s, f| {
                Alarm::new(s, "A", &f.metric_errors(), 1)
                    .evaluation_periods(0)
                    .build();
            }),
            "S/A: evaluation periods must be at least 1",
        ),
        (
            Box::new(|s, f| {
                Alarm::new(s, "A", &f.metric_errors(), 1)
                    .evaluation_periods(2)
                    .datapoints_to_alarm(3)
                    .build();
            }),
            "S/A: datapoints to alarm (3) must be between 1 and the evaluation periods (2)",
        ),
        (
            Box::new(|s, f| {
                Alarm::new(
                    s,
                    "A",
                    &f.metric_errors().period(Duration::from_secs(90)),
                    1,
                )
                .build();
            }),
            "S/A: metric period 90s is not 10 s, 20 s, 30 s or a multiple of 60 s",
        ),
        (
            Box::new(|s, f| {
                Alarm::new(
                    s,
                    "A",
                    &f.metric_duration().statistic(Statistic::Percentile(0.0)),
                    Duration::from_secs(1),
                )
                .build();
            }),
            "S/A: percentile 0 is outside (0, 100]",
        ),
        (
            Box::new(|s, f| {
                Alarm::new(s, "A", &f.metric_errors(), f64::NAN).build();
            }),
            "S/A: threshold NaN is not a finite number",
        ),
        (
            Box::new(|s, f| {
                Alarm::new(s, "A", &f.metric_errors(), 1)
                    .alarm_name("")
                    .build();
            }),
            "S/A: alarm name `` is not 1-255 characters",
        ),
        (
            Box::new(|s, f| {
                Alarm::new(s, "A", &f.metric_errors(), 1)
                    .description(&"d".repeat(1025))
                    .build();
            }),
            "S/A: description is more than 1024 characters",
        ),
    ];
    for (make, expected) in cases {
        let (app, stack) = app_stack("S");
        let func = inline(&stack, "Fn").build();
        make(&stack, &func);
        let err = error_of(&app);
        assert!(err.contains(expected), "expected `{expected}` in:\n{err}");
    }
}

// ---- Rust functions and in-place source folders ------------------------------------------------

#[test]
fn a_rust_function_points_both_templates_at_the_crate_relative_to_the_templates() {
    let root = TempDir::new("rust");
    let krate = root.0.join("services").join("handler");
    std::fs::create_dir_all(&krate).unwrap();
    std::fs::write(krate.join("Cargo.toml"), "[package]\nname = \"h\"\n").unwrap();
    let app = App::with_out_dir(root.0.join("synth-out"));
    let stack = Stack::new(&app, "S");
    let func = RustFunction::new(&stack, "Handler", &krate).build();
    let x86 = RustFunction::new(&stack, "X86", &krate)
        .architecture(Architecture::X86_64)
        .build();
    let id = func.resource().logical_id();
    let (p, s) = (plain(&stack), sam(&stack));
    for (t, code) in [(&p, "Code"), (&s, "CodeUri")] {
        let r = &t["Resources"][&id];
        assert_eq!(r["Properties"][code], "../services/handler");
        assert_eq!(r["Properties"]["Runtime"], "provided.al2023");
        assert_eq!(r["Properties"]["Handler"], "bootstrap");
        assert_eq!(r["Properties"]["Architectures"], json!(["arm64"]));
        assert_eq!(r["Metadata"]["BuildMethod"], "rust-cargolambda");
        assert_eq!(
            t["Resources"][x86.resource().logical_id()]["Properties"]["Architectures"],
            json!(["x86_64"])
        );
    }
    // Not staged: nothing is copied, the manifest lists no asset.
    let summary = app.write().unwrap();
    assert!(!summary.out_dir.join("assets").exists());
    let manifest: Json = serde_json::from_str(
        &std::fs::read_to_string(summary.out_dir.join("manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["assets"], json!({}));
}

#[test]
fn cargo_lambda_code_needs_an_os_only_runtime_bootstrap_and_an_existing_folder() {
    let (app, stack) = app_stack("S");
    Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_13,
        Code::from_cargo_lambda("no/such/crate"),
        "main",
    )
    .build();
    let err = error_of(&app);
    assert!(
        err.contains("S/Fn: a cargo-lambda crate runs on an OS-only runtime, not `python3.13`"),
        "{err}"
    );
    assert!(
        err.contains(
            "cargo-lambda builds an executable named `bootstrap`, but the handler is `main`"
        ),
        "{err}"
    );
    assert!(
        err.contains("S/Fn/Code: source folder `no/such/crate` does not exist or is not a folder"),
        "{err}"
    );
}

#[test]
fn source_folders_resolve_from_the_working_directory_to_the_output_folder() {
    // `App::new()` writes to `synth-out` in the working directory (here the crate folder).
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let here = cdk_core::Asset::from_source_dir(&stack, "Here", ".");
    let sibling = cdk_core::Asset::from_source_dir(&stack, "Src", "src");
    let queue = CfnResource::new(&stack, "Q", "AWS::SQS::Queue");
    queue.add_metadata("here", here.path());
    queue.add_metadata("src", sibling.path());
    let t = plain(&stack);
    let meta = &t["Resources"]["Q"]["Metadata"];
    assert_eq!(meta["here"], "..");
    assert_eq!(meta["src"], "../src");
}

// ---- transform references (cdk-core) ---------------------------------------------------------

#[test]
fn transform_references_exist_only_in_templates_with_a_transform() {
    let (app, stack) = app_stack("S");
    let func = aliased(&stack, "Fn");
    CfnOutput::new(
        &stack,
        "Raw",
        func.function().sam_resource().transform_ref(".Alias"),
    );
    let err = error_of(&app);
    assert!(
        err.contains("S/Raw: refers to `S/Fn/Serverless` + `.Alias`, a name only a template transform generates, in the plain CloudFormation template, which has no transform"),
        "{err}"
    );
    // Fine in a SAM-only stack, and in a plain template with a transform of its own.
    let (_app, stack) = app_stack("S");
    stack.set_templates(&[Flavor::Sam]);
    let func = aliased(&stack, "Fn");
    CfnOutput::new(
        &stack,
        "Raw",
        func.function().sam_resource().transform_ref(".Alias"),
    );
    CfnOutput::new(
        &stack,
        "App",
        fns::transform_ref("ServerlessDeploymentApplication"),
    );
    let s = sam(&stack);
    assert_eq!(
        s["Outputs"]["App"]["Value"],
        json!({"Ref": "ServerlessDeploymentApplication"})
    );
    let (app, stack) = app_stack("S");
    stack.set_templates(&[Flavor::Sam]);
    let q = CfnResource::new(&stack, "Q", "AWS::SQS::Queue");
    CfnOutput::new(&stack, "Bad", fns::transform_ref("has space"));
    CfnOutput::new(&stack, "Other", q.transform_ref("Generated"));
    let err = error_of(&app);
    assert!(
        err.contains("`has space` is not a logical ID a transform can generate"),
        "{err}"
    );
    assert!(!err.contains("S/Other"), "{err}");
}

#[test]
fn an_alias_used_by_another_stack_is_exported_in_each_template() {
    let app = App::new();
    let producer = Stack::new(&app, "Producer");
    let consumer = Stack::new(&app, "Consumer");
    let func = aliased(&producer, "Fn");
    let id = func.resource().logical_id();
    CfnOutput::new(&consumer, "Alias", func.alias().arn());
    CfnResource::new(&consumer, "Queue", "AWS::SQS::Queue");
    let assembly = app.assemble().unwrap();
    let stack = |name: &str, flavor: Flavor| {
        assembly
            .stack(name)
            .unwrap()
            .template(flavor)
            .unwrap()
            .clone()
    };
    for (flavor, local) in [
        (Flavor::Cfn, json!({"Ref": format!("{id}Aliaslive")})),
        (Flavor::Sam, json!({"Ref": format!("{id}.Alias")})),
    ] {
        let outputs = stack("Producer", flavor)["Outputs"].clone();
        let (_, export) = outputs.as_object().unwrap().iter().next().unwrap();
        assert_eq!(export["Value"], local);
        let name = export["Export"]["Name"].clone();
        assert_eq!(
            stack("Consumer", flavor)["Outputs"]["Alias"]["Value"],
            json!({"Fn::ImportValue": name})
        );
    }
    assert_eq!(
        assembly.stack("Consumer").unwrap().dependencies,
        ["Producer"]
    );
}

#[test]
fn a_dependency_on_a_function_skips_what_the_template_does_not_have() {
    let (_app, stack) = app_stack("S");
    let func = aliased(&stack, "Fn");
    let waiter = CfnResource::new(&stack, "Waiter", "AWS::SQS::Queue");
    waiter.add_dependency(func.function());
    let id = func.resource().logical_id();
    let p = plain(&stack);
    let deps: Vec<String> =
        serde_json::from_value(p["Resources"]["Waiter"]["DependsOn"].clone()).unwrap();
    let (version_id, _) = only(&p, "AWS::Lambda::Version");
    assert!(deps.contains(&id) && deps.contains(&version_id.to_string()));
    let s = sam(&stack);
    let deps: Vec<String> =
        serde_json::from_value(s["Resources"]["Waiter"]["DependsOn"].clone()).unwrap();
    assert!(deps.contains(&id));
    assert!(
        deps.iter().all(|d| s["Resources"].get(d).is_some()),
        "{deps:?}"
    );
}

#[test]
fn environment_added_after_build_reaches_both_templates_and_is_checked() {
    let (app, stack) = app_stack("S");
    // (Lambda's names have at least two characters.)
    let func = inline(&stack, "Fn").env("KEY_A", "1").build();
    func.add_environment("KEY_B", "2");
    let id = func.resource().logical_id();
    for t in [plain(&stack), sam(&stack)] {
        assert_eq!(
            t["Resources"][&id]["Properties"]["Environment"],
            json!({"Variables": {"KEY_A": "1", "KEY_B": "2"}})
        );
    }
    func.add_environment("AWS_REGION", "x");
    assert!(
        error_of(&app).contains("S/Fn: environment variable `AWS_REGION` is reserved by Lambda")
    );
    let _ = func.node();
}
