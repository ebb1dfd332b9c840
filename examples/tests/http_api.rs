//! The `http-api` example's Python handler, as synthesized (the asset and handler the
//! `HttpApi` template points at), answers the three routes from payload-format-2.0 events,
//! with the JWT claims API Gateway passes.

use std::process::Command;

use serde_json::Value;

const SCRIPT: &str = r#"
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module, func = sys.argv[2].split(".")
handler = getattr(importlib.import_module(module), func)
def event(route, path=None):
    e = {"version": "2.0", "routeKey": route,
         "requestContext": {"authorizer": {"jwt": {"claims": {"sub": "user-1"}}}}}
    if path: e["pathParameters"] = path
    return e
r = handler(event("GET /items"), None)
assert r["statusCode"] == 200 and json.loads(r["body"])["user"] == "user-1", r
assert len(json.loads(r["body"])["items"]) == 2, r
r = handler(event("GET /items/{id}", {"id": "2"}), None)
assert json.loads(r["body"])["item"]["name"] == "pear", r
assert handler(event("GET /items/{id}", {"id": "9"}), None)["statusCode"] == 404
r = handler({"version": "2.0", "routeKey": "GET /health", "requestContext": {}}, None)
assert json.loads(r["body"]) == {"ok": True}, r
print("ok")
"#;

#[test]
fn the_items_handler_answers_every_route_of_the_template() {
    let root = cdk_validators::workspace_root().join("synth-out");
    let template: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("HttpApi.template.json"))
            .expect("synth-out/HttpApi.template.json: run `cargo run`"),
    )
    .unwrap();
    let resources = template["Resources"].as_object().unwrap();
    let function = resources
        .values()
        .find(|r| r["Type"] == "AWS::Lambda::Function")
        .expect("the items function");
    let routes: Vec<&str> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGatewayV2::Route")
        .map(|r| r["Properties"]["RouteKey"].as_str().unwrap())
        .collect();
    assert_eq!(routes, ["GET /items", "GET /items/{id}", "GET /health"]);
    let out = Command::new(cdk_validators::tool("python"))
        .args(["-c", SCRIPT])
        .arg(root.join(function["Properties"]["Code"].as_str().unwrap()))
        .arg(function["Properties"]["Handler"].as_str().unwrap())
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run python");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.trim_end().ends_with("ok"),
        "{text}"
    );
}

/// SAM CLI's API reader (what `sam local start-api` serves) finds the three routes in the
/// SAM template: the API is SAM-native, so they are the function's `HttpApi` events (SAM CLI
/// answers `OPTIONS` on each because the API has a CORS configuration, and names no stage
/// for `$default`).
#[test]
fn sam_local_start_api_serves_the_routes_from_the_sam_template() {
    let sam = cdk_validators::workspace_root().join("synth-out/HttpApi.sam.yaml");
    let routes = cdk_validators::sam_local_routes(&sam).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        routes,
        serde_json::json!({"stage": null, "routes": [
            ["Items5C12978B", ["GET", "OPTIONS"], "/health"],
            ["Items5C12978B", ["GET", "OPTIONS"], "/items"],
            ["Items5C12978B", ["GET", "OPTIONS"], "/items/{id}"]
        ]}),
    );
}
