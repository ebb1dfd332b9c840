//! Amazon API Gateway HTTP APIs (`AWS::ApiGatewayV2::*`, protocol `HTTP`): an [`HttpApi`]
//! with [`HttpRoute`]s to Lambda and HTTP proxy [`HttpIntegration`]s, auto-deployed
//! [`Stage`]s (throttling, access logs), a [`CorsPreflight`] configuration, and JWT
//! (Cognito among them), Lambda and IAM authorization ([`HttpAuthorizer`],
//! [`HttpAuthorization`]) per route or as the API's default.
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
//! **Tree and logical IDs** follow AWS CDK (`<Api>/Resource`, `<Api>/DefaultStage/Resource`,
//! `<Api>/GET--items--{id}/Resource`, the integration and its permission under the route),
//! so the logical IDs equal a TypeScript CDK stack's.
//!
//! **Stages auto-deploy**: API Gateway publishes every change of the routes itself, so there
//! is no `AWS::ApiGatewayV2::Deployment` (and no stale stage, REST's classic problem). Each
//! stage waits for the routes (`DependsOn`), so its first deployment has them all.
//!
//! **Both templates hold the same resources** in this version: the SAM template carries the
//! plain `AWS::ApiGatewayV2::*` resources too (SAM passes them through). A SAM-native
//! rendering (`AWS::Serverless::HttpApi` and functions' `HttpApi` events) is a later step.

mod authorizer;
mod cors;
mod http_api;
mod integration;
mod route;
mod stage;

pub use crate::apigateway::HttpMethod;
pub use authorizer::{HttpAuthorization, HttpAuthorizer, HttpAuthorizerBuilder};
pub use cors::CorsPreflight;
pub use http_api::{HttpApi, HttpApiBuilder};
pub use integration::{HttpIntegration, PayloadFormat};
pub use route::{HttpRoute, RouteKey, RouteOptions};
pub use stage::{
    AccessLog, Stage, StageOptions, HTTP_ACCESS_LOG_FORMAT, WEBSOCKET_ACCESS_LOG_FORMAT,
};

/// The action that invokes an API (`execute-api:Invoke`), what IAM authorization checks.
pub const INVOKE_ACTIONS: &[&str] = &["execute-api:Invoke"];
