//! `apigatewayv2::HttpApi`: AWS CDK's tree and logical IDs, routes with Lambda (payload 2.0
//! or 1.0, alias-aware) and HTTP proxy integrations and their scoped permissions, the
//! `$default` and named stages (auto-deploy, throttling, access logs), CORS, the URL as a
//! typed value, and one diagnostic per mistake.

mod apigatewayv2_support;

use apigatewayv2_support::{execute_api_arn, function, of_type, one_error, python};
use std::time::Duration;

use cdk_core::{App, CfnOutput, Stack};
use constructs::apigatewayv2::{
    AccessLog, CorsPreflight, HttpApi, HttpIntegration, HttpMethod, PayloadFormat, RouteKey,
    StageOptions, HTTP_ACCESS_LOG_FORMAT,
};
use constructs::iam::{Principal, Role};
use constructs::logs::LogGroup;
use serde_json::{json, Value};

/// The reference stack's API (`../shared/reference/CdkHttpApiStack.template.json`, made by
/// AWS CDK 2.276) has these logical IDs and properties; ours are the same.
#[test]
fn tree_and_logical_ids_are_cdks() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkHttpApiStack");
    let list = function(&stack, "ListOrdersFn");
    let api = HttpApi::new(&stack, "OrdersHttpApi")
        .api_name("orders-http-api")
        .description("Orders HTTP API (CDK anchor)")
        .cors(
            CorsPreflight::new(["*"])
                .allow_methods([HttpMethod::Get, HttpMethod::Post])
                .allow_headers(["authorization", "content-type"])
                .max_age(Duration::from_secs(3600)),
        )
        .build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/orders"),
        HttpIntegration::lambda(&list),
    );
    api.add_stage("BetaStage", "beta", StageOptions::new().throttle(50.0, 100));
    let t = stack.template().unwrap();
    let r = &t["Resources"];
    assert_eq!(
        r["OrdersHttpApi92336FF9"]["Properties"],
        json!({
            "CorsConfiguration": {
                "AllowHeaders": ["authorization", "content-type"],
                "AllowMethods": ["GET", "POST"],
                "AllowOrigins": ["*"],
                "MaxAge": 3600
            },
            "Description": "Orders HTTP API (CDK anchor)",
            "Name": "orders-http-api",
            "ProtocolType": "HTTP"
        })
    );
    assert_eq!(
        r["OrdersHttpApiDefaultStage32494490"]["Properties"],
        json!({"ApiId": {"Ref": "OrdersHttpApi92336FF9"}, "AutoDeploy": true, "StageName": "$default"})
    );
    assert_eq!(
        r["OrdersHttpApiBetaStage6B709627"]["Properties"],
        json!({
            "ApiId": {"Ref": "OrdersHttpApi92336FF9"},
            "AutoDeploy": true,
            "DefaultRouteSettings": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50.0},
            "StageName": "beta"
        })
    );
    let route = &r["OrdersHttpApiGETorders558BA9E9"];
    assert_eq!(route["Properties"]["RouteKey"], "GET /orders");
    let integration_id = of_type(&t, "AWS::ApiGatewayV2::Integration")[0].0;
    assert_eq!(
        route["Properties"]["Target"],
        json!({"Fn::Join": ["", ["integrations/", {"Ref": integration_id}]]})
    );
    // Every stage waits for the route, so its first deployment has it.
    for stage in [
        "OrdersHttpApiDefaultStage32494490",
        "OrdersHttpApiBetaStage6B709627",
    ] {
        assert_eq!(
            r[stage]["DependsOn"],
            json!(["OrdersHttpApiGETorders558BA9E9"]),
            "{stage}"
        );
    }
}

#[test]
fn lambda_routes_invoke_the_function_with_a_permission_scoped_to_the_path() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let fn_id = f.resource().logical_id();
    let api = HttpApi::new(&stack, "Api").build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/items/{id}"),
        HttpIntegration::lambda(&f),
    );
    api.add_route(
        RouteKey::new(HttpMethod::Any, "/{proxy+}"),
        HttpIntegration::lambda(&f).payload_format(PayloadFormat::V1_0),
    );
    api.add_route(RouteKey::default_route(), HttpIntegration::lambda(&f));
    let t = stack.template().unwrap();
    let r = &t["Resources"];
    let integrations = of_type(&t, "AWS::ApiGatewayV2::Integration");
    assert_eq!(integrations.len(), 3);
    let formats: Vec<&Value> = integrations
        .iter()
        .map(|(_, i)| &i["Properties"]["PayloadFormatVersion"])
        .collect();
    assert_eq!(formats, [&json!("2.0"), &json!("1.0"), &json!("2.0")]);
    for (_, i) in &integrations {
        assert_eq!(i["Properties"]["IntegrationType"], "AWS_PROXY");
        assert_eq!(
            i["Properties"]["IntegrationUri"],
            json!({"Fn::GetAtt": [fn_id, "Arn"]})
        );
    }
    let arns: Vec<Value> = of_type(&t, "AWS::Lambda::Permission")
        .iter()
        .map(|(_, p)| {
            assert_eq!(p["Properties"]["Principal"], "apigateway.amazonaws.com");
            assert_eq!(
                p["Properties"]["FunctionName"],
                json!({"Fn::GetAtt": [fn_id, "Arn"]})
            );
            p["Properties"]["SourceArn"].clone()
        })
        .collect();
    let api_id = of_type(&t, "AWS::ApiGatewayV2::Api")[0].0;
    assert_eq!(
        arns,
        [
            execute_api_arn(api_id, vec![json!("/*/*/items/*")]),
            execute_api_arn(api_id, vec![json!("/*/*/*")]),
            execute_api_arn(api_id, vec![json!("/*/*")]),
        ]
    );
    let keys: Vec<&Value> = of_type(&t, "AWS::ApiGatewayV2::Route")
        .iter()
        .map(|(_, r)| &r["Properties"]["RouteKey"])
        .collect();
    assert_eq!(
        keys,
        [
            &json!("GET /items/{id}"),
            &json!("ANY /{proxy+}"),
            &json!("$default")
        ]
    );
    let default_route = of_type(&t, "AWS::ApiGatewayV2::Route")[2].0;
    assert!(
        default_route.starts_with("ApiDefaultRoute"),
        "{default_route}"
    );
    assert!(r[default_route].is_object());
}

#[test]
fn an_aliased_function_is_invoked_through_its_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = python(&stack, "Fn").auto_publish_alias("live").build();
    let api = HttpApi::new(&stack, "Api").build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/"),
        HttpIntegration::lambda(f.function()),
    );
    let t = stack.template().unwrap();
    let alias = of_type(&t, "AWS::Lambda::Alias")[0].0;
    let (_, integration) = of_type(&t, "AWS::ApiGatewayV2::Integration")[0];
    assert_eq!(
        integration["Properties"]["IntegrationUri"],
        json!({"Ref": alias})
    );
    let (_, permission) = of_type(&t, "AWS::Lambda::Permission")[0];
    assert_eq!(
        permission["Properties"]["FunctionName"],
        json!({"Ref": alias})
    );
    let api_id = of_type(&t, "AWS::ApiGatewayV2::Api")[0].0;
    assert_eq!(
        permission["Properties"]["SourceArn"],
        execute_api_arn(api_id, vec![json!("/*/*")])
    );
}

#[test]
fn http_proxy_stage_logs_and_urls() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let logs = LogGroup::new(&stack, "AccessLogs").build();
    let api = HttpApi::new(&stack, "Api")
        .default_stage_options(StageOptions::new().access_log(AccessLog::to(&logs)))
        .build();
    api.add_route(
        RouteKey::new(HttpMethod::Get, "/docs/{proxy+}"),
        HttpIntegration::http_proxy("https://docs.example.com/{proxy}")
            .method(HttpMethod::Get)
            .timeout(Duration::from_secs(10)),
    );
    let beta = api.add_stage("Beta", "beta", StageOptions::new());
    CfnOutput::new(&stack, "Url", api.url());
    CfnOutput::new(&stack, "BetaUrl", beta.url());
    let t = stack.template().unwrap();
    let (_, integration) = of_type(&t, "AWS::ApiGatewayV2::Integration")[0];
    assert_eq!(
        integration["Properties"],
        json!({
            "ApiId": {"Ref": of_type(&t, "AWS::ApiGatewayV2::Api")[0].0},
            "IntegrationMethod": "GET",
            "IntegrationType": "HTTP_PROXY",
            "IntegrationUri": "https://docs.example.com/{proxy}",
            "PayloadFormatVersion": "1.0",
            "TimeoutInMillis": 10000
        })
    );
    assert!(of_type(&t, "AWS::Lambda::Permission").is_empty());
    let (stage_id, stage) = of_type(&t, "AWS::ApiGatewayV2::Stage")[0];
    assert!(stage_id.starts_with("ApiDefaultStage"), "{stage_id}");
    assert_eq!(
        stage["Properties"]["AccessLogSettings"],
        json!({
            "DestinationArn": {"Fn::GetAtt": [logs.resource().logical_id(), "Arn"]},
            "Format": HTTP_ACCESS_LOG_FORMAT
        })
    );
    let api_id = of_type(&t, "AWS::ApiGatewayV2::Api")[0].0;
    let url = |rest: Vec<Value>| {
        let mut parts = vec![
            json!("https://"),
            json!({"Ref": api_id}),
            json!(".execute-api."),
            json!({"Ref": "AWS::Region"}),
            json!("."),
            json!({"Ref": "AWS::URLSuffix"}),
        ];
        parts.extend(rest);
        json!({"Fn::Join": ["", parts]})
    };
    assert_eq!(t["Outputs"]["Url"]["Value"], url(vec![json!("/")]));
    assert_eq!(t["Outputs"]["BetaUrl"]["Value"], url(vec![json!("/beta/")]));
}

#[test]
fn grants_name_the_route_or_the_api() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = HttpApi::new(&stack, "Api").build();
    let route = api.add_route(
        RouteKey::new(HttpMethod::Any, "/items/{id}"),
        HttpIntegration::lambda(&f),
    );
    let a = Role::new(&stack, "A", Principal::service("lambda.amazonaws.com")).build();
    let b = Role::new(&stack, "B", Principal::service("lambda.amazonaws.com")).build();
    route.grant_invoke(&a);
    api.grant_invoke(&b);
    let t = stack.template().unwrap();
    let api_id = of_type(&t, "AWS::ApiGatewayV2::Api")[0].0;
    let resources: Vec<Value> = of_type(&t, "AWS::IAM::Policy")
        .iter()
        .map(|(_, p)| {
            let s = &p["Properties"]["PolicyDocument"]["Statement"][0];
            assert_eq!(s["Action"], "execute-api:Invoke");
            s["Resource"].clone()
        })
        .collect();
    assert_eq!(
        resources,
        [
            execute_api_arn(api_id, vec![json!("/*/*/items/*")]),
            execute_api_arn(api_id, vec![json!("/*")])
        ]
    );
}

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    for (key, id, message) in [
        ("GET /items/", "GET--items--", "is not a valid path segment"),
        ("GET items", "GETitems", "does not start with `/`"),
        (
            "GET /{proxy+}/more",
            "GET--{proxy+}--more",
            "is not the last segment",
        ),
        (
            "GET /items/{id",
            "GET--items--{id",
            "is not a valid path segment",
        ),
        ("FETCH /items", "FETCH--items", "is not an HTTP method"),
    ] {
        one_error(
            |stack| {
                let api = HttpApi::new(stack, "Api").build();
                api.add_route(
                    RouteKey::parse(key),
                    HttpIntegration::http_proxy("https://example.com"),
                );
            },
            &format!("S/Api/{id}"),
            message,
        );
    }
    one_error(
        |stack| {
            let f = function(stack, "Fn");
            let api = HttpApi::new(stack, "Api").build();
            api.add_route(
                RouteKey::new(HttpMethod::Get, "/items/{id}"),
                HttpIntegration::lambda(&f),
            );
            api.add_route(
                RouteKey::new(HttpMethod::Get, "/items/{key}"),
                HttpIntegration::lambda(&f),
            );
        },
        "S/Api",
        "the route `GET /items/{key}` is already defined (as `GET /items/{id}`)",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api").build();
            api.add_stage("Beta", "beta", StageOptions::new().throttle(-1.0, 10));
        },
        "S/Api/Beta",
        "is not a non-negative number",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api").build();
            api.add_stage("Beta", "be ta", StageOptions::new());
        },
        "S/Api/Beta",
        "is not a valid stage name",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api").build();
            api.add_stage("Beta", "$default", StageOptions::new());
        },
        "S/Api/Beta",
        "already has a stage `$default`",
    );
    one_error(
        |stack| {
            HttpApi::new(stack, "Api")
                .default_stage_options(
                    StageOptions::new().access_log(
                        AccessLog::to_arn("arn:aws:logs:us-east-1:123456789012:log-group:g")
                            .format("$context.status"),
                    ),
                )
                .build();
        },
        "S/Api/DefaultStage",
        "has no `$context.requestId`",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api").build();
            api.add_route(
                RouteKey::default_route(),
                HttpIntegration::http_proxy("https://example.com")
                    .payload_format(PayloadFormat::V2_0),
            );
        },
        "S/Api/DefaultRoute/Integration",
        "payload format 1.0 only",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api").build();
            api.add_route(
                RouteKey::default_route(),
                HttpIntegration::http_proxy("example.com"),
            );
        },
        "S/Api/DefaultRoute/Integration",
        "is not an http:// or https:// URL",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api").build();
            api.add_route(
                RouteKey::default_route(),
                HttpIntegration::http_proxy("https://example.com").timeout(Duration::from_secs(31)),
            );
        },
        "S/Api/DefaultRoute/Integration",
        "outside API Gateway's 50 ms to 30 s",
    );
    one_error(
        |stack| {
            HttpApi::new(stack, "Api")
                .cors(CorsPreflight::new(["*"]).allow_credentials(true))
                .build();
        },
        "S/Api",
        "allows credentials for the origin `*`",
    );
    one_error(
        |stack| {
            HttpApi::new(stack, "Api")
                .cors(CorsPreflight::new(["https://app.example/path"]))
                .build();
        },
        "S/Api",
        "is not a CORS origin",
    );
    one_error(
        |stack| {
            let api = HttpApi::new(stack, "Api")
                .create_default_stage(false)
                .build();
            CfnOutput::new(stack, "Url", api.url());
        },
        "S/Api",
        "has none",
    );
}
