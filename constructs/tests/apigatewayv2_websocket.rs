//! `apigatewayv2::WebSocketApi`: routes `$connect`, `$disconnect`, `$default` and custom ones
//! by the route selection expression, Lambda integrations (alias-aware) with their scoped
//! permissions, the stage waiting for every route, the grant to post to connections, the
//! connection and callback URLs as typed values, and one diagnostic per mistake.

mod apigatewayv2_support;

use apigatewayv2_support::{execute_api_arn, function, of_type, one_error, python};
use cdk_core::{App, CfnOutput, Stack};
use constructs::apigatewayv2::{StageOptions, WebSocketApi, WebSocketIntegration};
use serde_json::{json, Value};

#[test]
fn the_chat_api_routes_messages_by_action() {
    let app = App::new();
    let stack = Stack::new(&app, "Chat");
    let connect = function(&stack, "Connect");
    let join = python(&stack, "Join").auto_publish_alias("live").build();
    let api = WebSocketApi::new(&stack, "ChatApi").build();
    api.add_route("$connect", WebSocketIntegration::lambda(&connect));
    api.add_route("$disconnect", WebSocketIntegration::lambda(&connect));
    let join_route = api.add_route("join", WebSocketIntegration::lambda(join.function()));
    api.grant_manage_connections(join.function());
    join.function()
        .add_environment("CALLBACK_URL", api.callback_url());
    CfnOutput::new(&stack, "Url", api.url());
    // No cycle although `join` holds the callback URL and the grant while the stage waits
    // for its route: both name the stage literally.
    let t = stack.template().unwrap();
    let r = &t["Resources"];
    let (api_id, api_res) = of_type(&t, "AWS::ApiGatewayV2::Api")[0];
    assert_eq!(
        api_res["Properties"],
        json!({"Name": "ChatApi", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"})
    );
    let routes = of_type(&t, "AWS::ApiGatewayV2::Route");
    let keys: Vec<&Value> = routes
        .iter()
        .map(|(_, r)| &r["Properties"]["RouteKey"])
        .collect();
    assert_eq!(
        keys,
        [&json!("$connect"), &json!("$disconnect"), &json!("join")]
    );
    assert!(
        routes[0].0.starts_with("ChatApiconnectRoute"),
        "{}",
        routes[0].0
    );
    assert_eq!(join_route.route_key(), "join");

    // Each route's integration invokes its function (the alias for `join`) through the
    // invocation URI; the permission is scoped to the route.
    let alias = of_type(&t, "AWS::Lambda::Alias")[0].0;
    let integrations = of_type(&t, "AWS::ApiGatewayV2::Integration");
    let uri = |target: Value| {
        json!({"Fn::Join": ["", [
            "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
            ":lambda:path/2015-03-31/functions/", target, "/invocations"
        ]]})
    };
    assert_eq!(
        integrations[2].1["Properties"],
        json!({"ApiId": {"Ref": api_id}, "IntegrationType": "AWS_PROXY", "IntegrationUri": uri(json!({"Ref": alias}))})
    );
    assert_eq!(
        integrations[0].1["Properties"]["IntegrationUri"],
        uri(json!({"Fn::GetAtt": [connect.resource().logical_id(), "Arn"]}))
    );
    let arns: Vec<&Value> = of_type(&t, "AWS::Lambda::Permission")
        .iter()
        .map(|(_, p)| &p["Properties"]["SourceArn"])
        .collect();
    assert_eq!(
        arns,
        [
            &execute_api_arn(api_id, vec![json!("/*/$connect")]),
            &execute_api_arn(api_id, vec![json!("/*/$disconnect")]),
            &execute_api_arn(api_id, vec![json!("/*/join")]),
        ]
    );

    // The stage auto-deploys, after every route.
    let (_, stage) = of_type(&t, "AWS::ApiGatewayV2::Stage")[0];
    assert_eq!(stage["Properties"]["StageName"], "prod");
    assert_eq!(stage["Properties"]["AutoDeploy"], true);
    let mut deps: Vec<&str> = stage["DependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    deps.sort();
    let mut route_ids: Vec<&str> = routes.iter().map(|(id, _)| id.as_str()).collect();
    route_ids.sort();
    assert_eq!(deps, route_ids);

    // The grant: ManageConnections on the stage's POST @connections.
    let policy = of_type(&t, "AWS::IAM::Policy")[0].1;
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"][0],
        json!({
            "Action": "execute-api:ManageConnections",
            "Effect": "Allow",
            "Resource": execute_api_arn(api_id, vec![json!("/prod/POST/@connections/*")])
        })
    );
    let host = |scheme: &str| {
        vec![
            json!(scheme),
            json!({"Ref": api_id}),
            json!(".execute-api."),
            json!({"Ref": "AWS::Region"}),
            json!("."),
            json!({"Ref": "AWS::URLSuffix"}),
            json!("/prod"),
        ]
    };
    let join_fn = r[join.function().resource().logical_id()].clone();
    assert_eq!(
        join_fn["Properties"]["Environment"]["Variables"]["CALLBACK_URL"],
        json!({"Fn::Join": ["", host("https://")]})
    );
    assert_eq!(
        t["Outputs"]["Url"]["Value"],
        json!({"Fn::Join": ["", host("wss://")]})
    );
}

#[test]
fn selection_expression_stage_name_and_options() {
    let app = App::new();
    let stack = Stack::new(&app, "S");
    let f = function(&stack, "Fn");
    let api = WebSocketApi::new(&stack, "Api")
        .api_name("chat")
        .route_selection_expression("${request.body.service}/${request.body.action}")
        .stage_name("live")
        .stage_options(StageOptions::new().throttle(10.0, 20))
        .build();
    api.add_route("chat/join", WebSocketIntegration::lambda(&f));
    api.add_route("$default", WebSocketIntegration::lambda(&f));
    let t = stack.template().unwrap();
    let (_, a) = of_type(&t, "AWS::ApiGatewayV2::Api")[0];
    assert_eq!(
        a["Properties"]["RouteSelectionExpression"],
        "${request.body.service}/${request.body.action}"
    );
    let (_, stage) = of_type(&t, "AWS::ApiGatewayV2::Stage")[0];
    assert_eq!(stage["Properties"]["StageName"], "live");
    assert_eq!(
        stage["Properties"]["DefaultRouteSettings"],
        json!({"ThrottlingBurstLimit": 20, "ThrottlingRateLimit": 10.0})
    );
}

#[test]
fn each_mistake_is_one_diagnostic_with_path_and_hint() {
    for expression in ["action", "$request.header.action", "${request.body.action"] {
        one_error(
            |stack| {
                WebSocketApi::new(stack, "Api")
                    .route_selection_expression(expression)
                    .build();
            },
            "S/Api",
            "is not a route selection expression",
        );
    }
    one_error(
        |stack| {
            let f = function(stack, "Fn");
            let api = WebSocketApi::new(stack, "Api").build();
            api.add_route("$join", WebSocketIntegration::lambda(&f));
        },
        "S/Api/$join-Route",
        "`$` starts only",
    );
    one_error(
        |stack| {
            let f = function(stack, "Fn");
            let api = WebSocketApi::new(stack, "Api").build();
            api.add_route("send message", WebSocketIntegration::lambda(&f));
        },
        "S/Api/send message-Route",
        "is not a WebSocket route key",
    );
    one_error(
        |stack| {
            let f = function(stack, "Fn");
            let api = WebSocketApi::new(stack, "Api").build();
            api.add_route("join", WebSocketIntegration::lambda(&f));
            api.add_route("join", WebSocketIntegration::lambda(&f));
        },
        "S/Api",
        "the route `join` is already defined",
    );
    one_error(
        |stack| {
            WebSocketApi::new(stack, "Api")
                .stage_name("$default")
                .build();
        },
        "S/Api/Stage",
        "is not a valid stage name",
    );
}
