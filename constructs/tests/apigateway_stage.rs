//! `apigateway` stage settings: method settings for all methods (`/*`, `*`) and per method
//! (`~1`-encoded paths), the cache cluster, access logs, X-Ray tracing, the account-level
//! CloudWatch role only when logging needs it, canaries, and one diagnostic per mistake.

use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::apigateway::{
    AccessLogFormat, CacheClusterSize, Canary, HttpMethod, Integration, LoggingLevel,
    MethodSettings, RestApi, StageOptions,
};
use constructs::logs::LogGroup;
use serde_json::{json, Value};

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn stage(t: &Value) -> (&String, &Value) {
    let s = of_type(t, "AWS::ApiGateway::Stage");
    assert_eq!(s.len(), 1);
    s[0]
}

#[test]
fn method_settings_cache_access_logs_and_tracing() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRestApiStack");
    let logs = LogGroup::new(&stack, "AccessLogs").build();
    let api = RestApi::new(&stack, "ItemsApi")
        .stage_variable("backend", "lambda")
        .deploy_options(
            StageOptions::new()
                .method_defaults(
                    MethodSettings::new()
                        .throttle(100.0, 200)
                        .metrics(true)
                        .logging_level(LoggingLevel::Error),
                )
                .method_settings(
                    "/items",
                    HttpMethod::Get,
                    MethodSettings::new()
                        .caching(true)
                        .cache_ttl(Duration::from_secs(300)),
                )
                .cache_cluster(CacheClusterSize::Gb0_5)
                .access_log(&logs, AccessLogFormat::json_with_standard_fields())
                .tracing(true),
        )
        .build();
    let items = api.root().add_resource("items");
    items.add_method(HttpMethod::Get, Integration::mock());
    let get_item = items
        .add_resource("{id}")
        .add_method(HttpMethod::Get, Integration::mock());
    api.deployment_stage().add_method_settings(
        &get_item,
        MethodSettings::new()
            .caching(true)
            .cache_ttl(Duration::from_secs(60))
            .cache_data_encrypted(true),
    );
    let t = stack.template().unwrap();
    let (_, s) = stage(&t);
    let p = &s["Properties"];
    assert_eq!(p["CacheClusterEnabled"], true);
    assert_eq!(p["CacheClusterSize"], "0.5");
    assert_eq!(p["TracingEnabled"], true);
    assert_eq!(p["Variables"], json!({"backend": "lambda"}));
    // The same entries as AWS CDK's for these settings (CdkRestApiStack), `~1`-encoded.
    assert_eq!(
        p["MethodSettings"],
        json!([
            {"HttpMethod": "*", "LoggingLevel": "ERROR", "MetricsEnabled": true,
             "ResourcePath": "/*", "ThrottlingBurstLimit": 200, "ThrottlingRateLimit": 100.0},
            {"CacheTtlInSeconds": 300, "CachingEnabled": true, "HttpMethod": "GET",
             "ResourcePath": "/~1items"},
            {"CacheDataEncrypted": true, "CacheTtlInSeconds": 60, "CachingEnabled": true,
             "HttpMethod": "GET", "ResourcePath": "/~1items~1{id}"}
        ])
    );
    let (log_id, _) = of_type(&t, "AWS::Logs::LogGroup")[0];
    assert_eq!(
        p["AccessLogSetting"]["DestinationArn"],
        json!({"Fn::GetAtt": [log_id, "Arn"]})
    );
    assert!(p["AccessLogSetting"]["Format"]
        .as_str()
        .unwrap()
        .contains("$context.requestId"));
    // Logging needs the account's CloudWatch role: CDK's logical IDs, retained, and the
    // stage waits for it.
    let account = &t["Resources"]["ItemsApiAccount8ED0A917"];
    assert_eq!(account["Type"], "AWS::ApiGateway::Account");
    assert_eq!(
        account["Properties"]["CloudWatchRoleArn"],
        json!({"Fn::GetAtt": ["ItemsApiCloudWatchRoleC6F450A7", "Arn"]})
    );
    assert_eq!(account["DependsOn"], json!(["ItemsApi3788C05C"]));
    assert_eq!(account["DeletionPolicy"], "Retain");
    let role = &t["Resources"]["ItemsApiCloudWatchRoleC6F450A7"];
    assert_eq!(role["DeletionPolicy"], "Retain");
    assert_eq!(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "apigateway.amazonaws.com"})
    );
    assert_eq!(
        role["Properties"]["ManagedPolicyArns"][0]["Fn::Join"][1][2],
        ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    );
    assert!(s["DependsOn"]
        .as_array()
        .unwrap()
        .contains(&json!("ItemsApiAccount8ED0A917")));
}

/// The number of `AWS::ApiGateway::Account`s with `options` (and the API's `cloud_watch_role`).
fn accounts(options: impl Fn(&Stack) -> StageOptions, role: bool) -> usize {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api")
        .deploy_options(options(&stack))
        .cloud_watch_role(role)
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    of_type(&stack.template().unwrap(), "AWS::ApiGateway::Account").len()
}

#[test]
fn the_account_role_exists_only_when_logging_needs_it() {
    assert_eq!(accounts(|_| StageOptions::new(), true), 0);
    assert_eq!(
        accounts(
            |_| StageOptions::new()
                .method_defaults(MethodSettings::new().metrics(true).throttle(1.0, 1))
                .tracing(true),
            true
        ),
        0,
        "metrics, throttling and tracing need no CloudWatch role"
    );
    assert_eq!(
        accounts(
            |_| StageOptions::new()
                .method_defaults(MethodSettings::new().logging_level(LoggingLevel::Off)),
            true
        ),
        0
    );
    assert_eq!(
        accounts(
            |_| StageOptions::new()
                .method_defaults(MethodSettings::new().logging_level(LoggingLevel::Info)),
            true
        ),
        1
    );
    assert_eq!(
        accounts(
            |_| StageOptions::new().method_settings(
                "/",
                HttpMethod::Get,
                MethodSettings::new().data_trace(true)
            ),
            true
        ),
        1,
        "data trace is execution logging"
    );
    assert_eq!(
        accounts(
            |s| StageOptions::new()
                .access_log(&LogGroup::new(s, "L").build(), AccessLogFormat::clf()),
            true
        ),
        1,
        "access logs need it too"
    );
    assert_eq!(
        accounts(
            |_| StageOptions::new()
                .method_defaults(MethodSettings::new().logging_level(LoggingLevel::Info)),
            false
        ),
        0,
        "turned off"
    );
    // One account however many methods log.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api")
        .deploy_options(
            StageOptions::new()
                .method_defaults(MethodSettings::new().logging_level(LoggingLevel::Info)),
        )
        .build();
    let m = api.root().add_method(HttpMethod::Get, Integration::mock());
    api.deployment_stage()
        .add_method_settings(&m, MethodSettings::new().logging_level(LoggingLevel::Error));
    assert_eq!(
        of_type(&stack.template().unwrap(), "AWS::ApiGateway::Account").len(),
        1
    );
}

#[test]
fn apis_of_one_stack_share_one_account_setting_and_each_stage_waits_for_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let logging = || {
        StageOptions::new().method_defaults(MethodSettings::new().logging_level(LoggingLevel::Info))
    };
    let first = RestApi::new(&stack, "First")
        .deploy_options(logging())
        .build();
    first
        .root()
        .add_method(HttpMethod::Get, Integration::mock());
    let second = RestApi::new(&stack, "Second")
        .deploy_options(logging())
        .build();
    second
        .root()
        .add_method(HttpMethod::Get, Integration::mock());
    // A SAM-native one too: its RestApi waits for the account, as SAM's does.
    let third = RestApi::new(&stack, "Third")
        .sam_native(true)
        .deploy_options(logging())
        .build();
    let f = constructs::lambda::Function::new(
        &stack,
        "Fn",
        constructs::lambda::Runtime::PYTHON_3_12,
        constructs::lambda::Code::from_inline("def handler(e, c):\n    return {}\n"),
        "index.handler",
    )
    .build();
    third
        .root()
        .add_method(HttpMethod::Get, Integration::lambda(&f));
    let t = stack.template().unwrap();
    let accounts = of_type(&t, "AWS::ApiGateway::Account");
    assert_eq!(accounts.len(), 1, "one account setting per stack");
    let account = accounts[0].0.clone();
    assert!(account.starts_with("FirstAccount"), "{account}");
    let roles: Vec<_> = of_type(&t, "AWS::IAM::Role")
        .into_iter()
        .filter(|(id, _)| id.contains("CloudWatchRole"))
        .collect();
    assert_eq!(roles.len(), 1);
    let waits = |r: &Value| {
        r["DependsOn"]
            .as_array()
            .is_some_and(|d| d.contains(&json!(account)))
    };
    for (id, stage) in of_type(&t, "AWS::ApiGateway::Stage") {
        if id.starts_with("Third") {
            continue;
        }
        assert!(waits(stage), "{id} waits for the account: {stage}");
    }
    let third_api = &t["Resources"][third.cfn().resource().logical_id()];
    assert!(
        waits(third_api),
        "the SAM-native API waits for it: {third_api}"
    );
    assert_eq!(
        third
            .deployment_stage()
            .account()
            .map(|a| a.resource().logical_id()),
        Some(account)
    );
}

#[test]
fn a_canary_without_a_base_shares_the_stages_deployment() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api")
        .stage_variable("backend", "lambda")
        .deploy_options(
            StageOptions::new().canary(
                Canary::new(10.0)
                    .stage_variable_override("backend", "lambda-canary")
                    .use_stage_cache(false),
            ),
        )
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    let t = stack.template().unwrap();
    let (deployment, d) = of_type(&t, "AWS::ApiGateway::Deployment")[0];
    let (_, s) = stage(&t);
    // What AWS CDK's escape hatch writes (CdkRestApiStack).
    assert_eq!(
        s["Properties"]["CanarySetting"],
        json!({"PercentTraffic": 10.0, "StageVariableOverrides": {"backend": "lambda-canary"},
               "UseStageCache": false})
    );
    assert_eq!(s["Properties"]["DeploymentId"], json!({"Ref": deployment}));
    assert_eq!(
        d["DeletionPolicy"], "Retain",
        "deployments are kept while a canary is set"
    );
}

#[test]
fn a_canary_on_a_base_deployment_sends_its_share_to_the_new_one() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api")
        .deploy_options(StageOptions::new().canary(Canary::new(25.0).base_deployment_id("abc123")))
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    let t = stack.template().unwrap();
    let (deployment, _) = of_type(&t, "AWS::ApiGateway::Deployment")[0];
    let (_, s) = stage(&t);
    assert_eq!(s["Properties"]["DeploymentId"], "abc123");
    assert_eq!(
        s["Properties"]["CanarySetting"],
        json!({"DeploymentId": {"Ref": deployment}, "PercentTraffic": 25.0})
    );
    // Promoting: the same program without the canary serves the new deployment, whose
    // logical ID is unchanged (stage settings are not part of the definition's hash).
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    let promoted = stack.template().unwrap();
    let (_, s) = stage(&promoted);
    assert_eq!(s["Properties"]["DeploymentId"], json!({"Ref": deployment}));
    assert!(s["Properties"].get("CanarySetting").is_none());
}

/// Builds with `define`, expects exactly one diagnostic, at `path`, containing `message`.
fn one_error(define: impl Fn(&Stack), path: &str, message: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    define(&stack);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, path, "{err}");
    assert!(d[0].message.contains(message), "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
}

fn with_options(options: fn(&Stack) -> StageOptions) -> impl Fn(&Stack) {
    move |stack| {
        let api = RestApi::new(stack, "Api")
            .deploy_options(options(stack))
            .build();
        api.root().add_method(HttpMethod::Get, Integration::mock());
    }
}

#[test]
fn each_stage_mistake_is_one_diagnostic() {
    let at = "S/Api/DeploymentStage.prod";
    for percent in [150.0, -1.0, f64::NAN] {
        let define = move |stack: &Stack| {
            let api = RestApi::new(stack, "Api")
                .deploy_options(StageOptions::new().canary(Canary::new(percent)))
                .build();
            api.root().add_method(HttpMethod::Get, Integration::mock());
        };
        one_error(define, at, "is outside 0-100");
    }
    one_error(
        with_options(|_| {
            StageOptions::new().canary(Canary::new(10.0).stage_variable_override("bad-name", "x"))
        }),
        at,
        "is not a valid stage variable name",
    );
    one_error(
        with_options(|_| {
            StageOptions::new()
                .cache_cluster(CacheClusterSize::Gb0_5)
                .method_defaults(
                    MethodSettings::new()
                        .caching(true)
                        .cache_ttl(Duration::from_secs(3601)),
                )
        }),
        at,
        "API Gateway takes whole seconds from 0 to 3600",
    );
    one_error(
        with_options(|_| {
            StageOptions::new().method_settings(
                "/",
                HttpMethod::Get,
                MethodSettings::new().throttle(-5.0, 10),
            )
        }),
        at,
        "throttle rate limit -5 of GET /",
    );
    one_error(
        with_options(|_| StageOptions::new().method_defaults(MethodSettings::new().caching(true))),
        at,
        "caching is on for the stage's methods, but the stage has no cache cluster",
    );
    one_error(
        with_options(|s| {
            StageOptions::new().access_log(
                &LogGroup::new(s, "L").build(),
                AccessLogFormat::custom("$context.identity.sourceIp $context.status"),
            )
        }),
        at,
        "access log format has no `$context.requestId`",
    );
    one_error(
        with_options(|_| {
            StageOptions::new().method_settings(
                "items",
                HttpMethod::Get,
                MethodSettings::new().metrics(true),
            )
        }),
        at,
        "is not a resource path of method settings",
    );
    one_error(
        with_options(|_| {
            StageOptions::new()
                .method_settings("/", HttpMethod::Get, MethodSettings::new().metrics(true))
                .method_settings("/", HttpMethod::Get, MethodSettings::new().metrics(false))
        }),
        at,
        "method settings of GET / are given twice",
    );
    // A method added later, cached on a stage without a cluster.
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            let m = api.root().add_method(HttpMethod::Get, Integration::mock());
            api.deployment_stage()
                .add_method_settings(&m, MethodSettings::new().caching(true));
        },
        at,
        "caching is on for GET /, but the stage has no cache cluster",
    );
}

#[test]
fn an_extended_request_id_is_enough_for_access_logs() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let logs = LogGroup::new(&stack, "L").build();
    let api = RestApi::new(&stack, "Api")
        .deploy_options(StageOptions::new().access_log(
            &logs,
            AccessLogFormat::custom("$context.extendedRequestId $context.status"),
        ))
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    assert!(stack.template().is_ok());
}
