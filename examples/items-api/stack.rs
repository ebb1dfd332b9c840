//! The items API: a REST API over a DynamoDB table, as the notes' API Gateway chapter
//! describes one.
//!
//! - `GET /items`, `GET /items/{id}`, `DELETE /items/{id}`: Lambda proxy integrations;
//!   `POST /items`: a Lambda **non-proxy** integration whose request template maps the body
//!   `{"userId": …, "userName": …}` to the function's event `{"id": …, "name": …}`, after
//!   API Gateway **validated** the body against the model `Item`;
//! - every method needs an **API key** of the usage plan (10 requests/s, 2 for `POST`, 1000
//!   a day) and a bearer token checked by a **Lambda TOKEN authorizer**
//!   (`Authorization: Bearer <token>`, the token being the stack parameter `ApiToken`);
//! - `GET /items/{id}` is **cached** (0.5 GB cluster, 300 s, keyed on the id, encrypted);
//! - **CORS** preflights on `/items` and below for one origin, and the API's own 4xx/5xx
//!   answers carry the CORS header too;
//! - the stage `prod` has a **canary** taking 10 % of the traffic, access logs, X-Ray tracing;
//! - the function is published behind the alias `live` and deployed by CodeDeploy
//!   (**AutoPublishAlias** + `Canary10Percent5Minutes`): the integrations and permissions
//!   name the alias, so traffic shifting applies to API calls.
//!
//! Deploy and call it:
//!
//! ```text
//! cargo run
//! sam deploy -t synth-out/ItemsApi.sam.yaml --stack-name items-api --resolve-s3 \
//!     --capabilities CAPABILITY_IAM --parameter-overrides ApiToken=<16+ characters>
//! KEY=$(aws apigateway get-api-key --include-value --api-key <ApiKeyId output> --query value --output text)
//! curl -H "x-api-key: $KEY" -H "Authorization: Bearer <token>" \
//!     -d '{"userId": "u1", "userName": "Ada"}' -H 'Content-Type: application/json' <ItemsUrl output>
//! ```
//!
//! The stage's logging makes the stack set the account's CloudWatch role for API Gateway
//! (`AWS::ApiGateway::Account`, one per account and Region; see
//! `RestApiBuilder::cloud_watch_role`).
//!
//! **The notes' mapping template** is `{"id": "$input.json('$.userId')", "name":
//! "$input.json('$.userName')"}`. `$input.json(…)` returns JSON, quotes included, so that
//! template renders `{"id": ""u1"", …}`, which Lambda refuses to parse. The template below is
//! the notes' with those extra quotes removed.
//!
//! **Releasing with the canary.** The first deployment serves everything from one
//! deployment. To canary a change, set `Canary::base_deployment_id` to the `DeploymentId`
//! output of the live stack, change the API, deploy: 10 % of the traffic goes to the new
//! deployment. Promote by removing the base id (the canary then shares the new deployment);
//! see `constructs::apigateway::Canary`.

use cdk_core::checks::Checks;
use cdk_core::{App, CfnOutput, CfnParameter, ParameterType, RemovalPolicy, Stack};
use constructs::apigateway::{
    AccessLogFormat, Authorization, Authorizer, CacheClusterSize, Canary, CorsOptions, HttpMethod,
    Integration, IntegrationResponse, LoggingLevel, MethodOptions, MethodSettings, Period,
    ResponseType, RestApi, StageOptions,
};
use constructs::dynamodb::{Attribute, Table};
use constructs::lambda::{Code, DeploymentPreference, Function, Runtime};
use constructs::logs::{LogGroup, RetentionDays};

/// The origin the browser front end is served from.
const ORIGIN: &str = "https://items.example.com";

/// The request template of `POST /items`: the notes' mapping, valid JSON (see above).
pub const CREATE_TEMPLATE: &str =
    "{\"id\": $input.json('$.userId'), \"name\": $input.json('$.userName')}";

/// Adds the `ItemsApi` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "ItemsApi");
    stack.set_description("A REST API over a DynamoDB table: keys, a Lambda authorizer, caching, a canary, CORS, validation");

    let token = CfnParameter::new(&stack, "ApiToken", ParameterType::String);
    token
        .no_echo(true)
        .min_length(16)
        .description("The bearer token the authorizer accepts (at least 16 characters)");

    let table = Table::new(&stack, "Items", Attribute::string("id"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();

    let items_fn = Function::new(
        &stack,
        "ItemsFunction",
        Runtime::PYTHON_3_14,
        Code::from_asset("items-api/items"),
        "app.handler",
    )
    .env("TABLE_NAME", table.table_name())
    .env("ALLOWED_ORIGIN", ORIGIN)
    .auto_publish_alias("live")
    .deployment_preference(DeploymentPreference::canary_10_percent_5_minutes())
    .build();
    table.grant_read_write_data(&items_fn);

    let authorizer_fn = Function::new(
        &stack,
        "AuthorizerFunction",
        Runtime::PYTHON_3_14,
        Code::from_asset("items-api/authorizer"),
        "app.handler",
    )
    .env("API_TOKEN", token.value_as_string())
    .build();
    let authorizer = Authorizer::token(&stack, "TokenAuthorizer", &authorizer_fn).build();

    let access_logs = LogGroup::new(&stack, "AccessLogs")
        .retention(RetentionDays::OneMonth)
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let api = RestApi::new(&stack, "Api")
        .description("Items over DynamoDB")
        .default_method_options(
            MethodOptions::new()
                .authorization(Authorization::custom(&authorizer))
                .api_key_required(true),
        )
        .deploy_options(
            StageOptions::new()
                .method_defaults(
                    MethodSettings::new()
                        .throttle(50.0, 100)
                        .metrics(true)
                        .logging_level(LoggingLevel::Error),
                )
                .cache_cluster(CacheClusterSize::Gb0_5)
                .access_log(&access_logs, AccessLogFormat::json_with_standard_fields())
                .tracing(true)
                .canary(Canary::new(10.0).use_stage_cache(false)),
        )
        .build();

    let model = api
        .add_model(
            "ItemModel",
            serde_json::json!({
                "title": "Item",
                "type": "object",
                "required": ["userId", "userName"],
                "properties": {
                    "userId": {"type": "string", "minLength": 1},
                    "userName": {"type": "string", "minLength": 1}
                },
                "additionalProperties": false
            }),
        )
        .model_name("Item")
        .build();
    let validator = api
        .add_request_validator("BodyValidator")
        .validate_request_body(true)
        .build();

    let function = items_fn.function();
    let items = api.root().add_resource("items");
    items.add_cors_preflight(
        CorsOptions::new([ORIGIN])
            .methods([HttpMethod::Get, HttpMethod::Post, HttpMethod::Delete])
            .max_age(600)
            .apply_to_children(true),
    );
    items.add_method(HttpMethod::Get, Integration::lambda(function));
    let allow_origin = format!("'{ORIGIN}'");
    let create = items.add_method_with(
        HttpMethod::Post,
        Integration::lambda_non_proxy(function)
            .request_template("application/json", CREATE_TEMPLATE)
            .integration_response(
                IntegrationResponse::new("201")
                    .response_parameter(
                        "method.response.header.Access-Control-Allow-Origin",
                        &allow_origin,
                    )
                    .response_template("application/json", "$input.json('$')"),
            )
            .integration_response(
                IntegrationResponse::new("500")
                    .selection_pattern(".+")
                    .response_parameter(
                        "method.response.header.Access-Control-Allow-Origin",
                        &allow_origin,
                    )
                    .response_template(
                        "application/json",
                        "{\"message\": \"Internal server error\"}",
                    ),
            ),
        MethodOptions::new()
            .request_model("application/json", &model)
            .request_validator(&validator),
    );
    let item = items.add_resource("{id}");
    let get_item = item.add_method(
        HttpMethod::Get,
        Integration::lambda(function).cache_key_parameter("method.request.path.id"),
    );
    item.add_method(HttpMethod::Delete, Integration::lambda(function));
    api.deployment_stage().add_method_settings(
        &get_item,
        MethodSettings::new()
            .caching(true)
            .cache_data_encrypted(true),
    );

    // Refusals by API Gateway itself (no key, bad token, throttled, invalid body) reach the
    // browser too.
    for (id, kind) in [
        ("Default4xx", ResponseType::Default4xx),
        ("Default5xx", ResponseType::Default5xx),
    ] {
        api.add_gateway_response(id, kind)
            .header("Access-Control-Allow-Origin", &allow_origin)
            .build();
    }

    let key = api
        .add_api_key("ApiKey")
        .description("items API client")
        .build();
    let plan = api
        .add_usage_plan("UsagePlan")
        .throttle(10.0, 20)
        // Writes are slower: 2 per second per key.
        .method_throttle(&create, 2.0, 5)
        .quota(1000, Period::Day)
        .build();
    plan.add_api_key(&key);

    CfnOutput::new(&stack, "ItemsUrl", api.url_for_path("/items"))
        .description("GET and POST here, GET and DELETE /items/{id}");
    CfnOutput::new(&stack, "ApiKeyId", key.key_id())
        .description("aws apigateway get-api-key --include-value --api-key <id> prints the key");
    CfnOutput::new(&stack, "DeploymentId", api.deployment().deployment_id())
        .description("The deployment the stage serves: the base of the next canary");
    CfnOutput::new(&stack, "TableName", table.table_name());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    crate::acks::codedeploy(&stack);
    Checks::of(&api).acknowledge(
        "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
        "the policy AWS maintains for API Gateway's account-level logging role (create log groups and streams, put events), which execution and access logging require",
    );
}
