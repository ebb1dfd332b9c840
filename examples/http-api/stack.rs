//! An HTTP API behind a JWT authorizer: a Cognito user pool's tokens (the pool and app client
//! given as stack parameters) are checked by API Gateway itself before the Python function
//! runs. `GET /items` and `GET /items/{id}` need a token (the API's default authorization);
//! `GET /health` does not. Deploy with `sam deploy --parameter-overrides
//! UserPoolId=<region>_<id> UserPoolClientId=<client id>`, then call
//! `curl -H "Authorization: <id or access token>" <ApiUrl>items`.
//!
//! The API is SAM-native: the SAM template holds an `AWS::Serverless::HttpApi` and the
//! function's `HttpApi` events, so `sam local start-api` serves the routes from it.

use cdk_core::{App, CfnOutput, CfnParameter, ParameterType, Stack};
use constructs::apigatewayv2::{
    AccessLog, CorsPreflight, HttpApi, HttpAuthorization, HttpAuthorizer, HttpIntegration,
    HttpMethod, RouteKey, RouteOptions, StageOptions,
};
use constructs::checks::Checks;
use constructs::lambda::{Code, Function, Runtime};
use constructs::logs::LogGroup;

/// Adds the `HttpApi` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "HttpApi");
    stack.set_description("An HTTP API whose routes need a Cognito user pool's JWT");
    let pool = CfnParameter::new(&stack, "UserPoolId", ParameterType::String);
    pool.description("The id of the Cognito user pool whose tokens the API accepts")
        .allowed_pattern("[\\w-]+_[0-9a-zA-Z]+");
    let client = CfnParameter::new(&stack, "UserPoolClientId", ParameterType::String);
    client
        .description("The app client the tokens must be issued to")
        .allowed_pattern("[\\w+]+");

    let items = Function::new(
        &stack,
        "Items",
        Runtime::PYTHON_3_14,
        Code::from_asset("http-api/lambda"),
        "items.handler",
    )
    .build();
    let users =
        HttpAuthorizer::cognito("Users", pool.value_as_string(), [client.value_as_string()])
            .build();
    let access_logs = LogGroup::new(&stack, "AccessLogs").build();
    let api = HttpApi::new(&stack, "ItemsApi")
        .sam_native(true)
        .cors(CorsPreflight::new(["*"]).allow_methods([HttpMethod::Get]))
        .default_stage_options(StageOptions::new().access_log(AccessLog::to(&access_logs)))
        .default_authorization(HttpAuthorization::authorizer(&users))
        .build();
    let route = |method, path| RouteKey::new(method, path);
    api.add_route(
        route(HttpMethod::Get, "/items"),
        HttpIntegration::lambda(&items),
    );
    api.add_route(
        route(HttpMethod::Get, "/items/{id}"),
        HttpIntegration::lambda(&items),
    );
    let health = api.add_route_with(
        route(HttpMethod::Get, "/health"),
        HttpIntegration::lambda(&items),
        RouteOptions::new().authorization(HttpAuthorization::none()),
    );
    CfnOutput::new(&stack, "ApiUrl", api.url());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    Checks::of(&health).acknowledge(
        "AwsSolutions-APIG4",
        "the health check is public by design, so monitors can call it without a token; it reveals nothing but that the API answers",
    );
}
