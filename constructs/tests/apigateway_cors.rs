//! `apigateway` CORS preflights: the `OPTIONS` mock answering any mapped content type with
//! 204 and the `Access-Control-Allow-*` headers, children, the deployment hash, and one
//! diagnostic per mistake.

use cdk_core::{App, Stack};
use constructs::apigateway::{CorsOptions, HttpMethod, Integration, RestApi};
use serde_json::{json, Value};

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn options_methods(t: &Value) -> Vec<(&String, &Value)> {
    of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .filter(|(_, m)| m["Properties"]["HttpMethod"] == "OPTIONS")
        .collect()
}

#[test]
fn a_preflight_is_an_options_mock_with_the_headers_for_any_mapped_content_type() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRestApiStack");
    let api = RestApi::new(&stack, "ItemsApi").build();
    let items = api.root().add_resource("items");
    items.add_method(HttpMethod::Get, Integration::mock());
    items.add_cors_preflight(
        CorsOptions::new(["*"])
            .methods([HttpMethod::Get, HttpMethod::Post, HttpMethod::Options])
            .headers(["Content-Type", "Authorization", "X-Api-Key"])
            .max_age(600),
    );
    let t = stack.template().unwrap();
    // AWS CDK's logical ID for the same path (`../shared/reference/CdkRestApiStack`).
    let m = &t["Resources"]["ItemsApiitemsOPTIONSD3C5ECAE"];
    assert_eq!(
        m["Metadata"]["aws:cdk:path"],
        "CdkRestApiStack/ItemsApi/Default/items/OPTIONS/Resource"
    );
    let p = &m["Properties"];
    assert_eq!(p["AuthorizationType"], "NONE");
    assert_eq!(p["HttpMethod"], "OPTIONS");
    let ok = json!("{\"statusCode\": 200}");
    assert_eq!(
        p["Integration"],
        json!({
            "IntegrationResponses": [{
                "ResponseParameters": {
                    "method.response.header.Access-Control-Allow-Headers": "'Content-Type,Authorization,X-Api-Key'",
                    "method.response.header.Access-Control-Allow-Origin": "'*'",
                    "method.response.header.Access-Control-Allow-Methods": "'GET,POST,OPTIONS'",
                    "method.response.header.Access-Control-Max-Age": "'600'"
                },
                "StatusCode": "204"
            }],
            "PassthroughBehavior": "NEVER",
            "RequestTemplates": {
                "application/json": ok,
                "application/x-www-form-urlencoded": ok,
                "multipart/form-data": ok,
                "text/plain": ok
            },
            "Type": "MOCK"
        })
    );
    assert_eq!(
        p["MethodResponses"],
        json!([{
            "ResponseParameters": {
                "method.response.header.Access-Control-Allow-Headers": true,
                "method.response.header.Access-Control-Allow-Origin": true,
                "method.response.header.Access-Control-Allow-Methods": true,
                "method.response.header.Access-Control-Max-Age": true
            },
            "StatusCode": "204"
        }])
    );
}

#[test]
fn defaults_are_cdks_and_credentials_and_origins_are_echoed() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    api.root().add_cors_preflight(
        CorsOptions::new(["https://a.example", "https://b.example"])
            .allow_credentials(true)
            .content_type("application/xml"),
    );
    let t = stack.template().unwrap();
    let m = options_methods(&t);
    assert_eq!(m.len(), 1);
    let i = &m[0].1["Properties"]["Integration"];
    let r = &i["IntegrationResponses"][0];
    let params = &r["ResponseParameters"];
    assert_eq!(
        params["method.response.header.Access-Control-Allow-Methods"],
        "'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD'"
    );
    assert_eq!(
        params["method.response.header.Access-Control-Allow-Headers"],
        "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent'"
    );
    assert_eq!(
        params["method.response.header.Access-Control-Allow-Origin"],
        "'https://a.example'"
    );
    assert_eq!(
        params["method.response.header.Access-Control-Allow-Credentials"],
        "'true'"
    );
    assert_eq!(params["method.response.header.Vary"], "'Origin'");
    let vtl = r["ResponseTemplates"]["application/json"].as_str().unwrap();
    assert!(vtl.contains("$origin == \"https://b.example\""), "{vtl}");
    assert!(vtl.contains("responseOverride.header.Access-Control-Allow-Origin"));
    assert!(i["RequestTemplates"]["application/xml"].is_string());
    let declared = &m[0].1["Properties"]["MethodResponses"][0]["ResponseParameters"];
    assert_eq!(declared["method.response.header.Vary"], true);
    assert_eq!(
        declared["method.response.header.Access-Control-Allow-Credentials"],
        true
    );
}

#[test]
fn apply_to_children_covers_existing_and_later_children() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    let items = api.root().add_resource("items");
    items.add_method(HttpMethod::Get, Integration::mock());
    let other = api.root().add_resource("other");
    other.add_method(HttpMethod::Get, Integration::mock());
    // A child with its own OPTIONS keeps it.
    let own = items.add_resource("own");
    own.add_method(HttpMethod::Options, Integration::mock());
    api.root()
        .add_cors_preflight(CorsOptions::new(["*"]).apply_to_children(true));
    items.add_resource("{id}").add_resource("tags");
    let t = stack.template().unwrap();
    let mut paths: Vec<String> = options_methods(&t)
        .iter()
        .map(|(_, m)| m["Metadata"]["aws:cdk:path"].as_str().unwrap().to_string())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "S/Api/Default/OPTIONS/Resource",
            "S/Api/Default/items/OPTIONS/Resource",
            "S/Api/Default/items/own/OPTIONS/Resource",
            "S/Api/Default/items/{id}/OPTIONS/Resource",
            "S/Api/Default/items/{id}/tags/OPTIONS/Resource",
            "S/Api/Default/other/OPTIONS/Resource",
        ]
    );
    let own = options_methods(&t)
        .into_iter()
        .find(|(_, m)| m["Metadata"]["aws:cdk:path"] == "S/Api/Default/items/own/OPTIONS/Resource")
        .unwrap();
    assert!(own.1["Properties"]["Integration"]["PassthroughBehavior"].is_null());
}

fn deployment_of(define: impl Fn(&RestApi)) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    define(&api);
    let t = stack.template().unwrap();
    let d = of_type(&t, "AWS::ApiGateway::Deployment");
    d[0].0.clone()
}

#[test]
fn the_deployment_id_follows_the_preflight() {
    let none = deployment_of(|_| {});
    let star = || CorsOptions::new(["*"]);
    let with = deployment_of(|api| api.root().add_cors_preflight(star()));
    assert_ne!(none, with);
    assert_eq!(
        with,
        deployment_of(|api| api.root().add_cors_preflight(star()))
    );
    for changed in [
        CorsOptions::new(["https://a.example"]),
        star().methods([HttpMethod::Get]),
        star().headers(["X-Other"]),
        star().max_age(60),
        star().content_type("application/xml"),
        CorsOptions::new(["https://a.example"]).allow_credentials(true),
    ] {
        let id = deployment_of(|api| api.root().add_cors_preflight(changed.clone()));
        assert_ne!(id, with, "{changed:?}");
    }
    // Children: a preflight on a child changes the definition too.
    let child = deployment_of(|api| {
        api.root().add_resource("a");
        api.root()
            .add_cors_preflight(star().apply_to_children(true));
    });
    let no_child = deployment_of(|api| {
        api.root().add_resource("a");
        api.root().add_cors_preflight(star());
    });
    assert_ne!(child, no_child);
}

fn one_error(options: CorsOptions, message: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_resource("items").add_cors_preflight(options);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, "S/Api/Default/items", "{err}");
    assert!(d[0].message.contains(message), "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
}

#[test]
fn each_cors_mistake_is_one_diagnostic() {
    one_error(CorsOptions::new(Vec::<String>::new()), "allows no origin");
    one_error(CorsOptions::new(["example.com"]), "is not a CORS origin");
    one_error(
        CorsOptions::new(["https://a.example/path"]),
        "is not a CORS origin",
    );
    one_error(CorsOptions::new(["https://"]), "is not a CORS origin");
    one_error(
        CorsOptions::new(["*"]).allow_credentials(true),
        "allows credentials for the origin `*`",
    );
    one_error(
        CorsOptions::new(["*", "https://a.example"]),
        "is listed with other CORS origins",
    );
}

#[test]
fn a_second_options_method_is_the_duplicate_diagnostic() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    let items = api.root().add_resource("items");
    items.add_cors_preflight(CorsOptions::new(["*"]));
    items.add_method(HttpMethod::Options, Integration::mock());
    let err = app.assemble().unwrap_err();
    assert_eq!(err.diagnostics().len(), 1, "{err}");
    assert!(err.diagnostics()[0]
        .message
        .contains("already has a OPTIONS method"));
}
