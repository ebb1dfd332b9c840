//! The real output of HTTP APIs and a WebSocket API (Lambda routes with payload 2.0 and 1.0, an aliased function,
//! `ANY /{proxy+}` and `$default`, an HTTP proxy, CORS, the `$default` stage with access logs
//! and a throttled named stage, an invoke grant, the URLs as outputs) passes cfn-lint with no
//! finding in every template (plain and SAM, JSON and YAML), the SAM template translates with
//! aws-sam-translator keeping the API's resources, the translation agrees with the plain
//! template (the differential check), and `sam validate --lint` is clean.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
use constructs::apigatewayv2::{
    AccessLog, CorsPreflight, HttpApi, HttpAuthorization, HttpAuthorizer, HttpIntegration,
    HttpMethod, PayloadFormat, RouteKey, RouteOptions, StageOptions, WebSocketApi,
    WebSocketIntegration,
};
use constructs::iam::{Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::LogGroup;

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn py(stack: &Stack, id: &str) -> constructs::lambda::FunctionBuilder {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline(
            "import json\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event.get('rawPath'))}\n",
        ),
        "index.handler",
    )
}

fn define_http(app: &App) {
    let stack = Stack::new(app, "ItemsHttpApi");
    let list = py(&stack, "ListItems").build();
    let get = py(&stack, "GetItem").auto_publish_alias("live").build();
    let logs = LogGroup::new(&stack, "AccessLogs")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let api = HttpApi::new(&stack, "Api")
        .description("items")
        .cors(
            CorsPreflight::new(["https://app.example", "https://admin.example"])
                .allow_methods([HttpMethod::Get, HttpMethod::Post])
                .allow_credentials(true)
                .max_age(Duration::from_secs(600)),
        )
        .default_stage_options(StageOptions::new().access_log(AccessLog::to(&logs)))
        .build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/items"),
        HttpIntegration::lambda(&list),
    );
    let item = api.add_route(
        RouteKey::new(HttpMethod::Get, "/items/{id}"),
        HttpIntegration::lambda(get.function()),
    );
    api.add_route(
        RouteKey::new(HttpMethod::Any, "/legacy/{proxy+}"),
        HttpIntegration::lambda(&list).payload_format(PayloadFormat::V1_0),
    );
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/docs/{proxy+}"),
        HttpIntegration::http_proxy("https://docs.example.com/{proxy}").method(HttpMethod::Get),
    );
    api.add_route(RouteKey::default_route(), HttpIntegration::lambda(&list));
    let beta = api.add_stage(
        "BetaStage",
        "beta",
        StageOptions::new().description("beta").throttle(50.0, 100),
    );
    let caller = Role::new(&stack, "Caller", Principal::service("lambda.amazonaws.com")).build();
    item.grant_invoke(&caller);
    CfnOutput::new(&stack, "ApiUrl", api.url());
    CfnOutput::new(&stack, "BetaUrl", beta.url());
    CfnOutput::new(&stack, "Endpoint", api.api_endpoint());
}

fn define_auth(app: &App) {
    let stack = Stack::new(app, "AuthHttpApi");
    let items = py(&stack, "Items").build();
    let check = py(&stack, "CheckKey").auto_publish_alias("live").build();
    let pool = HttpAuthorizer::cognito("Pool", "us-east-1_example", ["client1"]).build();
    let by_key = HttpAuthorizer::lambda("ByKey", check.function())
        .identity_source(["$request.header.X-Api-Key"])
        .results_cache_ttl(Duration::from_secs(60))
        .build();
    let api = HttpApi::new(&stack, "Api")
        .default_authorization(HttpAuthorization::authorizer(&pool).scopes(["items/read"]))
        .build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/items"),
        HttpIntegration::lambda(&items),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Post, "/items"),
        HttpIntegration::lambda(&items),
        RouteOptions::new().authorization(HttpAuthorization::authorizer(&by_key)),
    );
    let admin = api.add_route_with(
        RouteKey::new(HttpMethod::Delete, "/items/{id}"),
        HttpIntegration::lambda(&items),
        RouteOptions::new().authorization(HttpAuthorization::iam()),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/health"),
        HttpIntegration::lambda(&items),
        RouteOptions::new().authorization(HttpAuthorization::none()),
    );
    let operator = Role::new(
        &stack,
        "Operator",
        Principal::service("lambda.amazonaws.com"),
    )
    .build();
    admin.grant_invoke(&operator);
    CfnOutput::new(&stack, "ApiUrl", api.url());
}

/// A SAM-native HTTP API with everything `AWS::Serverless::HttpApi` and `HttpApi` events
/// express: Lambda routes (one on an aliased function, payload 1.0 with a timeout, `ANY
/// /{proxy+}`, `$default`, the root), a Cognito JWT authorizer with a scope as the API's
/// default, a Lambda authorizer (aliased, header and query-string sources, a TTL), IAM and
/// no authorization on routes, CORS, a description, `FailOnWarnings`, the `$default` stage
/// with access logs, throttling and a stage variable, a throttled route, and URL outputs.
fn define_sam_native(app: &App) {
    let stack = Stack::new(app, "SamHttpApi");
    let items = py(&stack, "Items").build();
    let get = py(&stack, "GetItem").auto_publish_alias("live").build();
    let check = py(&stack, "CheckKey").auto_publish_alias("live").build();
    let pool = HttpAuthorizer::cognito("Pool", "us-east-1_example", ["client1"]).build();
    let by_key = HttpAuthorizer::lambda("ByKey", check.function())
        .identity_source(["$request.querystring.key", "$request.header.X-Api-Key"])
        .results_cache_ttl(Duration::from_secs(60))
        .build();
    let logs = LogGroup::new(&stack, "AccessLogs")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let api = HttpApi::new(&stack, "Api")
        .sam_native(true)
        .description("items")
        .fail_on_warnings(true)
        .cors(CorsPreflight::new(["https://app.example"]).allow_methods([HttpMethod::Get]))
        .default_stage_options(
            StageOptions::new()
                .access_log(AccessLog::to(&logs))
                .throttle(100.0, 200)
                .stage_variable("env", "prod"),
        )
        .default_authorization(HttpAuthorization::authorizer(&pool).scopes(["items/read"]))
        .build();
    // First, so that SAM's one permission of `$default` covers the function's other routes.
    api.add_route(RouteKey::default_route(), HttpIntegration::lambda(&items));
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/items"),
        HttpIntegration::lambda(&items),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/items/{id}"),
        HttpIntegration::lambda(get.function()),
        RouteOptions::new().throttle(10.0, 20),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Post, "/items"),
        HttpIntegration::lambda(&items)
            .payload_format(PayloadFormat::V1_0)
            .timeout(Duration::from_secs(5)),
        RouteOptions::new().authorization(HttpAuthorization::authorizer(&by_key)),
    );
    let admin = api.add_route_with(
        RouteKey::new(HttpMethod::Delete, "/items/{id}"),
        HttpIntegration::lambda(&items),
        RouteOptions::new().authorization(HttpAuthorization::iam()),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/"),
        HttpIntegration::lambda(&items),
        RouteOptions::new().authorization(HttpAuthorization::none()),
    );
    api.add_route(
        RouteKey::new(HttpMethod::Any, "/legacy/{proxy+}"),
        HttpIntegration::lambda(&items),
    );
    let operator = Role::new(
        &stack,
        "Operator",
        Principal::service("lambda.amazonaws.com"),
    )
    .build();
    admin.grant_invoke(&operator);
    CfnOutput::new(&stack, "ApiUrl", api.url());
    CfnOutput::new(&stack, "Endpoint", api.api_endpoint());
}

#[test]
fn a_sam_native_http_api_passes_the_validators_and_agrees_with_its_plain_twin() {
    let base =
        TempDir(std::env::temp_dir().join(format!("apigwv2-sam-native-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&base.0);
    let out = base.0.join("out");
    let app = App::with_out_dir(&out);
    define_sam_native(&app);
    app.write().expect("the stack synthesizes");
    let files: Vec<PathBuf> = ["template.json", "template.yaml", "sam.json", "sam.yaml"]
        .iter()
        .map(|s| out.join(format!("SamHttpApi.{s}")))
        .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint found problems:\n{}", lint.output);
    let sam = read_json(&files[2]);
    let of = |t: &serde_json::Value, ty: &str| -> Vec<String> {
        support::of_type(t, ty)
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect()
    };
    // The SAM template: one AWS::Serverless::HttpApi, no plain API resources, an HttpApi
    // event per Lambda route.
    assert_eq!(of(&sam, "AWS::Serverless::HttpApi"), ["ApiF70053CD"]);
    assert!(sam["Resources"]
        .as_object()
        .unwrap()
        .values()
        .all(|r| !r["Type"]
            .as_str()
            .unwrap()
            .starts_with("AWS::ApiGatewayV2::")));
    let events: usize = sam["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|r| r["Properties"]["Events"].as_object())
        .map(|e| e.values().filter(|e| e["Type"] == "HttpApi").count())
        .sum();
    assert_eq!(events, 7, "one HttpApi event per route");

    let translated = support::translate_and_compare(&files[2], &files[0], 3);
    // SAM generated the API (with a Body), its `$default` stage and the Lambda authorizer's
    // permission under the names we reserved.
    assert_eq!(
        of(&translated, "AWS::ApiGatewayV2::Stage"),
        ["ApiF70053CDApiGatewayDefaultStage"]
    );
    assert!(translated["Resources"]["ApiF70053CDByKeyAuthorizerPermission"].is_object());

    let validate = cdk_validators::sam_validate_lint(&files[3]);
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
    let routes = cdk_validators::sam_local_routes(&files[3]).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        routes["routes"].as_array().is_some_and(|r| r.len() >= 6),
        "{routes}"
    );
}

/// A SAM-native WebSocket API (`AWS::Serverless::WebSocketApi`): the three predefined
/// routes and a custom one on an aliased function that holds the callback URL, a stage with
/// throttling, access logs and a stage variable.
fn define_sam_native_websocket(app: &App) {
    let stack = Stack::new(app, "SamChatWs");
    let connections = py(&stack, "Connections").build();
    let join = py(&stack, "Join").auto_publish_alias("live").build();
    let logs = LogGroup::new(&stack, "AccessLogs")
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let api = WebSocketApi::new(&stack, "Chat")
        .sam_native(true)
        .description("chat")
        .stage_options(
            StageOptions::new()
                .throttle(100.0, 200)
                .access_log(AccessLog::to(&logs))
                .stage_variable("env", "prod"),
        )
        .build();
    api.add_route("$connect", WebSocketIntegration::lambda(&connections));
    api.add_route("$disconnect", WebSocketIntegration::lambda(&connections));
    api.add_route("$default", WebSocketIntegration::lambda(&connections));
    api.add_route("join", WebSocketIntegration::lambda(join.function()));
    api.grant_manage_connections(join.function());
    join.function()
        .add_environment("CALLBACK_URL", api.callback_url());
    CfnOutput::new(&stack, "Url", api.url());
}

#[test]
fn a_sam_native_websocket_api_passes_the_validators_and_agrees_with_its_plain_twin() {
    let base =
        TempDir(std::env::temp_dir().join(format!("apigwv2-sam-native-ws-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&base.0);
    let out = base.0.join("out");
    let app = App::with_out_dir(&out);
    define_sam_native_websocket(&app);
    app.write().expect("the stack synthesizes");
    let files: Vec<PathBuf> = ["template.json", "template.yaml", "sam.json", "sam.yaml"]
        .iter()
        .map(|s| out.join(format!("SamChatWs.{s}")))
        .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint found problems:\n{}", lint.output);
    let sam = read_json(&files[2]);
    assert_eq!(
        support::of_type(&sam, "AWS::Serverless::WebSocketApi").len(),
        1
    );
    assert!(support::of_type(&sam, "AWS::ApiGatewayV2::Route").is_empty());
    let translated = support::translate_and_compare(&files[2], &files[0], 2);
    // SAM generated the routes and the stage under the names we reserved.
    let routes: Vec<&String> = support::of_type(&translated, "AWS::ApiGatewayV2::Route")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(routes.len(), 4, "{routes:?}");
    assert!(
        translated["Resources"]["Chat26DEB33FJoinRoute"].is_object(),
        "{routes:?}"
    );
    assert!(translated["Resources"]["Chat26DEB33FprodStage"].is_object());
    let validate = cdk_validators::sam_validate_lint(&files[3]);
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
}

fn define_websocket(app: &App) {
    let stack = Stack::new(app, "ChatWs");
    let connections = py(&stack, "Connections").build();
    let join = py(&stack, "Join").auto_publish_alias("live").build();
    let api = WebSocketApi::new(&stack, "Chat")
        .stage_options(StageOptions::new().throttle(100.0, 200))
        .build();
    api.add_route("$connect", WebSocketIntegration::lambda(&connections));
    api.add_route("$disconnect", WebSocketIntegration::lambda(&connections));
    api.add_route("$default", WebSocketIntegration::lambda(&connections));
    api.add_route("join", WebSocketIntegration::lambda(join.function()));
    api.grant_manage_connections(join.function());
    join.function()
        .add_environment("CALLBACK_URL", api.callback_url());
    CfnOutput::new(&stack, "Url", api.url());
    CfnOutput::new(&stack, "CallbackUrl", api.callback_url());
}

/// Synthesizes `define` into a temporary folder and runs every validator on `stack`'s
/// templates; `functions` is how many function pairs the differential must match.
fn check(name: &str, define: impl Fn(&App), stack: &str, functions: usize) {
    let base = TempDir(
        std::env::temp_dir().join(format!("apigwv2-validators-{name}-{}", std::process::id())),
    );
    let _ = std::fs::remove_dir_all(&base.0);
    let out = base.0.join("out");
    let app = App::with_out_dir(&out);
    define(&app);
    app.write().expect("the stack synthesizes");
    let file = |suffix: &str| -> PathBuf { out.join(format!("{stack}.{suffix}")) };
    let files: Vec<PathBuf> = ["template.json", "template.yaml", "sam.json", "sam.yaml"]
        .iter()
        .map(|s| file(s))
        .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint found problems:\n{}", lint.output);

    let translated = cdk_validators::sam_translate(&file("sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator failed: {e}"));
    let plain = read_json(&files[0]);
    let count = |t: &serde_json::Value, prefix: &str| {
        t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .filter(|r| r["Type"].as_str().unwrap().starts_with(prefix))
            .count()
    };
    // The translator passes the API through untouched.
    for prefix in ["AWS::ApiGatewayV2::", "AWS::Lambda::Permission"] {
        assert_eq!(
            count(&translated, prefix),
            count(&plain, prefix),
            "{prefix}"
        );
    }
    assert!(count(&plain, "AWS::ApiGatewayV2::") > 0);
    support::assert_agree(&translated, &plain, functions);
    let validate = cdk_validators::sam_validate_lint(&file("sam.yaml"));
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn http_api_templates_pass_every_validator() {
    check("http", define_http, "ItemsHttpApi", 2);
}

#[test]
fn http_api_authorizer_templates_pass_every_validator() {
    check("auth", define_auth, "AuthHttpApi", 2);
}

#[test]
fn websocket_api_templates_pass_every_validator() {
    check("ws", define_websocket, "ChatWs", 2);
}
