//! SAM-native REST APIs (`RestApiBuilder::sam_native`): what each template holds, and each
//! thing SAM's events cannot express as one diagnostic naming it. (The real validators run
//! on a full SAM-native API in `apigateway_validators.rs`.)

mod support;

use cdk_core::{App, CfnOutput, Flavor, Stack};
use constructs::apigateway::{
    Authorization, Authorizer, Canary, CorsOptions, HttpMethod, Integration, MethodOptions,
    MethodResponse, RestApi, StageOptions,
};
use constructs::sqs::Queue;
use serde_json::{json, Value};
use support::{inline_python as function, of_type};

#[test]
fn the_sam_template_has_the_serverless_api_and_events_targeting_the_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let handler = function(&stack, "Handler")
        .auto_publish_alias("live")
        .build();
    let auth_fn = function(&stack, "AuthFn").build();
    let token = Authorizer::token(&stack, "Tok", &auth_fn)
        .authorizer_name("Tok")
        .build();
    let api = RestApi::new(&stack, "Api").sam_native(true).build();
    let items = api.root().add_resource("items");
    items.add_method_with(
        HttpMethod::Get,
        Integration::lambda(handler.function()),
        MethodOptions::new()
            .authorization(Authorization::custom(&token))
            .api_key_required(true),
    );
    items.add_resource("{id}").add_method_with(
        HttpMethod::Delete,
        Integration::lambda(handler.function()),
        MethodOptions::new().authorization(Authorization::Iam),
    );
    let key = api.add_api_key("Key").build();
    api.add_usage_plan("Plan").build().add_api_key(&key);
    CfnOutput::new(&stack, "Url", api.url());

    let sam = stack.template_of(Flavor::Sam).unwrap();
    let (api_id, serverless) = of_type(&sam, "AWS::Serverless::Api")[0];
    assert_eq!(api_id, "ApiF70053CD", "the plain RestApi's logical ID");
    assert_eq!(serverless["Properties"]["StageName"], "prod");
    assert_eq!(serverless["Properties"]["OpenApiVersion"], "3.0.1");
    assert_eq!(
        serverless["Properties"]["Auth"]["Authorizers"]["Tok"]["FunctionArn"],
        json!({"Fn::GetAtt": [of_type(&sam, "AWS::Serverless::Function")[1].0, "Arn"]})
    );
    let (_, f) = of_type(&sam, "AWS::Serverless::Function")[0];
    assert_eq!(f["Properties"]["AutoPublishAlias"], "live");
    assert_eq!(
        f["Properties"]["Events"]["ApiGETitems"],
        json!({"Type": "Api", "Properties": {
            "Auth": {"ApiKeyRequired": true, "Authorizer": "Tok"},
            "Method": "GET", "Path": "/items", "RestApiId": {"Ref": "ApiF70053CD"}}})
    );
    assert_eq!(
        f["Properties"]["Events"]["ApiDELETEitemsid"]["Properties"]["Auth"],
        json!({"Authorizer": "AWS_IAM", "InvokeRole": "NONE"})
    );
    // Usage plans and keys are plain resources naming SAM's stage.
    let (_, plan) = of_type(&sam, "AWS::ApiGateway::UsagePlan")[0];
    assert_eq!(
        plan["Properties"]["ApiStages"][0]["Stage"],
        json!({"Ref": "ApiF70053CDprodStage"})
    );
    assert_eq!(of_type(&sam, "AWS::ApiGateway::Method").len(), 0);
    assert_eq!(of_type(&sam, "AWS::Lambda::Permission").len(), 0);

    // The plain template: one permission per method, on the alias, in any stage; the
    // authorizer's on every authorizer of the API.
    let plain = stack.template_of(Flavor::Cfn).unwrap();
    assert!(of_type(&plain, "AWS::Serverless::Api").is_empty());
    let permissions = of_type(&plain, "AWS::Lambda::Permission");
    assert_eq!(permissions.len(), 3, "two methods and the authorizer");
    let arn_tail = |p: &Value| {
        p["Properties"]["SourceArn"]["Fn::Join"][1]
            .as_array()
            .unwrap()
            .last()
            .cloned()
            .unwrap()
    };
    let tails: Vec<Value> = permissions.iter().map(|(_, p)| arn_tail(p)).collect();
    assert!(tails.contains(&json!("/*/GET/items")), "{tails:?}");
    assert!(tails.contains(&json!("/*/DELETE/items/*")), "{tails:?}");
    assert!(tails.contains(&json!("/authorizers/*")), "{tails:?}");
    let alias = of_type(&plain, "AWS::Lambda::Alias")[0].0;
    let on_alias = permissions
        .iter()
        .filter(|(_, p)| p["Properties"]["FunctionName"] == json!({"Ref": alias}))
        .count();
    assert_eq!(on_alias, 2, "the methods' permissions are on the alias");
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
    assert!(d[0].hint.contains("sam_native(false)"), "{err}");
}

#[test]
fn what_sam_events_cannot_express_is_one_diagnostic_each() {
    let api = |stack: &Stack| RestApi::new(stack, "Api").sam_native(true).build();
    one_error(
        |s| {
            api(s)
                .root()
                .add_method(HttpMethod::Get, Integration::mock());
        },
        "S/Api/Default/GET",
        "a mock integration",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            api(s).root().add_method(
                HttpMethod::Post,
                Integration::lambda_non_proxy(&f).request_template("application/json", "{}"),
            );
        },
        "S/Api/Default/POST",
        "a Lambda non-proxy integration",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            api(s).root().add_method_with(
                HttpMethod::Get,
                Integration::lambda(&f),
                MethodOptions::new().method_response(MethodResponse::new("200")),
            );
        },
        "S/Api/Default/GET",
        "a declared method response",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = api(s);
            let items = a.root().add_resource("items");
            items.add_method(HttpMethod::Get, Integration::lambda(&f));
            items.add_cors_preflight(
                CorsOptions::new(["https://a.example"]).apply_to_children(true),
            );
            items
                .add_resource("{id}")
                .add_method(HttpMethod::Get, Integration::lambda(&f));
        },
        "S/Api/Default/items",
        "a CORS preflight",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = RestApi::new(s, "Api")
                .sam_native(true)
                .deploy_options(
                    StageOptions::new().canary(Canary::new(10.0).base_deployment_id("abc123")),
                )
                .build();
            a.root()
                .add_method(HttpMethod::Get, Integration::lambda(&f));
        },
        "S/Api/DeploymentStage.prod",
        "a canary on a base deployment",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = RestApi::new(s, "Api")
                .sam_native(true)
                .stage_name("v1-beta")
                .build();
            a.root()
                .add_method(HttpMethod::Get, Integration::lambda(&f));
        },
        "S/Api",
        "is not alphanumeric",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = api(s);
            a.root()
                .add_method(HttpMethod::Get, Integration::lambda(&f));
            a.add_model("M", json!({"type": "object"}))
                .description("d")
                .build();
        },
        "S/Api/M",
        "a model description",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = api(s);
            let m = a
                .add_model("M", json!({"type": "object"}))
                .content_type("text/plain")
                .build();
            a.root().add_method_with(
                HttpMethod::Post,
                Integration::lambda(&f),
                MethodOptions::new().request_model("text/plain", &m),
            );
        },
        "S/Api/M",
        "a model for `text/plain`",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = api(s);
            let v = a
                .add_request_validator("V")
                .validate_request_parameters(true)
                .build();
            a.root().add_method_with(
                HttpMethod::Get,
                Integration::lambda(&f),
                MethodOptions::new()
                    .request_parameter("method.request.querystring.q", true)
                    .request_validator(&v),
            );
        },
        "S/Api/Default/GET",
        "a request validator on a method without a request model",
    );
    one_error(
        |s| {
            let f = function(s, "F").build();
            let a = api(s);
            a.root()
                .add_method(HttpMethod::Get, Integration::lambda(&f));
            for id in ["V1", "V2"] {
                a.add_request_validator(id)
                    .validate_request_body(true)
                    .build();
            }
        },
        "S/Api/V2",
        "one validator per combination",
    );
}

/// A model, a request validator and request parameters on a SAM-native method: SAM's
/// `Models`, the event's `RequestModel` and `RequestParameters`; the plain model and
/// validator under the names SAM gives them.
#[test]
fn models_validators_and_parameters_are_sams() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "F").build();
    let api = RestApi::new(&stack, "Api").sam_native(true).build();
    let item = api
        .add_model("Item", json!({"type": "object", "required": ["name"]}))
        .build();
    let body = api
        .add_request_validator("Body")
        .validate_request_body(true)
        .build();
    api.root().add_method_with(
        HttpMethod::Post,
        Integration::lambda(&f),
        MethodOptions::new()
            .request_model("application/json", &item)
            .request_validator(&body)
            .request_parameter("method.request.header.X-Tenant", true),
    );
    let sam = stack.template_of(Flavor::Sam).unwrap();
    assert_eq!(
        sam["Resources"]["ApiF70053CD"]["Properties"]["Models"],
        json!({"item": {"type": "object", "required": ["name"]}})
    );
    let event = &sam["Resources"]["FC4345940"]["Properties"]["Events"]["ApiPOST"]["Properties"];
    assert_eq!(
        event["RequestModel"],
        json!({"Model": "item", "ValidateBody": true, "ValidateParameters": false})
    );
    assert_eq!(
        event["RequestParameters"],
        json!([{"method.request.header.X-Tenant": {"Required": true}}])
    );
    let plain = stack.template().unwrap();
    assert_eq!(
        of_type(&plain, "AWS::ApiGateway::Model")[0].1["Properties"]["Name"],
        "item"
    );
    assert_eq!(
        of_type(&plain, "AWS::ApiGateway::RequestValidator")[0].1["Properties"]["Name"],
        "body-only"
    );
    assert!(of_type(&sam, "AWS::ApiGateway::Model").is_empty());
}

#[test]
fn a_resource_of_ours_cannot_take_the_stage_id_sam_generates() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "F").build();
    let api = RestApi::new(&stack, "Api").sam_native(true).build();
    api.root()
        .add_method(HttpMethod::Get, Integration::lambda(&f));
    Queue::new(&stack, "Q")
        .build()
        .resource()
        .override_logical_id("ApiF70053CDprodStage");
    let err = app.assemble().unwrap_err();
    assert!(
        err.diagnostics()
            .iter()
            .any(|d| d.message.contains("ApiF70053CDprodStage")),
        "{err}"
    );
}

#[test]
fn without_the_option_both_templates_hold_the_plain_resources() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "F").build();
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    api.root()
        .add_resource("f")
        .add_method(HttpMethod::Get, Integration::lambda(&f));
    let sam = stack.template_of(Flavor::Sam).unwrap();
    assert!(of_type(&sam, "AWS::Serverless::Api").is_empty());
    assert_eq!(of_type(&sam, "AWS::ApiGateway::Method").len(), 2);
    assert_eq!(
        of_type(&sam, "AWS::Lambda::Permission").len(),
        2,
        "CDK's stage and test-invoke pair"
    );
}
