//! `apigateway` request validation: models (JSON schema draft 4) and request validators
//! (body, parameters), used by methods, in the deployment's hash and its `DependsOn`, and
//! one diagnostic per mistake.

use cdk_core::{App, Stack};
use constructs::apigateway::{HttpMethod, Integration, MethodOptions, RestApi};
use serde_json::{json, Value};

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

fn item_schema() -> Value {
    json!({
        "type": "object",
        "required": ["userId", "userName"],
        "properties": {"userId": {"type": "string"}, "userName": {"type": "string"}}
    })
}

#[test]
fn a_method_validates_its_body_against_a_model_and_its_parameters() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    let model = api
        .add_model("ItemModel", item_schema())
        .model_name("Item")
        .description("an item")
        .build();
    let validator = api
        .add_request_validator("BodyAndParams")
        .validate_request_body(true)
        .validate_request_parameters(true)
        .build();
    api.root().add_resource("items").add_method_with(
        HttpMethod::Post,
        Integration::mock(),
        MethodOptions::new()
            .request_model("application/json", &model)
            .request_parameter("method.request.header.X-Tenant", true)
            .request_validator(&validator),
    );
    let t = stack.template().unwrap();
    let (model_id, m) = of_type(&t, "AWS::ApiGateway::Model")[0];
    // CDK's logical ID scheme: MD5 of `Api/ItemModel/Resource`.
    assert_eq!(model_id, "ApiItemModel55228A95");
    let mut schema = item_schema();
    schema["$schema"] = json!("http://json-schema.org/draft-04/schema#");
    assert_eq!(
        m["Properties"],
        json!({
            "ContentType": "application/json",
            "Description": "an item",
            "Name": "Item",
            "RestApiId": {"Ref": "ApiF70053CD"},
            "Schema": schema
        })
    );
    let (validator_id, v) = of_type(&t, "AWS::ApiGateway::RequestValidator")[0];
    assert_eq!(
        v["Properties"],
        json!({
            "Name": "BodyAndParams",
            "RestApiId": {"Ref": "ApiF70053CD"},
            "ValidateRequestBody": true,
            "ValidateRequestParameters": true
        })
    );
    let (_, method) = of_type(&t, "AWS::ApiGateway::Method")[0];
    let p = &method["Properties"];
    assert_eq!(
        p["RequestModels"],
        json!({"application/json": {"Ref": model_id}})
    );
    assert_eq!(p["RequestValidatorId"], json!({"Ref": validator_id}));
    assert_eq!(
        p["RequestParameters"],
        json!({"method.request.header.X-Tenant": true})
    );
    // The deployment waits for the model and the validator.
    let (_, d) = of_type(&t, "AWS::ApiGateway::Deployment")[0];
    let deps = d["DependsOn"].as_array().unwrap();
    assert!(deps.contains(&json!(model_id)), "{deps:?}");
    assert!(deps.contains(&json!(validator_id)), "{deps:?}");
}

#[test]
fn a_given_draft_4_schema_is_kept() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    let schema = json!({"$schema": "http://json-schema.org/draft-04/schema#", "type": "string"});
    api.add_model("M", schema.clone())
        .content_type("text/plain")
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    let t = stack.template().unwrap();
    let (_, m) = of_type(&t, "AWS::ApiGateway::Model")[0];
    assert_eq!(m["Properties"]["Schema"], schema);
    assert_eq!(m["Properties"]["ContentType"], "text/plain");
    assert!(
        m["Properties"].get("Name").is_none(),
        "CloudFormation names it"
    );
}

fn deployment_of(define: impl Fn(&RestApi)) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    define(&api);
    let t = stack.template().unwrap();
    of_type(&t, "AWS::ApiGateway::Deployment")[0].0.clone()
}

#[test]
fn the_deployment_id_changes_with_models_and_validators() {
    let with = |schema: Value, body: bool, params: bool, use_model: bool| {
        deployment_of(move |api| {
            let model = api.add_model("M", schema.clone()).build();
            let validator = api
                .add_request_validator("V")
                .validate_request_body(body)
                .validate_request_parameters(params)
                .build();
            let mut options = MethodOptions::new().request_validator(&validator);
            if use_model {
                options = options.request_model("application/json", &model);
            }
            api.root()
                .add_method_with(HttpMethod::Post, Integration::mock(), options);
        })
    };
    let base = with(item_schema(), true, false, true);
    assert_eq!(base, with(item_schema(), true, false, true));
    assert_ne!(
        base,
        with(json!({"type": "object"}), true, false, true),
        "schema"
    );
    assert_ne!(
        base,
        with(item_schema(), true, true, true),
        "validator settings"
    );
    assert_ne!(
        with(item_schema(), false, true, true),
        with(item_schema(), false, true, false),
        "the method's model"
    );
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
    assert!(!d[0].hint.is_empty(), "{err}");
}

#[test]
fn each_validation_mistake_is_one_diagnostic() {
    let api_with = |stack: &Stack| {
        let api = RestApi::new(stack, "Api").build();
        api.root().add_method(HttpMethod::Get, Integration::mock());
        api
    };
    one_error(
        |stack| {
            api_with(stack).add_model("M", json!(["no"])).build();
        },
        "S/Api/M",
        "schema is not a JSON object",
    );
    one_error(
        |stack| {
            api_with(stack)
                .add_model(
                    "M",
                    json!({"$schema": "https://json-schema.org/draft/2020-12/schema"}),
                )
                .build();
        },
        "S/Api/M",
        "not JSON Schema draft 4",
    );
    one_error(
        |stack| {
            api_with(stack)
                .add_model("M", item_schema())
                .model_name("item-model")
                .build();
        },
        "S/Api/M",
        "is not a valid model name",
    );
    one_error(
        |stack| {
            api_with(stack).add_request_validator("V").build();
        },
        "S/Api/V",
        "validates nothing",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            let v = api
                .add_request_validator("V")
                .validate_request_body(true)
                .build();
            api.root().add_method_with(
                HttpMethod::Post,
                Integration::mock(),
                MethodOptions::new().request_validator(&v),
            );
        },
        "S/Api/Default/POST",
        "checks bodies, but the method has no request model",
    );
    one_error(
        |stack| {
            let a = api_with(stack);
            let model = a.add_model("M", item_schema()).build();
            let b = RestApi::new(stack, "Other").build();
            b.root().add_method_with(
                HttpMethod::Post,
                Integration::mock(),
                MethodOptions::new().request_model("application/json", &model),
            );
        },
        "S/Other/Default/POST",
        "the model `S/Api/M` belongs to the API `S/Api`",
    );
    one_error(
        |stack| {
            let a = api_with(stack);
            let v = a
                .add_request_validator("V")
                .validate_request_parameters(true)
                .build();
            let b = RestApi::new(stack, "Other").build();
            b.root().add_method_with(
                HttpMethod::Post,
                Integration::mock(),
                MethodOptions::new().request_validator(&v),
            );
        },
        "S/Other/Default/POST",
        "the request validator `S/Api/V` belongs to the API `S/Api`",
    );
}
