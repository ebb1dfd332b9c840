//! `apigateway` gateway responses: CDK's logical IDs and properties, part of the
//! deployment's hash and `DependsOn`, and one diagnostic per mistake.

use cdk_core::{App, Stack};
use constructs::apigateway::{HttpMethod, Integration, ResponseType, RestApi};
use serde_json::{json, Value};

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn api_with(define: impl Fn(&RestApi)) -> Value {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRestApiStack");
    let api = RestApi::new(&stack, "ItemsApi").build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    define(&api);
    stack.template().unwrap()
}

#[test]
fn a_gateway_response_is_cdks() {
    let t = api_with(|api| {
        api.add_gateway_response("Default4xx", ResponseType::Default4xx)
            .header("Access-Control-Allow-Origin", "'*'")
            .build();
    });
    // ../shared/reference/CdkRestApiStack.template.json, the same construct ids.
    let r = &t["Resources"]["ItemsApiDefault4xxDE2D2EE3"];
    assert_eq!(
        r["Properties"],
        json!({
            "ResponseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
            "ResponseType": "DEFAULT_4XX",
            "RestApiId": {"Ref": "ItemsApi3788C05C"}
        })
    );
    let (_, d) = of_type(&t, "AWS::ApiGateway::Deployment")[0];
    assert!(d["DependsOn"]
        .as_array()
        .unwrap()
        .contains(&json!("ItemsApiDefault4xxDE2D2EE3")));
}

#[test]
fn status_and_template_are_rendered_and_hashed() {
    let deployment = |status: &'static str| {
        let t = api_with(move |api| {
            api.add_gateway_response("Quota", ResponseType::QuotaExceeded)
                .status_code(status)
                .template(
                    "application/json",
                    "{\"message\": $context.error.messageString}",
                )
                .build();
        });
        let (_, r) = of_type(&t, "AWS::ApiGateway::GatewayResponse")[0];
        assert_eq!(r["Properties"]["StatusCode"], status);
        assert_eq!(r["Properties"]["ResponseType"], "QUOTA_EXCEEDED");
        assert_eq!(
            r["Properties"]["ResponseTemplates"],
            json!({"application/json": "{\"message\": $context.error.messageString}"})
        );
        of_type(&t, "AWS::ApiGateway::Deployment")[0].0.clone()
    };
    assert_eq!(deployment("429"), deployment("429"));
    assert_ne!(deployment("429"), deployment("503"));
}

fn one_error(define: impl Fn(&RestApi), path: &str, message: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    define(&api);
    let err = app.assemble().unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    assert_eq!(d[0].path, path, "{err}");
    assert!(d[0].message.contains(message), "{err}");
    assert!(!d[0].hint.is_empty(), "{err}");
}

#[test]
fn each_gateway_response_mistake_is_one_diagnostic() {
    one_error(
        |api| {
            api.add_gateway_response("A", ResponseType::Throttled)
                .build();
            api.add_gateway_response("B", ResponseType::Throttled)
                .build();
        },
        "S/Api/B",
        "has a THROTTLED gateway response already",
    );
    one_error(
        |api| {
            api.add_gateway_response("A", ResponseType::Unauthorized)
                .status_code("4011")
                .build();
        },
        "S/Api/A",
        "is not an HTTP status code (gateway response)",
    );
    one_error(
        |api| {
            api.add_gateway_response("A", ResponseType::Default5xx)
                .header("gatewayresponse.header.X", "'y'")
                .build();
        },
        "S/Api/A",
        "is not a header name",
    );
}
