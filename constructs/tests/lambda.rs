//! `lambda::Function`: defaults that mirror AWS CDK, every setting, grants, permissions and
//! every validation error (reported at synth with the construct path).

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::assertions::{Match, Template};
use cdk_core::{App, Construct, RemovalPolicy, Stack, Str};
use constructs::iam::{PolicyStatement, Principal, Role};
use constructs::lambda::{Architecture, Code, Function, Permission, Runtime, Tracing};
use constructs::logs::{LogGroup, RetentionDays};
use constructs::sqs::Queue;
use serde_json::{json, Value as Json};

const PY: &str = "def handler(event, context):\n    return None\n";

fn app_stack(name: &str) -> (App, Stack) {
    let app = App::new();
    let stack = Stack::new(&app, name);
    (app, stack)
}

fn inline_fn(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .build()
}

/// A folder with one handler file, removed on drop.
struct CodeDir(PathBuf);

impl CodeDir {
    fn new(tag: &str) -> CodeDir {
        let dir = std::env::temp_dir().join(format!("lambda-test-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.py"), PY).unwrap();
        CodeDir(dir)
    }
}

impl Drop for CodeDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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

fn error_of(app: &App) -> String {
    match app.assemble() {
        Ok(_) => panic!("synthesis succeeded, expected an error"),
        Err(e) => e.to_string(),
    }
}

// ---- defaults ------------------------------------------------------------------------------

#[test]
fn defaults_mirror_cdk_logical_ids_and_shape() {
    let (_app, stack) = app_stack("CdkCodeDeployStack");
    inline_fn(&stack, "ImageFunction");
    let t = Template::from_stack(&stack);

    // The same logical IDs as the CDK 2.276 reference (CdkCodeDeployStack.template.json).
    let role = resource(&t, "ImageFunctionServiceRoleB61E4FAB");
    assert_eq!(
        role,
        &json!({
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Statement": [{
                        "Action": "sts:AssumeRole",
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                    }],
                    "Version": "2012-10-17",
                },
                "ManagedPolicyArns": [{"Fn::Join": ["", [
                    "arn:",
                    {"Ref": "AWS::Partition"},
                    ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                ]]}],
            },
            "Metadata": {"aws:cdk:path": "CdkCodeDeployStack/ImageFunction/ServiceRole/Resource"},
        })
    );
    let function = resource(&t, "ImageFunctionE28774B0");
    assert_eq!(
        function["Properties"],
        json!({
            "Code": {"ZipFile": PY},
            "Handler": "index.handler",
            "Role": {"Fn::GetAtt": ["ImageFunctionServiceRoleB61E4FAB", "Arn"]},
            "Runtime": "python3.12",
        })
    );
    // Nothing granted yet: no default policy, and no redundant DependsOn on the role (the
    // `Role` GetAtt already orders them; cfn-lint flags the duplicate as W3005).
    assert!(function.get("DependsOn").is_none());
    t.resource_count_is("AWS::IAM::Policy", 0);

    assert_eq!(
        resource(&t, "ImageFunctionLogGroupF4F1C504"),
        &json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                "LogGroupName": {"Fn::Join": ["", ["/aws/lambda/", {"Ref": "ImageFunctionE28774B0"}]]},
                "RetentionInDays": 731,
            },
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Retain",
            "Metadata": {"aws:cdk:path": "CdkCodeDeployStack/ImageFunction/LogGroup/Resource"},
        })
    );
    t.resource_count_is("AWS::Lambda::Function", 1);
}

#[test]
fn reference_stack_logical_ids() {
    let (_app, stack) = app_stack("CdkRekognitionStack");
    let role = Role::new(
        &stack,
        "cdk-rekn-lambdarole",
        Principal::service("lambda.amazonaws.com"),
    )
    .build();
    role.add_to_policy(
        PolicyStatement::allow()
            .actions([
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "rekognition:*",
            ])
            .resources(["*"]),
    );
    let func = Function::new(
        &stack,
        "cdk-rekn-function",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .role(&role)
    .build();
    assert_eq!(func.resource().logical_id(), "cdkreknfunctionB9ACD525");
    assert_eq!(
        func.log_group().unwrap().resource().logical_id(),
        "cdkreknfunctionLogGroup8E457125"
    );
    let t = Template::from_stack(&stack);
    let function = resource(&t, "cdkreknfunctionB9ACD525");
    assert_eq!(
        function["DependsOn"],
        json!(["cdkreknlambdaroleDefaultPolicyBB0B80A9"])
    );
    assert_eq!(
        function["Properties"]["Role"],
        json!({"Fn::GetAtt": ["cdkreknlambdarole41F46FAD", "Arn"]})
    );
    resource(&t, "cdkreknfunctionLogGroup8E457125");
    // An explicit role: no ServiceRole is created.
    t.resource_count_is("AWS::IAM::Role", 1);
}

#[test]
fn grants_after_build_make_the_function_wait_for_the_policy() {
    let (_app, stack) = app_stack("S");
    let func = inline_fn(&stack, "Fn");
    let queue = Queue::new(&stack, "Queue").build();
    queue.grant_send_messages(&func); // a Function is Grantable: the statement goes to its role
    let policy_id = func.role().default_policy().unwrap().logical_id();
    assert!(
        policy_id.starts_with("FnServiceRoleDefaultPolicy"),
        "{policy_id}"
    );
    let t = Template::from_stack(&stack);
    let function = resource(&t, &func.resource().logical_id());
    assert_eq!(function["DependsOn"], json!([policy_id]));
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({
            "PolicyDocument": {"Statement": [{
                "Action": ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
                "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [queue.resource().logical_id(), "Arn"]},
            }]},
            "Roles": [{"Ref": func.role().resource().logical_id()}],
        }),
    );
}

#[test]
fn shared_role_gets_one_policy_and_both_functions_wait_for_it() {
    let (_app, stack) = app_stack("S");
    let role = Role::new(&stack, "Shared", Principal::service("lambda.amazonaws.com")).build();
    let a = Function::new(
        &stack,
        "A",
        Runtime::NODEJS_22_X,
        Code::from_inline("exports.handler = async () => 1;"),
        "index.handler",
    )
    .role(&role)
    .build();
    let b = Function::new(
        &stack,
        "B",
        Runtime::NODEJS_22_X,
        Code::from_inline("exports.handler = async () => 2;"),
        "index.handler",
    )
    .role(&role)
    .build();
    a.add_to_role_policy(
        PolicyStatement::allow()
            .actions(["s3:ListAllMyBuckets"])
            .resources(["*"]),
    );
    let policy = role.default_policy().unwrap().logical_id();
    let t = Template::from_stack(&stack);
    for f in [&a, &b] {
        assert_eq!(
            resource(&t, &f.resource().logical_id())["DependsOn"],
            json!([policy])
        );
    }
    t.resource_count_is("AWS::IAM::Policy", 1);
}

// ---- settings -------------------------------------------------------------------------------

#[test]
fn every_setting_renders_in_cloudformation_order() {
    let (_app, stack) = app_stack("S");
    let dlq = Queue::new(&stack, "Dlq").build();
    let table_name = Str::from("images");
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_13,
        Code::from_bucket("artifacts-bucket", "fn.zip"),
        "app.main",
    )
    .env("TABLE", table_name)
    .env("BUCKET", dlq.queue_name())
    .env("TABLE", "labels") // replaces the first value, keeps its position
    .memory_size(1024)
    .timeout(Duration::from_secs(60))
    .architecture(Architecture::Arm64)
    .layers(["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"])
    .tracing(Tracing::Active)
    .reserved_concurrent_executions(10)
    .description("labels images")
    .ephemeral_storage_mib(2048)
    .dead_letter_queue(&dlq)
    .build();
    assert_eq!(func.timeout_secs(), 60);
    assert_eq!(func.runtime(), Some(&Runtime::PYTHON_3_13));
    let t = Template::from_stack(&stack);
    let function = resource(&t, &func.resource().logical_id());
    let dlq_arn = json!({"Fn::GetAtt": [dlq.resource().logical_id(), "Arn"]});
    assert_eq!(
        function["Properties"],
        json!({
            "Architectures": ["arm64"],
            "Code": {"S3Bucket": "artifacts-bucket", "S3Key": "fn.zip"},
            "DeadLetterConfig": {"TargetArn": dlq_arn},
            "Description": "labels images",
            "Environment": {"Variables": {
                "TABLE": "labels",
                "BUCKET": {"Fn::GetAtt": [dlq.resource().logical_id(), "QueueName"]},
            }},
            "EphemeralStorage": {"Size": 2048},
            "Handler": "app.main",
            "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"],
            "MemorySize": 1024,
            "ReservedConcurrentExecutions": 10,
            "Role": {"Fn::GetAtt": [func.role().resource().logical_id(), "Arn"]},
            "Runtime": "python3.13",
            "Timeout": 60,
            "TracingConfig": {"Mode": "Active"},
        })
    );
    let keys: Vec<&String> = function["Properties"].as_object().unwrap().keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "properties are in alphabetical order, as CDK writes them"
    );
    // Tracing and the dead-letter queue add CDK's statements to the role.
    t.has_resource_properties(
        "AWS::IAM::Policy",
        json!({"PolicyDocument": {"Statement": [
            {"Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"], "Effect": "Allow", "Resource": "*"},
            {"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": dlq_arn},
        ]}}),
    );
    // Environment order is insertion order.
    let vars: Vec<&String> = function["Properties"]["Environment"]["Variables"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(vars, ["TABLE", "BUCKET"]);
}

#[test]
fn log_retention_and_removal_policy() {
    let (_app, stack) = app_stack("S");
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .log_retention(RetentionDays::TwoWeeks)
    .log_removal_policy(RemovalPolicy::Destroy)
    .build();
    let t = Template::from_stack(&stack);
    let group = resource(&t, &func.log_group().unwrap().resource().logical_id());
    assert_eq!(group["Properties"]["RetentionInDays"], 14);
    assert_eq!(group["DeletionPolicy"], "Delete");
    assert_eq!(group["UpdateReplacePolicy"], "Delete");
    // No LoggingConfig: the group has Lambda's default name, and pointing the function at
    // it would be a cycle (the name is made from the function's name).
    assert!(resource(&t, &func.resource().logical_id())["Properties"]
        .get("LoggingConfig")
        .is_none());

    let (_app, stack) = app_stack("S");
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .log_retention(RetentionDays::Infinite)
    .build();
    let t = Template::from_stack(&stack);
    let group = resource(&t, &func.log_group().unwrap().resource().logical_id());
    assert!(group["Properties"].get("RetentionInDays").is_none());
}

#[test]
fn literal_function_name_makes_the_log_group_name_literal_and_creates_it_first() {
    let (_app, stack) = app_stack("S");
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .function_name("image-labeler")
    .build();
    let group_id = func.log_group().unwrap().resource().logical_id();
    let t = Template::from_stack(&stack);
    assert_eq!(
        resource(&t, &group_id)["Properties"]["LogGroupName"],
        "/aws/lambda/image-labeler"
    );
    let function = resource(&t, &func.resource().logical_id());
    assert_eq!(function["Properties"]["FunctionName"], "image-labeler");
    assert_eq!(function["DependsOn"], json!([group_id]));
}

#[test]
fn an_explicit_log_group_is_used_through_logging_config() {
    let (_app, stack) = app_stack("S");
    let group = LogGroup::new(&stack, "Shared")
        .retention(RetentionDays::OneWeek)
        .build();
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .log_group(&group)
    .build();
    let t = Template::from_stack(&stack);
    t.resource_count_is("AWS::Logs::LogGroup", 1);
    assert_eq!(
        resource(&t, &func.resource().logical_id())["Properties"]["LoggingConfig"],
        json!({"LogGroup": {"Ref": group.resource().logical_id()}})
    );
    assert!(func.log_group().unwrap().node().same(group.node()));
}

#[test]
fn asset_code_is_a_template_relative_path_and_only_that_function_silences_w3002() {
    let code = CodeDir::new("asset");
    let out = std::env::temp_dir().join(format!("lambda-test-asset-out-{}", std::process::id()));
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "S");
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_asset(&code.0),
        "index.handler",
    )
    .build();
    let other = inline_fn(&stack, "Inline");
    let t = Template::from_stack(&stack);
    let function = resource(&t, &func.resource().logical_id());
    let path = function["Properties"]["Code"]
        .as_str()
        .expect("Code is a path string");
    let hash = path.strip_prefix("assets/").expect("assets/<hash>");
    assert_eq!(hash.len(), 64);
    assert!(hash
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(
        function["Metadata"]["cfn-lint"],
        json!({"config": {"ignore_checks": ["W3002"]}})
    );
    assert!(resource(&t, &other.resource().logical_id())["Metadata"]
        .get("cfn-lint")
        .is_none());

    app.write().unwrap();
    assert!(
        out.join(path).join("index.py").is_file(),
        "the folder is staged beside the template"
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_missing_asset_folder_is_a_synth_error() {
    let (app, stack) = app_stack("S");
    Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_asset("/nonexistent/lambda-code"),
        "index.handler",
    )
    .build();
    let err = error_of(&app);
    assert!(err.contains("S/Fn/Code"), "{err}");
}

// ---- attributes, grants, permissions ---------------------------------------------------------

#[test]
fn attributes_are_references() {
    let (_app, stack) = app_stack("S");
    let func = inline_fn(&stack, "Fn");
    let id = func.resource().logical_id();
    cdk_core::CfnOutput::new(&stack, "Name", func.function_name());
    cdk_core::CfnOutput::new(&stack, "Arn", func.arn());
    let t = Template::from_stack(&stack);
    t.has_output("Name", json!({"Value": {"Ref": id}}));
    t.has_output("Arn", json!({"Value": {"Fn::GetAtt": [id, "Arn"]}}));
    assert_eq!(func.node().path(), "S/Fn");
    assert_eq!(func.resource().node().path(), "S/Fn/Resource");
    assert_eq!(format!("{func:?}"), "Function(S/Fn)");
}

#[test]
fn grant_invoke_covers_the_function_and_its_versions() {
    let (_app, stack) = app_stack("S");
    let func = inline_fn(&stack, "Fn");
    let caller = Role::new(&stack, "Caller", Principal::service("states.amazonaws.com")).build();
    let grant = func.grant_invoke(&caller);
    assert_eq!(grant.statement().actions_list(), ["lambda:InvokeFunction"]);
    let arn = json!({"Fn::GetAtt": [func.resource().logical_id(), "Arn"]});
    Template::from_stack(&stack).has_resource_properties(
        "AWS::IAM::Policy",
        json!({
            "PolicyDocument": {"Statement": [{
                "Action": "lambda:InvokeFunction",
                "Effect": "Allow",
                "Resource": [arn, {"Fn::Join": ["", [arn, ":*"]]}],
            }]},
            "Roles": [{"Ref": caller.resource().logical_id()}],
        }),
    );
}

#[test]
fn add_permission_renders_a_lambda_permission_under_the_function() {
    let (_app, stack) = app_stack("S");
    let func = inline_fn(&stack, "Fn");
    let p = func.add_permission(
        "AllowS3",
        Permission::new(Principal::service("s3.amazonaws.com"))
            .source_arn("arn:aws:s3:::images")
            .source_account(cdk_core::Aws::account_id()),
    );
    func.add_permission(
        "AllowAccount",
        Permission::new(Principal::account("123456789012")).action("lambda:GetFunction"),
    );
    assert_eq!(p.node().path(), "S/Fn/AllowS3");
    let t = Template::from_stack(&stack);
    let arn = json!({"Fn::GetAtt": [func.resource().logical_id(), "Arn"]});
    assert_eq!(
        resource(&t, &p.logical_id())["Properties"],
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": arn,
            "Principal": "s3.amazonaws.com",
            "SourceAccount": {"Ref": "AWS::AccountId"},
            "SourceArn": "arn:aws:s3:::images",
        })
    );
    t.has_resource_properties(
        "AWS::Lambda::Permission",
        Match::exact(json!({"Action": "lambda:GetFunction", "FunctionName": arn, "Principal": "123456789012"})),
    );
}

// ---- validation ---------------------------------------------------------------------------------

type Case = (&'static str, Box<dyn Fn(&Stack)>, &'static str);

fn build_with(
    f: impl Fn(constructs::lambda::FunctionBuilder) -> constructs::lambda::FunctionBuilder + 'static,
) -> Box<dyn Fn(&Stack)> {
    Box::new(move |s: &Stack| {
        f(Function::new(
            s,
            "Fn",
            Runtime::PYTHON_3_12,
            Code::from_inline(PY),
            "index.handler",
        ))
        .build();
    })
}

#[test]
fn every_validation_error_names_the_construct() {
    let cases: Vec<Case> = vec![
        (
            "empty handler",
            Box::new(|s: &Stack| {
                Function::new(s, "Fn", Runtime::PYTHON_3_12, Code::from_inline(PY), "").build();
            }),
            "S/Fn: handler `` is not valid",
        ),
        (
            "handler with a space",
            Box::new(|s: &Stack| {
                Function::new(
                    s,
                    "Fn",
                    Runtime::PYTHON_3_12,
                    Code::from_inline(PY),
                    "index handler",
                )
                .build();
            }),
            "S/Fn: handler `index handler` is not valid",
        ),
        (
            "memory too small",
            build_with(|b| b.memory_size(64)),
            "S/Fn: memory size 64 MB is outside 128..=10240",
        ),
        (
            "memory too large",
            build_with(|b| b.memory_size(10241)),
            "S/Fn: memory size 10241 MB is outside 128..=10240",
        ),
        (
            "timeout zero",
            build_with(|b| b.timeout(Duration::ZERO)),
            "S/Fn: timeout of 0 seconds is outside 1..=900 seconds",
        ),
        (
            "timeout too long",
            build_with(|b| b.timeout(Duration::from_secs(901))),
            "S/Fn: timeout of 901 seconds is outside 1..=900 seconds",
        ),
        (
            "fractional timeout",
            build_with(|b| b.timeout(Duration::from_millis(2500))),
            "S/Fn: timeout of 2.5s is not a whole number of seconds",
        ),
        (
            "ephemeral storage",
            build_with(|b| b.ephemeral_storage_mib(256)),
            "S/Fn: ephemeral storage 256 MB is outside 512..=10240",
        ),
        (
            "six layers",
            build_with(|b| {
                b.layers(
                    (0..6).map(|i| format!("arn:aws:lambda:us-east-1:123456789012:layer:l{i}:1")),
                )
            }),
            "S/Fn: 6 layers given; a function can use at most 5",
        ),
        (
            "duplicate layer",
            build_with(|b| b.layers(["arn:aws:lambda:us-east-1:123456789012:layer:l:1"; 2])),
            "S/Fn: layer arn:aws:lambda:us-east-1:123456789012:layer:l:1 is given twice",
        ),
        (
            "long description",
            build_with(|b| b.description(&"d".repeat(257))),
            "S/Fn: description is 257 characters, more than 256",
        ),
        (
            "bad function name",
            build_with(|b| b.function_name("my.function")),
            "S/Fn: `my.function` is not a valid function name",
        ),
        (
            "long function name",
            build_with(|b| b.function_name("f".repeat(65))),
            "is not a valid function name",
        ),
        (
            "env key with a dash",
            build_with(|b| b.env("MY-KEY", "v")),
            "S/Fn: environment variable name `MY-KEY` is not valid",
        ),
        (
            "env key with a digit first",
            build_with(|b| b.env("1KEY", "v")),
            "S/Fn: environment variable name `1KEY` is not valid",
        ),
        (
            "reserved env key",
            build_with(|b| b.env("AWS_REGION", "us-east-1")),
            "S/Fn: environment variable `AWS_REGION` is reserved by Lambda",
        ),
        (
            "reserved env key 2",
            build_with(|b| b.env("AWS_LAMBDA_FUNCTION_NAME", "x")),
            "S/Fn: environment variable `AWS_LAMBDA_FUNCTION_NAME` is reserved by Lambda",
        ),
        (
            "env too large",
            build_with(|b| b.env("BIG", "x".repeat(4094))),
            "S/Fn: environment variables take 4097 bytes, more than Lambda's 4 KB",
        ),
        (
            "inline java",
            Box::new(|s: &Stack| {
                Function::new(
                    s,
                    "Fn",
                    Runtime::JAVA_21,
                    Code::from_inline("class A {}"),
                    "A::handle",
                )
                .build();
            }),
            "S/Fn: inline code works only with Python and Node.js runtimes, not `java21`",
        ),
        (
            "inline for a custom runtime",
            Box::new(|s: &Stack| {
                Function::new(
                    s,
                    "Fn",
                    Runtime::PROVIDED_AL2023,
                    Code::from_inline("x"),
                    "bootstrap",
                )
                .build();
            }),
            "not `provided.al2023`",
        ),
        (
            "inline too large",
            Box::new(|s: &Stack| {
                Function::new(
                    s,
                    "Fn",
                    Runtime::PYTHON_3_12,
                    Code::from_inline("#".repeat(4097)),
                    "index.handler",
                )
                .build();
            }),
            "S/Fn: inline code is 4097 bytes, more than CloudFormation's 4096",
        ),
        (
            "inline empty",
            Box::new(|s: &Stack| {
                Function::new(
                    s,
                    "Fn",
                    Runtime::NODEJS_22_X,
                    Code::from_inline("  \n"),
                    "index.handler",
                )
                .build();
            }),
            "S/Fn: inline code is empty",
        ),
        (
            "empty S3 key",
            Box::new(|s: &Stack| {
                Function::new(
                    s,
                    "Fn",
                    Runtime::PYTHON_3_12,
                    Code::from_bucket("b", ""),
                    "index.handler",
                )
                .build();
            }),
            "S/Fn: the code's S3 key is empty",
        ),
        (
            "retention with an explicit log group",
            Box::new(|s: &Stack| {
                let g = LogGroup::new(s, "G").build();
                Function::new(
                    s,
                    "Fn",
                    Runtime::PYTHON_3_12,
                    Code::from_inline(PY),
                    "index.handler",
                )
                .log_group(&g)
                .log_retention(RetentionDays::OneDay)
                .build();
            }),
            "S/Fn: log retention or removal policy set together with an explicit log group",
        ),
        (
            "permission action",
            Box::new(|s: &Stack| {
                let f = Function::new(
                    s,
                    "Fn",
                    Runtime::PYTHON_3_12,
                    Code::from_inline(PY),
                    "index.handler",
                )
                .build();
                f.add_permission(
                    "P",
                    Permission::new(Principal::service("s3.amazonaws.com")).action("s3:GetObject"),
                );
            }),
            "S/Fn/P: `s3:GetObject` is not a Lambda action",
        ),
        (
            "permission federated",
            Box::new(|s: &Stack| {
                let f = Function::new(
                    s,
                    "Fn",
                    Runtime::PYTHON_3_12,
                    Code::from_inline(PY),
                    "index.handler",
                )
                .build();
                f.add_permission(
                    "P",
                    Permission::new(Principal::federated("cognito-identity.amazonaws.com")),
                );
            }),
            "S/Fn/P: a Lambda permission cannot name a federated principal",
        ),
    ];
    for (name, make, expected) in cases {
        let (app, stack) = app_stack("S");
        make(&stack);
        let err = error_of(&app);
        assert!(
            err.contains(expected),
            "{name}: expected `{expected}` in:\n{err}"
        );
    }
}

#[test]
fn limits_themselves_are_accepted() {
    let (_app, stack) = app_stack("S");
    Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_12,
        Code::from_inline("#".repeat(4096)),
        "index.handler",
    )
    .memory_size(10240)
    .timeout(Duration::from_secs(900))
    .ephemeral_storage_mib(10240)
    .layers((0..5).map(|i| format!("arn:aws:lambda:us-east-1:123456789012:layer:l{i}:1")))
    .description(&"d".repeat(256))
    .function_name("f".repeat(64))
    .env("BIG", "x".repeat(4093))
    .build();
    let env_as_expression = Function::new(
        &stack,
        "Fn2",
        Runtime::PYTHON_3_12,
        Code::from_inline(PY),
        "index.handler",
    )
    .env("REGION_NAME", cdk_core::Aws::region())
    .build();
    let _ = env_as_expression;
    stack.template().expect("values at the limits are valid");
}

#[test]
fn all_errors_are_reported_together() {
    let (app, stack) = app_stack("S");
    Function::new(&stack, "Fn", Runtime::JAVA_21, Code::from_inline(PY), "")
        .memory_size(1)
        .env("AWS_REGION", "x")
        .build();
    let err = app.assemble().unwrap_err();
    assert!(err.diagnostics().len() >= 4, "{err}");
}

#[test]
fn runtime_other_is_accepted_as_is() {
    let (_app, stack) = app_stack("S");
    let func = Function::new(
        &stack,
        "Fn",
        Runtime::other("python3.15"),
        Code::from_inline(PY),
        "index.handler",
    )
    .build();
    let t = Template::from_stack(&stack);
    assert_eq!(
        resource(&t, &func.resource().logical_id())["Properties"]["Runtime"],
        "python3.15"
    );
}

#[test]
fn a_setting_the_function_lacks_is_a_typed_change_on_each_templates_l1() {
    let (_app, stack) = app_stack("S");
    let func = inline_fn(&stack, "Fn");
    func.add_environment("LATE", "1");
    // What the construct does not offer, typed, one template at a time.
    func.cfn()
        .props()
        .kms_key_arn()
        .set("arn:aws:kms:us-east-1:111111111111:key/k");
    func.sam_cfn()
        .props()
        .kms_key_arn()
        .set("arn:aws:kms:us-east-1:111111111111:key/k");
    let id = func.resource().logical_id();
    for template in [stack.template().unwrap(), stack.sam_template().unwrap()] {
        let props = &template["Resources"][&id]["Properties"];
        assert_eq!(
            props["KmsKeyArn"],
            "arn:aws:kms:us-east-1:111111111111:key/k"
        );
        assert_eq!(props["Environment"], json!({"Variables": {"LATE": "1"}}));
        // The L1 writes every property, late ones too, at its name-sorted place.
        let keys: Vec<&String> = props.as_object().unwrap().keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }
    assert_eq!(func.cfn().resource().logical_id(), id);
    assert_eq!(func.sam_cfn().resource().logical_id(), id);
}
