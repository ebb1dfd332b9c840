//! SAM-native HTTP APIs (`HttpApiBuilder::sam_native`): what each template holds, and each
//! thing SAM's `AWS::Serverless::HttpApi` and `HttpApi` events cannot express as one
//! diagnostic naming it. (The real validators run on a full SAM-native HTTP API in
//! `apigatewayv2_validators.rs`.)

mod support;

use cdk_core::{App, CfnOutput, Flavor, Stack};
use constructs::apigatewayv2::{
    HttpApi, HttpAuthorization, HttpAuthorizer, HttpIntegration, HttpMethod, RouteKey,
    RouteOptions, StageOptions, WebSocketApi, WebSocketIntegration,
};
use constructs::lambda::Function;
use serde_json::json;
use support::{assert_one_diagnostic, inline_python as function, of_type};

#[test]
fn the_sam_template_has_the_serverless_http_api_and_events_targeting_the_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let handler = function(&stack, "Handler")
        .auto_publish_alias("live")
        .build();
    let auth_fn = function(&stack, "AuthFn").build();
    let by_key = HttpAuthorizer::lambda("ByKey", &auth_fn)
        .identity_source(["$request.header.X-Key"])
        .build();
    let api = HttpApi::new(&stack, "Api")
        .sam_native(true)
        .default_authorization(HttpAuthorization::authorizer(&by_key))
        .build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/items/{id}"),
        HttpIntegration::lambda(handler.function()),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/health"),
        HttpIntegration::lambda(handler.function()),
        RouteOptions::new().authorization(HttpAuthorization::none()),
    );
    CfnOutput::new(&stack, "Url", api.url());
    let sam = stack.template_of(Flavor::Sam).unwrap();
    let apis = of_type(&sam, "AWS::Serverless::HttpApi");
    assert_eq!(apis.len(), 1);
    let (api_id, api_res) = apis[0];
    assert_eq!(api_id, "ApiF70053CD");
    assert_eq!(
        api_res["Properties"],
        json!({
            "Auth": {
                "Authorizers": {"ByKey": {
                    "AuthorizerPayloadFormatVersion": "2.0",
                    "EnableFunctionDefaultPermissions": true,
                    "EnableSimpleResponses": true,
                    "FunctionArn": {"Fn::GetAtt": ["AuthFnE7829713", "Arn"]},
                    "Identity": {"Headers": ["X-Key"], "ReauthorizeEvery": 300}
                }},
                "DefaultAuthorizer": "ByKey"
            },
            "Name": "Api"
        })
    );
    assert!(of_type(&sam, "AWS::ApiGatewayV2::Route").is_empty());
    let handler_id = of_type(&sam, "AWS::Serverless::Function")
        .into_iter()
        .find(|(id, _)| id.starts_with("Handler"))
        .map(|(id, _)| id.clone())
        .unwrap();
    let events = &sam["Resources"][&handler_id]["Properties"]["Events"];
    assert_eq!(
        events["ApiGETitemsid"],
        json!({"Type": "HttpApi", "Properties": {
            "ApiId": {"Ref": "ApiF70053CD"}, "Auth": {"Authorizer": "ByKey"},
            "Method": "GET", "Path": "/items/{id}"}})
    );
    assert_eq!(
        events["ApiGEThealth"]["Properties"]["Auth"],
        json!({"Authorizer": "NONE"})
    );
    // The URL reads the API's `Ref` in both templates (same logical ID).
    let plain = stack.template().unwrap();
    assert!(of_type(&plain, "AWS::Serverless::HttpApi").is_empty());
    assert_eq!(of_type(&plain, "AWS::ApiGatewayV2::Route").len(), 2);
    // SAM's permissions: the route's method scoped, the alias invoked.
    let permissions = of_type(&plain, "AWS::Lambda::Permission");
    let arns: Vec<String> = permissions
        .iter()
        .map(|(_, p)| p["Properties"]["SourceArn"].to_string())
        .collect();
    assert!(
        arns.iter().any(|a| a.contains("/*/GET/items/*")),
        "{arns:?}"
    );
    assert!(
        arns.iter().any(|a| a.contains("/authorizers/*")),
        "{arns:?}"
    );
    let integration = of_type(&plain, "AWS::ApiGatewayV2::Integration")[0].1;
    assert_eq!(integration["Properties"]["IntegrationMethod"], "POST");
    let alias = of_type(&plain, "AWS::Lambda::Alias")[0].0;
    assert!(
        integration["Properties"]["IntegrationUri"]
            .to_string()
            .contains(&format!("{{\"Ref\":\"{alias}\"}}")),
        "{}",
        integration["Properties"]["IntegrationUri"]
    );
    assert_eq!(
        of_type(&plain, "AWS::ApiGatewayV2::Api")[0].1["Properties"]["Version"],
        "1.0"
    );
}

#[test]
fn a_named_stage_is_the_sam_apis_stage() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let handler = function(&stack, "Handler").build();
    let api = HttpApi::new(&stack, "Api")
        .sam_native(true)
        .create_default_stage(false)
        .build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/"),
        HttpIntegration::lambda(&handler),
    );
    let beta = api.add_stage(
        "Beta",
        "beta",
        StageOptions::new().stage_variable("env", "beta"),
    );
    CfnOutput::new(&stack, "Stage", beta.stage_name());
    let sam = stack.template_of(Flavor::Sam).unwrap();
    let props = &sam["Resources"]["ApiF70053CD"]["Properties"];
    assert_eq!(props["StageName"], "beta");
    assert_eq!(props["StageVariables"], json!({"env": "beta"}));
    assert_eq!(
        sam["Outputs"]["Stage"]["Value"],
        json!({"Ref": "ApiF70053CDbetaStage"})
    );
}

/// Each thing a SAM-native HTTP API cannot express: one diagnostic, on the construct that
/// asked for it.
#[test]
fn what_sam_cannot_express_is_one_diagnostic_each() {
    type Case = (&'static str, &'static str, fn(&Stack, &HttpApi, &Function));
    let cases: Vec<Case> = vec![
        (
            "an HTTP proxy integration",
            "S/Api/GET--docs",
            |_, api, _| {
                api.add_route(
                    RouteKey::new(HttpMethod::Get, "/docs"),
                    HttpIntegration::http_proxy("https://example.com"),
                );
            },
        ),
        ("one stage", "S/Api/Beta", |_, api, _| {
            api.add_stage("Beta", "beta", StageOptions::new());
        }),
        (
            "is not `{proxy+}`",
            "S/Api/GET--files--{path+}",
            |_, api, f| {
                api.add_route(
                    RouteKey::new(HttpMethod::Get, "/files/{path+}"),
                    HttpIntegration::lambda(f),
                );
            },
        ),
        ("not letters and digits", "S/Api/by-key", |stack, api, f| {
            let by_key =
                HttpAuthorizer::lambda("by-key", &function(stack, "Check").build()).build();
            api.add_route_with(
                RouteKey::new(HttpMethod::Get, "/x"),
                HttpIntegration::lambda(f),
                RouteOptions::new().authorization(HttpAuthorization::authorizer(&by_key)),
            );
        }),
        (
            "which an earlier route invokes",
            "S/Api/DefaultRoute",
            |_, api, f| {
                api.add_route(
                    RouteKey::new(HttpMethod::Get, "/x"),
                    HttpIntegration::lambda(f),
                );
                api.add_route(RouteKey::default_route(), HttpIntegration::lambda(f));
            },
        ),
    ];
    for (expected, path, make) in cases {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let f = function(&stack, "Handler").build();
        let api = HttpApi::new(&stack, "Api").sam_native(true).build();
        make(&stack, &api, &f);
        let err = app.assemble().unwrap_err();
        assert_one_diagnostic(&err, expected, path);
    }
    // No stage at all: SAM would make one.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Handler").build();
    let api = HttpApi::new(&stack, "Api")
        .sam_native(true)
        .create_default_stage(false)
        .build();
    api.add_route(RouteKey::default_route(), HttpIntegration::lambda(&f));
    assert_one_diagnostic(&app.assemble().unwrap_err(), "has no stage", "S/Api");
    // A stage description, on the stage.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Handler").build();
    let api = HttpApi::new(&stack, "Api")
        .sam_native(true)
        .default_stage_options(StageOptions::new().description("d"))
        .build();
    api.add_route(RouteKey::default_route(), HttpIntegration::lambda(&f));
    assert_one_diagnostic(
        &app.assemble().unwrap_err(),
        "a stage description",
        "S/Api/DefaultStage",
    );
}

/// A SAM-native WebSocket API: `AWS::Serverless::WebSocketApi` with its `Routes` (the
/// function's ARN without a dependency, so a function holding the callback URL closes no
/// cycle), the plain routes and permissions as SAM generates them.
#[test]
fn a_sam_native_websocket_api_is_a_serverless_websocket_api() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let join = function(&stack, "Join").build();
    let chat = WebSocketApi::new(&stack, "Chat").sam_native(true).build();
    chat.add_route("join", WebSocketIntegration::lambda(&join));
    join.add_environment("CALLBACK_URL", chat.callback_url());
    let sam = stack.template_of(Flavor::Sam).unwrap();
    let (id, api) = of_type(&sam, "AWS::Serverless::WebSocketApi")[0];
    assert_eq!(id, "Chat26DEB33F");
    assert_eq!(
        api["Properties"],
        json!({
            "Name": "Chat",
            "RouteSelectionExpression": "$request.body.action",
            "Routes": {"join": {"FunctionArn": {"Fn::GetAtt": ["JoinD55BDE41", "Arn"]}}},
            "StageName": "prod"
        })
    );
    let plain = stack.template().unwrap();
    let permission = of_type(&plain, "AWS::Lambda::Permission")[0].1;
    let tail = permission["Properties"]["SourceArn"]["Fn::Join"][1]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        tail[tail.len() - 2],
        json!({"Fn::GetAtt": [ "Chat26DEB33F", "ApiId"]})
    );
    assert_eq!(tail[tail.len() - 1], json!("/prod/join"));
    // The stage waits for no route, as SAM's does.
    assert!(of_type(&plain, "AWS::ApiGatewayV2::Stage")[0].1["DependsOn"].is_null());
}

#[test]
fn what_a_sam_native_websocket_api_cannot_express_is_one_diagnostic_each() {
    for (key, stage, expected, path) in [
        (
            "chat/join",
            "prod",
            "is not letters and digits",
            "S/Chat/chat--join-Route",
        ),
        (
            "join",
            "v1-beta",
            "the stage name `v1-beta`",
            "S/Chat/Stage",
        ),
    ] {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let f = function(&stack, "F").build();
        let chat = WebSocketApi::new(&stack, "Chat")
            .sam_native(true)
            .stage_name(stage)
            .build();
        chat.add_route(key, WebSocketIntegration::lambda(&f));
        assert_one_diagnostic(&app.assemble().unwrap_err(), expected, path);
    }
}

/// The names aws-sam-translator generates for a SAM-native HTTP API (its stage, a Lambda
/// authorizer's permission, a route's permission) are reserved: a resource of ours that
/// takes one is a synth error.
#[test]
fn a_resource_of_ours_cannot_take_a_name_sam_generates() {
    for taken in [
        "ApiF70053CDApiGatewayDefaultStage",
        "ApiF70053CDByKeyAuthorizerPermission",
        "Handler886CB40BApiGETitemsPermission",
        "ServerlessHttpApi",
    ] {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let handler = function(&stack, "Handler").build();
        let check = function(&stack, "Check").build();
        let by_key = HttpAuthorizer::lambda("ByKey", &check).build();
        let api = HttpApi::new(&stack, "Api")
            .sam_native(true)
            .default_authorization(HttpAuthorization::authorizer(&by_key))
            .build();
        api.add_route(
            RouteKey::new(HttpMethod::Get, "/items"),
            HttpIntegration::lambda(&handler),
        );
        constructs::sqs::Queue::new(&stack, "Q")
            .build()
            .resource()
            .override_logical_id(taken);
        let err = app.assemble().unwrap_err();
        assert!(
            err.diagnostics().iter().any(|d| d.message.contains(taken)),
            "{taken}: {err}"
        );
    }
}
