//! The settings of `lambda::Function` beyond code and handler: asynchronous invocation
//! (destinations, event age, retries), function URLs, provisioned concurrency, SnapStart,
//! logging, environment encryption, VPC, EFS, code signing, recursive-loop detection,
//! container images. Each renders in the SAM template as SAM's property and
//! in the plain one as what SAM generates for it; each limit is a synth error; and the real
//! validators (cfn-lint, aws-sam-translator, the differential check, `sam validate --lint`)
//! accept all of it together.

mod support;
use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::{fns, CfnOutput, Str};
use cdk_core::{App, Stack};
use constructs::events::EventBus;
use constructs::iam::{Principal, Role};
use constructs::lambda::{
    ApplicationLogLevel, Architecture, Code, Destination, FileSystem, Function, FunctionBuilder,
    FunctionUrlAuthType, FunctionUrlCors, FunctionUrlOptions, InvokeMode, LogFormat, RecursiveLoop,
    Runtime, SystemLogLevel, VpcConfig,
};
use constructs::sns::Topic;
use constructs::sqs::Queue;
use serde_json::json;

fn builder(stack: &Stack, id: &str) -> FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return None\n"),
        "index.handler",
    )
}

/// The one diagnostic `make` causes, on the function `S/Handler` or below it, with a hint.
fn one_error(make: impl FnOnce(&Stack) -> FunctionBuilder, expected: &str) {
    one_error_with(|s| drop(make(s).build()), expected);
}

/// [`one_error`] for a `make` that builds the function itself.
fn one_error_with(make: impl FnOnce(&Stack), expected: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    make(&stack);
    let err = app.assemble().unwrap_err();
    support::assert_one_diagnostic(&err, expected, "S/Handler");
}

// ---- asynchronous invocation ---------------------------------------------------------------

#[test]
fn async_invocation_renders_as_sam_event_invoke_config_and_the_plain_resource() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let done = Queue::new(&stack, "Done").build();
    let failed = Topic::new(&stack, "Failed").build();
    let func = builder(&stack, "Handler")
        .on_success(Destination::queue(&done))
        .on_failure(Destination::topic(&failed))
        .max_event_age(Duration::from_secs(120))
        .retry_attempts(0)
        .build();
    let fn_id = func.resource().logical_id();
    let done_id = done.resource().logical_id();
    let failed_id = failed.resource().logical_id();

    let sam = Template::from_stack_sam(&stack);
    sam.has_resource_properties(
        "AWS::Serverless::Function",
        json!({"EventInvokeConfig": {
            "DestinationConfig": {
                "OnFailure": {"Type": "SNS", "Destination": {"Ref": failed_id}},
                "OnSuccess": {"Type": "SQS", "Destination": {"Fn::GetAtt": [done_id, "Arn"]}},
            },
            "MaximumEventAgeInSeconds": 120,
            "MaximumRetryAttempts": 0,
        }}),
    );
    sam.resource_count_is("AWS::Lambda::EventInvokeConfig", 0);

    let plain = Template::from_stack(&stack);
    let t = plain.to_json().clone();
    let config = &t["Resources"][format!("{fn_id}EventInvokeConfig")];
    assert_eq!(config["Type"], "AWS::Lambda::EventInvokeConfig");
    assert_eq!(
        config["Properties"],
        json!({
            "DestinationConfig": {
                "OnFailure": {"Destination": {"Ref": failed_id}},
                "OnSuccess": {"Destination": {"Fn::GetAtt": [done_id, "Arn"]}},
            },
            "FunctionName": {"Ref": fn_id},
            "MaximumEventAgeInSeconds": 120,
            "MaximumRetryAttempts": 0,
            "Qualifier": "$LATEST",
        })
    );
    assert!(config.get("DependsOn").is_none(), "{config}");
    // The role may deliver to both (the same statements in both templates).
    for t in [&plain, &sam] {
        t.has_resource_properties(
            "AWS::IAM::Policy",
            json!({"PolicyDocument": {"Statement": Match::array_with(json!([
                json!({"Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
                       "Effect": "Allow", "Resource": {"Fn::GetAtt": [done_id, "Arn"]}}),
                json!({"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": failed_id}}),
            ]))}}),
        );
    }
}

#[test]
fn async_invocation_of_an_aliased_function_configures_the_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let bus = EventBus::new(&stack, "Bus").build();
    let next = builder(&stack, "Next").auto_publish_alias("live").build();
    let func = builder(&stack, "Handler")
        .on_success(Destination::function(next.function()))
        .on_failure(Destination::event_bus(&bus))
        .auto_publish_alias("live")
        .build();
    let fn_id = func.resource().logical_id();
    let t = Template::from_stack(&stack).to_json().clone();
    let config = &t["Resources"][format!("{fn_id}EventInvokeConfig")];
    assert_eq!(config["Properties"]["Qualifier"], "live");
    assert_eq!(config["DependsOn"], json!([format!("{fn_id}Aliaslive")]));
    assert_eq!(
        config["Properties"]["DestinationConfig"]["OnSuccess"]["Destination"],
        json!({"Ref": format!("{}Aliaslive", next.resource().logical_id())}),
        "the destination function is invoked through its alias"
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    let props = &sam["Resources"][&fn_id]["Properties"]["EventInvokeConfig"]["DestinationConfig"];
    assert_eq!(props["OnSuccess"]["Type"], "Lambda");
    assert_eq!(
        props["OnSuccess"]["Destination"],
        json!({"Ref": format!("{}.Alias", next.resource().logical_id())})
    );
    assert_eq!(props["OnFailure"]["Type"], "EventBridge");
    Template::from_stack(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": Match::array_with(json!([
            json!({"Action": "events:PutEvents", "Effect": "Allow",
                   "Resource": {"Fn::GetAtt": [bus.resource().logical_id(), "Arn"]}}),
        ]))}}),
    );
}

#[test]
fn only_event_age_and_retries_render_an_empty_destination_config_as_sam_does() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").retry_attempts(2).build();
    let fn_id = func.resource().logical_id();
    let t = Template::from_stack(&stack).to_json().clone();
    assert_eq!(
        t["Resources"][format!("{fn_id}EventInvokeConfig")]["Properties"],
        json!({"DestinationConfig": {}, "FunctionName": {"Ref": fn_id},
               "MaximumRetryAttempts": 2, "Qualifier": "$LATEST"})
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    assert_eq!(
        sam["Resources"][&fn_id]["Properties"]["EventInvokeConfig"],
        json!({"MaximumRetryAttempts": 2})
    );
    // Nothing set, nothing rendered.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let _ = builder(&stack, "Handler").build();
    Template::from_stack(&stack).resource_count_is("AWS::Lambda::EventInvokeConfig", 0);
}

#[test]
fn async_invocation_mistakes_are_one_diagnostic_each() {
    one_error(
        |s| builder(s, "Handler").max_event_age(Duration::from_secs(59)),
        "the maximum event age of 59 seconds is outside 60..=21600 seconds",
    );
    one_error(
        |s| builder(s, "Handler").max_event_age(Duration::from_secs(21601)),
        "outside 60..=21600",
    );
    one_error(
        |s| builder(s, "Handler").max_event_age(Duration::from_millis(90_500)),
        "is not a whole number of seconds",
    );
    one_error(
        |s| builder(s, "Handler").retry_attempts(3),
        "3 retry attempts for asynchronous invocations; Lambda allows 0 to 2",
    );
    one_error(
        |s| {
            let q = Queue::new(s, "Q").fifo(true).build();
            builder(s, "Handler").on_failure(Destination::queue(&q))
        },
        "the on-failure destination is a FIFO queue",
    );
    one_error(
        |s| {
            let t = Topic::new(s, "T").fifo(true).build();
            builder(s, "Handler").on_success(Destination::topic(&t))
        },
        "the on-success destination is a FIFO topic",
    );
}

// ---- function URLs -------------------------------------------------------------------------

#[test]
fn a_public_url_gets_both_permissions_aws_requires() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").build();
    let url = func.add_function_url(
        FunctionUrlOptions::new(FunctionUrlAuthType::None)
            .cors(
                FunctionUrlCors::new()
                    .allow_origins(["https://app.example.com"])
                    .allow_methods(["GET", "POST"])
                    .allow_headers(["content-type"])
                    .expose_headers(["x-request-id"])
                    .allow_credentials(true)
                    .max_age(Duration::from_secs(300)),
            )
            .invoke_mode(InvokeMode::ResponseStream),
    );
    CfnOutput::new(&stack, "Url", url.url());
    let fn_id = func.resource().logical_id();
    let cors = json!({
        "AllowCredentials": true,
        "AllowHeaders": ["content-type"],
        "AllowMethods": ["GET", "POST"],
        "AllowOrigins": ["https://app.example.com"],
        "ExposeHeaders": ["x-request-id"],
        "MaxAge": 300,
    });
    let t = Template::from_stack(&stack).to_json().clone();
    let r = &t["Resources"];
    assert_eq!(r[format!("{fn_id}Url")]["Type"], "AWS::Lambda::Url");
    assert_eq!(
        r[format!("{fn_id}Url")]["Properties"],
        json!({"AuthType": "NONE", "Cors": cors, "InvokeMode": "RESPONSE_STREAM",
               "TargetFunctionArn": {"Ref": fn_id}})
    );
    assert_eq!(
        r[format!("{fn_id}UrlPublicPermissions")]["Properties"],
        json!({"Action": "lambda:InvokeFunctionUrl", "FunctionName": {"Ref": fn_id},
               "FunctionUrlAuthType": "NONE", "Principal": "*"})
    );
    assert_eq!(
        r[format!("{fn_id}URLInvokeAllowPublicAccess")]["Properties"],
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Ref": fn_id},
               "InvokedViaFunctionUrl": true, "Principal": "*"})
    );
    assert_eq!(
        t["Outputs"]["Url"]["Value"],
        json!({"Fn::GetAtt": [format!("{fn_id}Url"), "FunctionUrl"]})
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    assert_eq!(
        sam["Resources"][&fn_id]["Properties"]["FunctionUrlConfig"],
        json!({"AuthType": "NONE", "Cors": cors, "InvokeMode": "RESPONSE_STREAM"})
    );
    assert_eq!(
        sam["Outputs"]["Url"]["Value"],
        json!({"Fn::GetAtt": [format!("{fn_id}Url"), "FunctionUrl"]}),
        "SAM's generated <Fn>Url"
    );
    Template::from_stack_sam(&stack).resource_count_is("AWS::Lambda::Url", 0);
}

#[test]
fn an_iam_url_of_an_alias_gets_no_permission_and_grants_callers() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler")
        .auto_publish_alias("live")
        .build();
    let url = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));
    assert_eq!(url.auth_type(), FunctionUrlAuthType::AwsIam);
    let caller = Role::new(&stack, "Caller", Principal::service("ec2.amazonaws.com")).build();
    url.grant_invoke_url(&caller);
    let fn_id = func.resource().logical_id();
    let plain = Template::from_stack(&stack);
    plain.resource_count_is("AWS::Lambda::Permission", 0);
    let alias = json!({"Ref": format!("{fn_id}Aliaslive")});
    plain.has_resource_properties(
        "AWS::Lambda::Url",
        json!({"AuthType": "AWS_IAM", "TargetFunctionArn": alias}),
    );
    plain.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"],
            "Effect": "Allow", "Resource": alias}]}}),
    );
    Template::from_stack_sam(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [{
            "Action": ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"],
            "Effect": "Allow", "Resource": {"Ref": format!("{fn_id}.Alias")}}]}}),
    );
}

#[test]
fn function_url_mistakes_are_one_diagnostic_each() {
    let cases: Vec<(FunctionUrlCors, &str)> = vec![
        (
            FunctionUrlCors::new().allow_methods(["GET", "get", "OPTIONS"]),
            "allows methods Lambda does not know: get, OPTIONS",
        ),
        (
            FunctionUrlCors::new().max_age(Duration::from_secs(86401)),
            "the function URL's CORS max age of 86401 seconds is outside 0..=86400 seconds",
        ),
        (
            FunctionUrlCors::new().allow_origins([""]),
            "CORS origin `` has 0 characters",
        ),
        (
            FunctionUrlCors::new().allow_headers((0..101).map(|i| format!("x-h{i}"))),
            "has 101 allowed headers, more than Lambda's 100",
        ),
    ];
    for (cors, expected) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let func = builder(&stack, "Handler").build();
        func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam).cors(cors));
        let err = app.assemble().unwrap_err();
        let d = err.diagnostics();
        assert_eq!(d.len(), 1, "{expected}: {err}");
        assert!(
            d[0].message.contains(expected),
            "{expected}: {}",
            d[0].message
        );
        assert_eq!(d[0].path, "S/Handler", "{expected}");
    }
    // A second URL; a grant on a public one.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").build();
    let first = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));
    let second = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::None));
    assert_eq!(
        second.auth_type(),
        first.auth_type(),
        "the first URL is returned"
    );
    let d = app.assemble().unwrap_err().diagnostics().to_vec();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.contains("a second function URL"),
        "{}",
        d[0].message
    );
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler").build();
    let url = func.add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::None));
    url.grant_invoke_url(
        &Role::new(&stack, "Caller", Principal::service("ec2.amazonaws.com")).build(),
    );
    let d = app.assemble().unwrap_err().diagnostics().to_vec();
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("auth type NONE"), "{}", d[0].message);
    assert_eq!(d[0].path, "S/Handler/FunctionUrl");
}

// ---- runtime settings ----------------------------------------------------------------------

fn arn(service: &str, rest: &str) -> Str {
    fns::sub(
        &format!("arn:${{AWS::Partition}}:{service}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}"),
        [],
    )
}

fn key() -> Str {
    arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab")
}

fn efs() -> FileSystem {
    FileSystem::efs_access_point(
        arn("elasticfilesystem", "file-system/fs-0123456789abcdef0"),
        arn("elasticfilesystem", "access-point/fsap-0123456789abcdef0"),
        "/mnt/data",
    )
}

fn vpc() -> VpcConfig {
    VpcConfig::new(
        ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        ["sg-0123456789abcdef0"],
    )
}

fn java(stack: &Stack, id: &str) -> FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::JAVA_21,
        Code::from_bucket("artifacts-bucket", "orders.jar"),
        "orders.Handler::handleRequest",
    )
}

#[test]
fn runtime_settings_render_alike_in_both_templates() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = java(&stack, "Handler")
        .snap_start()
        .log_format(LogFormat::Json)
        .application_log_level(ApplicationLogLevel::Info)
        .system_log_level(SystemLogLevel::Warn)
        .environment_encryption(key())
        .env("STAGE", "prod")
        .code_signing_config_arn(arn("lambda", "code-signing-config:csc-0123456789abcdef0"))
        .recursive_loop(RecursiveLoop::Allow)
        .architecture(Architecture::Arm64)
        .auto_publish_alias("live")
        .build();
    let fn_id = func.resource().logical_id();
    let expected = json!({
        "Architectures": ["arm64"],
        "CodeSigningConfigArn": {"Fn::Sub": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:code-signing-config:csc-0123456789abcdef0"},
        "KmsKeyArn": {"Fn::Sub": "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
        "LoggingConfig": {"ApplicationLogLevel": "INFO", "LogFormat": "JSON", "SystemLogLevel": "WARN"},
        "RecursiveLoop": "Allow",
        "SnapStart": {"ApplyOn": "PublishedVersions"},
    });
    for t in [
        Template::from_stack(&stack),
        Template::from_stack_sam(&stack),
    ] {
        let json = t.to_json().clone();
        let props = &json["Resources"][&fn_id]["Properties"];
        for (k, v) in expected.as_object().unwrap() {
            assert_eq!(&props[k], v, "{k}");
        }
        t.has_resource_properties(
            "AWS::IAM::Policy",
            json!({"PolicyDocument": {"Statement": Match::array_with(json!([
                {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": expected["KmsKeyArn"]},
            ]))}}),
        );
    }
}

#[test]
fn vpc_file_system_and_provisioned_concurrency() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = builder(&stack, "Handler")
        .vpc(vpc())
        .file_system(efs())
        .reserved_concurrent_executions(10)
        .auto_publish_alias("live")
        .provisioned_concurrency(2)
        .build();
    let fn_id = func.resource().logical_id();
    let vpc_config = json!({"SecurityGroupIds": ["sg-0123456789abcdef0"],
        "SubnetIds": ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]});
    let fs = json!([{"Arn": {"Fn::Sub": "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:access-point/fsap-0123456789abcdef0"},
        "LocalMountPath": "/mnt/data"}]);
    let plain = Template::from_stack(&stack);
    let sam = Template::from_stack_sam(&stack);
    for t in [&plain, &sam] {
        let json = t.to_json();
        let props = &json["Resources"][&fn_id]["Properties"];
        assert_eq!(props["VpcConfig"], vpc_config);
        assert_eq!(props["FileSystemConfigs"], fs);
        t.has_resource_properties(
            "AWS::IAM::Role",
            json!({"ManagedPolicyArns": Match::array_with(json!([
                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]},
            ]))}),
        );
        t.has_resource_properties(
            "AWS::IAM::Policy",
            json!({"PolicyDocument": {"Statement": Match::array_with(json!([{
                "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
                "Condition": {"StringEquals": {"elasticfilesystem:AccessPointArn": fs[0]["Arn"]}},
                "Effect": "Allow",
                "Resource": {"Fn::Sub": "arn:${AWS::Partition}:elasticfilesystem:${AWS::Region}:${AWS::AccountId}:file-system/fs-0123456789abcdef0"},
            }]))}}),
        );
    }
    plain.has_resource_properties(
        "AWS::Lambda::Alias",
        json!({"Name": "live", "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2}}),
    );
    sam.has_resource_properties(
        "AWS::Serverless::Function",
        json!({"ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2}}),
    );
}

#[test]
fn runtime_setting_mistakes_are_one_diagnostic_each() {
    one_error(
        |s| {
            Function::new(
                s,
                "Handler",
                Runtime::NODEJS_22_X,
                Code::from_inline("exports.handler = async () => null;"),
                "index.handler",
            )
            .snap_start()
        },
        "SnapStart does not support the runtime `nodejs22.x`",
    );
    one_error_with(
        |s| {
            let f = java(s, "Handler").snap_start().auto_publish_alias("live");
            drop(f.provisioned_concurrency(1).build());
        },
        "SnapStart and provisioned concurrency are set together",
    );
    one_error(
        |s| {
            java(s, "Handler")
                .snap_start()
                .vpc(vpc())
                .file_system(efs())
        },
        "SnapStart and an EFS file system are set together",
    );
    one_error(
        |s| java(s, "Handler").snap_start().ephemeral_storage_mib(1024),
        "SnapStart with more than 512 MB of ephemeral storage",
    );
    one_error(
        |s| builder(s, "Handler").application_log_level(ApplicationLogLevel::Debug),
        "a application log level is set, but log levels work only with JSON logs",
    );
    one_error(
        |s| {
            builder(s, "Handler")
                .log_format(LogFormat::Text)
                .application_log_level(ApplicationLogLevel::Debug)
                .system_log_level(SystemLogLevel::Info)
        },
        "a application and a system log level is set",
    );
    one_error(
        |s| builder(s, "Handler").vpc(VpcConfig::new(Vec::<&str>::new(), ["sg-1"])),
        "the VPC configuration has 0 subnets; Lambda takes 1 to 16",
    );
    one_error(
        |s| {
            builder(s, "Handler").vpc(VpcConfig::new(
                ["subnet-1"],
                (0..6).map(|i| format!("sg-{i}")),
            ))
        },
        "the VPC configuration has 6 security groups; Lambda takes 1 to 5",
    );
    one_error(
        |s| builder(s, "Handler").file_system(efs()),
        "an EFS file system is mounted, but the function is not in a VPC",
    );
    for (path, problem) in [
        ("/data", "it is not under `/mnt/`"),
        ("/mnt/", "it has no name after `/mnt/`"),
        ("/mnt/a/b", "its name has characters other than"),
    ] {
        one_error(
            |s| {
                let fs = FileSystem::efs_access_point("arn:fs", "arn:ap", path);
                builder(s, "Handler").vpc(vpc()).file_system(fs)
            },
            problem,
        );
    }
    one_error_with(
        |s| {
            drop(
                builder(s, "Handler")
                    .auto_publish_alias("live")
                    .provisioned_concurrency(0)
                    .build(),
            )
        },
        "provisioned concurrency of 0; Lambda needs at least 1",
    );
    one_error_with(
        |s| {
            let f = builder(s, "Handler")
                .reserved_concurrent_executions(2)
                .auto_publish_alias("live");
            drop(f.provisioned_concurrency(3).build());
        },
        "provisioned concurrency 3 is more than the reserved concurrency 2",
    );
}

// ---- container images ----------------------------------------------------------------------

const IMAGE: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4";

#[test]
fn an_image_uri_is_package_type_image_without_runtime_or_handler() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let func = Function::from_image(&stack, "Handler", Code::from_image_uri(IMAGE))
        .memory_size(1024)
        .build();
    assert_eq!(func.runtime(), None);
    let fn_id = func.resource().logical_id();
    let plain = Template::from_stack(&stack).to_json().clone();
    let props = &plain["Resources"][&fn_id]["Properties"];
    assert_eq!(props["PackageType"], "Image");
    assert_eq!(props["Code"], json!({"ImageUri": IMAGE}));
    assert!(
        props.get("Handler").is_none() && props.get("Runtime").is_none(),
        "{props}"
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    let props = &sam["Resources"][&fn_id]["Properties"];
    assert_eq!(props["PackageType"], "Image");
    assert_eq!(props["ImageUri"], IMAGE);
    assert!(
        props.get("Handler").is_none() && props.get("Runtime").is_none(),
        "{props}"
    );
    assert!(props.get("CodeUri").is_none(), "{props}");
}

#[test]
fn a_docker_build_is_metadata_for_sam_build() {
    let dir = std::env::temp_dir().join(format!("lambda-docker-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("image")).unwrap();
    let app = App::with_out_dir(dir.join("out"));
    let stack = Stack::new(&app, "S");
    let func = Function::from_image(
        &stack,
        "Handler",
        Code::from_docker_build(dir.join("image"))
            .dockerfile("Dockerfile.lambda")
            .tag("v1"),
    )
    .build();
    let fn_id = func.resource().logical_id();
    let metadata =
        json!({"Dockerfile": "Dockerfile.lambda", "DockerContext": "../image", "DockerTag": "v1"});
    let plain = Template::from_stack(&stack).to_json().clone();
    let r = &plain["Resources"][&fn_id];
    for (k, v) in metadata.as_object().unwrap() {
        assert_eq!(&r["Metadata"][k], v, "{k}");
    }
    assert_eq!(r["Properties"]["PackageType"], "Image");
    assert_eq!(
        r["Properties"]["Code"],
        json!({"ImageUri": format!("{}:v1", fn_id.to_lowercase())}),
        "the name sam build tags the image with"
    );
    let sam = Template::from_stack_sam(&stack).to_json().clone();
    let r = &sam["Resources"][&fn_id];
    for (k, v) in metadata.as_object().unwrap() {
        assert_eq!(&r["Metadata"][k], v, "{k}");
    }
    assert_eq!(r["Properties"]["PackageType"], "Image");
    assert!(
        r["Properties"].get("ImageUri").is_none(),
        "sam build sets it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn image_mistakes_are_one_diagnostic_each() {
    let image = || Code::from_image_uri(IMAGE);
    one_error(
        |s| Function::from_image(s, "Handler", image()).layers([arn("lambda", "layer:deps:1")]),
        "layers are given for a container image function",
    );
    one_error(
        |s| {
            Function::from_image(s, "Handler", image())
                .code_signing_config_arn(arn("lambda", "code-signing-config:csc-0123456789abcdef0"))
        },
        "a code signing configuration is given for a container image function",
    );
    one_error(
        |s| Function::from_image(s, "Handler", image()).snap_start(),
        "SnapStart does not support container images",
    );
    one_error(
        |s| {
            Function::from_image(
                s,
                "Handler",
                Code::from_docker_build(std::env::temp_dir()).tag("-v1"),
            )
        },
        "`-v1` is not a valid Docker tag",
    );
    one_error(
        |s| {
            Function::from_image(
                s,
                "Handler",
                Code::from_docker_build(std::env::temp_dir()).dockerfile("/etc/Dockerfile"),
            )
        },
        "the Dockerfile `/etc/Dockerfile` is not a path relative to the build context",
    );
}

// ---- the real validators -------------------------------------------------------------------

/// cfn-lint (both templates, JSON and YAML), aws-sam-translator, the differential check and
/// `sam validate --lint` on every setting together.
#[test]
fn every_setting_passes_the_validators_and_the_differential() {
    let out = std::env::temp_dir().join(format!("lambda-settings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "FunctionSettings");
    let done = Queue::new(&stack, "Done").build();
    let failed = Topic::new(&stack, "Failed").build();
    let bus = EventBus::new(&stack, "Bus").build();
    let next = builder(&stack, "Next").auto_publish_alias("live").build();
    let _plain = builder(&stack, "Async")
        .on_success(Destination::queue(&done))
        .on_failure(Destination::topic(&failed))
        .max_event_age(Duration::from_secs(3600))
        .retry_attempts(1)
        .build();
    let _aliased = builder(&stack, "AsyncAliased")
        .on_success(Destination::function(next.function()))
        .on_failure(Destination::event_bus(&bus))
        .auto_publish_alias("live")
        .build();
    let _retries = builder(&stack, "RetriesOnly").retry_attempts(0).build();
    let public = builder(&stack, "Public").build().add_function_url(
        FunctionUrlOptions::new(FunctionUrlAuthType::None)
            .cors(
                FunctionUrlCors::new()
                    .allow_origins(["https://app.example.com"])
                    .allow_methods(["*"])
                    .max_age(Duration::from_secs(60)),
            )
            .invoke_mode(InvokeMode::Buffered),
    );
    let private = builder(&stack, "Private")
        .auto_publish_alias("live")
        .build()
        .add_function_url(FunctionUrlOptions::new(FunctionUrlAuthType::AwsIam));
    let caller = Role::new(&stack, "Caller", Principal::service("ec2.amazonaws.com")).build();
    private.grant_invoke_url(&caller);
    let _snap = java(&stack, "Snap")
        .snap_start()
        .log_format(LogFormat::Json)
        .application_log_level(ApplicationLogLevel::Info)
        .system_log_level(SystemLogLevel::Warn)
        .environment_encryption(key())
        .env("STAGE", "prod")
        .code_signing_config_arn(arn("lambda", "code-signing-config:csc-0123456789abcdef0"))
        .recursive_loop(RecursiveLoop::Allow)
        .architecture(Architecture::Arm64)
        .auto_publish_alias("live")
        .build();
    let _in_vpc = builder(&stack, "InVpc")
        .vpc(vpc())
        .file_system(efs())
        .reserved_concurrent_executions(10)
        .log_format(LogFormat::Text)
        .auto_publish_alias("live")
        .provisioned_concurrency(2)
        .build();
    let _from_ecr = Function::from_image(&stack, "FromEcr", Code::from_image_uri(IMAGE))
        .auto_publish_alias("live")
        .build();
    let context = out.with_extension("image");
    std::fs::create_dir_all(&context).unwrap();
    std::fs::write(
        context.join("Dockerfile"),
        "FROM public.ecr.aws/lambda/python:3.13\nCOPY app.py ./\nCMD [\"app.handler\"]\n",
    )
    .unwrap();
    let _built =
        Function::from_image(&stack, "Built", Code::from_docker_build(&context).tag("v1")).build();
    CfnOutput::new(&stack, "PublicUrl", public.url());
    CfnOutput::new(&stack, "PrivateUrl", private.url());
    app.write().expect("synthesizes");

    let (translated, plain) = support::assert_real_tools_accept(&out, "FunctionSettings", 10);
    // The comparison covered the configurations: the translation has them, under the IDs
    // the plain template uses.
    let count = |t: &serde_json::Value, ty: &str| {
        t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .filter(|r| r["Type"] == ty)
            .count()
    };
    assert_eq!(count(&translated, "AWS::Lambda::EventInvokeConfig"), 3);
    assert_eq!(count(&plain, "AWS::Lambda::EventInvokeConfig"), 3);
    assert_eq!(count(&translated, "AWS::Lambda::Url"), 2);
    assert_eq!(count(&plain, "AWS::Lambda::Url"), 2);
    assert_eq!(count(&translated, "AWS::Lambda::Permission"), 2);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&context);
}
