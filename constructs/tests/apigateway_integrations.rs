//! `apigateway` integrations beyond the Lambda proxy: Lambda non-proxy with mapping
//! templates and integration responses, HTTP and HTTP proxy, the AWS service integrations
//! (SQS SendMessage, Step Functions StartExecution, DynamoDB) with their least-privilege
//! roles, the method responses and request parameters they need, the deployment hash, and
//! one diagnostic per mistake.

use std::time::Duration;

use cdk_core::{App, Stack};
use constructs::apigateway::{
    DynamoDbAction, HttpMethod, Integration, IntegrationResponse, MethodOptions, MethodResponse,
    PassthroughBehavior, RestApi,
};
use constructs::dynamodb::{Attribute, Table};
use constructs::iam::{Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use constructs::sqs::Queue;
use constructs::stepfunctions::{Pass, StateMachine};
use serde_json::{json, Value};

fn function(stack: &Stack, id: &str) -> Function {
    Function::new(
        stack,
        id,
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return event\n"),
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

fn method<'a>(t: &'a Value, http_method: &str) -> &'a Value {
    let m: Vec<_> = of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .filter(|(_, m)| m["Properties"]["HttpMethod"] == http_method)
        .collect();
    assert_eq!(m.len(), 1, "one {http_method} method");
    m[0].1
}

const NOTES_TEMPLATE: &str =
    "{\"id\": \"$input.json('$.userId')\", \"name\": \"$input.json('$.userName')\"}";

#[test]
fn lambda_non_proxy_maps_the_request_and_the_responses() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = Function::new(
        &stack,
        "Fn",
        Runtime::PYTHON_3_13,
        Code::from_inline("def handler(event, context):\n    return event\n"),
        "index.handler",
    )
    .auto_publish_alias("live")
    .build();
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_resource("users").add_method(
        HttpMethod::Post,
        Integration::lambda_non_proxy(f.function())
            .request_template("application/json", NOTES_TEMPLATE)
            .passthrough_behavior(PassthroughBehavior::WhenNoTemplates)
            .integration_response(
                IntegrationResponse::new("201")
                    .response_template("application/json", "$input.json('$')")
                    .response_parameter(
                        "method.response.header.Location",
                        "integration.response.body.id",
                    ),
            )
            .integration_response(IntegrationResponse::new("400").selection_pattern("Invalid.*")),
    );
    let t = stack.template().unwrap();
    let m = &method(&t, "POST")["Properties"];
    let i = &m["Integration"];
    assert_eq!(i["Type"], "AWS");
    assert_eq!(i["IntegrationHttpMethod"], "POST");
    assert_eq!(i["PassthroughBehavior"], "WHEN_NO_TEMPLATES");
    assert_eq!(
        i["RequestTemplates"],
        json!({"application/json": NOTES_TEMPLATE})
    );
    // The alias is invoked, as with the proxy integration.
    let uri = i["Uri"]["Fn::Join"][1].as_array().unwrap();
    assert!(
        uri.contains(&json!({"Ref": "Fn9270CBC0Aliaslive"})),
        "{uri:?}"
    );
    assert_eq!(
        i["IntegrationResponses"],
        json!([
            {"ResponseParameters": {"method.response.header.Location": "integration.response.body.id"},
             "ResponseTemplates": {"application/json": "$input.json('$')"}, "StatusCode": "201"},
            {"SelectionPattern": "Invalid.*", "StatusCode": "400"}
        ])
    );
    // Every status and header the integration maps is declared on the method.
    assert_eq!(
        m["MethodResponses"],
        json!([
            {"ResponseParameters": {"method.response.header.Location": false}, "StatusCode": "201"},
            {"StatusCode": "400"}
        ])
    );
    // The permissions, scoped to the method, name the alias.
    let perms = of_type(&t, "AWS::Lambda::Permission");
    assert_eq!(perms.len(), 2);
    for (_, p) in perms {
        assert_eq!(
            p["Properties"]["FunctionName"],
            json!({"Ref": "Fn9270CBC0Aliaslive"})
        );
    }
}

#[test]
fn lambda_non_proxy_defaults_hide_the_stack_trace() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = RestApi::new(&stack, "Api").build();
    api.root()
        .add_method(HttpMethod::Get, Integration::lambda_non_proxy(&f));
    let t = stack.template().unwrap();
    let m = &method(&t, "GET")["Properties"];
    assert_eq!(
        m["Integration"]["IntegrationResponses"],
        json!([
            {"StatusCode": "200"},
            {"ResponseTemplates": {"application/json": "{\"message\": \"Internal server error\"}"},
             "SelectionPattern": ".+", "StatusCode": "500"}
        ])
    );
    assert_eq!(
        m["MethodResponses"],
        json!([{"StatusCode": "200"}, {"StatusCode": "500"}])
    );
}

#[test]
fn http_and_http_proxy_integrations() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    let item = api.root().add_resource("items").add_resource("{id}");
    item.add_method(
        HttpMethod::Get,
        Integration::http(HttpMethod::Get, "https://backend.example/items/{id}")
            .request_parameter("integration.request.path.id", "method.request.path.id")
            .request_parameter("integration.request.header.X-Source", "'api'")
            .timeout(Duration::from_secs(5)),
    );
    api.root().add_resource("{proxy+}").add_method(
        HttpMethod::Any,
        Integration::http_proxy(HttpMethod::Any, "https://backend.example/{proxy}")
            .request_parameter(
                "integration.request.path.proxy",
                "method.request.path.proxy",
            ),
    );
    let t = stack.template().unwrap();
    let get = &method(&t, "GET")["Properties"];
    assert_eq!(
        get["Integration"],
        json!({
            "IntegrationHttpMethod": "GET",
            "IntegrationResponses": [
                {"StatusCode": "200"},
                {"SelectionPattern": "4\\d{2}", "StatusCode": "400"},
                {"SelectionPattern": "5\\d{2}", "StatusCode": "500"}
            ],
            "RequestParameters": {
                "integration.request.path.id": "method.request.path.id",
                "integration.request.header.X-Source": "'api'"
            },
            "TimeoutInMillis": 5000,
            "Type": "HTTP",
            "Uri": "https://backend.example/items/{id}"
        })
    );
    // The path parameter the integration reads is declared, required.
    assert_eq!(
        get["RequestParameters"],
        json!({"method.request.path.id": true})
    );
    let any = &method(&t, "ANY")["Properties"];
    assert_eq!(
        any["Integration"],
        json!({
            "IntegrationHttpMethod": "ANY",
            "RequestParameters": {"integration.request.path.proxy": "method.request.path.proxy"},
            "Type": "HTTP_PROXY",
            "Uri": "https://backend.example/{proxy}"
        })
    );
    assert_eq!(
        any["RequestParameters"],
        json!({"method.request.path.proxy": true})
    );
    assert!(any.get("MethodResponses").is_none());
}

/// The statements of the policy attached to the role `role`.
fn role_statements(t: &Value, role: &str) -> Value {
    let policies: Vec<_> = of_type(t, "AWS::IAM::Policy")
        .into_iter()
        .filter(|(_, p)| p["Properties"]["Roles"] == json!([{"Ref": role}]))
        .collect();
    assert_eq!(policies.len(), 1, "one policy on {role}");
    policies[0].1["Properties"]["PolicyDocument"]["Statement"].clone()
}

/// The role in the integration's `Credentials`, checked to trust API Gateway only.
fn credentials_role(t: &Value, http_method: &str) -> String {
    let c = &method(t, http_method)["Properties"]["Integration"]["Credentials"];
    let role = c["Fn::GetAtt"][0].as_str().expect("a role ARN").to_string();
    assert_eq!(c["Fn::GetAtt"][1], "Arn");
    assert_eq!(
        t["Resources"][&role]["Properties"]["AssumeRolePolicyDocument"]["Statement"],
        json!([{"Action": "sts:AssumeRole", "Effect": "Allow",
                "Principal": {"Service": "apigateway.amazonaws.com"}}])
    );
    role
}

fn aws_uri(service: &str, tail: Vec<Value>) -> Value {
    let mut parts = vec![
        json!("arn:"),
        json!({"Ref": "AWS::Partition"}),
        json!(":apigateway:"),
        json!({"Ref": "AWS::Region"}),
    ];
    let mut first = format!(":{service}:");
    let mut rest = tail.into_iter();
    if let Some(Value::String(s)) = rest.next() {
        first.push_str(&s);
        parts.push(json!(first));
    }
    parts.extend(rest);
    json!({"Fn::Join": ["", parts]})
}

#[test]
fn sqs_send_message_with_a_role_allowed_only_that() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let queue = Queue::new(&stack, "Jobs").build();
    let api = RestApi::new(&stack, "Api").build();
    api.root()
        .add_resource("jobs")
        .add_method(HttpMethod::Post, Integration::sqs_send_message(&queue));
    let t = stack.template().unwrap();
    let (queue_id, _) = of_type(&t, "AWS::SQS::Queue")[0];
    let i = &method(&t, "POST")["Properties"]["Integration"];
    assert_eq!(i["Type"], "AWS");
    assert_eq!(i["IntegrationHttpMethod"], "POST");
    assert_eq!(i["PassthroughBehavior"], "NEVER");
    assert_eq!(
        i["Uri"],
        aws_uri(
            "sqs",
            vec![
                json!("path/"),
                json!({"Ref": "AWS::AccountId"}),
                json!("/"),
                json!({"Fn::GetAtt": [queue_id, "QueueName"]})
            ]
        )
    );
    assert_eq!(
        i["RequestParameters"],
        json!({"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"})
    );
    assert_eq!(
        i["RequestTemplates"],
        json!({"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"})
    );
    let role = credentials_role(&t, "POST");
    assert_eq!(
        role_statements(&t, &role),
        json!([{"Action": "sqs:SendMessage", "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [queue_id, "Arn"]}}])
    );
    // The method waits for the role's policy.
    let (policy_id, _) = of_type(&t, "AWS::IAM::Policy")[0];
    let post = method(&t, "POST");
    assert!(post["DependsOn"]
        .as_array()
        .unwrap()
        .contains(&json!(policy_id)));
}

#[test]
fn start_execution_and_dynamodb_with_least_privilege() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let machine = StateMachine::new(&stack, "Flow", &Pass::new("Done")).build();
    let table = Table::new(&stack, "Items", Attribute::string("id")).build();
    let api = RestApi::new(&stack, "Api").build();
    api.root()
        .add_resource("runs")
        .add_method(HttpMethod::Post, Integration::start_execution(&machine));
    api.root().add_resource("{id}").add_method(
        HttpMethod::Get,
        Integration::dynamodb(
            &table,
            DynamoDbAction::GetItem,
            json!({"Key": {"id": {"S": "$input.params('id')"}}}),
        )
        .integration_response(IntegrationResponse::new("200").response_template(
            "application/json",
            "{\"id\": \"$input.path('$.Item.id.S')\"}",
        )),
    );
    let t = stack.template().unwrap();
    let (machine_id, _) = of_type(&t, "AWS::StepFunctions::StateMachine")[0];
    let (table_id, _) = of_type(&t, "AWS::DynamoDB::Table")[0];

    let post = &method(&t, "POST")["Properties"]["Integration"];
    assert_eq!(
        post["Uri"],
        aws_uri("states", vec![json!("action/StartExecution")])
    );
    assert_eq!(
        post["RequestTemplates"]["application/json"],
        json!({"Fn::Join": ["", [
            "{\"input\": \"$util.escapeJavaScript($input.json('$'))\", \"stateMachineArn\": \"",
            {"Ref": machine_id},
            "\"}"
        ]]})
    );
    let role = credentials_role(&t, "POST");
    assert_eq!(
        role_statements(&t, &role),
        json!([{"Action": "states:StartExecution", "Effect": "Allow",
                "Resource": {"Ref": machine_id}}])
    );

    let get = &method(&t, "GET")["Properties"];
    assert_eq!(
        get["Integration"]["Uri"],
        aws_uri("dynamodb", vec![json!("action/GetItem")])
    );
    assert_eq!(
        get["Integration"]["RequestTemplates"]["application/json"],
        json!({"Fn::Join": ["", [
            "{\"TableName\": \"",
            {"Ref": table_id},
            "\", \"Key\":{\"id\":{\"S\":\"$input.params('id')\"}}}"
        ]]})
    );
    let role = credentials_role(&t, "GET");
    assert_eq!(
        role_statements(&t, &role),
        json!([{"Action": "dynamodb:GetItem", "Effect": "Allow",
                "Resource": {"Fn::GetAtt": [table_id, "Arn"]}}])
    );
    // A role per integration: two roles, each with its one statement.
    assert_eq!(
        of_type(&t, "AWS::IAM::Role").len(),
        3,
        "machine + 2 integrations"
    );
    assert_eq!(get["MethodResponses"], json!([{"StatusCode": "200"}]));
}

#[test]
fn a_given_credentials_role_gets_the_statement() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let queue = Queue::new(&stack, "Jobs").build();
    let role = Role::new(
        &stack,
        "ApiRole",
        Principal::service("apigateway.amazonaws.com"),
    )
    .build();
    let api = RestApi::new(&stack, "Api").build();
    api.root().add_method(
        HttpMethod::Post,
        Integration::sqs_send_message(&queue).credentials_role(&role),
    );
    let t = stack.template().unwrap();
    assert_eq!(of_type(&t, "AWS::IAM::Role").len(), 1);
    let role_id = credentials_role(&t, "POST");
    assert_eq!(
        t["Resources"][&role_id]["Metadata"]["aws:cdk:path"],
        "S/ApiRole/Resource"
    );
    assert_eq!(
        role_statements(&t, &role_id)[0]["Action"],
        "sqs:SendMessage"
    );
}

fn deployment_of(define: impl Fn(&Stack, &RestApi)) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let api = RestApi::new(&stack, "Api").build();
    define(&stack, &api);
    let t = stack.template().unwrap();
    let d = of_type(&t, "AWS::ApiGateway::Deployment");
    assert_eq!(d.len(), 1);
    d[0].0.clone()
}

#[test]
fn the_deployment_id_changes_exactly_when_an_integration_does() {
    type Change = fn(Integration) -> Integration;
    let with = |change: Change| {
        move |stack: &Stack, api: &RestApi| {
            let f = function(stack, "Fn");
            let queue = Queue::new(stack, "Jobs").build();
            let other = Queue::new(stack, "Other").build();
            let _ = other;
            let items = api.root().add_resource("items");
            items.add_method(
                HttpMethod::Post,
                change(
                    Integration::lambda_non_proxy(&f)
                        .request_template("application/json", NOTES_TEMPLATE),
                ),
            );
            items.add_method(HttpMethod::Put, Integration::sqs_send_message(&queue));
            items.add_method(
                HttpMethod::Get,
                Integration::http(HttpMethod::Get, "https://backend.example/items"),
            );
        }
    };
    let base = deployment_of(with(|i| i));
    assert_eq!(base, deployment_of(with(|i| i)), "same API, same ID");
    let changes: Vec<(&str, Change)> = vec![
        ("template", |i| i.request_template("application/json", "{}")),
        ("another content type", |i| {
            i.request_template("text/plain", "x")
        }),
        ("passthrough", |i| {
            i.passthrough_behavior(PassthroughBehavior::Never)
        }),
        ("timeout", |i| i.timeout(Duration::from_secs(3))),
        ("response", |i| {
            i.integration_response(IntegrationResponse::new("200"))
        }),
        ("request parameter", |i| {
            i.request_parameter("integration.request.header.X", "'y'")
        }),
    ];
    for (what, change) in changes {
        assert_ne!(base, deployment_of(with(change)), "{what} must redeploy");
    }
    // The integration's kind and target.
    let proxy = deployment_of(|stack, api| {
        let f = function(stack, "Fn");
        api.root()
            .add_method(HttpMethod::Get, Integration::lambda(&f));
    });
    let non_proxy = deployment_of(|stack, api| {
        let f = function(stack, "Fn");
        api.root()
            .add_method(HttpMethod::Get, Integration::lambda_non_proxy(&f));
    });
    assert_ne!(proxy, non_proxy);
    let to = |url: &'static str| {
        deployment_of(move |_, api| {
            api.root()
                .add_method(HttpMethod::Get, Integration::http(HttpMethod::Get, url));
        })
    };
    assert_ne!(to("https://a.example/"), to("https://b.example/"));
    let queue = |name: &'static str| {
        deployment_of(move |stack, api| {
            let q = Queue::new(stack, name).build();
            api.root()
                .add_method(HttpMethod::Post, Integration::sqs_send_message(&q));
        })
    };
    assert_ne!(queue("A"), queue("B"), "another queue");
    assert_eq!(queue("A"), queue("A"));
    // Declared method responses and request parameters are part of it too.
    let declared = deployment_of(|stack, api| {
        let f = function(stack, "Fn");
        api.root().add_method_with(
            HttpMethod::Get,
            Integration::lambda_non_proxy(&f),
            MethodOptions::new()
                .method_response(
                    MethodResponse::new("200").response_model("application/json", "Empty"),
                )
                .request_parameter("method.request.querystring.q", true),
        );
    });
    assert_ne!(non_proxy, declared);
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
fn each_integration_mistake_is_one_diagnostic() {
    let on_root = |integration: fn(&Stack) -> Integration, message: &str| {
        one_error(
            |stack| {
                let api = RestApi::new(stack, "Api").build();
                api.root().add_method(HttpMethod::Post, integration(stack));
            },
            "S/Api/Default/POST",
            message,
        );
    };
    on_root(
        |s| Integration::lambda(&function(s, "Fn")).request_template("application/json", "{}"),
        "Lambda proxy integration takes no integration responses, request templates",
    );
    on_root(
        |_| {
            Integration::http_proxy(HttpMethod::Any, "https://x.example")
                .passthrough_behavior(PassthroughBehavior::Never)
        },
        "HTTP proxy integration takes no",
    );
    on_root(
        |_| Integration::http(HttpMethod::Get, "ftp://x.example"),
        "is not an HTTP integration URL",
    );
    on_root(
        |_| Integration::http(HttpMethod::Get, "https://"),
        "is not an HTTP integration URL",
    );
    on_root(
        |_| {
            Integration::http(HttpMethod::Get, "https://x.example")
                .request_parameter("method.request.path.id", "'x'")
        },
        "is not an integration request parameter",
    );
    on_root(
        |_| {
            Integration::http(HttpMethod::Get, "https://x.example")
                .request_parameter("integration.request.header.X", "request.header.X")
        },
        "is not a request parameter source",
    );
    on_root(
        |_| {
            Integration::http(HttpMethod::Get, "https://x.example").timeout(Duration::from_secs(30))
        },
        "outside API Gateway's 50-29000 ms",
    );
    on_root(
        |s| {
            let role = Role::new(s, "R", Principal::service("apigateway.amazonaws.com")).build();
            Integration::lambda_non_proxy(&function(s, "Fn")).credentials_role(&role)
        },
        "credentials role is only for AWS service integrations",
    );
    on_root(
        |s| Integration::sqs_send_message(&Queue::new(s, "Jobs").fifo(true).build()),
        "is FIFO, and SendMessage to it needs a MessageGroupId",
    );
    on_root(
        |s| {
            let table = Table::new(s, "T", Attribute::string("id")).build();
            Integration::dynamodb(&table, DynamoDbAction::PutItem, json!(["not", "an object"]))
        },
        "the PutItem request is not a JSON object",
    );
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method_with(
                HttpMethod::Get,
                Integration::mock(),
                MethodOptions::new().request_parameter("querystring.q", true),
            );
        },
        "S/Api/Default/GET",
        "is not a method request parameter",
    );
}

#[test]
fn a_fifo_queue_with_its_own_template_is_accepted() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let queue = Queue::new(&stack, "Jobs").fifo(true).build();
    let api = RestApi::new(&stack, "Api").build();
    let template = "Action=SendMessage&MessageGroupId=api&MessageDeduplicationId=$context.requestId&MessageBody=$util.urlEncode($input.body)";
    api.root().add_method(
        HttpMethod::Post,
        Integration::sqs_send_message(&queue).request_template("application/json", template),
    );
    let t = stack.template().unwrap();
    assert_eq!(
        method(&t, "POST")["Properties"]["Integration"]["RequestTemplates"],
        json!({"application/json": template})
    );
}

#[test]
fn cache_key_parameters_are_declared_and_hashed() {
    let define = |key: bool| {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        let api = RestApi::new(&stack, "Api").build();
        let f = function(&stack, "Fn");
        let mut integration = Integration::lambda(&f);
        if key {
            integration = integration.cache_key_parameter("method.request.path.id");
        }
        api.root()
            .add_resource("{id}")
            .add_method(HttpMethod::Get, integration);
        stack.template().unwrap()
    };
    let t = define(true);
    let m = &method(&t, "GET")["Properties"];
    assert_eq!(
        m["Integration"]["CacheKeyParameters"],
        json!(["method.request.path.id"])
    );
    assert_eq!(
        m["RequestParameters"],
        json!({"method.request.path.id": true})
    );
    let id = |t: &Value| of_type(t, "AWS::ApiGateway::Deployment")[0].0.clone();
    assert_ne!(id(&t), id(&define(false)));
    one_error(
        |stack| {
            let api = RestApi::new(stack, "Api").build();
            api.root().add_method(
                HttpMethod::Post,
                Integration::mock().cache_key_parameter("path.id"),
            );
        },
        "S/Api/Default/POST",
        "is not a method request parameter (cache key)",
    );
}

#[test]
fn an_http_url_built_from_a_reference_is_taken_and_hashed_by_path() {
    let define = |extra: bool, attr: &str| {
        let app = App::new();
        let stack = Stack::new(&app, "S");
        if extra {
            Queue::new(&stack, "Unrelated").build();
        }
        let lb =
            cdk_core::CfnResource::new(&stack, "Lb", "AWS::ElasticLoadBalancingV2::LoadBalancer");
        let url = cdk_core::fns::join(
            "",
            [
                cdk_core::Str::from("http://"),
                lb.get_att(attr),
                "/items".into(),
            ],
        );
        let api = RestApi::new(&stack, "Api").build();
        api.root().add_method(
            HttpMethod::Get,
            Integration::http_proxy(HttpMethod::Get, url),
        );
        let t = stack.template().unwrap();
        (
            method(&t, "GET")["Properties"]["Integration"]["Uri"].clone(),
            of_type(&t, "AWS::ApiGateway::Deployment")[0].0.clone(),
        )
    };
    let (uri, id) = define(false, "DNSName");
    assert_eq!(
        uri,
        json!({"Fn::Join": ["", ["http://", {"Fn::GetAtt": ["Lb", "DNSName"]}, "/items"]]})
    );
    assert_eq!(
        id,
        define(true, "DNSName").1,
        "unrelated constructs change nothing"
    );
    assert_ne!(
        id,
        define(false, "CanonicalHostedZoneID").1,
        "another URL redeploys"
    );
}
