//! HTTP API authorizers: JWT (and Cognito as its issuer), Lambda (simple responses, identity
//! sources, cache TTL, the invoke permission on `…/authorizers/<id>`), IAM; the API's
//! default authorization and per-route overrides; AWS CDK's logical IDs; one diagnostic per
//! mistake.

mod apigatewayv2_support;

use apigatewayv2_support::{function, of_type, one_error};
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::apigatewayv2::{
    HttpApi, HttpAuthorization, HttpAuthorizer, HttpIntegration, HttpMethod, PayloadFormat,
    RouteKey, RouteOptions,
};
use serde_json::json;

/// The reference stack (`../shared/reference/CdkHttpApiStack.template.json`, AWS CDK 2.276):
/// the same logical IDs and properties for both authorizers, the Lambda authorizer's
/// permission and the routes' authorization.
#[test]
fn jwt_and_lambda_authorizers_are_cdks() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkHttpApiStack");
    let list = function(&stack, "ListOrdersFn");
    let create = function(&stack, "CreateOrderFn");
    let auth_fn = function(&stack, "OrdersAuthorizerFn");
    let lambda_auth = HttpAuthorizer::lambda("OrdersLambdaAuthorizer", &auth_fn)
        .results_cache_ttl(Duration::from_secs(30))
        .build();
    let jwt = HttpAuthorizer::jwt(
        "OrdersJwtAuthorizer",
        "https://issuer.example.com",
        ["orders-api"],
    )
    .build();
    let api = HttpApi::new(&stack, "OrdersHttpApi").build();
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/orders"),
        HttpIntegration::lambda(&list),
        RouteOptions::new().authorization(HttpAuthorization::authorizer(&lambda_auth)),
    );
    api.add_route_with(
        RouteKey::new(HttpMethod::Post, "/orders"),
        HttpIntegration::lambda(&create),
        RouteOptions::new().authorization(HttpAuthorization::authorizer(&jwt)),
    );
    let t = stack.template().unwrap();
    let r = &t["Resources"];
    let api_ref = json!({"Ref": "OrdersHttpApi92336FF9"});
    assert_eq!(
        r["OrdersHttpApiOrdersLambdaAuthorizer3F11A53A"]["Properties"],
        json!({
            "ApiId": api_ref,
            "AuthorizerPayloadFormatVersion": "2.0",
            "AuthorizerResultTtlInSeconds": 30,
            "AuthorizerType": "REQUEST",
            "AuthorizerUri": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
                ":lambda:path/2015-03-31/functions/",
                {"Fn::GetAtt": [auth_fn.resource().logical_id(), "Arn"]}, "/invocations"
            ]]},
            "EnableSimpleResponses": true,
            "IdentitySource": ["$request.header.Authorization"],
            "Name": "OrdersLambdaAuthorizer"
        })
    );
    assert_eq!(
        r["OrdersHttpApiOrdersJwtAuthorizer9F318358"]["Properties"],
        json!({
            "ApiId": api_ref,
            "AuthorizerType": "JWT",
            "IdentitySource": ["$request.header.Authorization"],
            "JwtConfiguration": {"Audience": ["orders-api"], "Issuer": "https://issuer.example.com"},
            "Name": "OrdersJwtAuthorizer"
        })
    );
    let permission = &r
        ["OrdersHttpApiCdkHttpApiStackOrdersHttpApiOrdersLambdaAuthorizerA2AD0496PermissionC063262D"];
    assert_eq!(
        permission["Properties"],
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Fn::GetAtt": [auth_fn.resource().logical_id(), "Arn"]},
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
                {"Ref": "AWS::AccountId"}, ":", {"Ref": "OrdersHttpApi92336FF9"}, "/authorizers/",
                {"Ref": "OrdersHttpApiOrdersLambdaAuthorizer3F11A53A"}
            ]]}
        })
    );
    let get = &r["OrdersHttpApiGETorders558BA9E9"]["Properties"];
    assert_eq!(get["AuthorizationType"], "CUSTOM");
    assert_eq!(
        get["AuthorizerId"],
        json!({"Ref": "OrdersHttpApiOrdersLambdaAuthorizer3F11A53A"})
    );
    let post = &r["OrdersHttpApiPOSTorders4D4C842F"]["Properties"];
    assert_eq!(post["AuthorizationType"], "JWT");
    assert_eq!(
        post["AuthorizerId"],
        json!({"Ref": "OrdersHttpApiOrdersJwtAuthorizer9F318358"})
    );
}

#[test]
fn the_default_authorization_applies_unless_a_route_overrides_it() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let pool = HttpAuthorizer::cognito("Pool", "us-east-1_example", ["client1", "client2"]).build();
    let api = HttpApi::new(&stack, "Api")
        .default_authorization(HttpAuthorization::authorizer(&pool).scopes(["items/read"]))
        .build();
    let key = |m, p| RouteKey::new(m, p);
    let default = api.add_route(key(HttpMethod::Get, "/items"), HttpIntegration::lambda(&f));
    let open = api.add_route_with(
        key(HttpMethod::Get, "/health"),
        HttpIntegration::lambda(&f),
        RouteOptions::new().authorization(HttpAuthorization::none()),
    );
    let iam = api.add_route_with(
        key(HttpMethod::Delete, "/items/{id}"),
        HttpIntegration::lambda(&f),
        RouteOptions::new().authorization(HttpAuthorization::iam()),
    );
    let preflight = api.add_route(
        key(HttpMethod::Options, "/items"),
        HttpIntegration::lambda(&f),
    );
    let t = stack.template().unwrap();
    let props = |route: &constructs::apigatewayv2::HttpRoute| {
        t["Resources"][route.resource().logical_id()]["Properties"].clone()
    };
    let authorizers = of_type(&t, "AWS::ApiGatewayV2::Authorizer");
    assert_eq!(
        authorizers.len(),
        1,
        "one authorizer however many routes use it"
    );
    let (pool_id, pool_res) = authorizers[0];
    assert_eq!(
        pool_res["Properties"]["JwtConfiguration"],
        json!({
            "Audience": ["client1", "client2"],
            "Issuer": {"Fn::Join": ["", ["https://cognito-idp.", {"Ref": "AWS::Region"}, ".amazonaws.com/us-east-1_example"]]}
        })
    );
    let d = props(&default);
    assert_eq!(d["AuthorizationType"], "JWT");
    assert_eq!(d["AuthorizerId"], json!({"Ref": pool_id}));
    assert_eq!(d["AuthorizationScopes"], json!(["items/read"]));
    for route in [&open, &preflight] {
        let p = props(route);
        assert!(p.get("AuthorizationType").is_none(), "{p}");
        assert!(p.get("AuthorizerId").is_none(), "{p}");
    }
    let i = props(&iam);
    assert_eq!(i["AuthorizationType"], "AWS_IAM");
    assert!(i.get("AuthorizerId").is_none());
    // JWT authorizers need no Lambda permission.
    assert_eq!(of_type(&t, "AWS::Lambda::Permission").len(), 4);
}

#[test]
fn lambda_authorizer_settings() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let auth = function(&stack, "Auth");
    let a = HttpAuthorizer::lambda("Auth", &auth)
        .authorizer_name("by-key")
        .identity_source(["$request.header.X-Api-Key", "$context.sourceIp"])
        .simple_responses(false)
        .payload_format(PayloadFormat::V1_0)
        .results_cache_ttl(Duration::ZERO)
        .build();
    let api = HttpApi::new(&stack, "Api")
        .default_authorization(HttpAuthorization::authorizer(&a))
        .build();
    api.add_route(RouteKey::default_route(), HttpIntegration::lambda(&f));
    let t = stack.template().unwrap();
    let (_, res) = of_type(&t, "AWS::ApiGatewayV2::Authorizer")[0];
    let p = &res["Properties"];
    assert_eq!(p["Name"], "by-key");
    assert_eq!(p["AuthorizerPayloadFormatVersion"], "1.0");
    assert_eq!(p["AuthorizerResultTtlInSeconds"], 0);
    assert!(p.get("EnableSimpleResponses").is_none());
    assert_eq!(
        p["IdentitySource"],
        json!(["$request.header.X-Api-Key", "$context.sourceIp"])
    );
}

/// One route of a fresh API at `S/Api` authorized by `authorizer`.
fn route_with(stack: &Stack, authorization: HttpAuthorization) -> HttpApi {
    let f = function(stack, "Fn");
    let api = HttpApi::new(stack, "Api").build();
    api.add_route_with(
        RouteKey::new(HttpMethod::Get, "/items"),
        HttpIntegration::lambda(&f),
        RouteOptions::new().authorization(authorization),
    );
    api
}

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    let jwt = |issuer: &'static str, audiences: Vec<&'static str>| {
        move |stack: &Stack| {
            let a = HttpAuthorizer::jwt("Jwt", issuer, audiences.clone()).build();
            route_with(stack, HttpAuthorization::authorizer(&a));
        }
    };
    one_error(jwt("", vec!["aud"]), "S/Api/Jwt", "has no issuer");
    one_error(
        jwt("http://issuer.example.com", vec!["aud"]),
        "S/Api/Jwt",
        "is not an https:// URL",
    );
    one_error(
        jwt("https://issuer.example.com", vec![]),
        "S/Api/Jwt",
        "has no audience",
    );
    one_error(
        |stack| {
            let a = HttpAuthorizer::jwt("Jwt", "https://i.example", ["a"])
                .identity_source(["$request.header.A", "$request.header.B"])
                .build();
            route_with(stack, HttpAuthorization::authorizer(&a));
        },
        "S/Api/Jwt",
        "is not the identity source of a JWT authorizer",
    );
    one_error(
        |stack| {
            let a = HttpAuthorizer::jwt("Jwt", "https://i.example", ["a"])
                .results_cache_ttl(Duration::from_secs(10))
                .build();
            route_with(stack, HttpAuthorization::authorizer(&a));
        },
        "S/Api/Jwt",
        "takes no result cache TTL",
    );
    let lambda = |configure: fn(
        constructs::apigatewayv2::HttpAuthorizerBuilder,
    ) -> constructs::apigatewayv2::HttpAuthorizerBuilder| {
        move |stack: &Stack| {
            let auth = function(stack, "Auth");
            let a = configure(HttpAuthorizer::lambda("Lambda", &auth)).build();
            route_with(stack, HttpAuthorization::authorizer(&a));
        }
    };
    one_error(
        lambda(|b| b.results_cache_ttl(Duration::from_secs(3601))),
        "S/Api/Lambda",
        "outside 0..=3600 seconds",
    );
    one_error(
        lambda(|b| b.identity_source(["method.request.header.Authorization"])),
        "S/Api/Lambda",
        "is not an identity source of an HTTP API Lambda authorizer",
    );
    one_error(
        lambda(|b| b.identity_source(Vec::<String>::new())),
        "S/Api/Lambda",
        "has no identity source to key the cache on",
    );
    one_error(
        lambda(|b| b.payload_format(PayloadFormat::V1_0)),
        "S/Api/Lambda",
        "simple responses need payload format 2.0",
    );
    one_error(
        |stack| {
            let auth = function(stack, "Auth");
            let a = HttpAuthorizer::lambda("Lambda", &auth).build();
            route_with(stack, HttpAuthorization::authorizer(&a).scopes(["read"]));
        },
        "S/Api/GET--items",
        "authorization scopes need a JWT authorizer",
    );
    one_error(
        |stack| {
            let a = HttpAuthorizer::jwt("Jwt", "https://i.example", ["a"]).build();
            route_with(stack, HttpAuthorization::authorizer(&a));
            let other = HttpApi::new(stack, "Other").build();
            other.add_route_with(
                RouteKey::default_route(),
                HttpIntegration::http_proxy("https://example.com"),
                RouteOptions::new().authorization(HttpAuthorization::authorizer(&a)),
            );
        },
        "S/Other/DefaultRoute",
        "belongs to the API `S/Api`",
    );
}
