//! Amazon API Gateway HTTP and WebSocket APIs (`AWS::ApiGatewayV2::*`): an [`HttpApi`]
//! with [`HttpRoute`]s to Lambda, HTTP proxy and Step Functions (`StartExecution`,
//! `StartSyncExecution`) [`HttpIntegration`]s, auto-deployed
//! [`Stage`]s (throttling, access logs), a [`CorsPreflight`] configuration, and JWT
//! (Cognito among them), Lambda and IAM authorization ([`HttpAuthorizer`],
//! [`HttpAuthorization`]) per route or as the API's default; and WebSocket APIs
//! ([`WebSocketApi`], protocol `WEBSOCKET`) with `$connect`, `$disconnect`, `$default` and
//! custom routes picked by a route selection expression, Lambda
//! [`WebSocketIntegration`]s, a stage, and the grant and callback URL backends answer
//! clients with.
//!
//! ```
//! use cdk_core::{App, CfnOutput, Stack};
//! use constructs::apigatewayv2::{HttpApi, HttpIntegration, HttpMethod, RouteKey};
//! use constructs::lambda::{Code, Function, Runtime};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Hello");
//! let handler = Function::new(&stack, "Handler", Runtime::PYTHON_3_13,
//!         Code::from_inline("def handler(event, context):\n    return 'hello'\n"),
//!         "index.handler")
//!     .build();
//! let api = HttpApi::new(&stack, "Api").build();
//! api.add_route(RouteKey::new(HttpMethod::Get, "/items/{id}"), HttpIntegration::lambda(&handler));
//! api.add_route(RouteKey::default_route(), HttpIntegration::http_proxy("https://example.com"));
//! CfnOutput::new(&stack, "Url", api.url());
//! let t = stack.template().unwrap();
//! assert_eq!(t["Resources"]["ApiF70053CD"]["Properties"]["ProtocolType"], "HTTP");
//! ```
//!
//!
//! A WebSocket chat: `{"action": "join", …}` goes to the route `join`, whose function
//! answers clients through the callback URL:
//!
//! ```
//! use cdk_core::{App, CfnOutput, Stack};
//! use constructs::apigatewayv2::{WebSocketApi, WebSocketIntegration};
//! use constructs::lambda::{Code, Function, Runtime};
//!
//! let app = App::new();
//! let stack = Stack::new(&app, "Chat");
//! let handler = |id: &str| Function::new(&stack, id, Runtime::PYTHON_3_13,
//!         Code::from_inline("def handler(event, context):\n    return {'statusCode': 200}\n"),
//!         "index.handler")
//!     .build();
//! let (connect, join) = (handler("Connect"), handler("Join"));
//! let chat = WebSocketApi::new(&stack, "ChatApi").build(); // $request.body.action, stage prod
//! chat.add_route("$connect", WebSocketIntegration::lambda(&connect));
//! chat.add_route("join", WebSocketIntegration::lambda(&join));
//! chat.grant_manage_connections(&join);
//! join.add_environment("CALLBACK_URL", chat.callback_url());
//! CfnOutput::new(&stack, "ChatUrl", chat.url());
//! stack.template().unwrap();
//! ```
//!
//! **Tree and logical IDs** follow AWS CDK (`<Api>/Resource`, `<Api>/DefaultStage/Resource`,
//! `<Api>/GET--items--{id}/Resource`, the integration and its permission under the route),
//! so the logical IDs equal a TypeScript CDK stack's.
//!
//! **Stages auto-deploy**: API Gateway publishes every change of the routes itself, so there
//! is no `AWS::ApiGatewayV2::Deployment` (and no stale stage, REST's classic problem). Each
//! stage waits for the routes (`DependsOn`), so its first deployment has them all (a
//! SAM-native WebSocket API's stage does not, as SAM's does not).
//!
//! **SAM-native HTTP APIs are opt-in** ([`HttpApiBuilder::sam_native`], as REST's): the SAM
//! template then holds an `AWS::Serverless::HttpApi` and functions' `HttpApi` events — what
//! `sam local start-api` serves — and the plain template what aws-sam-translator expands
//! them to. Without the option, both templates hold the plain `AWS::ApiGatewayV2::*`
//! resources (SAM passes them through). WebSocket APIs take the same option
//! ([`WebSocketApiBuilder::sam_native`]): an `AWS::Serverless::WebSocketApi`, which the
//! pinned aws-sam-translator (1.115.0) expands into routes, integrations, permissions and a
//! stage.

mod authorizer;
mod cors;
mod http_api;
mod integration;
mod route;
mod sam;
mod stage;
mod websocket_api;
mod websocket_integration;

pub use crate::apigateway::HttpMethod;
pub use authorizer::{HttpAuthorization, HttpAuthorizer, HttpAuthorizerBuilder};
pub use cors::CorsPreflight;
pub use http_api::{HttpApi, HttpApiBuilder};
pub use integration::{HttpIntegration, PayloadFormat};
pub use route::{HttpRoute, RouteKey, RouteOptions};
pub use stage::{
    AccessLog, Stage, StageOptions, HTTP_ACCESS_LOG_FORMAT, WEBSOCKET_ACCESS_LOG_FORMAT,
};

pub use websocket_api::{WebSocketApi, WebSocketApiBuilder, WebSocketRoute};
pub use websocket_integration::WebSocketIntegration;

/// The action that lets a backend post to, read and close a WebSocket API's connections
/// (`execute-api:ManageConnections`).
pub const MANAGE_CONNECTIONS_ACTIONS: &[&str] = &["execute-api:ManageConnections"];

/// The action that invokes an API (`execute-api:Invoke`), what IAM authorization checks.
pub const INVOKE_ACTIONS: &[&str] = &["execute-api:Invoke"];
