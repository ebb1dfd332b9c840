//! `hello-api`, `sam init`'s hello world: the function's handler answers as `sam init`'s
//! does, `GET /hello` invokes it through a Lambda proxy integration, the URL of `/hello` on
//! the `Prod` stage is an output, and SAM CLI's own API reader (what `sam local start-api`
//! serves) finds the route in the synthesized template. The generic checks (cfn-lint, the
//! translator, the differential check, `sam validate --lint`, PyYAML) run on it with every
//! other example in `synth_out.rs` and `sam.rs`.

use std::path::PathBuf;

use cdk_core::assertions::{Match, Template};
use cdk_core::Flavor;
use serde_json::{json, Value};

fn stack() -> cdk_core::Stack {
    let app = cdk_core::app!();
    examples::hello_api::define(&app);
    app.stacks()
        .into_iter()
        .find(|s| s.stack_name() == "HelloApi")
        .expect("the stack exists")
}

fn synth_out(file: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../synth-out")).join(file)
}

#[test]
fn get_hello_invokes_the_python_function_through_a_proxy_integration() {
    for flavor in [Flavor::Cfn, Flavor::Sam] {
        let t = match flavor {
            Flavor::Sam => Template::from_stack_sam(&stack()),
            _ => Template::from_stack(&stack()),
        };
        let json = t.to_json();
        if flavor == Flavor::Sam {
            check_sam_native_api(&t, json);
            continue;
        }
        let resources = json["Resources"].as_object().unwrap();
        let of = |ty: &str| -> Vec<(&String, &Value)> {
            resources.iter().filter(|(_, r)| r["Type"] == ty).collect()
        };
        let methods = of("AWS::ApiGateway::Method");
        assert_eq!(methods.len(), 1, "{flavor:?}: one method, GET /hello");
        let (_, method) = methods[0];
        assert_eq!(method["Properties"]["HttpMethod"], "GET");
        assert_eq!(method["Properties"]["Integration"]["Type"], "AWS_PROXY");
        let resource = of("AWS::ApiGateway::Resource");
        assert_eq!(resource.len(), 1);
        assert_eq!(resource[0].1["Properties"]["PathPart"], "hello");
        assert_eq!(
            method["Properties"]["ResourceId"],
            json!({"Ref": resource[0].0})
        );
        t.has_resource_properties(
            "AWS::Lambda::Function",
            Match::object_like(json!({
                "Handler": "app.lambda_handler",
                "Runtime": "python3.14"
            })),
        );
        let stage = of("AWS::ApiGateway::Stage");
        assert_eq!(stage[0].1["Properties"]["StageName"], "Prod");
        // The URL of /hello, as `sam init`'s `HelloWorldApi` output.
        let url = &json["Outputs"]["HelloWorldApi"]["Value"]["Fn::Join"][1];
        let parts = url.as_array().expect("a join");
        assert_eq!(parts.first(), Some(&json!("https://")));
        assert_eq!(parts.last(), Some(&json!("/hello")));
        assert!(parts.contains(&json!({"Ref": stage[0].0})));
        // Only the outputs sam init has (no default `Endpoint` output beside them).
        let outputs: Vec<&String> = json["Outputs"].as_object().unwrap().keys().collect();
        assert_eq!(
            outputs,
            [
                "HelloWorldApi",
                "HelloWorldFunctionArn",
                "HelloWorldFunctionIamRole"
            ]
        );
    }
}

/// The SAM template: an `AWS::Serverless::Api` (stage `Prod`, no extra `Stage` stage) and the
/// function's `Api` event for `GET /hello`; no plain API resources; the output names SAM's
/// stage.
fn check_sam_native_api(t: &Template, json: &Value) {
    let resources = json["Resources"].as_object().unwrap();
    let of = |ty: &str| -> Vec<(&String, &Value)> {
        resources.iter().filter(|(_, r)| r["Type"] == ty).collect()
    };
    assert!(resources
        .values()
        .all(|r| !r["Type"].as_str().unwrap().starts_with("AWS::ApiGateway::")));
    let apis = of("AWS::Serverless::Api");
    assert_eq!(apis.len(), 1);
    let (api_id, api) = apis[0];
    assert_eq!(api["Properties"]["StageName"], "Prod");
    assert_eq!(api["Properties"]["OpenApiVersion"], "3.0.1");
    t.has_resource_properties(
        "AWS::Serverless::Function",
        Match::object_like(json!({
            "Handler": "app.lambda_handler",
            "Runtime": "python3.14",
            "Events": {"ApiGEThello": {"Type": "Api", "Properties": {
                "Method": "GET", "Path": "/hello", "RestApiId": {"Ref": api_id}}}}
        })),
    );
    let url = &json["Outputs"]["HelloWorldApi"]["Value"]["Fn::Join"][1];
    assert!(url
        .as_array()
        .expect("a join")
        .contains(&json!({"Ref": format!("{api_id}ProdStage")})));
}

#[test]
fn the_handler_returns_sam_inits_hello_world() {
    let code = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
import app
r = app.lambda_handler({"httpMethod": "GET", "path": "/hello"}, None)
print(json.dumps({"statusCode": r["statusCode"], "body": json.loads(r["body"])}))
"#;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/hello-api/hello_world");
    let run = cdk_validators::run("python", &["-c", code, dir]);
    assert!(run.success, "{}", run.output);
    let out: Value = serde_json::from_str(run.output.trim()).expect("JSON");
    assert_eq!(
        out,
        json!({"statusCode": 200, "body": {"message": "hello world"}})
    );
}

/// SAM CLI's API reader (what `sam local start-api` serves) on the checked-in template.
fn sam_local_routes(template: &str) -> Value {
    cdk_validators::sam_local_routes(&synth_out(template)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sam_local_start_api_serves_get_hello_from_the_plain_template() {
    let plain: Value =
        serde_json::from_slice(&std::fs::read(synth_out("HelloApi.template.json")).unwrap())
            .unwrap();
    let function = plain["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::Lambda::Function")
        .map(|(id, _)| id.clone())
        .expect("the function");
    assert_eq!(
        sam_local_routes("HelloApi.template.yaml"),
        json!({"stage": "Prod", "routes": [[function, ["GET"], "/hello"]]})
    );
}

#[test]
fn sam_local_start_api_serves_get_hello_from_the_sam_template() {
    let sam: Value =
        serde_json::from_slice(&std::fs::read(synth_out("HelloApi.sam.json")).unwrap()).unwrap();
    let function = sam["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .map(|(id, _)| id.clone())
        .expect("the function");
    assert_eq!(
        sam_local_routes("HelloApi.sam.yaml"),
        json!({"stage": "Prod", "routes": [[function, ["GET"], "/hello"]]})
    );
}
