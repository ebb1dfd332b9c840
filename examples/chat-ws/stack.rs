//! The notes' WebSocket chat: a WebSocket API whose route selection expression
//! `$request.body.action` sends `{"action": "join", "data": {"room": "room1234"}}` to the
//! route `join`. `$connect` and `$disconnect` keep a DynamoDB table of connections; `join`
//! puts the connection in a room and tells everyone in it, posting through the API's
//! callback URL (`https://<api>.execute-api.<region>.amazonaws.com/prod/@connections/<id>`);
//! `$default` answers an unknown action. Try it with `wscat -c <ChatUrl>` and
//! `{"action": "join", "data": {"room": "room1234"}}`.
//!
//! The API is SAM-native: the SAM template holds an `AWS::Serverless::WebSocketApi` with the
//! four routes.

use cdk_core::{App, CfnOutput, RemovalPolicy, Stack};
use constructs::apigatewayv2::{WebSocketApi, WebSocketIntegration};
use constructs::checks::Checks;
use constructs::dynamodb::{Attribute, Table};
use constructs::lambda::{Code, Function, Runtime};

/// Adds the `ChatWs` stack to `app`.
pub fn define(app: &App) {
    let stack = Stack::new(app, "ChatWs");
    stack.set_description("The notes' WebSocket chat: rooms joined by {\"action\": \"join\"}");
    let connections = Table::new(&stack, "Connections", Attribute::string("connectionId"))
        .removal_policy(RemovalPolicy::Destroy)
        .build();
    let handler = |id: &str, entry: &str| {
        Function::new(
            &stack,
            id,
            Runtime::PYTHON_3_14,
            Code::from_asset("chat-ws/lambda"),
            entry,
        )
        .env("CONNECTIONS_TABLE", connections.table_name())
    };
    let connect = handler("Connect", "chat.connect").build();
    let disconnect = handler("Disconnect", "chat.disconnect").build();
    // The join handler is published as an alias: the API invokes `live`, so a new version
    // can be shifted in with a deployment preference.
    let join = handler("Join", "chat.join")
        .auto_publish_alias("live")
        .build();
    let fallback = handler("Fallback", "chat.default").build();

    let chat = WebSocketApi::new(&stack, "ChatApi")
        .sam_native(true)
        .route_selection_expression("$request.body.action")
        .stage_name("prod")
        .build();
    chat.add_route("$connect", WebSocketIntegration::lambda(&connect));
    chat.add_route("$disconnect", WebSocketIntegration::lambda(&disconnect));
    chat.add_route("join", WebSocketIntegration::lambda(join.function()));
    chat.add_route("$default", WebSocketIntegration::lambda(&fallback));

    connections.grant_write_data(&connect);
    connections.grant_write_data(&disconnect);
    for talker in [join.function(), &fallback] {
        connections.grant_read_write_data(talker);
        chat.grant_manage_connections(talker);
        talker.add_environment("CALLBACK_URL", chat.callback_url());
    }
    CfnOutput::new(&stack, "ChatUrl", chat.url());
    CfnOutput::new(&stack, "CallbackUrl", chat.callback_url());

    // The security pack's findings this stack accepts (`cargo run -- check`).
    crate::acks::function_logs(&stack);
    let connections_arn = format!(
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<{}>/prod/POST/@connections/*]",
        chat.resource().logical_id()
    );
    for talker in [join.function(), &fallback] {
        Checks::of(talker).acknowledge(
            &connections_arn,
            "a connection's id exists only once a client connects; the grant is limited to POST @connections on this API's prod stage",
        );
    }
    Checks::of(&chat)
        .acknowledge(
            "AwsSolutions-APIG1",
            "API Gateway writes a WebSocket stage's access logs only through the account-wide CloudWatch Logs role (AWS::ApiGateway::Account), which is the account owner's to set, not this stack's",
        )
        .acknowledge(
            "AwsSolutions-APIG6",
            "API Gateway writes a WebSocket stage's execution logs only through the account-wide CloudWatch Logs role (AWS::ApiGateway::Account), which is the account owner's to set, not this stack's",
        )
        .acknowledge(
            "AwsSolutions-APIG4",
            "the notes' chat is open by design: a client connects without credentials and only chooses a room",
        );
}
