//! `items-api`: what the issue asks of the example, checked on its templates (the generic
//! validators run on it with every other example in `synth_out.rs` and `sam.rs`), the
//! mapping template's JSON, and the two Python handlers run against a stub table.

use cdk_core::assertions::Template;
use serde_json::{json, Value};

fn templates() -> (Value, Value) {
    let app = cdk_core::app!();
    examples::items_api::define(&app);
    let stack = app
        .stacks()
        .into_iter()
        .find(|s| s.stack_name() == "ItemsApi")
        .expect("the stack exists");
    (
        Template::from_stack(&stack).to_json().clone(),
        Template::from_stack_sam(&stack).to_json().clone(),
    )
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

/// The methods as `(path, METHOD) -> properties`.
fn methods(t: &Value) -> Vec<(String, String, Value)> {
    let resources = &t["Resources"];
    let path_of = |id: &Value| -> String {
        let mut parts = Vec::new();
        let mut at = id.clone();
        while let Some(r) = at.get("Ref").and_then(Value::as_str) {
            let props = &resources[r]["Properties"];
            parts.push(props["PathPart"].as_str().unwrap().to_string());
            at = props["ParentId"].clone();
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    };
    let mut out: Vec<_> = of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .map(|(_, m)| {
            let p = &m["Properties"];
            (
                path_of(&p["ResourceId"]),
                p["HttpMethod"].as_str().unwrap().to_string(),
                p.clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

#[test]
fn the_api_has_the_issues_methods_each_behind_key_and_authorizer() {
    let (plain, _) = templates();
    let m = methods(&plain);
    let names: Vec<(&str, &str)> = m.iter().map(|(p, h, _)| (p.as_str(), h.as_str())).collect();
    assert_eq!(
        names,
        [
            ("/items", "GET"),
            ("/items", "OPTIONS"),
            ("/items", "POST"),
            ("/items/{id}", "DELETE"),
            ("/items/{id}", "GET"),
            ("/items/{id}", "OPTIONS")
        ]
    );
    let (authorizer, a) = of_type(&plain, "AWS::ApiGateway::Authorizer")[0];
    assert_eq!(a["Properties"]["Type"], "TOKEN");
    for (path, method, p) in &m {
        if method == "OPTIONS" {
            // CORS preflights: no key, no authorizer (browsers send neither).
            assert_eq!(p["AuthorizationType"], "NONE", "{method} {path}");
            assert!(p.get("ApiKeyRequired").is_none(), "{method} {path}");
        } else {
            assert_eq!(p["AuthorizationType"], "CUSTOM", "{method} {path}");
            assert_eq!(p["AuthorizerId"], json!({"Ref": authorizer}));
            assert_eq!(p["ApiKeyRequired"], true, "{method} {path}");
        }
    }
    // The key is in the usage plan of the stage.
    let (plan, p) = of_type(&plain, "AWS::ApiGateway::UsagePlan")[0];
    let (stage, _) = of_type(&plain, "AWS::ApiGateway::Stage")[0];
    assert_eq!(
        p["Properties"]["ApiStages"][0]["Stage"],
        json!({"Ref": stage})
    );
    let (_, k) = of_type(&plain, "AWS::ApiGateway::UsagePlanKey")[0];
    assert_eq!(k["Properties"]["UsagePlanId"], json!({"Ref": plan}));
}

#[test]
fn post_is_validated_then_mapped_by_the_notes_template() {
    let (plain, _) = templates();
    let m = methods(&plain);
    let (_, _, post) = m
        .iter()
        .find(|(p, h, _)| p == "/items" && h == "POST")
        .unwrap();
    let i = &post["Integration"];
    assert_eq!(i["Type"], "AWS", "non-proxy");
    assert_eq!(
        i["RequestTemplates"],
        json!({"application/json": examples::items_api::CREATE_TEMPLATE})
    );
    let (model, model_r) = of_type(&plain, "AWS::ApiGateway::Model")[0];
    assert_eq!(
        post["RequestModels"],
        json!({"application/json": {"Ref": model}})
    );
    assert_eq!(
        model_r["Properties"]["Schema"]["required"],
        json!(["userId", "userName"])
    );
    let (validator, v) = of_type(&plain, "AWS::ApiGateway::RequestValidator")[0];
    assert_eq!(post["RequestValidatorId"], json!({"Ref": validator}));
    assert_eq!(v["Properties"]["ValidateRequestBody"], true);
    // 201 on success, 500 (without the stack trace) on an error, both with the CORS header.
    let statuses: Vec<&Value> = post["MethodResponses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["StatusCode"])
        .collect();
    assert_eq!(statuses, [&json!("201"), &json!("500")]);
}

#[test]
fn the_mapping_template_renders_json_and_the_notes_one_does_not() {
    // `$input.json('$.userId')` evaluates to JSON, quotes included: `"u1"`.
    let render = |template: &str| {
        template
            .replace("$input.json('$.userId')", "\"u1\"")
            .replace("$input.json('$.userName')", "\"Ada \\\"the\\\" Lovelace\"")
    };
    let ours: Value = serde_json::from_str(&render(examples::items_api::CREATE_TEMPLATE))
        .expect("the example's template renders JSON");
    assert_eq!(ours, json!({"id": "u1", "name": "Ada \"the\" Lovelace"}));
    let notes = "{\"id\": \"$input.json('$.userId')\", \"name\": \"$input.json('$.userName')\"}";
    assert!(serde_json::from_str::<Value>(&render(notes)).is_err());
}

#[test]
fn integrations_and_permissions_target_the_alias_deployed_by_codedeploy() {
    let (plain, sam) = templates();
    let (alias, a) = of_type(&plain, "AWS::Lambda::Alias")[0];
    assert_eq!(a["Properties"]["Name"], "live");
    for (path, method, p) in methods(&plain) {
        if method == "OPTIONS" {
            continue;
        }
        let uri = p["Integration"]["Uri"]["Fn::Join"][1]
            .as_array()
            .unwrap()
            .clone();
        assert!(
            uri.contains(&json!({"Ref": alias})),
            "{method} {path}: {uri:?}"
        );
    }
    let invoke: Vec<_> = of_type(&plain, "AWS::Lambda::Permission")
        .into_iter()
        .filter(|(_, p)| p["Properties"]["FunctionName"] == json!({"Ref": alias}))
        .collect();
    assert_eq!(invoke.len(), 8, "two per method (stage and test stage)");
    let (_, function) = of_type(&sam, "AWS::Serverless::Function")
        .into_iter()
        .find(|(_, f)| f["Properties"]["AutoPublishAlias"] == "live")
        .expect("the aliased SAM function");
    assert_eq!(
        function["Properties"]["DeploymentPreference"]["Type"],
        "Canary10Percent5Minutes"
    );
}

#[test]
fn get_item_is_cached_per_id_and_the_stage_has_a_ten_percent_canary() {
    let (plain, _) = templates();
    let (_, s) = of_type(&plain, "AWS::ApiGateway::Stage")[0];
    let p = &s["Properties"];
    assert_eq!(p["StageName"], "prod");
    assert_eq!(p["CacheClusterEnabled"], true);
    assert_eq!(p["CacheClusterSize"], "0.5");
    assert_eq!(p["CanarySetting"]["PercentTraffic"], 10.0);
    assert!(p["MethodSettings"].as_array().unwrap().contains(&json!({
        "CacheDataEncrypted": true, "CachingEnabled": true, "HttpMethod": "GET",
        "ResourcePath": "/~1items~1{id}"
    })));
    let m = methods(&plain);
    let (_, _, get) = m
        .iter()
        .find(|(p, h, _)| p == "/items/{id}" && h == "GET")
        .unwrap();
    assert_eq!(
        get["Integration"]["CacheKeyParameters"],
        json!(["method.request.path.id"])
    );
    assert_eq!(
        get["RequestParameters"],
        json!({"method.request.path.id": true})
    );
}

/// Runs `code` with the venv's Python, the example's two handler folders on the path and a
/// stub `boto3` whose table is a dict; returns its last output line as JSON.
fn python(code: &str) -> Value {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/items-api");
    let prelude = r#"
import json, os, sys, types
class Table:
    def __init__(self): self.items = {}
    def put_item(self, Item): self.items[Item["id"]] = Item
    def get_item(self, Key): return {"Item": self.items[Key["id"]]} if Key["id"] in self.items else {}
    def delete_item(self, Key): self.items.pop(Key["id"], None)
    def scan(self, Limit): return {"Items": list(self.items.values())[:Limit]}
TABLE = Table()
boto3 = types.ModuleType("boto3")
boto3.resource = lambda name: types.SimpleNamespace(Table=lambda n: TABLE)
sys.modules["boto3"] = boto3
os.environ.update(TABLE_NAME="t", ALLOWED_ORIGIN="https://items.example.com", API_TOKEN="0123456789abcdef")
"#;
    let script = format!("{prelude}\nsys.path.insert(0, sys.argv[1])\n{code}");
    let run = cdk_validators::run("python", &["-c", &script, root]);
    assert!(run.success, "{}", run.output);
    let last = run
        .output
        .trim()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    serde_json::from_str(&last).unwrap_or_else(|e| panic!("{e}: {}", run.output))
}

#[test]
fn the_items_function_answers_both_integrations() {
    let out = python(
        r#"
sys.path.insert(0, sys.argv[1] + "/items")
import app
created = app.handler({"id": "u1", "name": "Ada"}, None)
listed = app.handler({"httpMethod": "GET", "pathParameters": None}, None)
got = app.handler({"httpMethod": "GET", "pathParameters": {"id": "u1"}}, None)
deleted = app.handler({"httpMethod": "DELETE", "pathParameters": {"id": "u1"}}, None)
missing = app.handler({"httpMethod": "GET", "pathParameters": {"id": "u1"}}, None)
print(json.dumps({"created": created, "listed": listed, "got": got, "deleted": deleted["statusCode"],
                  "missing": missing["statusCode"]}))
"#,
    );
    assert_eq!(out["created"], json!({"id": "u1", "name": "Ada"}));
    assert_eq!(out["listed"]["statusCode"], 200);
    assert_eq!(
        serde_json::from_str::<Value>(out["listed"]["body"].as_str().unwrap()).unwrap(),
        json!({"items": [{"id": "u1", "name": "Ada"}]})
    );
    assert_eq!(
        out["got"]["headers"]["Access-Control-Allow-Origin"],
        "https://items.example.com"
    );
    assert_eq!(out["deleted"], 204);
    assert_eq!(out["missing"], 404);
}

#[test]
fn the_authorizer_allows_the_token_for_every_method_of_the_stage() {
    let out = python(
        r#"
sys.path.insert(0, sys.argv[1] + "/authorizer")
import app
arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/items"
ok = app.handler({"authorizationToken": "Bearer 0123456789abcdef", "methodArn": arn}, None)
bad = app.handler({"authorizationToken": "Bearer nope", "methodArn": arn}, None)
print(json.dumps([ok["policyDocument"]["Statement"][0], bad["policyDocument"]["Statement"][0]["Effect"]]))
"#,
    );
    assert_eq!(
        out,
        json!([
            {"Action": "execute-api:Invoke", "Effect": "Allow",
             "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"},
            "Deny"
        ])
    );
}
