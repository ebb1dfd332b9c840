//! API Gateway triggers of state machines: a REST method running `StartExecution` or, for an
//! EXPRESS machine, `StartSyncExecution` (through the alias when there is one, with a role
//! allowed exactly that), the refusals of what AWS or SAM reject, and a SAM-native API whose
//! methods are the machines' SAM `Api` events, rendered in the plain template as
//! aws-sam-translator does (compared with a real translation, then the real tools).

mod support;

use std::path::PathBuf;
use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::apigateway::{
    Authorization, Authorizer, HttpMethod, Integration, IntegrationResponse, MethodOptions, RestApi,
};
use constructs::lambda::{Code, Function, Runtime};
use constructs::stepfunctions::{
    DeploymentPreference, Pass, StateMachine, StateMachineType, Succeed,
};
use serde_json::{json, Value};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn express(stack: &Stack, id: &str) -> constructs::stepfunctions::StateMachineBuilder {
    StateMachine::new(stack, id, &Pass::new("Echo").next(&Succeed::new("Done")))
        .state_machine_type(StateMachineType::Express)
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

/// The method whose `HttpMethod` is `http`.
fn method<'a>(t: &'a Value, http: &str) -> &'a Value {
    of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, r)| r["Properties"]["HttpMethod"] == http)
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("no {http} method"))
}

/// The statements of the default policy attached to the role `role`.
fn role_statements(t: &Value, role: &str) -> Value {
    of_type(t, "AWS::IAM::Policy")
        .into_iter()
        .find(|(_, p)| p["Properties"]["Roles"] == json!([{"Ref": role}]))
        .map(|(_, p)| p["Properties"]["PolicyDocument"]["Statement"].clone())
        .unwrap_or_else(|| panic!("no policy on {role}"))
}

fn template_of(arn: Value) -> Value {
    json!({"Fn::Join": ["", [
        "{\"input\": \"$util.escapeJavaScript($input.json('$'))\", \"stateMachineArn\": \"",
        arn,
        "\"}"
    ]]})
}

#[test]
fn start_sync_execution_runs_an_express_machine_with_one_action() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let quick = express(&stack, "Quick").build();
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_resource("quick").add_method(
        HttpMethod::Post,
        Integration::start_sync_execution(&quick).integration_response(
            IntegrationResponse::new("200")
                .response_template("application/json", "$input.path('$.output')"),
        ),
    );
    let t = stack.template().unwrap();
    let quick_id = quick.resource().logical_id();

    let post = &method(&t, "POST")["Properties"]["Integration"];
    assert_eq!(
        post["Uri"],
        json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:",
            {"Ref": "AWS::Region"}, ":states:action/StartSyncExecution"]]})
    );
    assert_eq!(post["Type"], "AWS");
    assert_eq!(post["IntegrationHttpMethod"], "POST");
    assert_eq!(post["PassthroughBehavior"], "NEVER");
    assert_eq!(
        post["RequestTemplates"]["application/json"],
        template_of(json!({"Ref": quick_id}))
    );
    let role = post["Credentials"]["Fn::GetAtt"][0].as_str().unwrap();
    assert_eq!(
        role_statements(&t, role),
        json!([{"Action": "states:StartSyncExecution", "Effect": "Allow",
                "Resource": {"Ref": quick_id}}])
    );
    assert_eq!(
        t["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "apigateway.amazonaws.com"})
    );
}

#[test]
fn start_execution_starts_the_alias_of_an_aliased_machine() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = StateMachine::new(&stack, "Orders", &Pass::new("Take"))
        .auto_publish_alias("live")
        .build();
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(
        HttpMethod::Post,
        Integration::start_execution(&machine).unescape_mapping_template(true),
    );
    let t = stack.template().unwrap();
    let alias_id = format!("{}Aliaslive", machine.resource().logical_id());
    let post = &method(&t, "POST")["Properties"]["Integration"];
    assert_eq!(
        post["RequestTemplates"]["application/json"],
        json!({"Fn::Join": ["", [
            "{\"input\": \"$util.escapeJavaScript($input.json('$')).replaceAll(\"\\\\'\",\"'\")\", \"stateMachineArn\": \"",
            {"Ref": alias_id},
            "\"}"
        ]]})
    );
    let role = post["Credentials"]["Fn::GetAtt"][0].as_str().unwrap();
    assert_eq!(
        role_statements(&t, role),
        json!([{"Action": "states:StartExecution", "Effect": "Allow",
                "Resource": {"Ref": alias_id}}])
    );
}

fn one_error(define: impl FnOnce(&Stack), expected: &str, path: &str) {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    define(&stack);
    let err = app.assemble().expect_err(expected);
    support::assert_one_diagnostic(&err, expected, path);
}

#[test]
fn what_aws_or_sam_reject_is_one_diagnostic_each() {
    // AWS refuses StartSyncExecution on a STANDARD machine.
    one_error(
        |stack| {
            let machine = StateMachine::new(stack, "Slow", &Pass::new("Wait")).build();
            RestApi::new(stack, "Api").build().root().add_method(
                HttpMethod::Post,
                Integration::start_sync_execution(&machine),
            );
        },
        "StartSyncExecution starts EXPRESS machines only, and `S/Slow` is STANDARD",
        "S/Api/Default/POST",
    );
    // AWS documents alias ARNs for StartExecution only: a synchronous start of an alias
    // could fail at run time, and starting the machine instead would bypass the alias.
    one_error(
        |stack| {
            let machine = express(stack, "Live").auto_publish_alias("live").build();
            RestApi::new(stack, "Api").build().root().add_method(
                HttpMethod::Post,
                Integration::start_sync_execution(&machine),
            );
        },
        "StartSyncExecution cannot start the alias of `S/Live`",
        "S/Api/Default/POST",
    );
    one_error(
        |stack| {
            use constructs::apigatewayv2::{HttpApi, HttpIntegration, RouteKey};
            let machine = express(stack, "Live").auto_publish_alias("live").build();
            HttpApi::new(stack, "Api").build().add_route(
                RouteKey::new(HttpMethod::Post, "/live"),
                HttpIntegration::start_sync_execution(&machine),
            );
        },
        "StartSyncExecution cannot start the alias of `S/Live`",
        "S/Api/POST--live/Integration",
    );
    // SAM's state machine `Api` event is StartExecution with SAM's own template and role.
    let sam_native = |integration: fn(&StateMachine) -> Integration, expected: &str| {
        one_error(
            |stack| {
                let machine = express(stack, "Quick").build();
                RestApi::new(stack, "Api")
                    .sam_native(true)
                    .build()
                    .root()
                    .add_method(HttpMethod::Post, integration(&machine));
            },
            expected,
            "S/Api/Default/POST",
        );
    };
    sam_native(
        Integration::start_sync_execution,
        "StartSyncExecution (a state machine's SAM Api event starts StartExecution only) cannot be expressed",
    );
    sam_native(
        |m| Integration::start_execution(m).request_template("application/json", "{}"),
        "a request template on a Step Functions integration cannot be expressed",
    );
    sam_native(
        |m| Integration::start_execution(m).timeout(Duration::from_secs(5)),
        "an integration timeout on a Step Functions integration cannot be expressed",
    );
    sam_native(
        |m| Integration::start_execution(m).integration_response(IntegrationResponse::new("202")),
        "an integration response on a Step Functions integration cannot be expressed",
    );
    one_error(
        |stack| {
            let f = Function::new(
                stack,
                "Fn",
                Runtime::PYTHON_3_13,
                Code::from_inline("def handler(e, c):\n    return {}\n"),
                "index.handler",
            )
            .build();
            RestApi::new(stack, "Api").build().root().add_method(
                HttpMethod::Get,
                Integration::lambda(&f).unescape_mapping_template(true),
            );
        },
        "unescape_mapping_template is only for Step Functions integrations",
        "S/Api/Default/GET",
    );
}

/// A SAM-native API: `POST /orders` starts the aliased STANDARD machine (IAM auth, API
/// key), `POST /audits` a plain one with the unescaping template behind a Lambda TOKEN
/// authorizer, `GET /hello` a function.
fn define_sam_native(app: &App) -> (StateMachine, StateMachine) {
    let stack = Stack::new(app, "SfnApi");
    let orders = StateMachine::new(&stack, "Orders", &Pass::new("Take"))
        .auto_publish_alias("live")
        .deployment_preference(DeploymentPreference::all_at_once())
        .build();
    let audits = StateMachine::new(&stack, "Audits", &Pass::new("Record")).build();
    let hello = Function::new(
        &stack,
        "Hello",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return {'statusCode': 200}\n"),
        "index.handler",
    )
    .build();
    let token_fn = Function::new(
        &stack,
        "TokenFn",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(e, c):\n    return {}\n"),
        "index.handler",
    )
    .build();
    let authorizer = Authorizer::token(&stack, "Token", &token_fn).build();
    let api = RestApi::new(&stack, "Api")
        .stage_name("Prod")
        .sam_native(true)
        .build();
    api.root().add_resource("orders").add_method_with(
        HttpMethod::Post,
        Integration::start_execution(&orders),
        MethodOptions::new()
            .authorization(Authorization::Iam)
            .api_key_required(true),
    );
    api.add_usage_plan("Plan")
        .build()
        .add_api_key(&api.add_api_key("Key").build());
    api.root().add_resource("audits").add_method_with(
        HttpMethod::Post,
        Integration::start_execution(&audits).unescape_mapping_template(true),
        MethodOptions::new().authorization(Authorization::custom(&authorizer)),
    );
    api.root()
        .add_resource("hello")
        .add_method(HttpMethod::Get, Integration::lambda(&hello));
    (orders, audits)
}

#[test]
fn a_sam_native_api_starts_machines_through_sam_api_events_as_the_translator_does() {
    let root = TempDir(std::env::temp_dir().join(format!("sfn-api-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    let (orders, audits) = define_sam_native(&app);
    app.write().expect("synthesizes");
    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()
    };
    let sam = read("SfnApi.sam.json");
    let plain = read("SfnApi.template.json");
    let orders_id = orders.resource().logical_id();
    let audits_id = audits.resource().logical_id();
    let api_id = "ApiF70053CD";

    // The SAM machines carry `Api` events on the SAM API.
    let events = &sam["Resources"][&orders_id]["Properties"]["Events"];
    assert_eq!(
        events,
        &json!({"ApiPOSTorders": {"Type": "Api", "Properties": {
            "Auth": {"ApiKeyRequired": true, "Authorizer": "AWS_IAM"},
            "Method": "POST", "Path": "/orders", "RestApiId": {"Ref": api_id}}}})
    );
    assert_eq!(
        sam["Resources"][&orders_id]["Properties"]["UseAliasAsEventTarget"],
        true
    );
    let events = &sam["Resources"][&audits_id]["Properties"]["Events"];
    assert_eq!(
        events,
        &json!({"ApiPOSTaudits": {"Type": "Api", "Properties": {
            "Auth": {"Authorizer": "SfnApiToken3F9FE3CA"},
            "Method": "POST", "Path": "/audits", "RestApiId": {"Ref": api_id},
            "UnescapeMappingTemplate": true}}})
    );

    // The plain template holds what the translator generates: the roles resource for
    // resource, and the methods with SAM's integration (compared by the differential).
    let translated = cdk_validators::sam_translate(&out.join("SfnApi.sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    for (machine, event, target) in [
        (&orders_id, "ApiPOSTorders", format!("{orders_id}Aliaslive")),
        (&audits_id, "ApiPOSTaudits", audits_id.clone()),
    ] {
        let role_id = format!("{machine}{event}Role");
        let ours = &plain["Resources"][&role_id];
        let theirs = &translated["Resources"][&role_id];
        assert!(theirs.is_object(), "the translation has no {role_id}");
        assert_eq!(
            ours["Properties"]["Policies"],
            json!([{"PolicyName": format!("{role_id}StartExecutionPolicy"),
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                        {"Action": "states:StartExecution", "Effect": "Allow",
                         "Resource": {"Ref": target}}]}}])
        );
        assert_eq!(
            theirs["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]["Resource"],
            json!({"Ref": target}),
            "{role_id}: the translation starts the same target"
        );
        assert_eq!(
            ours["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
            json!({"Service": "apigateway.amazonaws.com"})
        );
    }
    let post = of_type(&plain, "AWS::ApiGateway::Method")
        .into_iter()
        .find(|(_, m)| m["Properties"]["AuthorizationType"] == "AWS_IAM")
        .map(|(_, m)| m["Properties"].clone())
        .unwrap();
    assert_eq!(post["ApiKeyRequired"], true);
    assert_eq!(
        post["Integration"]["IntegrationResponses"],
        json!([{"SelectionPattern": "200", "StatusCode": "200"},
               {"SelectionPattern": "400", "StatusCode": "400"}])
    );
    assert_eq!(
        post["Integration"]["Credentials"],
        json!({"Fn::GetAtt": [format!("{orders_id}ApiPOSTordersRole"), "Arn"]})
    );
    assert!(post["Integration"].get("PassthroughBehavior").is_none());
    // No role of the method's own.
    assert_eq!(
        of_type(&plain, "AWS::IAM::Role").len(),
        of_type(&translated, "AWS::IAM::Role").len()
    );

    let report = cdk_validators::differential(&translated, &plain);
    assert!(
        report.is_empty(),
        "the translation and the plain template differ:\n{report}"
    );
    let files: Vec<PathBuf> = [
        "SfnApi.template.json",
        "SfnApi.template.yaml",
        "SfnApi.sam.json",
        "SfnApi.sam.yaml",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let validate = cdk_validators::sam_validate_lint(&out.join("SfnApi.sam.yaml"));
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );
    for f in ["SfnApi.template.json", "SfnApi.sam.json"] {
        assert_eq!(
            cdk_validators::assert_template_asl_valid(&read(f)),
            2,
            "{f}"
        );
    }
}

/// The differential sees a change to a state machine route's integration.
#[test]
fn the_differential_catches_a_changed_state_machine_route() {
    let root = TempDir(std::env::temp_dir().join(format!("sfn-api-d-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    define_sam_native(&app);
    app.write().expect("synthesizes");
    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()
    };
    let translated = cdk_validators::sam_translate(&out.join("SfnApi.sam.json")).unwrap();
    let plain = read("SfnApi.template.json");
    let methods: Vec<String> = of_type(&plain, "AWS::ApiGateway::Method")
        .into_iter()
        .filter(|(_, m)| m["Properties"]["Integration"]["Type"] == "AWS")
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(methods.len(), 2);
    let changes: Vec<(&str, Value)> = vec![
        ("PassthroughBehavior", json!("NEVER")),
        ("IntegrationResponses", json!([{"StatusCode": "200"}])),
        ("RequestTemplates", json!({"application/json": "{}"})),
    ];
    for (key, value) in changes {
        let mut changed = plain.clone();
        changed["Resources"][&methods[0]]["Properties"]["Integration"][key] = value;
        let d = cdk_validators::differential(&translated, &changed);
        assert!(
            d.differences.iter().any(|l| l.contains("route `POST")),
            "{key}: expected a route difference, got:\n{d}"
        );
    }
}

/// HTTP APIs: the first-class integrations `StepFunctions-StartExecution` and
/// `StepFunctions-StartSyncExecution`, each with a role allowed its one action; the real
/// tools on the stack.
#[test]
fn http_api_routes_start_machines_with_first_class_integrations() {
    use constructs::apigatewayv2::{HttpApi, HttpIntegration, RouteKey};
    let root = TempDir(std::env::temp_dir().join(format!("sfn-http-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&root.0);
    let out = root.0.join("synth-out");
    let app = App::with_out_dir(&out);
    let stack = Stack::new(&app, "SfnHttp");
    let quick = express(&stack, "Quick").build();
    let orders = StateMachine::new(&stack, "Orders", &Pass::new("Take"))
        .auto_publish_alias("live")
        .build();
    let api = HttpApi::new(&stack, "Api").build();
    api.add_route(
        RouteKey::new(HttpMethod::Post, "/quick"),
        HttpIntegration::start_sync_execution(&quick),
    );
    api.add_route(
        RouteKey::new(HttpMethod::Post, "/orders"),
        HttpIntegration::start_execution(&orders),
    );
    app.write().expect("synthesizes");
    let read = |f: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(f)).unwrap()).unwrap()
    };
    let t = read("SfnHttp.template.json");
    let integrations = of_type(&t, "AWS::ApiGatewayV2::Integration");
    assert_eq!(integrations.len(), 2);
    let by_subtype = |subtype: &str| -> Value {
        integrations
            .iter()
            .find(|(_, i)| i["Properties"]["IntegrationSubtype"] == subtype)
            .map(|(_, i)| i["Properties"].clone())
            .unwrap_or_else(|| panic!("no {subtype}"))
    };
    let quick_id = quick.resource().logical_id();
    let alias_id = format!("{}Aliaslive", orders.resource().logical_id());
    for (subtype, action, target) in [
        (
            "StepFunctions-StartSyncExecution",
            "states:StartSyncExecution",
            quick_id,
        ),
        (
            "StepFunctions-StartExecution",
            "states:StartExecution",
            alias_id,
        ),
    ] {
        let i = by_subtype(subtype);
        assert_eq!(i["IntegrationType"], "AWS_PROXY");
        assert_eq!(i["PayloadFormatVersion"], "1.0");
        assert_eq!(
            i["RequestParameters"],
            json!({"StateMachineArn": {"Ref": target}, "Input": "$request.body"})
        );
        let role = i["CredentialsArn"]["Fn::GetAtt"][0].as_str().unwrap();
        assert_eq!(
            role_statements(&t, role),
            json!([{"Action": action, "Effect": "Allow", "Resource": {"Ref": target}}])
        );
    }
    let files: Vec<PathBuf> = [
        "SfnHttp.template.json",
        "SfnHttp.template.yaml",
        "SfnHttp.sam.json",
        "SfnHttp.sam.yaml",
    ]
    .iter()
    .map(|f| out.join(f))
    .collect();
    let lint = cdk_validators::cfn_lint(&files);
    assert!(lint.success, "cfn-lint:\n{}", lint.output);
    let translated = cdk_validators::sam_translate(&out.join("SfnHttp.sam.json"))
        .unwrap_or_else(|e| panic!("aws-sam-translator rejected the SAM template:\n{e}"));
    let report = cdk_validators::differential(&translated, &t);
    assert!(report.is_empty(), "{report}");
    let validate = cdk_validators::sam_validate_lint(&out.join("SfnHttp.sam.yaml"));
    assert!(
        validate.success,
        "sam validate --lint:\n{}",
        validate.output
    );

    // StartSyncExecution of a STANDARD machine is refused.
    one_error(
        |stack| {
            let slow = StateMachine::new(stack, "Slow", &Pass::new("Wait")).build();
            HttpApi::new(stack, "Api").build().add_route(
                RouteKey::new(HttpMethod::Post, "/slow"),
                HttpIntegration::start_sync_execution(&slow),
            );
        },
        "StartSyncExecution starts EXPRESS machines only, and `S/Slow` is STANDARD",
        "S/Api/POST--slow/Integration",
    );
}
