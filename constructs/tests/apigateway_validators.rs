//! The real output of a REST API (Lambda proxy and mock methods, a greedy proxy, IAM
//! authorization and an invoke grant, an API key and a usage plan, a regional endpoint,
//! stage variables, CORS preflights on a resource and its children, a Lambda TOKEN authorizer
//! as the API's default and a Cognito one on a method, a Lambda non-proxy integration with a
//! mapping template, HTTP and HTTP proxy integrations, SQS, Step Functions and DynamoDB
//! service integrations with their roles, a model and a request validator, stage settings
//! (method settings for all and one method, a cache cluster, access logs, tracing, a canary,
//! the account's CloudWatch role), gateway responses, a custom domain, the URL as an output) passes cfn-lint with no finding in every template
//! (plain and SAM, JSON and YAML), the SAM template translates with aws-sam-translator,
//! keeping the API's resources, the translation agrees with the plain template (the
//! differential check), and `sam validate --lint` is clean.

mod support;

use std::path::PathBuf;

use cdk_core::{App, CfnOutput, Stack};
use constructs::apigateway::{
    AccessLogFormat, Authorization, Authorizer, CacheClusterSize, Canary, CorsOptions, DomainName,
    DynamoDbAction, EndpointType, HttpMethod, Integration, IntegrationResponse, LoggingLevel,
    MethodOptions, MethodResponse, MethodSettings, Period, ResponseType, RestApi, StageOptions,
};
use constructs::dynamodb::{Attribute, Table};
use constructs::iam::{Principal, Role};
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::LogGroup;
use constructs::sqs::Queue;
use constructs::stepfunctions::{Pass, StateMachine};

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn define(app: &App) {
    let stack = Stack::new(app, "ItemsApi");
    let py = |id: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_13,
            Code::from_inline(
                "import json\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event.get('path'))}\n",
            ),
            "index.handler",
        )
    };
    let list = py("ListItems").build();
    let auth_fn = py("TokenAuth").build();
    let authorizer = Authorizer::token(&stack, "TokenAuthorizer", &auth_fn)
        .results_cache_ttl(60)
        .build();
    let pool = Authorizer::cognito(
        &stack,
        "PoolAuthorizer",
        ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example"],
    )
    .build();
    let get = py("GetItem").auto_publish_alias("live").build();
    let access_logs = LogGroup::new(&stack, "AccessLogs").build();
    let api = RestApi::new(&stack, "Api")
        .description("items")
        .endpoint_type(EndpointType::Regional)
        .stage_variable("env", "prod")
        .deploy_options(
            StageOptions::new()
                .method_defaults(
                    MethodSettings::new()
                        .throttle(100.0, 200)
                        .metrics(true)
                        .logging_level(LoggingLevel::Error),
                )
                .method_settings(
                    "/items",
                    HttpMethod::Get,
                    MethodSettings::new()
                        .caching(true)
                        .cache_ttl(std::time::Duration::from_secs(300))
                        .cache_data_encrypted(true),
                )
                .cache_cluster(CacheClusterSize::Gb0_5)
                .access_log(&access_logs, AccessLogFormat::json_with_standard_fields())
                .tracing(true)
                .canary(
                    Canary::new(10.0)
                        .stage_variable_override("env", "canary")
                        .use_stage_cache(false),
                ),
        )
        .default_method_options(
            MethodOptions::new().authorization(Authorization::custom(&authorizer)),
        )
        .build();
    let items = api.root().add_resource("items");
    items.add_method_with(
        HttpMethod::Get,
        Integration::lambda(&list),
        MethodOptions::new().api_key_required(true),
    );
    items.add_cors_preflight(
        CorsOptions::new(["https://app.example", "https://admin.example"])
            .allow_credentials(true)
            .max_age(600)
            .apply_to_children(true),
    );
    let item = items.add_resource("{id}");
    let get_item = item.add_method_with(
        HttpMethod::Get,
        Integration::lambda(get.function()),
        MethodOptions::new().authorization(Authorization::Iam),
    );
    api.deployment_stage().add_method_settings(
        &get_item,
        MethodSettings::new()
            .caching(true)
            .cache_ttl(std::time::Duration::from_secs(60)),
    );
    item.add_resource("{proxy+}")
        .add_method(HttpMethod::Any, Integration::lambda(&list));
    item.add_method_with(
        HttpMethod::Delete,
        Integration::lambda(&list),
        MethodOptions::new().authorization(Authorization::custom(&pool)),
    );
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
    // Lambda non-proxy with the notes' mapping template, HTTP and HTTP proxy, and the AWS
    // service integrations with their roles.
    // The body is validated against a model before the function runs.
    let model = api
        .add_model(
            "UserModel",
            serde_json::json!({
                "type": "object",
                "required": ["userId", "userName"],
                "properties": {"userId": {"type": "string"}, "userName": {"type": "string"}}
            }),
        )
        .model_name("User")
        .build();
    let validator = api
        .add_request_validator("Validator")
        .validate_request_body(true)
        .validate_request_parameters(true)
        .build();
    items.add_method_with(
        HttpMethod::Post,
        Integration::lambda_non_proxy(&list).request_template(
            "application/json",
            "{\"id\": \"$input.json('$.userId')\", \"name\": \"$input.json('$.userName')\"}",
        ),
        MethodOptions::new()
            .request_model("application/json", &model)
            .request_parameter("method.request.header.X-Request-Source", false)
            .request_validator(&validator),
    );
    let machine = StateMachine::new(&stack, "Flow", &Pass::new("Done")).build();
    api.root()
        .add_resource("runs")
        .add_method(HttpMethod::Post, Integration::start_execution(&machine));
    let queue = Queue::new(&stack, "Jobs").build();
    api.root()
        .add_resource("jobs")
        .add_method(HttpMethod::Post, Integration::sqs_send_message(&queue));
    let table = Table::new(&stack, "Records", Attribute::string("id")).build();
    api.root()
        .add_resource("records")
        .add_resource("{key}")
        .add_method(
            HttpMethod::Get,
            Integration::dynamodb(
                &table,
                DynamoDbAction::GetItem,
                serde_json::json!({"Key": {"id": {"S": "$input.params('key')"}}}),
            )
            .integration_response(IntegrationResponse::new("200").response_template(
                "application/json",
                "{\"id\": \"$input.path('$.Item.id.S')\"}",
            )),
        );
    let backend = api.root().add_resource("backend");
    backend.add_method(
        HttpMethod::Get,
        Integration::http(HttpMethod::Get, "https://example.com/status")
            .timeout(std::time::Duration::from_secs(10)),
    );
    backend.add_resource("{proxy+}").add_method(
        HttpMethod::Any,
        Integration::http_proxy(HttpMethod::Any, "https://example.com/{proxy}").request_parameter(
            "integration.request.path.proxy",
            "method.request.path.proxy",
        ),
    );
    // Browsers see the API's own errors of cross-origin calls.
    api.add_gateway_response("Default4xx", ResponseType::Default4xx)
        .header("Access-Control-Allow-Origin", "'https://app.example'")
        .build();
    api.add_gateway_response("Throttled", ResponseType::Throttled)
        .status_code("429")
        .template(
            "application/json",
            "{\"message\": $context.error.messageString}",
        )
        .build();
    // The stage under a custom domain.
    let domain = DomainName::new(
        &stack,
        "Domain",
        "api.example.com",
        "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
    )
    .build();
    domain.add_base_path_mapping(&api, Some("items"));
    CfnOutput::new(&stack, "DomainTarget", domain.target_domain_name());
    let caller = Role::new(&stack, "Caller", Principal::service("lambda.amazonaws.com")).build();
    get_item.grant_invoke(&caller);
    let key = api.add_api_key("Key").description("items key").build();
    let plan = api
        .add_usage_plan("Plan")
        .throttle(10.0, 20)
        .quota(1000, Period::Day)
        .build();
    plan.add_api_key(&key);
    CfnOutput::new(&stack, "ApiUrl", api.url());
    CfnOutput::new(&stack, "ItemsUrl", api.url_for_path("/items"));
}

#[test]
fn rest_api_templates_pass_cfn_lint_and_sam_translates() {
    let base =
        TempDir(std::env::temp_dir().join(format!("apigw-validators-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&base.0);
    let out = base.0.join("out");
    let app = App::with_out_dir(&out);
    define(&app);
    app.write().expect("the stack synthesizes");

    // cfn-lint, the translation (its functions, alias and permissions agree with the plain
    // template's; the API's resources are the same objects in both) and sam validate --lint.
    let (translated, plain) = support::assert_real_tools_accept(&out, "ItemsApi", 3);
    let count = |t: &serde_json::Value, prefix: &str| {
        t["Resources"]
            .as_object()
            .unwrap()
            .values()
            .filter(|r| r["Type"].as_str().unwrap().starts_with(prefix))
            .count()
    };
    // The translator passes the API through untouched: the same API Gateway resources and
    // Lambda permissions as the plain template.
    for prefix in ["AWS::ApiGateway::", "AWS::Lambda::Permission"] {
        assert_eq!(
            count(&translated, prefix),
            count(&plain, prefix),
            "{prefix}"
        );
    }
    // 14, the CORS preflights of /items, /items/{id} and /items/{id}/{proxy+}, the two
    // authorizers and DELETE /items/{id} (20); POST /items, and the six resources and
    // methods of /runs, /jobs, /records/{key}, /backend and /backend/{proxy+}; a model and
    // a request validator; the account's CloudWatch settings (logging is on); two gateway
    // responses; a domain name and its base path mapping.
    assert_eq!(count(&plain, "AWS::ApiGateway::"), 39);
}

/// A SAM-native REST API (`sam_native(true)`) with everything SAM's `AWS::Serverless::Api`
/// and `Api` events express: Lambda proxy methods (one on an aliased function, one with a
/// timeout, `ANY` on the root and a greedy proxy), a Lambda TOKEN authorizer as the API's
/// default, a REQUEST and a Cognito authorizer on methods, IAM authorization with a grant,
/// an API key requirement with a usage plan and key, a regional endpoint, stage variables,
/// method settings for all and one method, a cache cluster, access logs (and the account's
/// CloudWatch role), tracing, a canary, gateway responses, a custom domain and URL outputs; a
/// model and a request validator on a method, request parameters.
fn define_sam_native(app: &App) {
    let stack = Stack::new(app, "SamItemsApi");
    let py = |id: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_13,
            Code::from_inline(
                "import json\ndef handler(event, context):\n    return {'statusCode': 200, 'body': json.dumps(event.get('path'))}\n",
            ),
            "index.handler",
        )
    };
    let list = py("ListItems").build();
    let auth_fn = py("TokenAuth").build();
    let request_fn = py("RequestAuth").build();
    let token = Authorizer::token(&stack, "TokenAuthorizer", &auth_fn)
        .results_cache_ttl(60)
        .build();
    let request = Authorizer::request(&stack, "RequestAuthorizer", &request_fn)
        .identity_source("method.request.header.X-Tenant,method.request.querystring.key")
        .build();
    let pool = Authorizer::cognito(
        &stack,
        "PoolAuthorizer",
        ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example"],
    )
    .build();
    let get = py("GetItem").auto_publish_alias("live").build();
    let access_logs = LogGroup::new(&stack, "AccessLogs").build();
    let api = RestApi::new(&stack, "Api")
        .sam_native(true)
        .description("items")
        .endpoint_type(EndpointType::Regional)
        .stage_name("Prod")
        .stage_variable("env", "prod")
        .deploy_options(
            StageOptions::new()
                .method_defaults(
                    MethodSettings::new()
                        .throttle(100.0, 200)
                        .metrics(true)
                        .logging_level(LoggingLevel::Error),
                )
                .method_settings(
                    "/items",
                    HttpMethod::Get,
                    MethodSettings::new()
                        .caching(true)
                        .cache_ttl(std::time::Duration::from_secs(300)),
                )
                .cache_cluster(CacheClusterSize::Gb0_5)
                .access_log(&access_logs, AccessLogFormat::json_with_standard_fields())
                .tracing(true)
                .canary(Canary::new(10.0).stage_variable_override("env", "canary")),
        )
        .default_method_options(MethodOptions::new().authorization(Authorization::custom(&token)))
        .build();
    api.root().add_method_with(
        HttpMethod::Any,
        Integration::lambda(&list),
        MethodOptions::new().authorization(Authorization::None),
    );
    let items = api.root().add_resource("items");
    let item_model = api
        .add_model(
            "ItemModel",
            serde_json::json!({"type": "object", "required": ["name"],
                "properties": {"name": {"type": "string"}}}),
        )
        .build();
    let body_and_params = api
        .add_request_validator("BodyAndParams")
        .validate_request_body(true)
        .validate_request_parameters(true)
        .build();
    items.add_method_with(
        HttpMethod::Get,
        Integration::lambda(&list).timeout(std::time::Duration::from_secs(10)),
        MethodOptions::new()
            .api_key_required(true)
            .request_parameter("method.request.querystring.limit", false),
    );
    items.add_method_with(
        HttpMethod::Post,
        Integration::lambda(&list),
        MethodOptions::new()
            .authorization(Authorization::custom(&request))
            .request_model("application/json", &item_model)
            .request_validator(&body_and_params)
            .request_parameter("method.request.header.X-Tenant", true),
    );
    let item = items.add_resource("{id}");
    let get_item = item.add_method_with(
        HttpMethod::Get,
        Integration::lambda(get.function()),
        MethodOptions::new().authorization(Authorization::Iam),
    );
    item.add_method_with(
        HttpMethod::Delete,
        Integration::lambda(&list),
        MethodOptions::new().authorization(Authorization::custom(&pool)),
    );
    item.add_resource("{proxy+}")
        .add_method(HttpMethod::Any, Integration::lambda(&list));
    let caller = Role::new(&stack, "Caller", Principal::service("lambda.amazonaws.com")).build();
    get_item.grant_invoke(&caller);
    let domain = DomainName::new(
        &stack,
        "Domain",
        "api.example.com",
        "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
    )
    .build();
    domain.add_base_path_mapping(&api, Some("items"));
    api.add_gateway_response("Default4xx", ResponseType::Default4xx)
        .header("Access-Control-Allow-Origin", "'*'")
        .template(
            "application/json",
            "{\"message\": $context.error.messageString}",
        )
        .build();
    api.add_gateway_response("Throttled", ResponseType::Throttled)
        .status_code("429")
        .build();
    let key = api.add_api_key("Key").description("items key").build();
    let plan = api
        .add_usage_plan("Plan")
        .throttle(10.0, 20)
        .quota(1000, Period::Day)
        .build();
    plan.add_api_key(&key);
    CfnOutput::new(&stack, "ItemsUrl", api.url_for_path("/items"));
}

#[test]
fn a_sam_native_rest_api_passes_the_validators_and_agrees_with_its_plain_twin() {
    let base =
        TempDir(std::env::temp_dir().join(format!("apigw-sam-native-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&base.0);
    let out = base.0.join("out");
    let app = App::with_out_dir(&out);
    define_sam_native(&app);
    app.write().expect("the stack synthesizes");
    let files = support::stack_files(&out, "SamItemsApi");
    let (translated, _) = support::assert_real_tools_accept(&out, "SamItemsApi", 4);

    let read = |f: &PathBuf| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap()
    };
    let sam = read(&files[2]);
    let types = |t: &serde_json::Value, ty: &str| {
        support::of_type(t, ty)
            .into_iter()
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>()
    };
    // The SAM template: one AWS::Serverless::Api, no plain API resources but the ones SAM
    // does not model (usage plan, key, domain, the account's role).
    assert_eq!(types(&sam, "AWS::Serverless::Api"), ["ApiF70053CD"]);
    for ty in [
        "RestApi",
        "Resource",
        "Method",
        "Deployment",
        "Stage",
        "Authorizer",
    ] {
        assert!(
            types(&sam, &format!("AWS::ApiGateway::{ty}")).is_empty(),
            "{ty}"
        );
    }
    let events: usize = sam["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|r| r["Properties"]["Events"].as_object())
        .map(|e| e.values().filter(|e| e["Type"] == "Api").count())
        .sum();
    assert_eq!(events, 6, "one Api event per method");

    // The model and the validator are in the `Body`, as SAM names them.
    let body = &translated["Resources"]["ApiF70053CD"]["Properties"]["Body"];
    assert_eq!(
        body["components"]["schemas"]["itemmodel"]["required"],
        serde_json::json!(["name"])
    );
    assert_eq!(
        body["paths"]["/items"]["post"]["x-amazon-apigateway-request-validator"],
        "body-and-params"
    );
    // SAM created only the API's own stage (no `Stage` stage).
    assert_eq!(
        types(&translated, "AWS::ApiGateway::Stage"),
        ["ApiF70053CDProdStage"]
    );

    // `sam local start-api` serves every route from the SAM template.
    let routes = cdk_validators::sam_local_routes(&files[3]).unwrap_or_else(|e| panic!("{e}"));
    // (SAM CLI merges the methods of one function on one path, and expands ANY.)
    let any = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
    assert_eq!(
        routes,
        serde_json::json!({"stage": "Prod", "routes": [
            ["GetItemEC730894", ["GET"], "/items/{id}"],
            ["ListItems4EABB8ED", ["DELETE"], "/items/{id}"],
            ["ListItems4EABB8ED", any, "/"],
            ["ListItems4EABB8ED", any, "/items/{id}/{proxy+}"],
            ["ListItems4EABB8ED", ["GET", "POST"], "/items"]
        ]})
    );
}
