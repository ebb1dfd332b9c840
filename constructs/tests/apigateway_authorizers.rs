//! `apigateway` authorizers: Lambda TOKEN and REQUEST, Cognito user pools, per method and as
//! the API's default (never on `OPTIONS`), the invoke permission scoped to the authorizer,
//! the deployment hash, and one diagnostic per mistake.

use cdk_core::{App, Stack};
use constructs::apigateway::{
    Authorization, Authorizer, CorsOptions, HttpMethod, Integration, MethodOptions, RestApi,
};
use constructs::lambda::{Code, Function, Runtime};
use serde_json::{json, Value};

fn function(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return {}\n"),
        "index.handler",
    )
    .build()
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn method<'a>(t: &'a Value, path: &str) -> &'a Value {
    &of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| m["Metadata"]["aws:cdk:path"] == path)
        .unwrap_or_else(|| panic!("no method {path}"))
        .1["Properties"]
}

#[test]
fn a_token_authorizer_has_cdks_ids_and_a_permission_scoped_to_its_arn() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRestApiStack");
    let create = function(&stack, "CreateItemFn");
    let auth_fn = function(&stack, "TokenAuthorizerFn");
    let api = RestApi::new(&stack, "ItemsApi").build();
    let authorizer = Authorizer::token(&stack, "ItemsTokenAuthorizer", &auth_fn).build();
    let items = api.root().add_resource("items");
    items.add_method_with(
        HttpMethod::Post,
        Integration::lambda(&create),
        MethodOptions::new().authorization(Authorization::custom(&authorizer)),
    );
    let t = stack.template().unwrap();
    // AWS CDK's logical IDs and name (../shared/reference/CdkRestApiStack.template.json).
    let a = &t["Resources"]["ItemsTokenAuthorizer1669F484"];
    assert_eq!(a["Type"], "AWS::ApiGateway::Authorizer");
    let p = &a["Properties"];
    assert_eq!(p["Type"], "TOKEN");
    assert_eq!(p["IdentitySource"], "method.request.header.Authorization");
    assert_eq!(p["AuthorizerResultTtlInSeconds"], 300);
    assert_eq!(p["Name"], "CdkRestApiStackItemsTokenAuthorizer6DEF6F1C");
    assert_eq!(p["RestApiId"], json!({"Ref": "ItemsApi3788C05C"}));
    let uri = p["AuthorizerUri"]["Fn::Join"][1].as_array().unwrap();
    assert!(uri.contains(&json!({"Fn::GetAtt": ["TokenAuthorizerFn201D8B13", "Arn"]})));
    let m = method(&t, "CdkRestApiStack/ItemsApi/Default/items/POST/Resource");
    assert_eq!(m["AuthorizationType"], "CUSTOM");
    assert_eq!(
        m["AuthorizerId"],
        json!({"Ref": "ItemsTokenAuthorizer1669F484"})
    );
    let perm = &t["Resources"]
        ["TokenAuthorizerFnCdkRestApiStackItemsTokenAuthorizer6DEF6F1CPermissionsADD62BD1"];
    assert_eq!(perm["Type"], "AWS::Lambda::Permission");
    assert_eq!(perm["Properties"]["Principal"], "apigateway.amazonaws.com");
    assert_eq!(
        perm["Properties"]["SourceArn"],
        json!({"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
            {"Ref": "AWS::AccountId"}, ":", {"Ref": "ItemsApi3788C05C"}, "/authorizers/",
            {"Ref": "ItemsTokenAuthorizer1669F484"}
        ]]})
    );
    // Used twice: one authorizer, one permission.
    items.add_method_with(
        HttpMethod::Delete,
        Integration::lambda(&create),
        MethodOptions::new().authorization(Authorization::custom(&authorizer)),
    );
    let t = stack.template().unwrap();
    assert_eq!(of_type(&t, "AWS::ApiGateway::Authorizer").len(), 1);
    let perms = of_type(&t, "AWS::Lambda::Permission")
        .into_iter()
        .filter(|(id, _)| id.starts_with("TokenAuthorizerFn"))
        .count();
    assert_eq!(perms, 1);
}

#[test]
fn request_and_cognito_authorizers() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = RestApi::new(&stack, "Api").build();
    let request = Authorizer::request(&stack, "Req", &f)
        .identity_source("method.request.header.Authorization, method.request.querystring.key")
        .results_cache_ttl(0)
        .authorizer_name("req")
        .build();
    let pool = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc";
    let cognito = Authorizer::cognito(&stack, "Pool", [pool]).build();
    api.root().add_method_with(
        HttpMethod::Get,
        Integration::lambda(&f),
        MethodOptions::new().authorization(Authorization::custom(&request)),
    );
    api.root().add_method_with(
        HttpMethod::Post,
        Integration::lambda(&f),
        MethodOptions::new().authorization(Authorization::custom(&cognito)),
    );
    let t = stack.template().unwrap();
    let auths = of_type(&t, "AWS::ApiGateway::Authorizer");
    let by_type = |ty: &str| {
        &auths
            .iter()
            .find(|(_, a)| a["Properties"]["Type"] == ty)
            .unwrap()
            .1["Properties"]
    };
    let r = by_type("REQUEST");
    assert_eq!(
        r["IdentitySource"],
        "method.request.header.Authorization, method.request.querystring.key"
    );
    assert_eq!(r["AuthorizerResultTtlInSeconds"], 0);
    assert_eq!(r["Name"], "req");
    let c = by_type("COGNITO_USER_POOLS");
    assert_eq!(c["ProviderARNs"], json!([pool]));
    assert!(c["AuthorizerUri"].is_null());
    assert!(c["AuthorizerResultTtlInSeconds"].is_null());
    assert_eq!(
        method(&t, "S/Api/Default/POST/Resource")["AuthorizationType"],
        "COGNITO_USER_POOLS"
    );
    assert_eq!(
        method(&t, "S/Api/Default/GET/Resource")["AuthorizationType"],
        "CUSTOM"
    );
}

#[test]
fn the_default_applies_to_every_method_but_options_and_explicit_ones() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let authorizer = Authorizer::token(&stack, "Auth", &f).build();
    let api = RestApi::new(&stack, "Api")
        .default_method_options(
            MethodOptions::new()
                .authorization(Authorization::custom(&authorizer))
                .api_key_required(true),
        )
        .build();
    let items = api.root().add_resource("items");
    items.add_method(HttpMethod::Get, Integration::lambda(&f));
    items.add_method_with(
        HttpMethod::Post,
        Integration::lambda(&f),
        MethodOptions::new()
            .authorization(Authorization::None)
            .api_key_required(false),
    );
    items.add_method(HttpMethod::Options, Integration::mock());
    api.root().add_cors_preflight(CorsOptions::new(["*"]));
    api.add_usage_plan("Plan")
        .build()
        .add_api_key(&api.add_api_key("Key").build());
    let t = stack.template().unwrap();
    let get = method(&t, "S/Api/Default/items/GET/Resource");
    assert_eq!(get["AuthorizationType"], "CUSTOM");
    assert_eq!(get["ApiKeyRequired"], true);
    assert!(get["AuthorizerId"].is_object());
    let post = method(&t, "S/Api/Default/items/POST/Resource");
    assert_eq!(post["AuthorizationType"], "NONE");
    assert!(post["ApiKeyRequired"].is_null());
    for options in [
        "S/Api/Default/items/OPTIONS/Resource",
        "S/Api/Default/OPTIONS/Resource",
    ] {
        let m = method(&t, options);
        assert_eq!(m["AuthorizationType"], "NONE", "{options}");
        assert!(m["AuthorizerId"].is_null(), "{options}");
        assert!(m["ApiKeyRequired"].is_null(), "{options}");
    }
}

fn deployment_of(define: impl Fn(&Stack, &RestApi, &Function)) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = RestApi::new(&stack, "Api").build();
    define(&stack, &api, &f);
    let t = stack.template().unwrap();
    of_type(&t, "AWS::ApiGateway::Deployment")[0].0.clone()
}

#[test]
fn the_deployment_id_follows_the_authorizers() {
    let with = |ttl: u32, source: &'static str| {
        move |stack: &Stack, api: &RestApi, f: &Function| {
            let a = Authorizer::token(stack, "Auth", f)
                .results_cache_ttl(ttl)
                .identity_source(source)
                .build();
            api.root().add_method_with(
                HttpMethod::Get,
                Integration::lambda(f),
                MethodOptions::new().authorization(Authorization::custom(&a)),
            );
        }
    };
    let none = deployment_of(|_, api, f| {
        api.root()
            .add_method(HttpMethod::Get, Integration::lambda(f));
    });
    let base = deployment_of(with(300, "method.request.header.Authorization"));
    assert_ne!(none, base);
    assert_eq!(
        base,
        deployment_of(with(300, "method.request.header.Authorization"))
    );
    assert_ne!(
        base,
        deployment_of(with(60, "method.request.header.Authorization"))
    );
    assert_ne!(
        base,
        deployment_of(with(300, "method.request.header.X-Token"))
    );
    let iam = deployment_of(|_, api, f| {
        api.root().add_method_with(
            HttpMethod::Get,
            Integration::lambda(f),
            MethodOptions::new().authorization(Authorization::Iam),
        );
    });
    assert_ne!(iam, none);
    let pool = |arn: &'static str| {
        move |stack: &Stack, api: &RestApi, f: &Function| {
            let a = Authorizer::cognito(stack, "Auth", [arn]).build();
            api.root().add_method_with(
                HttpMethod::Get,
                Integration::lambda(f),
                MethodOptions::new().authorization(Authorization::custom(&a)),
            );
        }
    };
    assert_ne!(deployment_of(pool("arn:a")), deployment_of(pool("arn:b")));
}

fn one_error(define: impl Fn(&Stack, &Function), path: &str, message: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    define(&stack, &f);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, path, "{err}");
    assert!(d[0].message.contains(message), "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
}

#[test]
fn each_authorizer_mistake_is_one_diagnostic() {
    one_error(
        |s, f| {
            Authorizer::token(s, "A", f).results_cache_ttl(3601).build();
        },
        "S/A",
        "over API Gateway's 3600 s",
    );
    for bad in [
        "Authorization",
        "method.request.header.",
        "method.request.querystring.x",
        "method.request.header.A,method.request.header.B",
    ] {
        one_error(
            |s, f| {
                Authorizer::token(s, "A", f).identity_source(bad).build();
            },
            "S/A",
            "is not an identity source of a TOKEN",
        );
    }
    one_error(
        |s, f| {
            Authorizer::request(s, "A", f)
                .identity_source("method.request.header.A, body.x")
                .build();
        },
        "S/A",
        "`body.x` is not an identity source of a REQUEST",
    );
    one_error(
        |s, f| {
            Authorizer::request(s, "A", f).build();
        },
        "S/A",
        "no identity source",
    );
    one_error(
        |s, _| {
            Authorizer::cognito(s, "A", Vec::<String>::new()).build();
        },
        "S/A",
        "has no user pool",
    );
    one_error(
        |s, f| {
            let a = Authorizer::token(s, "A", f).build();
            for id in ["Api1", "Api2"] {
                let api = RestApi::new(s, id).build();
                api.root().add_method_with(
                    HttpMethod::Get,
                    Integration::mock(),
                    MethodOptions::new().authorization(Authorization::custom(&a)),
                );
            }
        },
        "S/Api2/Default/GET",
        "belongs to the API `S/Api1`",
    );
}

#[test]
fn a_referenced_user_pool_gives_the_same_deployment_in_every_app() {
    let deployment = |extra: bool| {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        if extra {
            // Unrelated constructs made first: other node indices, the same definition.
            cdk_core::CfnResource::new(&stack, "Before", "AWS::SQS::Queue");
        }
        let pool = cdk_core::CfnResource::new(&stack, "Pool", "AWS::Cognito::UserPool");
        let cognito = Authorizer::cognito(&stack, "Auth", [pool.get_att("Arn")]).build();
        let api = RestApi::new(&stack, "Api").build();
        api.root().add_method_with(
            HttpMethod::Get,
            Integration::mock(),
            MethodOptions::new().authorization(Authorization::custom(&cognito)),
        );
        let t = stack.template().unwrap();
        t["Resources"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(_, r)| r["Type"] == "AWS::ApiGateway::Deployment")
            .map(|(id, _)| id.clone())
            .unwrap()
    };
    assert_eq!(deployment(false), deployment(false));
    assert_eq!(deployment(false), deployment(true));
}
