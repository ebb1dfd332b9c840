//! `apigateway::RestApi`: the resource tree, Lambda proxy and mock integrations with their
//! permissions, the deployment whose logical ID follows the definition, the stage and its
//! URL, IAM authorization, API keys and usage plans, and one diagnostic per mistake.

use cdk_core::{App, CfnOutput, Flavor, Stack};
use constructs::apigateway::{
    Authorization, EndpointType, HttpMethod, Integration, IntegrationResponse, MethodOptions,
    MethodResponse, Period, RestApi,
};
use constructs::iam::{Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use serde_json::{json, Value};

fn function(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return {'statusCode': 200}\n"),
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

fn deployment_id(t: &Value) -> String {
    let d = of_type(t, "AWS::ApiGateway::Deployment");
    assert_eq!(d.len(), 1);
    d[0].0.clone()
}

fn permission_arn(api: &str, stage: Value, rest: &str) -> Value {
    json!({"Fn::Join": ["", [
        "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
        {"Ref": "AWS::AccountId"}, ":", {"Ref": api}, "/", stage, rest
    ]]})
}

#[test]
fn the_resource_tree_has_cdks_logical_ids_and_parents() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRestApiStack");
    let f = function(&stack, "ListItemsFn");
    let api = RestApi::new(&stack, "ItemsApi").build();
    let items = api.root().add_resource("items");
    let item = items.add_resource("{id}");
    let proxy = item.add_resource("{proxy+}");
    items.add_method(HttpMethod::Get, Integration::lambda(&f));
    proxy.add_method(HttpMethod::Any, Integration::lambda(&f));
    api.root()
        .add_method(HttpMethod::Get, Integration::lambda(&f));
    assert_eq!(proxy.path(), "/items/{id}/{proxy+}");

    let t = stack.template().unwrap();
    let r = &t["Resources"];
    // The same logical IDs as AWS CDK 2 (../shared/reference/CdkRestApiStack.template.json).
    assert_eq!(r["ItemsApi3788C05C"]["Type"], "AWS::ApiGateway::RestApi");
    assert_eq!(
        r["ItemsApi3788C05C"]["Properties"],
        json!({"Name": "ItemsApi"})
    );
    assert_eq!(
        r["ItemsApiitems0C302221"]["Properties"],
        json!({
            "ParentId": {"Fn::GetAtt": ["ItemsApi3788C05C", "RootResourceId"]},
            "PathPart": "items",
            "RestApiId": {"Ref": "ItemsApi3788C05C"}
        })
    );
    assert_eq!(
        r["ItemsApiitemsid9B2E43B3"]["Properties"]["ParentId"],
        json!({"Ref": "ItemsApiitems0C302221"})
    );
    let get = &r["ItemsApiitemsGET0F801345"]["Properties"];
    assert_eq!(
        get,
        &json!({
            "AuthorizationType": "NONE",
            "HttpMethod": "GET",
            "Integration": {
                "IntegrationHttpMethod": "POST",
                "Type": "AWS_PROXY",
                "Uri": {"Fn::Join": ["", [
                    "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
                    ":lambda:path/2015-03-31/functions/",
                    {"Fn::GetAtt": ["ListItemsFnEF179B2F", "Arn"]}, "/invocations"
                ]]}
            },
            "ResourceId": {"Ref": "ItemsApiitems0C302221"},
            "RestApiId": {"Ref": "ItemsApi3788C05C"}
        })
    );
    assert_eq!(of_type(&t, "AWS::ApiGateway::Resource").len(), 3);
    assert_eq!(of_type(&t, "AWS::ApiGateway::Method").len(), 3);
    let any = of_type(&t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| m["Properties"]["HttpMethod"] == "ANY")
        .unwrap();
    assert!(any.1["Properties"]["ResourceId"]["Ref"]
        .as_str()
        .unwrap()
        .starts_with("ItemsApiitemsidproxy"));
    // The root method sits on the API's root resource id.
    let root_get = of_type(&t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| m["Properties"]["ResourceId"].get("Fn::GetAtt").is_some())
        .unwrap();
    assert_eq!(root_get.1["Properties"]["HttpMethod"], "GET");
    // The stage's URL is an output by default, with CDK's logical ID.
    assert_eq!(
        t["Outputs"]["ItemsApiEndpointE9939A7D"]["Value"]["Fn::Join"][1][7],
        json!({"Ref": "ItemsApiDeploymentStageprod39700B5C"})
    );
}

#[test]
fn the_endpoint_output_can_be_left_out() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").endpoint_output(false).build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    let t = stack.template().unwrap();
    assert!(t.get("Outputs").is_none(), "{}", t["Outputs"]);
}

#[test]
fn each_lambda_method_gets_permissions_scoped_to_its_arn_like_cdk() {
    let app = App::new();
    let stack = Stack::new(&app, "CdkRestApiStack");
    let create = function(&stack, "CreateItemFn");
    let get = function(&stack, "GetItemFn");
    let api = RestApi::new(&stack, "ItemsApi").build();
    let items = api.root().add_resource("items");
    items.add_method(HttpMethod::Post, Integration::lambda(&create));
    items
        .add_resource("{id}")
        .add_method(HttpMethod::Get, Integration::lambda(&get));
    items
        .add_resource("files")
        .add_resource("{proxy+}")
        .add_method(HttpMethod::Any, Integration::lambda(&get));
    api.root()
        .add_method(HttpMethod::Get, Integration::lambda(&get));

    let t = stack.template().unwrap();
    let r = &t["Resources"];
    let stage = json!({"Ref": "ItemsApiDeploymentStageprod39700B5C"});
    // CDK's logical IDs and ARNs, exactly.
    let post = &r["ItemsApiitemsPOSTApiPermissionCdkRestApiStackItemsApiBB860F7BPOSTitems27688620"];
    assert_eq!(post["Type"], "AWS::Lambda::Permission");
    assert_eq!(
        post["Properties"],
        json!({
            "Action": "lambda:InvokeFunction",
            "FunctionName": {"Fn::GetAtt": ["CreateItemFn77CDFD57", "Arn"]},
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": permission_arn("ItemsApi3788C05C", stage.clone(), "/POST/items")
        })
    );
    let test =
        &r["ItemsApiitemsPOSTApiPermissionTestCdkRestApiStackItemsApiBB860F7BPOSTitemsCA96510D"];
    assert_eq!(
        test["Properties"]["SourceArn"],
        json!({"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
            {"Ref": "AWS::AccountId"}, ":", {"Ref": "ItemsApi3788C05C"},
            "/test-invoke-stage/POST/items"
        ]]})
    );
    let by_id =
        &r["ItemsApiitemsidGETApiPermissionCdkRestApiStackItemsApiBB860F7BGETitemsidA484EBBF"];
    assert_eq!(
        by_id["Properties"]["SourceArn"],
        permission_arn("ItemsApi3788C05C", stage.clone(), "/GET/items/*")
    );
    let arns: Vec<Value> = of_type(&t, "AWS::Lambda::Permission")
        .into_iter()
        .map(|(_, p)| p["Properties"]["SourceArn"].clone())
        .collect();
    assert_eq!(arns.len(), 8, "two per method");
    // ANY is `*`, a greedy variable `*`, the root `/`.
    assert!(arns.contains(&permission_arn(
        "ItemsApi3788C05C",
        stage.clone(),
        "/*/items/files/*"
    )));
    assert!(arns.contains(&permission_arn("ItemsApi3788C05C", stage, "/GET/")));
}

#[test]
fn an_aliased_function_is_invoked_through_its_alias() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return None\n"),
        "index.handler",
    )
    .auto_publish_alias("live")
    .build();
    let api = RestApi::new(&stack, "Api").build();
    api.root()
        .add_method(HttpMethod::Get, Integration::lambda(f.function()));
    let t = stack.template().unwrap();
    let m = &of_type(&t, "AWS::ApiGateway::Method")[0].1["Properties"];
    assert_eq!(
        m["Integration"]["Uri"]["Fn::Join"][1][5],
        json!({"Ref": "Fn9270CBC0Aliaslive"})
    );
    for (_, p) in of_type(&t, "AWS::Lambda::Permission") {
        assert_eq!(
            p["Properties"]["FunctionName"],
            json!({"Ref": "Fn9270CBC0Aliaslive"})
        );
    }
    let sam = stack.template_of(Flavor::Sam).unwrap();
    let m = &of_type(&sam, "AWS::ApiGateway::Method")[0].1["Properties"];
    assert_eq!(
        m["Integration"]["Uri"]["Fn::Join"][1][5],
        json!({"Ref": "Fn9270CBC0.Alias"})
    );
}

#[test]
fn mock_integrations_carry_their_responses() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_resource("health").add_method_with(
        HttpMethod::Get,
        Integration::mock().integration_response(
            IntegrationResponse::new("200")
                .response_template("application/json", "{\"ok\": true}")
                .response_parameter("method.response.header.Cache-Control", "'no-store'"),
        ),
        MethodOptions::new().method_response(
            MethodResponse::new("200")
                .response_parameter("method.response.header.Cache-Control", true),
        ),
    );
    let t = stack.template().unwrap();
    let m = &of_type(&t, "AWS::ApiGateway::Method")[0].1["Properties"];
    assert_eq!(
        m["Integration"],
        json!({
            "IntegrationResponses": [{
                "ResponseParameters": {"method.response.header.Cache-Control": "'no-store'"},
                "ResponseTemplates": {"application/json": "{\"ok\": true}"},
                "StatusCode": "200"
            }],
            "RequestTemplates": {"application/json": "{\"statusCode\": 200}"},
            "Type": "MOCK"
        })
    );
    assert_eq!(
        m["MethodResponses"],
        json!([{
            "ResponseParameters": {"method.response.header.Cache-Control": true},
            "StatusCode": "200"
        }])
    );
    assert!(of_type(&t, "AWS::Lambda::Permission").is_empty());
}

#[test]
fn deployment_and_stage_publish_the_api_and_the_url_references_the_stage() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = RestApi::new(&stack, "Api")
        .endpoint_type(EndpointType::Regional)
        .stage_variable("env", "prod")
        .stage_variable("backend", "lambda")
        .build();
    let items = api.root().add_resource("items");
    items.add_method(HttpMethod::Get, Integration::lambda(&f));
    CfnOutput::new(&stack, "Url", api.url());
    CfnOutput::new(&stack, "ItemsUrl", api.url_for_path("items"));

    let t = stack.template().unwrap();
    let r = &t["Resources"];
    assert_eq!(
        r["ApiF70053CD"]["Properties"]["EndpointConfiguration"],
        json!({"Types": ["REGIONAL"]})
    );
    let dep = deployment_id(&t);
    assert!(dep.starts_with("ApiDeployment"), "{dep}");
    assert_eq!(dep.len(), "ApiDeployment".len() + 8 + 16);
    assert_eq!(
        r[&dep]["Properties"],
        json!({"RestApiId": {"Ref": "ApiF70053CD"}})
    );
    // The deployment waits for every resource and method.
    let depends: Vec<&str> = r[&dep]["DependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = of_type(&t, "AWS::ApiGateway::Resource")
        .into_iter()
        .chain(of_type(&t, "AWS::ApiGateway::Method"))
        .map(|(k, _)| k.as_str())
        .collect();
    let mut got = depends.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);

    let stage = &r["ApiDeploymentStageprod3EB9684E"];
    assert_eq!(stage["Type"], "AWS::ApiGateway::Stage");
    assert_eq!(
        stage["Properties"],
        json!({
            "DeploymentId": {"Ref": dep},
            "RestApiId": {"Ref": "ApiF70053CD"},
            "StageName": "prod",
            "Variables": {"env": "prod", "backend": "lambda"}
        })
    );
    assert_eq!(
        t["Outputs"]["Url"]["Value"],
        json!({"Fn::Join": ["", [
            "https://", {"Ref": "ApiF70053CD"}, ".execute-api.", {"Ref": "AWS::Region"}, ".",
            {"Ref": "AWS::URLSuffix"}, "/", {"Ref": "ApiDeploymentStageprod3EB9684E"}, "/"
        ]]})
    );
    assert_eq!(
        t["Outputs"]["ItemsUrl"]["Value"]["Fn::Join"][1][8],
        json!("/items")
    );
    // Both templates hold the same API resources in this version.
    let sam = stack.template_of(Flavor::Sam).unwrap();
    for ty in [
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Resource",
        "AWS::ApiGateway::Method",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Stage",
    ] {
        assert_eq!(
            of_type(&sam, ty).len(),
            of_type(&t, ty).len(),
            "{ty} in the SAM template"
        );
    }
    assert_eq!(deployment_id(&sam), dep);
}

/// The deployment ID of an API built by `define` in a fresh app.
fn deployment_of(define: impl Fn(&Stack, &RestApi)) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    define(&stack, &api);
    deployment_id(&stack.template().unwrap())
}

#[test]
fn the_deployment_id_changes_exactly_when_the_api_does() {
    let base = |stack: &Stack, api: &RestApi| {
        let f = function(stack, "Fn");
        let items = api.root().add_resource("items");
        items.add_method(HttpMethod::Get, Integration::lambda(&f));
        items
            .add_resource("{id}")
            .add_method(HttpMethod::Get, Integration::lambda(&f));
    };
    let id = deployment_of(base);
    // Same definition: same ID, in another app, and with calls in another order or with
    // unrelated resources and stage variables around it.
    assert_eq!(deployment_of(base), id);
    assert_eq!(
        deployment_of(|stack, api| {
            function(stack, "Other");
            let f = function(stack, "Fn");
            let items = api.root().add_resource("items");
            let item = items.add_resource("{id}");
            item.add_method(HttpMethod::Get, Integration::lambda(&f));
            items.add_method(HttpMethod::Get, Integration::lambda(&f));
        }),
        id
    );
    // Any change to the definition: a new ID.
    let changed = [
        deployment_of(|stack, api| {
            base(stack, api);
            api.root().add_resource("extra");
        }),
        deployment_of(|stack, api| {
            base(stack, api);
            api.root().add_method(HttpMethod::Post, Integration::mock());
        }),
        deployment_of(|stack, api| {
            let f = function(stack, "Fn");
            let g = function(stack, "Other");
            let items = api.root().add_resource("items");
            items.add_method(HttpMethod::Get, Integration::lambda(&f));
            items
                .add_resource("{id}")
                .add_method(HttpMethod::Get, Integration::lambda(&g));
        }),
        deployment_of(|stack, api| {
            let f = function(stack, "Fn");
            let items = api.root().add_resource("items");
            items.add_method_with(
                HttpMethod::Get,
                Integration::lambda(&f),
                MethodOptions::new().authorization(Authorization::Iam),
            );
            items
                .add_resource("{id}")
                .add_method(HttpMethod::Get, Integration::lambda(&f));
        }),
        deployment_of(|stack, api| {
            let f = function(stack, "Fn");
            let items = api.root().add_resource("items");
            items.add_method_with(
                HttpMethod::Get,
                Integration::lambda(&f),
                MethodOptions::new().api_key_required(true),
            );
            items
                .add_resource("{id}")
                .add_method(HttpMethod::Get, Integration::lambda(&f));
            // A key requirement needs a plan with a key (a synth error otherwise).
            api.add_usage_plan("Plan")
                .build()
                .add_api_key(&api.add_api_key("Key").build());
        }),
        deployment_of(|stack, api| {
            let f = function(stack, "Fn");
            let items = api.root().add_resource("items");
            items.add_method(HttpMethod::Get, Integration::lambda(&f));
            items
                .add_resource("{key}")
                .add_method(HttpMethod::Get, Integration::lambda(&f));
        }),
        deployment_of(|stack, api| {
            base(stack, api);
            api.deployment().add_to_logical_id("v2");
        }),
    ];
    for (i, other) in changed.iter().enumerate() {
        assert_ne!(other, &id, "change {i}");
    }
    let mut distinct = changed.to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), changed.len());

    // Mock responses are part of the definition too.
    let mock = |body: &'static str| {
        move |_: &Stack, api: &RestApi| {
            api.root().add_method(
                HttpMethod::Get,
                Integration::mock().integration_response(
                    IntegrationResponse::new("200").response_template("application/json", body),
                ),
            );
        }
    };
    assert_eq!(deployment_of(mock("a")), deployment_of(mock("a")));
    assert_ne!(deployment_of(mock("a")), deployment_of(mock("b")));
}

#[test]
fn iam_authorization_and_invoke_grants() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = RestApi::new(&stack, "Api").build();
    let items = api.root().add_resource("items");
    let get = items.add_method_with(
        HttpMethod::Get,
        Integration::lambda(&f),
        MethodOptions::new().authorization(Authorization::Iam),
    );
    let caller = Role::new(&stack, "Caller", Principal::service("lambda.amazonaws.com")).build();
    let admin = Role::new(&stack, "Admin", Principal::service("lambda.amazonaws.com")).build();
    get.grant_invoke(&caller);
    api.grant_invoke(&admin);

    let t = stack.template().unwrap();
    let m = &of_type(&t, "AWS::ApiGateway::Method")[0].1["Properties"];
    assert_eq!(m["AuthorizationType"], "AWS_IAM");
    let statement = |role: &str| {
        of_type(&t, "AWS::IAM::Policy")
            .into_iter()
            .find(|(_, p)| p["Properties"]["Roles"][0]["Ref"] == role)
            .unwrap()
            .1["Properties"]["PolicyDocument"]["Statement"][0]
            .clone()
    };
    let stage = json!({"Ref": "ApiDeploymentStageprod3EB9684E"});
    assert_eq!(
        statement(&caller.resource().logical_id()),
        json!({
            "Action": "execute-api:Invoke",
            "Effect": "Allow",
            "Resource": permission_arn("ApiF70053CD", stage, "/GET/items")
        })
    );
    assert_eq!(
        statement(&admin.resource().logical_id())["Resource"],
        json!({"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
            {"Ref": "AWS::AccountId"}, ":", {"Ref": "ApiF70053CD"}, "/*/*/*"
        ]]})
    );
}

#[test]
fn usage_plans_reference_the_stage_and_attach_keys() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method_with(
        HttpMethod::Get,
        Integration::mock(),
        MethodOptions::new().api_key_required(true),
    );
    let key = api.add_api_key("Key").api_key_name("items-key").build();
    let plan = api
        .add_usage_plan("Plan")
        .usage_plan_name("items-plan")
        .throttle(10.0, 20)
        .quota(1000, Period::Day)
        .build();
    plan.add_api_key(&key);
    CfnOutput::new(&stack, "KeyId", key.key_id());

    let t = stack.template().unwrap();
    let m = &of_type(&t, "AWS::ApiGateway::Method")[0].1["Properties"];
    assert_eq!(m["ApiKeyRequired"], true);
    let (_, plan) = of_type(&t, "AWS::ApiGateway::UsagePlan")[0];
    assert_eq!(
        plan["Properties"],
        json!({
            "ApiStages": [{
                "ApiId": {"Ref": "ApiF70053CD"},
                "Stage": {"Ref": "ApiDeploymentStageprod3EB9684E"}
            }],
            "Quota": {"Limit": 1000, "Period": "DAY"},
            "Throttle": {"BurstLimit": 20, "RateLimit": 10.0},
            "UsagePlanName": "items-plan"
        })
    );
    let (key_id, key) = of_type(&t, "AWS::ApiGateway::ApiKey")[0];
    assert_eq!(
        key["Properties"],
        json!({"Enabled": true, "Name": "items-key"})
    );
    let (_, plan_key) = of_type(&t, "AWS::ApiGateway::UsagePlanKey")[0];
    assert_eq!(plan_key["Properties"]["KeyId"], json!({"Ref": key_id}));
    assert_eq!(plan_key["Properties"]["KeyType"], "API_KEY");
    assert_eq!(
        plan_key["Properties"]["UsagePlanId"],
        json!({"Ref": of_type(&t, "AWS::ApiGateway::UsagePlan")[0].0})
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
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    for (part, shown) in [
        ("a/b", "a_b"),
        ("", "_"),
        ("{id", "{id"),
        ("a+", "a+"),
        ("{a+}x", "{a+}x"),
    ] {
        one_error(
            |stack| {
                let api = RestApi::new(stack, "Api").build();
                api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
                api.root().add_resource("items").add_resource(part);
            },
            &format!("S/Api/Default/items/{shown}"),
            "is not a valid path part",
        );
    }
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            api.root().add_resource("{proxy+}").add_resource("more");
        },
        "S/Api/Default/{proxy+}/more",
        "greedy path variable",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            let items = api.root().add_resource("items");
            items.add_method(HttpMethod::Get, Integration::mock());
            items.add_method(HttpMethod::Get, Integration::mock());
        },
        "S/Api/Default/items",
        "already has a GET method",
    );
    one_error(
        |stack| {
            let f = function(stack, "Fn");
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            api.root().add_method(
                HttpMethod::Get,
                Integration::lambda(&f).integration_response(IntegrationResponse::new("200")),
            );
        },
        "S/Api/Default/GET",
        "Lambda proxy integration takes no integration responses",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            api.root().add_method(
                HttpMethod::Get,
                Integration::mock().integration_response(IntegrationResponse::new("20")),
            );
        },
        "S/Api/Default/GET",
        "is not an HTTP status code",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").stage_name("prod stage").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
        },
        "S/Api/DeploymentStage.prod stage",
        "is not a valid stage name",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api")
                .stage_variable("bad-name", "x")
                .build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
        },
        "S/Api/DeploymentStage.prod",
        "is not a valid stage variable name",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api")
                .stage_variable("v", "has space")
                .build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
        },
        "S/Api/DeploymentStage.prod",
        "stage variable `v` is not valid",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api")
                .endpoint_type(EndpointType::Private)
                .build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
        },
        "S/Api",
        "PRIVATE API needs a resource policy",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            api.add_usage_plan("Plan").throttle(-1.0, 5).build();
        },
        "S/Api/Plan",
        "throttle rate limit -1",
    );
}

#[test]
fn a_repeated_path_part_is_one_diagnostic() {
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            api.root().add_resource("items");
            api.root().add_resource("items");
        },
        "S/Api/Default/items",
        "already a construct with id `items`",
    );
}

#[test]
fn two_path_variables_on_one_level_are_one_diagnostic() {
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(HttpMethod::Head, Integration::mock()); // an API needs a method
            let items = api.root().add_resource("items");
            items.add_resource("{id}");
            items.add_resource("{proxy+}");
        },
        "S/Api/Default/items/{proxy+}",
        "second path variable beside `{id}`",
    );
}

#[test]
fn a_private_api_carries_its_resource_policy() {
    use constructs::iam::{PolicyDocument, PolicyStatement};
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let policy = PolicyDocument::new().statement(
        PolicyStatement::allow()
            .principal(Principal::Any)
            .actions(["execute-api:Invoke"])
            .resources(["execute-api:/*"])
            .condition("StringEquals", "aws:SourceVpce", "vpce-0123456789abcdef0"),
    );
    let api = RestApi::new(&stack, "Api")
        .endpoint_type(EndpointType::Private)
        .policy(policy)
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    let t = stack.template().unwrap();
    let props = &t["Resources"]["ApiF70053CD"]["Properties"];
    assert_eq!(
        props["EndpointConfiguration"],
        json!({"Types": ["PRIVATE"]})
    );
    assert_eq!(
        props["Policy"]["Statement"][0]["Condition"],
        json!({"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}})
    );
}

#[test]
fn an_api_without_methods_is_one_diagnostic() {
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_resource("items");
        },
        "S/Api",
        "the REST API has no method",
    );
}

#[test]
fn a_required_api_key_without_a_plan_holding_a_key_is_one_diagnostic() {
    // No plan at all, and a plan without a key: callers could never send a valid key.
    for with_plan in [false, true] {
        one_error(
            |stack| {
                let api = RestApi::new(stack, "Api").build();
                let items = api.root().add_resource("items");
                items.add_method(HttpMethod::Get, Integration::mock());
                items.add_method_with(
                    HttpMethod::Post,
                    Integration::mock(),
                    MethodOptions::new().api_key_required(true),
                );
                if with_plan {
                    api.add_usage_plan("Plan").build();
                }
            },
            "S/Api",
            "`POST /items` requires an API key, but no usage plan of the API has one",
        );
    }
    // The API's default counts; the plan's key, attached after the methods, satisfies it.
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api")
        .default_method_options(MethodOptions::new().api_key_required(true))
        .build();
    api.root().add_method(HttpMethod::Get, Integration::mock());
    assert!(app.assemble().is_err());
    api.add_usage_plan("Plan")
        .build()
        .add_api_key(&api.add_api_key("Key").build());
    assert!(app.assemble().is_ok());
}

#[test]
fn usage_plans_throttle_single_methods() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    let items = api.root().add_resource("items");
    let get = items.add_method(HttpMethod::Get, Integration::mock());
    let root = api.root().add_method(HttpMethod::Post, Integration::mock());
    api.add_usage_plan("Plan")
        .throttle(100.0, 200)
        .method_throttle(&get, 5.0, 10)
        .method_throttle(&root, 1.0, 2)
        .method_throttle(&get, 10.0, 20)
        .build();
    let t = stack.template().unwrap();
    let (_, plan) = of_type(&t, "AWS::ApiGateway::UsagePlan")[0];
    assert_eq!(
        plan["Properties"]["ApiStages"][0]["Throttle"],
        json!({
            "//POST": {"BurstLimit": 2, "RateLimit": 1.0},
            "/items/GET": {"BurstLimit": 20, "RateLimit": 10.0}
        })
    );
    one_error(
        |stack| {
            let a = RestApi::new(stack, "Api").build();
            let m = a.root().add_method(HttpMethod::Get, Integration::mock());
            let b = RestApi::new(stack, "Other").build();
            b.root().add_method(HttpMethod::Get, Integration::mock());
            b.add_usage_plan("Plan").method_throttle(&m, 1.0, 1).build();
        },
        "S/Other/Plan",
        "the method `S/Api/Default/GET` belongs to the API `S/Api`, not to the plan's",
    );
    one_error(
        |stack| {
            let a = RestApi::new(stack, "Api").build();
            let m = a.root().add_method(HttpMethod::Get, Integration::mock());
            a.add_usage_plan("Plan")
                .method_throttle(&m, -2.0, 1)
                .build();
        },
        "S/Api/Plan",
        "throttle rate limit -2 of `//GET`",
    );
}
